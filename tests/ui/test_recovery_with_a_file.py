"""After a crash, `graphviz-app mine.json`: the recovered work keeps the first window and the file
opens in a window of its own, so no Save/Discard question ever puts the work recovered a moment
ago at risk; the status bar says what was recovered. Each run in a fresh interpreter, as the
program starts (its own throwaway settings and recovery folders)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph

ROOT = Path(__file__).resolve().parents[2]

START = """
import os, sys, time
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph
from graphviz_app.ui import settings
from graphviz_app.ui.app import start_program

# what a crashed program left: its autosaved work (x -> exp), written by a process that has gone
g = Graph()
x = g.add_node("variable", name="x", value=0.5, pos=(0, 0))
e = g.add_node("op", "exp", pos=(200, 0))
g.connect(x, e, 0)
for folder in settings.recovery_dirs():
    folder.mkdir(parents=True, exist_ok=True)
crashed = settings.recovery_dirs()[0] / "autosave-999999991-1.json"
fileformat.save(g, crashed)
crashed.with_suffix(".meta").write_text({meta!r}, "utf-8")

asked = []
def question(_parent, title, text, *args):
    asked.append(title)
    return QMessageBox.StandardButton.{answer}
QMessageBox.question = question
errors = []
QMessageBox.warning = lambda _parent, title, text, *args: errors.append(text)

opening = start_program(app, {path!r})
end = time.monotonic() + 30
def windows():
    return [w for w in app.topLevelWidgets() if w.isVisible() and hasattr(w, "graph")]
while (len(windows()) < {expected} or len(errors) < {errors}) and time.monotonic() < end:
    app.processEvents(); time.sleep(0.01)
for _ in range(20):  # (the status bar and titles settle)
    app.processEvents(); time.sleep(0.01)
print("ASKED", asked)
print("ERRORS", len(errors), errors)
for w in windows():
    print("WINDOW", w.shown_title().split(" —")[0], "|", sorted(str(w.graph.node(n).name) for n in w.graph.node_ids()), "|",
          w.statusBar().currentMessage())
for w in windows():
    w.undo_stack.setClean()
"""


def _run(path, answer="Yes", expected=2, recovered_from=None, errors=0) -> str:
    """expected: the windows, errors: the warnings to wait for; recovered_from: the file whose
    unsaved work the crash left (None: an untitled graph's)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", GRAPHVIZ_APP_SETTINGS="test")
    meta = json.dumps({"path": str(recovered_from) if recovered_from else None})
    script = START.format(path=str(path), answer=answer, expected=expected, meta=meta, errors=errors)
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=str(ROOT), timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def _mine(tmp_path) -> Path:
    g = Graph()
    g.add_node("variable", name="speed", value=2.0)
    path = tmp_path / "mine.json"
    fileformat.save(g, path)
    return path


def test_recovered_work_and_the_file_asked_for_each_get_a_window(tmp_path):
    out = _run(_mine(tmp_path))
    assert "ASKED ['Recover unsaved work']" in out, out  # and never "Unsaved changes"
    windows = [line for line in out.splitlines() if line.startswith("WINDOW")]
    assert len(windows) == 2, out
    recovered = next(line for line in windows if "(recovered)" in line)
    assert "['None', 'x']" in recovered and recovered.endswith("Recovered an untitled graph: save to keep the work.")
    opened = next(line for line in windows if "mine.json" in line)
    assert "['speed']" in opened and f"Opened {tmp_path / 'mine.json'}" in opened


def test_one_document_recovered_says_which_file_it_was(tmp_path):
    mine, other = _mine(tmp_path), tmp_path / "other.json"
    fileformat.save(Graph(), other)
    out = _run(other, recovered_from=mine)
    windows = [line for line in out.splitlines() if line.startswith("WINDOW")]
    recovered = next(line for line in windows if "(recovered)" in line)
    assert recovered.endswith("| Recovered mine.json: save to keep the work."), out  # (not "Recovered 1 document")


def test_declined_recovery_opens_the_file_in_the_one_window(tmp_path):
    out = _run(_mine(tmp_path), answer="No", expected=1)
    windows = [line for line in out.splitlines() if line.startswith("WINDOW")]
    assert len(windows) == 1 and "mine.json" in windows[0], out


def test_a_file_that_cannot_be_opened_leaves_only_the_recovered_window(tmp_path):
    out = _run(tmp_path / "missing.json", expected=1, errors=1)
    assert "ERRORS 1" in out, out
    windows = [line for line in out.splitlines() if line.startswith("WINDOW")]
    assert len(windows) == 1 and "(recovered)" in windows[0], out


def test_the_file_whose_unsaved_work_was_recovered_is_not_opened_a_second_time(tmp_path):
    mine = _mine(tmp_path)
    out = _run(mine, expected=1, recovered_from=mine)
    windows = [line for line in out.splitlines() if line.startswith("WINDOW")]
    assert len(windows) == 1, out  # not a second window on the older copy, saving over the work recovered
    assert windows[0].startswith("WINDOW mine.json (recovered)* | ['None', 'x'] |"), out
    assert windows[0].endswith("mine.json: its unsaved work was recovered; save to keep it."), out


def test_the_same_file_by_another_path_is_not_opened_a_second_time(tmp_path):
    mine = _mine(tmp_path)
    (tmp_path / "link").symlink_to(tmp_path)
    out = _run(tmp_path / "link" / "." / "mine.json", expected=1, recovered_from=mine)
    windows = [line for line in out.splitlines() if line.startswith("WINDOW")]
    assert len(windows) == 1 and "(recovered)" in windows[0], out
