"""Closing the window (the title bar's ×, Ctrl+W, Quit) while a card's name is being typed: the
name typed is part of the work. It is committed first, so the unsaved-changes question covers it
and Save writes it; Ctrl+W and Ctrl+Q typed in the name editor close as anywhere else."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui.canvas_helpers import type_name

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph

Button = QMessageBox.StandardButton


@pytest.fixture
def saved(window, tmp_path):
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0, pos=(0, 0))
    s = g.add_node("op", "sin", name="u", pos=(200, 0))
    g.connect(x, s, 0)
    path = tmp_path / "mine.json"
    fileformat.save(g, path)
    assert window.files.open_path(path, ask=False) and window.undo_stack.isClean()
    yield window, path
    window.undo_stack.setClean()


def answering(window, answer):
    asked = []
    window.files.ask_unsaved = lambda: (asked.append(window.shown_title()), answer)[1]
    return asked


def test_the_title_bar_close_asks_and_cancel_keeps_the_name_typed(saved, qtbot):
    window, path = saved
    x = type_name(window, qtbot, "x", "speed")
    asked = answering(window, Button.Cancel)
    assert not window.close()
    assert len(asked) == 1 and window.isVisible()
    assert window.graph.node(x).name == "speed" and not window.undo_stack.isClean()
    assert window.undo_stack.undoText() == "Rename x to speed"  # one undo step, as Enter makes


def test_save_when_asked_writes_the_name_typed(saved, qtbot):
    window, path = saved
    type_name(window, qtbot, "x", "speed")
    asked = answering(window, Button.Save)
    assert window.close()
    assert len(asked) == 1
    assert fileformat.load(path).find("speed") is not None


@pytest.mark.parametrize("key", [Qt.Key.Key_W, Qt.Key.Key_Q], ids=["ctrl_w", "ctrl_q"])
def test_close_and_quit_keys_typed_in_the_name_editor_close_and_ask(saved, qtbot, key):
    window, _path = saved
    x = type_name(window, qtbot, "x", "speed")
    asked = answering(window, Button.Cancel)
    qtbot.keyClick(window.view, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=3000)
    assert window.isVisible() and window.graph.node(x).name == "speed"
    answering(window, Button.Discard)
    qtbot.keyClick(window.view, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)


def test_a_refused_name_typed_keeps_the_window_open_and_says_why(saved, qtbot):
    """A name the model refuses (here the other card's) is never dropped unseen: closing waits, the
    editor stays open on it, its text selected, and the status bar says why, as Enter leaves it."""
    window, _path = saved
    x = type_name(window, qtbot, "x", "u")
    asked = answering(window, Button.Discard)
    assert not window.close()
    assert asked == [] and window.isVisible() and window.view.title_editor.editing
    said = window.statusBar().currentMessage()
    assert said.startswith('x keeps its name: the name "u" is already used') and "Closing not done" in said
    assert window.graph.node(x).name == "x"
    qtbot.keyClicks(window.view, "speed")  # (the text typed is selected: typing replaces it)
    assert window.close()  # the corrected name is committed, then the window closes (Discard)
    assert window.graph.node(x).name == "speed"


def test_escape_drops_the_refused_name_and_the_window_then_closes(saved, qtbot):
    window, _path = saved
    x = type_name(window, qtbot, "x", "u")
    answering(window, Button.Discard)
    assert not window.close()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.view.title_editor.editing
    assert window.close() and window.graph.node(x).name == "x"
