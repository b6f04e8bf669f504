"""The value editor's several changes make one undo step whose text, and the status bar's, name the
node as its card shows it after the edit (never by a name it had before a rename in the same dialog)."""

from PySide6.QtCore import Qt
from ui.value_editor_helpers import edit, type_cell, with_theta


def test_rename_and_value_name_the_card_by_its_new_name(window, qtbot):
    theta = with_theta(window, [1.0, 2.0])

    def drive(dialog):
        type_cell(qtbot, dialog.grid, 0, 0, "5")
        dialog.name_edit.setText("y")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    edit(window, theta, drive)
    assert window.graph.node(theta).name == "y" and window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Rename θ to y and set its value"
    assert window.statusBar().currentMessage().startswith("Renamed θ to y and set its value")  # (a sentence)
    window.undo_stack.undo()
    assert window.graph.node(theta).name == "theta" and window.graph.node(theta).value.tolist() == [1.0, 2.0]


def test_rename_value_and_kind_in_one_text(window, qtbot):
    theta = with_theta(window, [1.0, 2.0])

    def drive(dialog):
        type_cell(qtbot, dialog.grid, 0, 0, "5")
        dialog.name_edit.setText("Phi")
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("constant"))
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    edit(window, theta, drive)
    assert window.undo_stack.undoText() == "Rename θ to Φ, set its value and make it a constant"
    assert "Renamed θ to Φ, set its value and made it a constant" in window.statusBar().currentMessage()


def test_value_and_kind_without_a_rename_name_the_card(window, qtbot):
    theta = with_theta(window, [1.0, 2.0])

    def drive(dialog):
        type_cell(qtbot, dialog.grid, 0, 0, "5")
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("constant"))
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    edit(window, theta, drive)
    assert window.undo_stack.undoText() == "Edit the value of θ and make it a constant"
    assert window.statusBar().currentMessage().startswith("Edited the value of θ and made it a constant")


def test_the_status_bar_says_an_edit_as_a_sentence_while_the_undo_item_keeps_the_menu_words(window, qtbot):
    theta = with_theta(window, [1.0, 2.0])

    def drive(dialog):
        type_cell(qtbot, dialog.grid, 0, 0, "5")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    edit(window, theta, drive)
    assert window.undo_stack.undoText() == "Edit the value of θ"
    assert window.statusBar().currentMessage().startswith("Edited the value of θ")
