"""The value editor's OK: it applies text typed but not applied (or stays open and says why), a grid
edit after the text wins, and no change makes no undo step."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from ui.value_editor_helpers import edit, make_dialog, type_cell, with_theta

CTRL = Qt.KeyboardModifier.ControlModifier


def test_ok_applies_the_text_typed_but_not_applied(window, qtbot):
    theta = with_theta(window, 0.0)

    def drive(dialog):
        qtbot.keyClicks(dialog.paste_edit, "[[1, 2], [3, 4]]")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    edit(window, theta, drive)
    assert window.graph.node(theta).value.tolist() == [[1, 2], [3, 4]]
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert window.graph.node(theta).value.shape == ()


def test_ok_with_bad_text_stays_open_says_why_and_applies_nothing(window, qtbot):
    theta = with_theta(window, [1.0, 2.0])
    seen = {}

    def drive(dialog):
        qtbot.keyClicks(dialog.paste_edit, "[[1, 2], [3]]")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["message"] = dialog.text_message.text() if dialog.text_message.isVisible() else ""
        seen["grid"] = dialog.value().tolist()
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.LeftButton)

    edit(window, theta, drive)
    assert seen["open"] and seen["grid"] == [1, 2]
    assert seen["message"].startswith("Text not used:") and "different lengths" in seen["message"]
    assert window.graph.node(theta).value.tolist() == [1, 2] and window.undo_stack.count() == 0


def test_bad_text_then_fixed_text_is_applied_by_ok(qtbot):
    dialog = make_dialog(qtbot, 0.0)
    qtbot.keyClicks(dialog.paste_edit, "[1, ")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.isVisible() and "cannot be read" in dialog.text_message.text()
    qtbot.keyClicks(dialog.paste_edit, "2]")  # the field still holds what was typed
    assert dialog.text_message.text() == ""  # the old message goes as the text changes
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    np.testing.assert_array_equal(dialog.value(), [1, 2])


def test_a_grid_edit_after_the_text_wins(qtbot):
    dialog = make_dialog(qtbot, [1.0, 2.0])
    qtbot.keyClicks(dialog.paste_edit, "[7, 8, 9]")
    type_cell(qtbot, dialog.grid, 0, 0, "5")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    np.testing.assert_array_equal(dialog.value(), [5, 2])


def test_applied_or_cleared_text_is_not_applied_again(qtbot):
    dialog = make_dialog(qtbot, 0.0)
    qtbot.keyClicks(dialog.paste_edit, "[1, 2]")
    qtbot.keyClick(dialog.paste_edit, Qt.Key_Return)
    type_cell(qtbot, dialog.grid, 1, 0, "6")
    qtbot.keyClicks(dialog.paste_edit, "x")
    dialog.paste_edit.clear()  # an emptied field is nothing to apply
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    np.testing.assert_array_equal(dialog.value(), [1, 6])


@pytest.mark.parametrize("value", [[[1.0, 2.0], [3.0, 4.0]], 0.1, [0.1, float("nan"), float("inf"), -0.0, 1e-300]])
def test_ok_without_a_change_pushes_no_undo_step(window, qtbot, value):
    theta = with_theta(window, value)
    edit(window, theta, lambda dialog: qtbot.mouseClick(dialog.ok_button, Qt.LeftButton))
    assert window.undo_stack.count() == 0 and not window.isWindowModified()


def test_retyping_the_same_number_is_no_change_but_a_name_change_is_one_step(window, qtbot):
    theta = with_theta(window, [[1.0, 2.0], [3.0, 4.0]])

    def drive(dialog):
        type_cell(qtbot, dialog.grid, 0, 1, "2.0")
        dialog.name_edit.setText("w")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    edit(window, theta, drive)
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText().startswith("Rename")
    assert window.graph.node(theta).name == "w"


def test_same_numbers_in_another_shape_is_a_change(window, qtbot):
    theta = with_theta(window, [7.0])
    edit(
        window,
        theta,
        lambda dialog: (
            qtbot.mouseClick(dialog.mode_buttons["scalar"], Qt.LeftButton),
            qtbot.mouseClick(dialog.ok_button, Qt.LeftButton),
        ),
    )
    assert window.graph.node(theta).value.shape == () and window.undo_stack.count() == 1


def test_a_grid_edit_after_bad_text_clears_what_was_said_of_the_text(qtbot):
    dialog = make_dialog(qtbot, [1.0, 2.0])
    qtbot.keyClicks(dialog.paste_edit, "abc")
    assert "not a number" in dialog.text_message.text() and not dialog.ok_button.isEnabled()
    type_cell(qtbot, dialog.grid, 0, 0, "7")
    assert dialog.text_message.text() == "" and dialog.ok_button.isEnabled()  # the grid wins
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    np.testing.assert_array_equal(dialog.value(), [7, 2])


def test_enter_in_the_text_field_after_a_grid_edit_applies_the_text_it_shows_not_ok(qtbot):
    """The grid wins for OK, but Enter typed in the Text field means the text it shows: applied,
    the dialog stays open; the next Enter is OK."""
    dialog = make_dialog(qtbot, [1.0, 2.0])
    qtbot.keyClicks(dialog.paste_edit, "0.3, 0.9")
    type_cell(qtbot, dialog.grid, 0, 0, "7")
    dialog.paste_edit.setFocus()
    qtbot.keyClick(dialog.paste_edit, Qt.Key_Return)
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    np.testing.assert_array_equal(dialog.value(), [0.3, 0.9])
    qtbot.keyClick(dialog.paste_edit, Qt.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    np.testing.assert_array_equal(dialog.value(), [0.3, 0.9])


def test_enter_on_bad_text_set_aside_by_a_grid_edit_says_why_and_holds_ok(qtbot):
    dialog = make_dialog(qtbot, [1.0, 2.0])
    qtbot.keyClicks(dialog.paste_edit, "abc")
    type_cell(qtbot, dialog.grid, 0, 0, "7")
    dialog.paste_edit.setFocus()
    qtbot.keyClick(dialog.paste_edit, Qt.Key_Return)
    assert dialog.isVisible() and "not a number" in dialog.text_message.text()
    assert not dialog.ok_button.isEnabled()
    np.testing.assert_array_equal(dialog.value(), [7, 2])  # the grid as it was: nothing applied
