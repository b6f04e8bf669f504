"""Any action of the window taken while a card's name is being typed (Ctrl+S, Save As, F5, F6…)
first commits the name, as Enter does, so the file saved holds it and the pass shows it on the card;
a name refused stops the action: it does not run, the editor stays open and says why."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from ui.canvas_helpers import type_name

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def saved(window, tmp_path):
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0, pos=(0, 0))
    s = g.add_node("op", "sin", name="u", pos=(200, 0))
    g.connect(x, s, 0)
    g.set_output(s)
    path = tmp_path / "mine.json"
    fileformat.save(g, path)
    assert window.files.open_path(path, ask=False) and window.undo_stack.isClean()
    yield window, path
    window.view.title_editor.close()
    window.undo_stack.setClean()


def test_ctrl_s_commits_the_name_typed_then_saves_it(saved, qtbot):
    window, path = saved
    x = type_name(window, qtbot, "x", "speed")
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL)
    assert not window.view.title_editor.editing
    assert window.graph.node(x).name == "speed" and window.undo_stack.isClean()
    assert fileformat.load(path).find("speed") is not None
    assert window.statusBar().currentMessage() == f"Saved {path}"
    assert window.undo_stack.undoText() == "Rename x to speed"  # one undo step, as Enter makes


def test_save_as_commits_the_name_typed_then_saves_it(saved, qtbot, monkeypatch, tmp_path):
    window, _path = saved
    other = tmp_path / "other.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(other), ""))
    type_name(window, qtbot, "x", "speed")
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert fileformat.load(other).find("speed") is not None
    assert window.shown_title().startswith("other.json")


@pytest.mark.parametrize("key", [Qt.Key.Key_F5, Qt.Key.Key_F6], ids=["forward", "backward"])
def test_a_run_key_commits_the_name_typed_so_the_pass_shows_it(saved, qtbot, key):
    window, _path = saved
    x = type_name(window, qtbot, "x", "speed")
    qtbot.keyClick(window.view, key)
    assert not window.view.title_editor.editing and window.graph.node(x).name == "speed"
    assert window.action("stop").isEnabled()  # the pass runs, with the name on the card
    window.action("stop").trigger()


def test_a_refused_name_makes_save_wait_and_says_why(saved, qtbot):
    window, path = saved
    before = path.read_bytes()
    x = type_name(window, qtbot, "x", "u")  # the other card's name
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL)
    assert window.view.title_editor.editing and path.read_bytes() == before
    said = window.statusBar().currentMessage()
    assert said.startswith('x keeps its name: the name "u" is already used') and "Save not done" in said
    qtbot.keyClicks(window.view, "speed")  # (the refused text is selected: typing replaces it)
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL)
    assert window.graph.node(x).name == "speed" and fileformat.load(path).find("speed") is not None


def test_a_refused_name_makes_backward_wait(saved, qtbot):
    window, _path = saved
    type_name(window, qtbot, "x", "2x")
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    assert window.view.title_editor.editing and not window.action("stop").isEnabled()
    assert "Backward not done" in window.statusBar().currentMessage()


def test_f2_again_keeps_the_text_being_typed(saved, qtbot):
    window, _path = saved
    type_name(window, qtbot, "x", "spe")
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    qtbot.keyClicks(window.view, "ed")
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.graph.find("speed") is not None


def test_export_key_commits_the_name_typed_before_the_dialog_opens(saved, qtbot):
    window, _path = saved
    x = type_name(window, qtbot, "x", "speed")
    qtbot.keyClick(window.view, Qt.Key.Key_X, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=3000)
    dialog = QApplication.activeModalWidget()
    assert not window.view.title_editor.editing and window.graph.node(x).name == "speed"
    assert dialog.windowTitle() == "Export"  # opened once the name is on the card: the picture shows it
    dialog.reject()


def test_a_layout_convention_chosen_while_a_refused_name_is_typed_is_taken(saved, qtbot):
    """(a choice whose check mark moves at once is never held back: the menu and the window agree)"""
    window, _path = saved
    type_name(window, qtbot, "x", "u")  # refused: the other card's name
    other = next(c for c in ("numerator", "denominator") if c != window.animation.controller.convention)
    window.action(f"layout_{other}").trigger()
    assert window.action(f"layout_{other}").isChecked() and window.animation.controller.convention == other
