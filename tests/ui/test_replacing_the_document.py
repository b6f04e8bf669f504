"""Replacing the document (File → New, Open, an example, New from Expression) while cards are
selected: no error, the actions follow the new, empty selection, and the status bar says what is
true of the new document."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui.expression_helpers import answer_expression

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.window_status import EMPTY_HINT


def status(window) -> str:
    return window.statusBar().currentMessage()


def select_all(window, qtbot) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.scene.selected_node_ids()) == len(window.graph) > 1


def assert_nothing_selected_in_the_actions(window) -> None:
    assert window.scene.selected_node_ids() == []
    for key in ("delete", "copy", "set_output", "edit_value", "trainable"):
        assert not window.action(key).isEnabled(), key


@pytest.mark.parametrize("replace", ["new", "example", "expression"])
def test_replacing_a_selected_document_raises_nothing_and_the_actions_follow(window, qtbot, monkeypatch, replace):
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    select_all(window, qtbot)
    assert window.action("delete").isEnabled() and window.action("trainable").isEnabled()
    answer_expression(monkeypatch, "sin(x)*y")
    with qtbot.captureExceptions() as raised:
        if replace == "new":
            window.action("new").trigger()
        elif replace == "example":
            assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
        else:
            window.action("from_expression").trigger()
        qtbot.wait(10)
    assert raised == []
    assert_nothing_selected_in_the_actions(window)


def test_file_new_says_how_to_start_not_what_was_opened(window, qtbot):
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    assert status(window).startswith("Opened the example")
    window.action("new").trigger()
    qtbot.wait(10)
    assert len(window.graph) == 0 and window.files.display_name == "Untitled"
    assert status(window) == EMPTY_HINT


def test_undo_after_new_from_expression_does_what_the_status_bar_said(window, qtbot, monkeypatch):
    """New from Expression is a new document whose building is one undo step: the status bar
    says Undo empties the canvas, and it does (the example before it is not its history)."""
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    answer_expression(monkeypatch, "sin(x)*y")
    window.action("from_expression").trigger()
    assert "(Undo empties the canvas)" in status(window)
    window.action("undo").trigger()
    assert len(window.graph) == 0
    assert status(window).startswith("Undid: Graph of sin(x)*y") and EMPTY_HINT in status(window)
