"""Value editor dialog: modes, sizes, typing, validation, paste, seeded random fill."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from graphviz_app.core.graph import Graph
from graphviz_app.ui.value_editor import ValueEditorDialog
from graphviz_app.ui.value_grid import format_number, parse_cell


def make_dialog(qtbot, kind="variable", value=0.0, name="x", taken=None):
    graph = Graph()
    node = graph.node(graph.add_node(kind, name=name, value=value))
    dialog = ValueEditorDialog(None, node, taken_names=taken)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return graph, node, dialog


def type_cell(qtbot, dialog, row, col, text):
    """Select a cell and type into it as a user does, then confirm with Enter."""
    grid = dialog.grid
    grid.setFocus()
    grid.setCurrentCell(row, col)
    qtbot.keyClicks(grid, text[0])  # the first key opens the editor
    (editor,) = [w for w in grid.viewport().findChildren(QLineEdit) if w.isVisible()]
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()  # the delegate commits the editor's text through a queued call
    assert grid.state() != grid.State.EditingState


def test_opens_on_the_node_value(qtbot):
    _, _, dialog = make_dialog(qtbot, value=[[1, 2], [3, 4.5]])
    assert dialog.mode() == "matrix"
    assert (dialog.rows_spin.value(), dialog.cols_spin.value()) == (2, 2)
    assert dialog.grid.item(1, 1).text() == "4.5"
    np.testing.assert_array_equal(dialog.value(), [[1, 2], [3, 4.5]])
    assert dialog.name() == "x" and dialog.kind() == "variable"


def test_switch_to_matrix_2x3_and_type_cells(qtbot):
    graph, node, dialog = make_dialog(qtbot, value=7.0)
    assert dialog.mode() == "scalar" and not dialog.rows_spin.isEnabled()
    qtbot.mouseClick(dialog.mode_buttons["matrix"], Qt.LeftButton)
    dialog.set_size(2, 3)
    assert (dialog.grid.rowCount(), dialog.grid.columnCount()) == (2, 3)
    assert dialog.grid.item(0, 0).text() == "7"  # the existing entry is kept
    type_cell(qtbot, dialog, 0, 1, "-2.5")
    type_cell(qtbot, dialog, 1, 2, "1e-3")
    value = dialog.value()
    assert value.shape == (2, 3) and value.dtype == float
    np.testing.assert_array_equal(value, [[7, -2.5, 0], [0, 0, 0.001]])
    # the dialog never changes the model
    assert float(graph.node(node.id).value) == 7.0


def test_resizing_keeps_existing_entries(qtbot):
    _, _, dialog = make_dialog(qtbot, value=[[1, 2, 3], [4, 5, 6]])
    dialog.rows_spin.setValue(3)
    np.testing.assert_array_equal(dialog.value(), [[1, 2, 3], [4, 5, 6], [0, 0, 0]])
    dialog.cols_spin.setValue(2)
    dialog.rows_spin.setValue(2)
    np.testing.assert_array_equal(dialog.value(), [[1, 2], [4, 5]])
    dialog.cols_spin.setValue(3)
    np.testing.assert_array_equal(dialog.value(), [[1, 2, 0], [4, 5, 0]])


def test_vector_mode_gives_a_1d_value(qtbot):
    _, _, dialog = make_dialog(qtbot, value=[1, 2, 3])
    assert dialog.mode() == "vector" and not dialog.cols_spin.isVisible()
    dialog.rows_spin.setValue(4)
    assert dialog.value().shape == (4,)
    qtbot.mouseClick(dialog.mode_buttons["scalar"], Qt.LeftButton)
    assert dialog.value().shape == () and float(dialog.value()) == 1.0


def test_a_bad_cell_is_red_disables_ok_and_names_the_cell(qtbot):
    _, _, dialog = make_dialog(qtbot, value=[[1, 2], [3, 4]])
    assert dialog.ok_button.isEnabled()
    type_cell(qtbot, dialog, 1, 0, "abc")
    assert not dialog.ok_button.isEnabled()
    assert "Row 2, column 1" in dialog.message_label.text() and "abc" in dialog.message_label.text()
    assert dialog.grid.item(1, 0).background().color().name() == "#fde2e1"
    qtbot.keyClick(dialog, Qt.Key_Return)  # Enter cannot accept a bad value
    assert dialog.isVisible() and dialog.result() != QDialog.Accepted
    type_cell(qtbot, dialog, 1, 0, "3")
    assert dialog.ok_button.isEnabled() and dialog.message_label.text() == ""
    assert dialog.grid.item(1, 0).background().style() == Qt.NoBrush


def test_shrinking_away_a_bad_cell_makes_the_value_valid_again(qtbot):
    _, _, dialog = make_dialog(qtbot, value=[1, 2, 3])
    type_cell(qtbot, dialog, 2, 0, "x")
    assert not dialog.ok_button.isEnabled()
    dialog.rows_spin.setValue(2)
    assert dialog.ok_button.isEnabled()


def test_paste_text_sets_shape_and_numbers(qtbot):
    _, _, dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.paste_edit, "[[1,2],[3,4]]")
    qtbot.keyClick(dialog.paste_edit, Qt.Key_Return)
    assert dialog.isVisible()  # Enter in the text field does not close the dialog
    assert dialog.mode() == "matrix"
    np.testing.assert_array_equal(dialog.value(), [[1, 2], [3, 4]])
    dialog.paste_edit.setText("[1, 2, 3]")
    qtbot.mouseClick(dialog.paste_button, Qt.LeftButton)
    assert dialog.mode() == "vector"
    np.testing.assert_array_equal(dialog.value(), [1, 2, 3])
    dialog.paste_edit.setText("2.5")
    assert dialog.apply_paste()
    assert dialog.value().shape == () and float(dialog.value()) == 2.5


def test_bad_paste_keeps_the_grid_and_says_why(qtbot):
    _, _, dialog = make_dialog(qtbot, value=[1, 2])
    for text in ("[[1, 2], [3]]", "[1, ", "[[[1]]]", "hello"):
        dialog.paste_edit.setText(text)
        assert not dialog.apply_paste()
        assert dialog.text_message.text().startswith("Text not used:")  # shown under the field
        np.testing.assert_array_equal(dialog.value(), [1, 2])


def test_fill_random_is_reproducible_with_a_seed(qtbot):
    _, _, dialog = make_dialog(qtbot, value=np.zeros((3, 2)))
    dialog.seed_spin.setValue(42)
    qtbot.mouseClick(dialog.random_button, Qt.LeftButton)
    first = dialog.value()
    assert first.shape == (3, 2) and np.all(np.abs(first) <= 1) and np.any(first != 0)
    dialog.fill_zeros()
    assert not dialog.value().any()
    qtbot.mouseClick(dialog.random_button, Qt.LeftButton)
    np.testing.assert_array_equal(dialog.value(), first)
    dialog.seed_spin.setValue(43)
    qtbot.mouseClick(dialog.random_button, Qt.LeftButton)
    assert not np.array_equal(dialog.value(), first)
    dialog.distribution_combo.setCurrentIndex(dialog.distribution_combo.findData("normal"))
    dialog.seed_spin.setValue(42)
    qtbot.mouseClick(dialog.random_button, Qt.LeftButton)
    normal = dialog.value()
    assert not np.array_equal(normal, first)
    qtbot.mouseClick(dialog.random_button, Qt.LeftButton)
    np.testing.assert_array_equal(dialog.value(), normal)


def test_name_and_kind(qtbot):
    _, _, dialog = make_dialog(qtbot, kind="constant", name="c", taken={"W", "c"})
    assert dialog.kind() == "constant"
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("variable"))
    assert dialog.kind() == "variable"
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "W")
    assert not dialog.ok_button.isEnabled() and "already used" in dialog.message_label.text()
    dialog.name_edit.setText("  b  ")
    assert dialog.ok_button.isEnabled() and dialog.name() == "b"
    dialog.name_edit.clear()
    assert dialog.name() is None


def test_ok_accepts(qtbot):
    _, _, dialog = make_dialog(qtbot, value=[1.5, -2])
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result() == QDialog.Accepted
    np.testing.assert_array_equal(dialog.value(), [1.5, -2])


def test_cell_text_helpers():
    assert [format_number(x) for x in (2.0, 0.1, -3.25, 1e-20, float("inf"))] == ["2", "0.1", "-3.25", "1e-20", "inf"]
    assert parse_cell(" −1.5 ") == -1.5
    for bad in ("", "1,5", "two"):
        with pytest.raises(ValueError):
            parse_cell(bad)


def test_a_change_of_shape_is_said_before_ok_and_still_allowed(qtbot):
    _, _, dialog = make_dialog(qtbot, value=[1.0, 2.0, 3.0])
    assert not dialog.shape_note.isVisible()
    qtbot.keyClicks(dialog.paste_edit, "4 5 6")  # same shape: nothing to say
    assert not dialog.shape_note.isVisible()
    dialog.paste_edit.clear()
    qtbot.keyClicks(dialog.paste_edit, "7")  # one number typed into a vector's editor
    assert dialog.shape_note.isVisible()
    assert dialog.shape_note.text() == (
        "One number is a scalar: read as ℝ. For a vector of length 1 write [7].\nOK changes x from ℝ³ to a scalar (ℝ)."
    )
    dialog.grab().save("/tmp/student/value_editor_shape_note.png")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result() == QDialog.Accepted  # it may be meant: not refused
    assert dialog.value().shape == () and float(dialog.value()) == 7.0


def test_the_grid_changing_the_shape_is_said_too(qtbot):
    _, _, dialog = make_dialog(qtbot, value=2.0)
    dialog.set_mode("vector")
    dialog.set_size(4)  # (what the change of mode added is no longer what the grid shows)
    assert dialog.shape_note.text() == "OK changes x from a scalar (ℝ) to ℝ⁴."
    dialog.set_size(1)
    dialog.set_mode("scalar")
    assert not dialog.shape_note.isVisible()


@pytest.mark.parametrize(
    "value, mode, after, said",
    [
        ([1, 2, 3], "matrix", [[1], [2], [3]], "Matrix keeps the vector as a 3×1 column."),
        ([[1, 2], [3, 4]], "vector", [1, 3], "Vector keeps the first column: 2 numbers dropped (2, 4)."),
        ([[1, 2, 3]], "vector", [1, 2, 3], "Vector keeps the row's 3 numbers."),
        ([[1], [2]], "vector", [1, 2], ""),
        ([[1, 2], [3, 4]], "scalar", 1, "Scalar keeps the first number, 1: 3 numbers dropped (2, 3, 4)."),
        ([-1, 2, 3, 4, 5, 6], "scalar", -1, "Scalar keeps the first number, −1: 5 numbers dropped (2, 3, 4, 5, …)."),
        ([7], "scalar", 7, ""),
        (5, "vector", [5, 0, 0], "Vector keeps 5 as its first number: 2 zeros added."),
        (5, "matrix", [[5, 0], [0, 0]], "Matrix keeps 5 as its first number: 3 zeros added."),
    ],
)
def test_a_change_of_mode_says_every_number_it_adds_or_drops(qtbot, value, mode, after, said):
    """A vector becomes its own column, a matrix of one row or column a vector of its numbers; what
    a change of mode cannot keep, or adds, is said above the OK line, never done silently."""
    _, _, dialog = make_dialog(qtbot, value=value)
    qtbot.mouseClick(dialog.mode_buttons[mode], Qt.LeftButton)
    np.testing.assert_array_equal(dialog.value(), after)
    assert (dialog.rows_spin.value(), dialog.cols_spin.value())[: np.ndim(after)] == np.shape(after)
    notes = dialog.shape_note.text().splitlines()
    assert notes[:-1] == ([said] if said else [])
    assert notes[-1].startswith("OK changes x from") and dialog.shape_note.isVisible()
    assert dialog.ok_button.isEnabled()


def test_vector_to_matrix_and_back_is_exact_and_keeps_a_bad_cell_marked(qtbot):
    _, _, dialog = make_dialog(qtbot, value=[1, 2, 3])
    type_cell(qtbot, dialog, 1, 0, "abc")
    for mode in ("matrix", "vector"):
        qtbot.mouseClick(dialog.mode_buttons[mode], Qt.LeftButton)
        assert [dialog.grid.item(r, 0).text() for r in range(3)] == ["1", "abc", "3"]
        assert "Row 2, column 1" in dialog.message_label.text() and not dialog.ok_button.isEnabled()
        assert dialog.grid.item(1, 0).background().color().name() == "#fde2e1"
    type_cell(qtbot, dialog, 1, 0, "2")
    np.testing.assert_array_equal(dialog.value(), [1, 2, 3])
    assert not dialog.shape_note.isVisible()  # back where it began: nothing to say


def test_the_size_label_is_whole_in_every_mode_at_once(qtbot):
    """Vector's "Length" is not drawn in the room "Rows" took (no "Lengt" until the next layout)."""
    _graph, _node, dialog = make_dialog(qtbot, value=0.5)
    label = dialog.rows_label
    for mode, text in (("vector", "Length"), ("matrix", "Rows"), ("vector", "Length")):
        qtbot.mouseClick(dialog.mode_buttons[mode], Qt.MouseButton.LeftButton)
        assert label.text() == text
        assert label.width() >= label.fontMetrics().horizontalAdvance(text)  # at once, before any layout pass
