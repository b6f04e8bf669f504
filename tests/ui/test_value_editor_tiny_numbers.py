"""A number below the smallest float (1e-400) typed in the value editor is stored as 0, and the
dialog says so before OK (1e400 is refused; the tiny one is kept, never silently)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from ui.value_editor_helpers import make_dialog, type_cell

NOTE = "1e-400 is below the smallest number (about 5e-324): stored as 0."


def test_a_tiny_number_typed_in_a_cell_is_said_to_be_stored_as_0(qtbot):
    dialog = make_dialog(qtbot, 1.0)
    assert not dialog.shape_note.isVisible()
    type_cell(qtbot, dialog.grid, 0, 0, "1e-400")
    assert dialog.shape_note.isVisible()
    assert dialog.shape_note.text() == NOTE
    dialog.grab().save("/tmp/numbers/value_editor_tiny.png")
    assert dialog.ok_button.isEnabled()  # kept, as typed: the note says what it becomes
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result() == QDialog.Accepted and float(dialog.value()) == 0.0


def test_the_note_goes_when_the_number_is_corrected(qtbot):
    dialog = make_dialog(qtbot, 1.0)
    type_cell(qtbot, dialog.grid, 0, 0, "1e-400")
    type_cell(qtbot, dialog.grid, 0, 0, "1e-300")  # small, but a float holds it
    assert not dialog.shape_note.isVisible()


def test_the_text_field_gets_the_same_note_beside_the_shape_note(qtbot):
    dialog = make_dialog(qtbot, 1.0)
    qtbot.keyClicks(dialog.paste_edit, "[1e-400, 2, -5e-999]")
    assert dialog.shape_note.text() == (
        "A list in brackets is a vector: read as ℝ³.\n"
        "OK changes x from a scalar (ℝ) to ℝ³.\n"
        "1e-400 and 1 more number are below the smallest number (about 5e-324): stored as 0."
    )
    qtbot.wait(50)  # (the dialog's layout makes room for the second line)
    dialog.grab().save("/tmp/numbers/value_editor_tiny_text.png")
