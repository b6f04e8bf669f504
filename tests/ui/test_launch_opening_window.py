"""The program's start: a light window on screen at once, before numpy and networkx load, then
the main window in its place (same size and place), with the file asked for; closing it while
it opens quits cleanly. Each in a fresh interpreter, as the program starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "05_linear_model.json"

# Starts the program as `graphviz-app [FILE]` does (without app.exec), says what is on screen
# at once, then waits for the main window and says what is on screen then.
START = """
import sys, time
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
{before}
from graphviz_app.ui.app import start_program
opening = start_program(app, {path!r})
app.processEvents()

def shown():
    return [w for w in app.topLevelWidgets() if w.isVisible()]

print("AT ONCE", [(w.windowTitle(), w.geometry().getRect()) for w in shown()])
print("TEXT", [label.text() for w in shown() for label in w.findChildren(QLabel) if label.isVisible()])
print("LOADED", [m for m in ("numpy", "networkx") if m in sys.modules])
end = time.monotonic() + 30
while not any(hasattr(w, "graph") for w in shown()) and time.monotonic() < end:
    app.processEvents(); time.sleep(0.01)
for _ in range(20):
    app.processEvents(); time.sleep(0.01)
windows = shown()
print("THEN", [(w.windowTitle(), w.geometry().getRect()) for w in windows])
print("NODES", [len(w.graph) for w in windows if hasattr(w, "graph")])
for w in windows:
    if hasattr(w, "undo_stack"):
        w.undo_stack.setClean()
"""


def _run(script: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", GRAPHVIZ_APP_SETTINGS="test")
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=str(ROOT), timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def _line(out: str, key: str):
    return eval(next(line for line in out.splitlines() if line.startswith(key + " "))[len(key) + 1 :])


def test_a_window_is_on_screen_before_numpy_and_networkx_load_then_the_main_window_takes_its_place():
    out = _run(START.format(before="", path=None))
    at_once = _line(out, "AT ONCE")
    assert [title for title, _rect in at_once] == ["graphviz-app"], out
    assert _line(out, "TEXT") == ["Opening…"], out
    assert _line(out, "LOADED") == [], out
    then = _line(out, "THEN")
    assert len(then) == 1 and then[0][0].startswith("Untitled"), out  # one window: the main one
    assert then[0][1] == at_once[0][1], out  # in the same place, the same size
    assert _line(out, "NODES") == [0], out


def test_the_file_given_on_the_command_line_opens():
    out = _run(START.format(before="", path=str(EXAMPLE)))
    assert _line(out, "TEXT") == [f"Opening {EXAMPLE.name}…"], out
    [(title, _rect)] = _line(out, "THEN")
    assert title.startswith("Linear model"), out
    assert _line(out, "NODES") == [6], out


def test_both_windows_take_the_size_and_place_the_user_left():
    """Written to the settings as the main window leaves them when it closes."""
    before = (
        "from PySide6.QtWidgets import QMainWindow\n"
        "from graphviz_app.ui.settings import app_settings\n"
        "left = QMainWindow(); left.setGeometry(40, 60, 700, 500)\n"
        "app_settings().setValue('window/geometry', left.saveGeometry())\n"
    )
    out = _run(START.format(before=before, path=None))
    [(_title, first)] = _line(out, "AT ONCE")
    [(_title, then)] = _line(out, "THEN")
    assert first == then == (40, 60, 700, 500), out


CLOSE = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication
app = QApplication([])
from graphviz_app.ui.app import open_main_window, start_program
opening = start_program(app)
{close}
QTimer.singleShot(10_000, app.quit)  # (the test fails on its output, not by hanging)
code = app.exec()
print("EXIT", code, [w.windowTitle() for w in app.topLevelWidgets() if w.isVisible()])
"""


def test_closing_the_window_before_it_painted_quits():
    out = _run(CLOSE.format(close="QCoreApplication.postEvent(opening.windowHandle(), QCloseEvent())"))
    assert "EXIT 0 []" in out, out


def test_closing_the_window_while_the_main_window_loads_quits_without_building_it():
    """The user's close waits in the queue while the modules load: no main window then."""
    close = (
        "opening.ready.disconnect()\n"
        "def load():\n"
        "    QCoreApplication.postEvent(opening.windowHandle(), QCloseEvent())  # the user's click, during the load\n"
        "    open_main_window(app, opening, None)\n"
        "    print('BUILT', 'graphviz_app.ui.main_window' in sys.modules, "
        "[type(w).__name__ for w in app.topLevelWidgets() if w.isVisible()])\n"
        "opening.ready.connect(load)\n"
    )
    out = _run(CLOSE.format(close=close))
    assert "BUILT True []" in out, out  # loaded, but no window built or shown
    assert "EXIT 0 []" in out, out


def test_a_failure_while_building_the_main_window_ends_the_program_with_its_error():
    """Not a window saying "Opening…" for ever."""
    script = CLOSE.format(
        close=(
            "from graphviz_app.ui import main_window\n"
            "def broken(self, parent=None):\n"
            "    raise RuntimeError('broken on purpose')\n"
            "main_window.MainWindow.__init__ = broken\n"
        )
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", GRAPHVIZ_APP_SETTINGS="test")
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=str(ROOT), timeout=120
    )
    assert "EXIT 1" in out.stdout, out.stdout + out.stderr
    assert "broken on purpose" in out.stderr, out.stderr
