"""Value editor: OK applies pending text, grid copy/paste, no undo step for no change, palettes."""

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit

from graphviz_app.core.graph import Graph
from graphviz_app.ui.app import apply_colour_scheme
from graphviz_app.ui.canvas import node_actions
from graphviz_app.ui.value_editor import ValueEditorDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def with_theta(window, value):
    g = Graph()
    g.add_node("variable", name="theta", value=value, pos=(0, 0))
    window.graph.replace_with(g)
    window.undo_stack.clear()
    return window.graph.find("theta")


def edit(window, node_id, drive):
    """Open the real dialog (modal) and let `drive(dialog)` use it; it is closed if left open."""

    def run():
        dialog = QApplication.activeModalWidget()
        try:
            drive(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)
    node_actions.edit_value(window, window.scene, node_id)


def make_dialog(qtbot, value):
    graph = Graph()
    dialog = ValueEditorDialog(None, graph.node(graph.add_node("variable", name="x", value=value)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_cell(qtbot, grid, row, col, text):
    grid.setFocus()
    grid.setCurrentCell(row, col)
    qtbot.keyClicks(grid, text[0])
    (editor,) = [w for w in grid.viewport().findChildren(QLineEdit) if w.isVisible()]
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()


def paste(qtbot, grid, text, row=0, col=0):
    QApplication.clipboard().setText(text)
    grid.setFocus()
    grid.setCurrentCell(row, col)
    qtbot.keyClick(grid, Qt.Key_V, CTRL)


# ------------------------------------------------------------------ 1. pending text
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
    assert dialog.isVisible() and "not valid JSON" in dialog.text_message.text()
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


# --------------------------------------------------------------- 2. copy / paste
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
    assert dialog.summary_label.text().startswith("ℝ²ˣ² · shape (2, 2)")
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
        ("[[1", "not valid JSON"),
        ("  ", "no numbers"),
        ("\t".join(["1"] * 70), "at most 64"),
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


# ---------------------------------------------------------- 3. no change, no step
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


# -------------------------------------------------------------------- 4. palettes
@pytest.fixture
def restore_palette():
    app = QApplication.instance()
    style, palette = app.style().name(), QPalette(app.palette())
    yield app
    app.setStyle(style)
    app.setPalette(palette)


def luminance(c: QColor) -> float:
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.red()) + 0.7152 * lin(c.green()) + 0.0722 * lin(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def check_readable(dialog):
    window_colour = dialog.palette().color(QPalette.ColorRole.Window)
    # the checked mode is filled with the highlight colour, the others are not
    fills = {}
    for mode, button in dialog.mode_buttons.items():
        image = button.grab().toImage()
        fills[mode] = image.pixelColor(4, image.height() // 2)
    checked = dialog.mode()
    others = [fills[m] for m in fills if m != checked]
    highlight = dialog.palette().color(QPalette.ColorRole.Highlight)
    assert contrast(fills[checked], highlight) < 1.1
    assert all(contrast(fills[checked], other) > 1.5 for other in others)
    assert all(contrast(other, window_colour) < 1.5 for other in others)  # unchecked look like buttons
    # the summary: dimmer than text, still well readable on the window
    label = dialog.summary_label
    label.ensurePolished()
    fg = label.palette().color(label.foregroundRole())
    a = fg.alphaF()
    seen = QColor.fromRgbF(*(a * x + (1 - a) * y for x, y in zip(fg.getRgbF()[:3], window_colour.getRgbF()[:3])))
    assert contrast(seen, window_colour) >= 4.5


@pytest.mark.parametrize("dark", [False, True])
def test_checked_mode_and_summary_read_in_both_palettes(qtbot, restore_palette, dark):
    apply_colour_scheme(restore_palette, dark)
    check_readable(make_dialog(qtbot, [1.0, 2.0]))


def test_styles_follow_a_palette_change_while_open(qtbot, restore_palette):
    apply_colour_scheme(restore_palette, False)
    dialog = make_dialog(qtbot, [[1.0, 2.0]])
    apply_colour_scheme(restore_palette, True)
    QApplication.processEvents()
    assert dialog.palette().color(QPalette.ColorRole.Window).lightness() < 128
    check_readable(dialog)
    assert dialog.text_message.palette().color(dialog.text_message.foregroundRole()).lightness() > 150
