"""How the value editor shows numbers: the minus sign the cards use, columns as wide as their
numbers (a number too long for any column is whole in its tooltip), the shape in one notation."""

import numpy as np
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from ui.value_editor_helpers import make_dialog, paste, type_cell


def drawn(grid, row, col) -> str:
    """A cell's text as the grid draws it."""
    return grid.itemDelegate().displayText(grid.item(row, col).data(Qt.ItemDataRole.DisplayRole), QLocale())


def test_the_grid_writes_minus_as_the_cards_do_and_reads_both_signs(qtbot):
    dialog = make_dialog(qtbot, [[-0.1, 2.0], [3.0, 1e-300]])
    grid = dialog.grid
    assert drawn(grid, 0, 0) == "−0.1" and drawn(grid, 1, 1) == "1e−300"
    type_cell(qtbot, grid, 0, 1, "-2.5")  # typed with the keyboard's minus
    assert drawn(grid, 0, 1) == "−2.5"
    paste(qtbot, grid, "−3", row=1, col=0)  # or the Unicode one, copied from a card
    assert drawn(grid, 1, 0) == "−3"
    np.testing.assert_array_equal(dialog.value(), [[-0.1, -2.5], [-3.0, 1e-300]])
    assert dialog.ok_button.isEnabled()
    grid.clearSelection()
    grid.setCurrentCell(0, 1)
    grid.copy_selection()  # a copy keeps the text a spreadsheet reads
    assert QApplication.clipboard().text() == "-2.5"


def test_a_long_number_widens_its_column(qtbot):
    dialog = make_dialog(qtbot, np.zeros((3, 3)))
    grid = dialog.grid
    narrow = grid.columnWidth(0)
    type_cell(qtbot, grid, 2, 2, "123456789.123")
    assert grid.columnWidth(2) > narrow and grid.columnWidth(0) == narrow
    assert grid.fontMetrics().horizontalAdvance(drawn(grid, 2, 2)) < grid.columnWidth(2)  # shown whole
    assert grid.item(2, 2).toolTip() == ""
    very_long = "1" * 60 + ".5"  # too long for any column: cut, and whole in its tooltip
    type_cell(qtbot, grid, 0, 1, very_long)
    assert grid.fontMetrics().horizontalAdvance(very_long) > grid.columnWidth(1) > narrow
    assert grid.item(0, 1).toolTip() == very_long


def test_the_summary_writes_the_shape_once_as_the_cards_do(qtbot):
    dialog = make_dialog(qtbot, np.zeros((3, 3)))
    assert dialog.summary_label.text() == "ℝ³ˣ³ · 9 numbers"
