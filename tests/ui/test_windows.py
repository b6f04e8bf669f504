"""More windows in one program: New Window, Close Window, Quit, and recovery of every window
a crash left behind."""

import pytest
from PySide6.QtWidgets import QMessageBox
from ui.canvas_helpers import dump

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph
from graphviz_app.ui import autosave
from graphviz_app.ui.commands.nodes import AddNodeCommand
from graphviz_app.ui.main_window import MainWindow
from graphviz_app.ui.recovery import offer_recovery
from graphviz_app.ui.settings import recovery_dir
from graphviz_app.ui.windows import open_windows


def _graph(name: str) -> Graph:
    g = Graph()
    x = g.add_node("variable", name=name, value=[1.0, 2.0], pos=(0, 0))
    s = g.add_node("op", "sqnorm", name="L", pos=(240, 0))
    g.connect(x, s, 0)
    g.set_output(s)
    return g


@pytest.fixture
def extra_windows(qtbot):
    """Windows a test opens beyond its own: closed (without asking) afterwards."""
    before = set(open_windows())
    yield lambda: [w for w in open_windows() if w not in before]
    for w in open_windows():
        if w not in before:
            w.undo_stack.setClean()
            w.close()


def test_new_window_opens_a_second_document_and_paste_works_between_them(window, qtbot, extra_windows):
    window.graph.replace_with(_graph("x"))
    window.action("new_window").trigger()
    (other,) = extra_windows()
    qtbot.waitExposed(other)
    assert len(other.graph) == 0 and other is not window and other.undo_stack is not window.undo_stack
    assert other.pos() != window.pos()  # (cascaded: not hidden exactly behind)
    third = window.new_window()  # asked from the first window again: still a step further on
    assert len({w.pos().toTuple() for w in (window, other, third)}) == 3
    third.close()
    window.scene.select_nodes(window.graph.node_ids())
    window.action("copy").trigger()
    other.view.editor.paste()
    assert sorted(n.name for n in other.graph.nodes()) == ["L", "x"] and len(other.graph.edges()) == 1
    assert not other.undo_stack.isClean() and window.undo_stack.isClean()
    other.undo_stack.setClean()
    other.action("close").trigger()
    assert not other.isVisible() and window.isVisible()


def test_quit_closes_every_window_and_stops_at_one_whose_changes_are_kept(window, qtbot, extra_windows):
    other = window.new_window()
    qtbot.waitExposed(other)
    other.undo_stack.push(AddNodeCommand(other.graph, "op", "sin"))
    other.files.ask_unsaved = lambda: QMessageBox.StandardButton.Cancel
    window.action("quit").trigger()
    assert other.isVisible() and window.isVisible()  # the user kept the other window's work
    other.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.action("quit").trigger()
    assert not other.isVisible() and not window.isVisible()


def test_a_file_opened_in_one_window_is_in_every_windows_recent_menu(window, qtbot, tmp_path, extra_windows):
    other = window.new_window()
    path = tmp_path / "shared.json"
    fileformat.save(_graph("x"), path)
    assert window.files.open_path(path)
    assert other.files.recent.menu.isEnabled()
    assert "shared.json" in [a.text() for a in other.files.recent.menu.actions()]
    clear = next(a for a in window.files.recent.menu.actions() if a.text() == "&Clear the List")
    assert clear.statusTip().startswith("Forget the files opened recently")
    clear.trigger()  # every window's list is emptied, the file stays
    assert not other.files.recent.menu.isEnabled() and not other.files.recent.menu.actions()
    assert path.exists()


def _leftover(pid: int, graph: Graph, original: str | None):
    folder = recovery_dir()
    file = folder / f"autosave-{pid}-1.json"
    fileformat.save(graph, file)
    file.with_suffix(".meta").write_text('{"path": %s}' % (f'"{original}"' if original else "null"), "utf-8")
    return file


def test_recovery_brings_back_every_window_a_crash_left(window, qtbot, monkeypatch, extra_windows):
    for old in recovery_dir().glob("*"):
        old.unlink()
    one = _leftover(999999991, _graph("first"), "/somewhere/first.json")
    two = _leftover(999999992, _graph("second"), None)
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _w, _t, text, *a, **k: (asked.append(text), QMessageBox.StandardButton.Yes)[1]
    )
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    assert offer_recovery(fresh)
    assert "2 windows" in asked[0] and "first.json" in asked[0] and "untitled" in asked[0]
    recovered = extra_windows()  # (this one and the one it opened)
    assert fresh in recovered and len(recovered) == 2
    names = sorted(n.name for w in recovered for n in w.graph.nodes() if n.name != "L")
    assert names == ["first", "second"]  # both came back, none was dropped
    assert all(not w.undo_stack.isClean() and "(recovered)" in w.windowTitle() for w in recovered)
    said = fresh.statusBar().currentMessage()  # how many came back (each window names its own)
    assert said == "Recovered 2 documents, each in its own window: save to keep the work."
    other = next(w for w in recovered if w is not fresh)  # says what came back under its own name
    assert other.statusBar().currentMessage() in (
        "Recovered first.json: save to keep the work.",
        "Recovered an untitled graph: save to keep the work.",
    )
    assert not one.exists() and not two.exists()
    assert all(w.autosaver.file.exists() for w in recovered)  # each kept again at once, by its new window
    for w in recovered:
        w.undo_stack.setClean()
    fresh.close()


def test_a_leftover_that_cannot_be_read_is_set_aside_not_deleted(window, qtbot, monkeypatch):
    for old in recovery_dir().glob("*"):
        old.unlink()
    bad = recovery_dir() / "autosave-999999993-1.json"
    bad.write_text('{"format": "graphviz_app", "nodes": [', "utf-8")
    earlier = recovery_dir() / "unreadable-999999993-1.json"  # set aside by an earlier start of that pid
    earlier.write_text("earlier", "utf-8")
    good = _leftover(999999994, _graph("kept"), None)
    errors = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    monkeypatch.setattr(fresh.files, "show_error", lambda title, message: errors.append(message))
    expected = dump(fileformat.load(good))
    assert offer_recovery(fresh)
    assert dump(fresh.graph) == expected  # the readable one, in this window
    aside = recovery_dir() / "unreadable-999999993-1-2.json"
    assert aside.exists() and not bad.exists() and str(aside) in errors[0] and len(errors) == 1
    assert earlier.read_text("utf-8") == "earlier"  # never written over
    assert autosave.leftovers(recovery_dir()) == []  # not offered again
    fresh.undo_stack.setClean()
    fresh.close()
    aside.unlink()
    earlier.unlink()
