"""What building one more main window costs, in an interpreter that has built one already: the
window made, shown at 1400×900 and painted, as New Window (and every window test's fixture) does
it. CPU time (process_time: the machine is shared), median of 30, beside a bare QMainWindow built
the same way. No target: the figure to compare before and after a change to what a window builds.

Run:  QT_QPA_PLATFORM=offscreen python benchmarks/window_build.py [--profile]
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import time

os.environ.setdefault("GRAPHVIZ_APP_SETTINGS", "test")  # (a first start's layout, the user's settings untouched)

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

RUNS = 30


def build_and_close(make) -> float:
    """CPU seconds from making the window until it is painted; then it is closed and deleted."""
    start = time.process_time()
    window = make()
    window.resize(1400, 900)
    window.show()
    QApplication.processEvents()
    spent = time.process_time() - start
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    return spent


def main() -> int:
    app = QApplication.instance() or QApplication([])
    from graphviz_app.ui.main_window import MainWindow
    from graphviz_app.ui.settings import app_settings

    def main_window() -> MainWindow:
        settings = app_settings()  # (a first start each time: no layout saved by the window before)
        for key in ("window/state", "window/geometry"):
            settings.remove(key)
        window = MainWindow()
        window.files.ask_unsaved = lambda: None
        return window

    for make in (main_window, QMainWindow):  # the first of each: not counted (imports, caches)
        build_and_close(make)
    if "--profile" in sys.argv:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(20):
            build_and_close(main_window)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return 0
    ours = statistics.median(build_and_close(main_window) for _ in range(RUNS))
    bare = statistics.median(build_and_close(QMainWindow) for _ in range(RUNS))
    print(f"main window built, shown and painted: {ours * 1000:.1f} ms CPU (median of {RUNS})")
    print(f"bare QMainWindow the same way:        {bare * 1000:.1f} ms CPU")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
