"""The value editor takes the keyboard at once: it opens with the first cell current, selected
and focused; typing replaces the cell; Enter commits it, a second Enter is OK."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from ui.animation_helpers import type_text, when_modal

from graphviz_app.core.graph import Graph
from graphviz_app.ui.value_editor import ValueEditorDialog


@pytest.fixture
def dialog(qtbot):
    def make(value):
        graph = Graph()
        node = graph.node(graph.add_node("variable", value=value))
        d = ValueEditorDialog(None, node)
        qtbot.addWidget(d)
        d.show()
        qtbot.waitExposed(d)
        d.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is d.grid)
        return d

    return make


def test_it_opens_on_the_first_cell_with_the_keyboard(dialog):
    d = dialog([[1.0, 2.0], [3.0, 4.0]])
    assert QApplication.focusWidget() is d.grid
    assert (d.grid.currentRow(), d.grid.currentColumn()) == (0, 0)
    assert [(i.row(), i.column()) for i in d.grid.selectedIndexes()] == [(0, 0)]
    assert "n1" not in d.name_edit.placeholderText()  # (an unnamed node: never its id)


def test_typing_replaces_the_cell_enter_commits_and_a_second_enter_is_ok(dialog, qtbot):
    d = dialog([1.0, 2.0])
    type_text(qtbot, "-7.5")
    editor = QApplication.focusWidget()
    assert editor is not d.grid and editor.text() == "-7.5"  # replaced, not appended to "1"
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is d.grid)
    assert d.grid.item(0, 0).text() == "-7.5" and d.isVisible()  # the first Enter commits the cell only
    qtbot.keyClick(d.grid, Qt.Key_Return)
    assert d.result() == QDialog.DialogCode.Accepted and not d.isVisible()
    np.testing.assert_array_equal(d.value(), [-7.5, 2.0])


def test_ok_clicked_while_typing_keeps_what_was_typed(dialog, qtbot):
    d = dialog(3.0)
    type_text(qtbot, "42")
    d.buttons.button(d.buttons.StandardButton.Ok).animateClick()  # (as Alt+O would: the focus stays)
    qtbot.waitUntil(lambda: not d.isVisible())
    assert d.result() == QDialog.DialogCode.Accepted and float(d.value()) == 42.0


def test_a_bad_number_keeps_the_dialog_open(dialog, qtbot):
    d = dialog(3.0)
    type_text(qtbot, "abc")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is d.grid)
    qtbot.keyClick(d.grid, Qt.Key_Return)
    assert d.isVisible() and "not a number" in d.message_label.text()


def test_ctrl_e_in_the_window_types_a_value_as_one_undo_step(window, qtbot):
    graph = window.graph
    x = graph.add_node("variable", value=1.0, pos=(0, 0))
    window.scene.evaluator.refresh()
    steps = window.undo_stack.count()

    def act(d):
        type_text(qtbot, "2.5")
        editor = QApplication.focusWidget()
        qtbot.keyClick(editor, Qt.Key_Return)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is d.grid)
        qtbot.keyClick(d.grid, Qt.Key_Return)

    window.scene.select_nodes([x])
    when_modal(ValueEditorDialog, act, focus=lambda d: d.grid)
    qtbot.keyClick(window.view, Qt.Key_E, Qt.ControlModifier)
    assert float(graph.node(x).value) == 2.5 and window.undo_stack.count() == steps + 1


@pytest.mark.parametrize("cell", [(0, 0), (1, 0)])
def test_a_click_on_a_cell_then_typing_at_once_replaces_it(dialog, qtbot, cell):
    """The first key after a click counts, whether the cell clicked was selected already or not
    (a click on the selected cell used to arm a delayed editor that swallowed the key)."""
    d = dialog([1.0, 2.0, 3.0])
    rect = d.grid.visualItemRect(d.grid.item(*cell))
    qtbot.mouseClick(d.grid.viewport(), Qt.LeftButton, pos=rect.center())
    type_text(qtbot, "9")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
    assert d.grid.item(*cell).text() == "9"


def test_enter_in_the_text_field_applies_the_text_then_presses_ok(dialog, qtbot):
    d = dialog(0.0)
    qtbot.keyClicks(d.paste_edit, "0.3, 0.9")
    qtbot.keyClick(d.paste_edit, Qt.Key_Return)
    assert d.isVisible() and d.value().tolist() == [0.3, 0.9]  # the first Enter applies the text only
    qtbot.keyClick(d.paste_edit, Qt.Key_Return)  # nothing left to apply: Enter is OK
    assert not d.isVisible() and d.result() == QDialog.DialogCode.Accepted
    assert d.value().tolist() == [0.3, 0.9]


def test_enter_on_text_that_cannot_be_used_keeps_the_dialog_open(dialog, qtbot):
    d = dialog(0.0)
    qtbot.keyClicks(d.paste_edit, "abc")
    for _ in range(2):
        qtbot.keyClick(d.paste_edit, Qt.Key_Return)
    assert d.isVisible() and "not a number" in d.text_message.text() and float(d.value()) == 0.0
