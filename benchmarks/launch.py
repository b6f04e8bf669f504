"""Launch time: from a fresh interpreter to the main window shown and painted.

The program's own start (ui.app.launch_window, as `graphviz-app` runs it) next to a bare
PySide6 QMainWindow and to a bare QMainWindow after importing numpy and networkx (what the
core needs, the floor), in the same run, runs taking turns so that they see the same load.
Target: the program within 2× the bare window.

Run:  QT_QPA_PLATFORM=offscreen python benchmarks/launch.py [--runs N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 2.0

# painted: processEvents delivers the show's paint events
LAUNCH_APP = """
import time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from graphviz_app.ui.app import launch_window
w = launch_window(app)
app.processEvents()
print(time.perf_counter() - t0)
"""

LAUNCH_BARE = """
import time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.show()
app.processEvents()
print(time.perf_counter() - t0)
"""

LAUNCH_FLOOR = LAUNCH_BARE.replace(
    "w = QMainWindow()", "import numpy, networkx  # what core.graph needs\nw = QMainWindow()"
)


def launch_times(scripts: dict[str, str], runs: int) -> dict[str, float]:
    """Median wall time of a fresh interpreter that shows the window and exits, per script.

    Byte code is cached (in a throwaway folder), as it is for an installed program whose
    modules pip compiled at install time. One warm-up run each, not counted."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            QT_QPA_PLATFORM="offscreen",
            GRAPHVIZ_APP_SETTINGS="test",
            PYTHONPYCACHEPREFIX=cache,
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        times: dict[str, list[float]] = {name: [] for name in scripts}
        for i in range(runs + 1):
            for name, script in scripts.items():
                t = time.perf_counter()
                subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, cwd=str(ROOT))
                if i:
                    times[name].append(time.perf_counter() - t)
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> int:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 7
    found = launch_times({"ours": LAUNCH_APP, "bare": LAUNCH_BARE, "floor": LAUNCH_FLOOR}, runs)
    ours, bare, floor = found["ours"], found["bare"], found["floor"]
    ratio = ours / bare
    mark = "OK " if ratio <= TARGET_RATIO else "SLOW"
    print(f"{mark} launch to window shown: graphviz-app {ours:.2f} s, bare QMainWindow {bare:.2f} s: {ratio:.2f}×")
    print(f"    (target ≤ {TARGET_RATIO:.0f}×; a bare QMainWindow after importing numpy + networkx: {floor:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
