"""The value editor's grid and the clipboard: Ctrl+V of spreadsheet rows, brackets, lists and single
numbers (growing the grid as needed, refusing bad text with a reason), Ctrl+C as tab-separated rows."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.value_editor_helpers import edit, make_dialog, paste, type_cell, with_theta

CTRL = Qt.KeyboardModifier.ControlModifier


def test_ctrl_v_spreadsheet_rows_fill_from_the_current_cell(qtbot):
    dialog = make_dialog(qtbot, np.zeros((3, 3)))
    paste(qtbot, dialog.grid, "1\t2\n3\t4\n", row=1, col=1)
    np.testing.assert_array_equal(dialog.value(), [[0, 0, 0], [0, 1, 2], [0, 3, 4]])
    assert dialog.ok_button.isEnabled()


def test_ctrl_v_brackets_grow_a_scalar_into_a_matrix(qtbot):
    dialog = make_dialog(qtbot, 5.0)
    paste(qtbot, dialog.grid, "[[1, 2], [3, 4]]")
    assert dialog.mode() == "matrix" and dialog.mode_buttons["matrix"].isChecked()
    assert (dialog.rows_spin.value(), dialog.cols_spin.value()) == (2, 2) and dialog.cols_spin.isVisible()
    assert dialog.summary_label.text() == "ℝ²ˣ² · 4 numbers"  # (one notation, as the cards)
    np.testing.assert_array_equal(dialog.value(), [[1, 2], [3, 4]])


def test_ctrl_v_comma_and_space_rows(qtbot):
    dialog = make_dialog(qtbot, [[0.0, 0.0]])
    paste(qtbot, dialog.grid, "1, 2, 3\n4 5  −6\n")
    np.testing.assert_array_equal(dialog.value(), [[1, 2, 3], [4, 5, -6]])


def test_a_pasted_list_goes_down_a_vector(qtbot):
    dialog = make_dialog(qtbot, [1.0, 2.0])
    paste(qtbot, dialog.grid, "4, 5, 6")
    assert dialog.mode() == "vector" and dialog.rows_spin.value() == 3
    np.testing.assert_array_equal(dialog.value(), [4, 5, 6])
    paste(qtbot, dialog.grid, "[7, 8]", row=2)
    np.testing.assert_array_equal(dialog.value(), [4, 5, 7, 8])
    paste(qtbot, dialog.grid, "1\t2")  # from the first cell: "1, 2" is read as a vector too
    np.testing.assert_array_equal(dialog.value(), [1, 2, 7, 8])


def test_a_block_pasted_past_the_edge_grows_the_grid_and_keeps_the_rest(qtbot):
    dialog = make_dialog(qtbot, [[1.0, 2.0], [3.0, 4.0]])
    paste(qtbot, dialog.grid, "9\t8", row=1, col=1)
    assert dialog.mode() == "matrix" and dialog.cols_spin.value() == 3
    np.testing.assert_array_equal(dialog.value(), [[1, 2, 0], [3, 9, 8]])
    dialog.cols_spin.setValue(2)  # the size controls and the grid agree after the paste
    np.testing.assert_array_equal(dialog.value(), [[1, 2], [3, 9]])


def test_one_number_fills_the_selected_cells(qtbot):
    dialog = make_dialog(qtbot, np.zeros((2, 2)))
    QApplication.clipboard().setText("7")
    grid = dialog.grid
    grid.setFocus()
    grid.setCurrentCell(0, 0)
    qtbot.keyClick(grid, Qt.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(grid, Qt.Key_V, CTRL)
    np.testing.assert_array_equal(dialog.value(), [[7, 7], [0, 0]])


@pytest.mark.parametrize(
    "text, why",
    [
        ("1\tabc", "row 1, column 2"),
        ("1 2\n3", "row 2 has 1"),
        ("[[1, 2], [3]]", "different lengths"),
        ("[[1", '"]]" are missing at the end'),
        ("  ", "no numbers"),
        ("\t".join(["1"] * 70), "at most 64"),
        # numbers read as files, --set and the Text field read them (core.values.read_number)
        ("1e400\t2", "row 1, column 1: the number 1e400 is too large: numbers must lie within ±1.8e308"),
        ("1 1_000", "row 1, column 2: “1_000” is not a number"),
    ],
)
def test_bad_clipboard_text_is_named_and_changes_nothing(qtbot, text, why):
    dialog = make_dialog(qtbot, [[1.0, 2.0], [3.0, 4.0]])
    paste(qtbot, dialog.grid, text)
    message = dialog.message_label.text()
    assert message.startswith("Clipboard not used:") and why in message, message
    np.testing.assert_array_equal(dialog.value(), [[1, 2], [3, 4]])
    assert dialog.ok_button.isEnabled()  # a refused paste is news, not a problem with the value
    type_cell(qtbot, dialog.grid, 0, 0, "5")
    assert dialog.message_label.text() == ""  # the next edit clears it


def test_a_block_too_big_from_the_current_cell_is_refused(qtbot):
    dialog = make_dialog(qtbot, np.zeros((2, 2)))
    paste(qtbot, dialog.grid, "\t".join(["1"] * 64), row=0, col=1)
    assert "at most 64×64" in dialog.message_label.text()
    assert dialog.grid.columnCount() == 2


def test_ctrl_c_copies_the_selected_cells_as_tab_separated_rows(qtbot):
    dialog = make_dialog(qtbot, [[1.0, 2.5, 3.0], [4.0, 5.0, 6.0]])
    grid = dialog.grid
    grid.setFocus()
    grid.setCurrentCell(0, 0)
    qtbot.keyClick(grid, Qt.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(grid, Qt.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(grid, Qt.Key_C, CTRL)
    assert QApplication.clipboard().text() == "1\t2.5\n4\t5"
    grid.setCurrentCell(0, 1)
    qtbot.keyClick(grid, Qt.Key_V, CTRL)  # what was copied pastes back as the same block
    np.testing.assert_array_equal(dialog.value(), [[1, 1, 2.5], [4, 4, 5]])


def test_pasting_into_the_grid_and_ok_is_one_undo_step(window, qtbot):
    theta = with_theta(window, 0.0)
    edit(
        window,
        theta,
        lambda dialog: (paste(qtbot, dialog.grid, "1\t2\n3\t4"), qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)),
    )
    assert window.graph.node(theta).value.tolist() == [[1, 2], [3, 4]]
    assert window.undo_stack.count() == 1


@pytest.mark.parametrize(
    "typed, why",
    [
        ("1e400", "the number 1e400 is too large: numbers must lie within ±1.8e308"),
        ("1_000", "“1_000” is not a number"),
        ("0x10", "“0x10” is not a number"),
        ("1 000", "“1 000” is not a number: a space separates numbers (write 1000)"),  # as the Text field reads it
    ],
)
def test_a_typed_cell_no_float_can_hold_is_marked_bad_not_read_as_infinity(qtbot, typed, why):
    dialog = make_dialog(qtbot, [1.0, 2.0])
    type_cell(qtbot, dialog.grid, 1, 0, typed)
    assert not dialog.grid.is_valid and not dialog.ok_button.isEnabled()
    assert why in dialog.grid.item(1, 0).toolTip() or why in dialog.message_label.text()


@pytest.mark.parametrize("typed, value", [("-1.5", -1.5), (".5", 0.5), ("1\u00a0000", 1000.0), ("-inf", -np.inf)])
def test_cells_take_numbers_as_people_write_them(qtbot, typed, value):
    dialog = make_dialog(qtbot, [1.0, 2.0])
    type_cell(qtbot, dialog.grid, 1, 0, typed)
    assert dialog.grid.is_valid
    np.testing.assert_array_equal(dialog.value(), [1.0, value])


def test_a_thin_space_groups_digits_in_a_pasted_cell_as_in_the_text_field(qtbot):
    dialog = make_dialog(qtbot, [1.0, 2.0])
    paste(qtbot, dialog.grid, "1\u2009000\n2\u202f500")  # a spreadsheet's 1 000 (French locale)
    assert dialog.grid.is_valid
    np.testing.assert_array_equal(dialog.value(), [1000.0, 2500.0])
