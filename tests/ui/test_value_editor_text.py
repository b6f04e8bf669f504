"""The value editor's Text field reads what the grid's Ctrl+V reads (spreadsheet rows, MATLAB's
`1 2; 3 4`, numpy's printout) as well as JSON, and says where a bad text goes wrong."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from ui.value_editor_helpers import type_cell

from graphviz_app.core.graph import Graph
from graphviz_app.ui.value_editor import ValueEditorDialog


def make_dialog(qtbot, value=0.0):
    graph = Graph()
    node = graph.node(graph.add_node("variable", name="theta", value=value))
    dialog = ValueEditorDialog(None, node)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def apply_text(qtbot, dialog, text):
    dialog.paste_edit.clear()
    dialog.paste_edit.insert(text)  # (as a paste does: new lines and tabs kept)
    qtbot.mouseClick(dialog.paste_button, Qt.LeftButton)


@pytest.mark.parametrize(
    "text, mode, value",
    [
        ("1\t2\n3\t4", "matrix", [[1, 2], [3, 4]]),  # a spreadsheet's copy
        ("1\t2\n3\t4\n", "matrix", [[1, 2], [3, 4]]),
        ("1 2 3; 4 5 6", "matrix", [[1, 2, 3], [4, 5, 6]]),  # MATLAB
        ("[1 2 3; 4 5 6]", "matrix", [[1, 2, 3], [4, 5, 6]]),
        ("[[1. 2.]\n [3. 4.]]", "matrix", [[1, 2], [3, 4]]),  # numpy's printout
        ("1, 2, 3", "vector", [1, 2, 3]),
        ("1 2 3", "vector", [1, 2, 3]),
        ("1; 2; 3", "vector", [1, 2, 3]),
        ("[1, 2, 3]", "vector", [1, 2, 3]),
        ("[[1, 2], [3, 4]]", "matrix", [[1, 2], [3, 4]]),
        ("−2.5", "scalar", -2.5),
        ("1\u2009000 2", "vector", [1000, 2]),  # a thin space groups digits, as in a grid cell
        ("array([[1., 2.],\n       [3., 4.]])", "matrix", [[1, 2], [3, 4]]),  # numpy's repr from a console
        ("np.array([1, 2, 3], dtype=int64)", "vector", [1, 2, 3]),
    ],
)
def test_the_text_field_reads_rows_of_numbers_and_json(qtbot, text, mode, value):
    dialog = make_dialog(qtbot)
    apply_text(qtbot, dialog, text)
    assert dialog.text_message.text() == ""
    assert dialog.mode() == mode
    np.testing.assert_array_equal(dialog.value(), value)
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result() == QDialog.Accepted


@pytest.mark.parametrize("text", ["1\t2\n3\t4", "1 2; 3 4", "[[1, 2], [3, 4]]", "1,2\n3,4"])
def test_the_text_field_and_the_grids_paste_read_the_same_block(qtbot, text):
    typed = make_dialog(qtbot, value=np.zeros((2, 2)))
    apply_text(qtbot, typed, text)
    pasted = make_dialog(qtbot, value=np.zeros((2, 2)))
    QApplication.clipboard().setText(text)
    pasted.grid.setFocus()
    pasted.grid.setCurrentCell(0, 0)
    qtbot.keyClick(pasted.grid, Qt.Key_V, Qt.ControlModifier)
    np.testing.assert_array_equal(typed.value(), pasted.value())
    np.testing.assert_array_equal(typed.value(), [[1, 2], [3, 4]])


@pytest.mark.parametrize(
    "text, says",
    [
        ("1 2; 3 x", "row 2, column 2: “x” is not a number"),
        ("1\t2\n3", "row 2 has 1 number but row 1 has 2"),
        ("hello", "“hello” is not a number; write a number, rows of numbers (1 2; 3 4) or JSON"),
        ("[1, ", "cannot be read (column 4: the text ends where a number should be)"),
        ("[[1,2],[3,4]", '(column 13: a "]" is missing at the end)'),
        ("1e400", "the number 1e400 is too large"),
        ("1 000", "row 1: “1 000” would be 2 numbers (a space separates numbers); write 1000 for one number"),
        ("1,5 2,5", "“1,5 2,5” mixes commas and spaces: write 1.5 2.5 for decimal numbers (a point, not a comma)"),
    ],
)
def test_a_bad_text_keeps_the_value_and_says_where(qtbot, text, says):
    dialog = make_dialog(qtbot, value=[1, 2])
    apply_text(qtbot, dialog, text)
    message = dialog.text_message.text()
    assert message.startswith("Text not used: ") and says in message
    np.testing.assert_array_equal(dialog.value(), [1, 2])


@pytest.mark.parametrize("text", ["1 000", "abc", "[1, ", "1 2; 3"])
def test_a_bad_text_is_said_as_it_is_typed_in_the_words_apply_gives_and_ok_waits(qtbot, text):
    dialog = make_dialog(qtbot, value=1.2)
    qtbot.keyClicks(dialog.paste_edit, text)
    live = dialog.text_message.text()
    assert live.startswith("Text not used: ") and dialog.text_message.isVisible()
    assert not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.paste_button, Qt.LeftButton)  # Apply text: one reader, the same words
    assert dialog.text_message.text() == live
    np.testing.assert_array_equal(dialog.value(), 1.2)


def test_a_bad_text_made_good_clears_the_message_and_ok_applies_it(qtbot):
    dialog = make_dialog(qtbot, value=1.2)
    qtbot.keyClicks(dialog.paste_edit, "1 000")
    assert not dialog.ok_button.isEnabled()
    dialog.paste_edit.selectAll()
    qtbot.keyClicks(dialog.paste_edit, "1 2; 3 4")
    assert dialog.text_message.text() == "" and dialog.ok_button.isEnabled()
    assert dialog.findChild(QLabel, "shapeNote").text() == (
        "Rows of several numbers are a matrix: read as ℝ²ˣ².\nOK changes θ from a scalar (ℝ) to ℝ²ˣ²."
    )
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    np.testing.assert_array_equal(dialog.value(), [[1, 2], [3, 4]])


def test_a_grid_edit_after_a_bad_text_frees_ok_since_the_text_is_not_applied(qtbot):
    dialog = make_dialog(qtbot, value=[1.0, 2.0])
    qtbot.keyClicks(dialog.paste_edit, "abc")
    assert not dialog.ok_button.isEnabled()
    type_cell(qtbot, dialog.grid, 0, 0, "5")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    np.testing.assert_array_equal(dialog.value(), [5, 2])


def test_rows_of_numbers_applied_in_matrix_mode_stay_the_matrix_chosen(qtbot):
    dialog = make_dialog(qtbot, value=[0.0, 0.0])
    qtbot.mouseClick(dialog.mode_buttons["matrix"], Qt.LeftButton)
    apply_text(qtbot, dialog, "0.5; -1")  # a column typed in Matrix mode is a 2×1 matrix
    assert dialog.mode() == "matrix"
    np.testing.assert_array_equal(dialog.value(), [[0.5], [-1]])
    assert "from ℝ² to ℝ²ˣ¹" in dialog.shape_note.text() and "vector" not in dialog.shape_note.text()
    apply_text(qtbot, dialog, "1 2")
    assert dialog.mode() == "matrix" and dialog.value().shape == (1, 2)
    apply_text(qtbot, dialog, "2.5")  # (one number is a scalar, as the mode then shows, and the note says)
    assert dialog.mode() == "scalar" and dialog.value().shape == ()
    assert "One number is a scalar: read as ℝ. For a 1×1 matrix write [[2.5]]." in dialog.shape_note.text()
    qtbot.mouseClick(dialog.mode_buttons["matrix"], Qt.LeftButton)
    qtbot.mouseClick(dialog.mode_buttons["vector"], Qt.LeftButton)
    apply_text(qtbot, dialog, "0.5; -1")  # (in Vector mode, as before: a vector)
    assert dialog.mode() == "vector" and dialog.value().shape == (2,)


def test_a_list_in_brackets_applied_in_matrix_mode_is_said_to_be_read_as_a_vector(qtbot):
    dialog = make_dialog(qtbot, value=[0.0, 0.0])
    qtbot.mouseClick(dialog.mode_buttons["matrix"], Qt.LeftButton)
    dialog.paste_edit.insert("[0.5, -1]")
    said = "A list in brackets is a vector: read as ℝ². For a 2×1 matrix write one number per row"
    assert said in dialog.shape_note.text()  # said as it is typed, before Apply
    qtbot.mouseClick(dialog.paste_button, Qt.LeftButton)
    assert dialog.mode() == "vector" and dialog.value().shape == (2,)
    assert said in dialog.shape_note.text() and dialog.shape_note.isVisible()  # and still after it
    qtbot.mouseClick(dialog.mode_buttons["matrix"], Qt.LeftButton)
    assert said not in dialog.shape_note.text()  # the user's next choice: the note has done its job


@pytest.mark.parametrize(
    "mode, text, read, shape, said",
    [
        ("matrix", "7", "scalar", (), "One number is a scalar: read as ℝ. For a 1×1 matrix write [[7]]."),
        ("matrix", "[[7]]", "matrix", (1, 1), ""),  # (as the note says)
        ("vector", "7", "scalar", (), "One number is a scalar: read as ℝ. For a vector of length 1 write [7]."),
        ("vector", "[7]", "vector", (1,), ""),
        ("scalar", "1 2", "vector", (2,), "2 numbers are a vector: read as ℝ²."),
        ("scalar", "[1, 2]", "vector", (2,), "A list in brackets is a vector: read as ℝ²."),
        ("scalar", "1 2; 3 4", "matrix", (2, 2), "Rows of several numbers are a matrix: read as ℝ²ˣ²."),
        ("vector", "1 2; 3 4", "matrix", (2, 2), "Rows of several numbers are a matrix: read as ℝ²ˣ²."),
        ("vector", "[[1, 2]]", "matrix", (1, 2), "A list of lists in brackets is a matrix: read as ℝ¹ˣ²."),
        ("scalar", "7", "scalar", (), ""),
        ("vector", "1; 2", "vector", (2,), ""),
    ],
)
def test_a_text_read_as_another_shape_than_the_mode_chosen_says_why(qtbot, mode, text, read, shape, said):
    """The mode button the user pressed never flips silently: a one-line note says why the text is
    read otherwise (as the note on [0.5, -1] in Matrix mode), as it is typed and after Apply, and
    how to write it as the mode asks when it can be."""
    dialog = make_dialog(qtbot, value=0.0)  # (the node's shape kept out of the note: a scalar, typed as one)
    qtbot.mouseClick(dialog.mode_buttons[mode], Qt.LeftButton)
    dialog.paste_edit.setFocus()
    qtbot.keyClicks(dialog.paste_edit, text)
    notes = dialog.shape_note.text().splitlines()
    assert (said in notes) if said else not any("read as" in note for note in notes), notes
    qtbot.mouseClick(dialog.paste_button, Qt.LeftButton)
    assert dialog.mode() == read and dialog.mode_buttons[read].isChecked() and dialog.value().shape == shape
    notes = dialog.shape_note.text().splitlines()
    assert (said in notes and dialog.shape_note.isVisible()) if said else not any("read as" in n for n in notes)


def test_while_a_refused_text_holds_ok_back_the_note_does_not_say_what_ok_changes(qtbot):
    """The grey note says what OK does; with OK disabled by a text that cannot be used (said in red
    under the field), it says nothing of OK until the text is fixed, then what OK would do."""
    dialog = make_dialog(qtbot, value=[1.0, 2.0])
    qtbot.mouseClick(dialog.mode_buttons["matrix"], Qt.LeftButton)
    assert "OK changes θ from ℝ² to ℝ²ˣ¹." in dialog.shape_note.text()
    dialog.paste_edit.setFocus()
    qtbot.keyClicks(dialog.paste_edit, "1 000")
    qtbot.mouseClick(dialog.paste_button, Qt.LeftButton)
    assert dialog.text_message.text().startswith("Text not used: row 1:") and not dialog.ok_button.isEnabled()
    assert "OK" not in dialog.shape_note.text() and not dialog.shape_note.isVisible()
    dialog.paste_edit.clear()
    qtbot.keyClicks(dialog.paste_edit, "1000 2")
    assert dialog.ok_button.isEnabled() and dialog.shape_note.text() == "OK changes θ from ℝ² to ℝ¹ˣ²."


def test_while_a_bad_cell_holds_ok_back_the_note_does_not_say_what_ok_changes(qtbot):
    dialog = make_dialog(qtbot, value=[1.0, 2.0])
    qtbot.mouseClick(dialog.mode_buttons["scalar"], Qt.LeftButton)
    assert dialog.shape_note.text().endswith("OK changes θ from ℝ² to a scalar (ℝ).")
    type_cell(qtbot, dialog.grid, 0, 0, "abc")
    assert not dialog.ok_button.isEnabled() and "OK" not in dialog.shape_note.text()
    type_cell(qtbot, dialog.grid, 0, 0, "3")
    assert dialog.ok_button.isEnabled() and dialog.shape_note.text() == "OK changes θ from ℝ² to a scalar (ℝ)."
