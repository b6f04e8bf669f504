"""Launch time: from starting a fresh interpreter until a window is on screen.

The program's own start (ui.app.start_program, as `graphviz-app` runs it) shows a light opening
window at once and the main window in its place once numpy, networkx and the window's modules
have loaded: both times are printed, next to a bare PySide6 QMainWindow shown and painted and to
a bare QMainWindow after importing numpy and networkx (what the core needs, the floor), in the
same run, runs taking turns so that they see the same load. Target: the program's window on
screen within 2× the bare window. Also printed: the longest the main window leaves its event loop
unanswered in the 3 s after it painted (sympy is imported meanwhile, on a thread of its own).

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

# Each script prints the wall-clock times (time.time()) of its windows on screen; the parent
# counts from just before it starts the interpreter (its exit is not counted).
# The program: a zero timer queued at a window's first paint event fires once that paint is done
# (the opening window's before the one that builds the main window, queued by its paintEvent).
LAUNCH_APP = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from graphviz_app.ui.app import start_program
seen = {}

def note(kind):
    seen[kind] = time.time()
    if kind == "MainWindow":
        app.quit()

class Clock(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType():
            kind = type(obj.window()).__name__
            if kind not in seen:
                seen[kind] = None
                QTimer.singleShot(0, lambda: note(kind))
        return False

clock = Clock()
app.installEventFilter(clock)
opening = start_program(app)
app.exec()
print(seen["OpeningWindow"], seen["MainWindow"])
"""

# the longest gap between the ticks of a 10 ms timer over the 3 s after the main window painted
LAUNCH_PAUSE = (
    LAUNCH_APP.replace("        app.quit()", "        QTimer.singleShot(0, watch)")
    .replace(
        'print(seen["OpeningWindow"], seen["MainWindow"])',
        "print(max(gaps))",
    )
    .replace(
        "clock = Clock()",
        """gaps = []

def watch():
    last, end = [time.time()], time.time() + 3.0

    def tick():
        now = time.time()
        gaps.append(now - last[0])
        last[0] = now
        if now > end:
            app.quit()

    timer = QTimer(app)
    timer.timeout.connect(tick)
    timer.start(10)

clock = Clock()""",
    )
)

# painted: processEvents delivers the show's paint events
LAUNCH_BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.show()
app.processEvents()
import time
print(time.time())
"""

LAUNCH_FLOOR = LAUNCH_BARE.replace(
    "w = QMainWindow()", "import numpy, networkx  # what core.graph needs\nw = QMainWindow()"
)


def launch_times(scripts: dict[str, str], runs: int, measures: frozenset[str] = frozenset()) -> dict[str, list[float]]:
    """Median times from a fresh interpreter's start to each window a script notes, per script;
    for the scripts named in `measures`, the median of each number they print as it is.

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
        times: dict[str, list[list[float]]] = {name: [] for name in scripts}
        for i in range(runs + 1):
            for name, script in scripts.items():
                t = time.time()
                out = subprocess.run(
                    [sys.executable, "-c", script], env=env, check=True, capture_output=True, cwd=str(ROOT), text=True
                )
                if i:
                    start = 0.0 if name in measures else t  # (a measure is printed as it is, not as a clock)
                    times[name].append([float(x) - start for x in out.stdout.split()])
    return {name: [statistics.median(col) for col in zip(*t, strict=True)] for name, t in times.items()}


def main() -> int:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 7
    scripts = {"ours": LAUNCH_APP, "bare": LAUNCH_BARE, "floor": LAUNCH_FLOOR, "pause": LAUNCH_PAUSE}
    found = launch_times(scripts, runs, measures=frozenset({"pause"}))
    (visible, full), (bare,), (floor,) = found["ours"], found["bare"], found["floor"]
    mark = "OK " if visible / bare <= TARGET_RATIO else "SLOW"
    print(
        f"{mark} window on screen (opening window): {visible:.2f} s, bare QMainWindow {bare:.2f} s: {visible / bare:.2f}×"
    )
    print(f"     full window painted:              {full:.2f} s: {full / bare:.2f}×")
    print(f"     (target ≤ {TARGET_RATIO:.0f}×; a bare QMainWindow after importing numpy + networkx: {floor:.2f} s,")
    print(f"     {floor / bare:.2f}×; medians of {runs} fresh interpreters each, from start to the window painted)")
    (pause,) = found["pause"]
    print(f"     longest pause of the window in the 3 s after it painted: {pause * 1000:.0f} ms (the median run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
