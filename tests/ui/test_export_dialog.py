"""File → Export… and Copy Image in the real main window."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from test_export_support import LINEAR, not_blank, pixels, qimage_pixels

from graphviz_app.core import engine
from graphviz_app.export import render
from graphviz_app.export.dialog import ExportDialog


@pytest.fixture
def window(window):
    """The shared window (tests/ui/conftest.py) with the linear model open."""
    assert window.files.open_path(LINEAR, ask=False)
    return window


def start_backward(window, k):
    controller = window.animation.controller
    controller.start_backward(window.graph, engine.backward(window.graph))
    controller.seek(k)
    return controller


def test_file_menu_has_export_and_copy_image(window):
    export, copy = window.action("export"), window.action("copy_image")
    file_actions = window.menus["file"].actions()
    assert export in file_actions and copy in file_actions
    assert file_actions.index(export) < file_actions.index(window.action("quit"))
    assert export.shortcut().toString() == "Ctrl+Shift+X"
    assert copy.shortcut().toString() == "Ctrl+Shift+C"
    assert not export.icon().isNull()


def test_dialog_exports_png_at_4x_with_the_export_button(window, qtbot, tmp_path):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(2)  # 4×
    dialog.path.setText(str(tmp_path / "four"))  # the suffix is added
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    out = tmp_path / "four.png"
    image = Image.open(out)
    rect = render.export_rect(window.scene)
    assert image.size == (int(rect.width() * 4), int(rect.height() * 4))
    assert not_blank(pixels(image))
    assert "four.png" in window.statusBar().currentMessage()


def test_dialog_export_shows_the_current_step_not_the_selection(window, qtbot, tmp_path):
    plain_dialog = window.exporter.make_dialog()
    qtbot.addWidget(plain_dialog)
    plain_dialog.set_format("png")
    plain_dialog.resolution.setCurrentIndex(0)
    plain_dialog.path.setText(str(tmp_path / "plain.png"))
    plain_dialog.accept()

    start_backward(window, 2)
    window.scene.select_nodes(["n2"])
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    assert dialog.step_label.isVisibleTo(dialog)
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(0)
    dialog.path.setText(str(tmp_path / "step.png"))
    dialog.accept()
    step = pixels(tmp_path / "step.png")
    expected = qimage_pixels(render.render_image(window.scene, render.export_rect(window.scene), 1))
    assert np.array_equal(step, expected)  # exactly the canvas at this step
    assert step.shape != pixels(tmp_path / "plain.png").shape or (step != pixels(tmp_path / "plain.png")).any()
    window.scene.clearSelection()
    assert np.array_equal(qimage_pixels(render.render_image(window.scene, render.export_rect(window.scene), 1)), step)


def test_dialog_selection_region(window, qtbot, tmp_path):
    window.scene.select_nodes(["n2"])
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    assert dialog.selection.isEnabled()
    dialog.selection.setChecked(True)
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(0)
    dialog.path.setText(str(tmp_path / "sel.png"))
    dialog.accept()
    whole = render.export_rect(window.scene)
    assert Image.open(tmp_path / "sel.png").width < whole.width() / 2


@pytest.mark.parametrize(
    "key,check",
    [
        ("svg", lambda p: p.read_bytes().startswith(b"<?xml")),
        ("pdf", lambda p: p.read_bytes().startswith(b"%PDF")),
    ],
)
def test_dialog_vector_formats(window, qtbot, tmp_path, key, check):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format(key)
    assert not dialog.resolution.isEnabled()
    dialog.path.setText(str(tmp_path / "d"))  # the format's suffix is added
    dialog.accept()
    assert check(tmp_path / f"d.{key}")


def test_with_no_animation_the_animation_formats_export_the_backward_pass(window, qtbot, tmp_path):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("steps:gif")
    assert dialog.format.currentText().startswith("Backward pass")
    assert "No animation is running" in dialog.note.text() and "Backward (F6)" in dialog.note.text()
    dialog.path.setText(str(tmp_path / "backward"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Image.open(tmp_path / "backward.gif").n_frames == len(engine.backward(window.graph))
    assert window.scene.overlay_presenter.overlay is None and not window.animation.controller.active
    assert not window.undo_stack.canUndo()  # (no edit: the output is chosen on a copy)


def test_with_no_output_to_animate_the_dialog_says_how_to_get_one(window, qtbot, tmp_path):
    window.graph.add_node("op", "sin", pos=(0, 900))  # a second op that feeds nothing
    window.graph.set_output(None)
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("steps:apng")
    assert not dialog.export_button.isEnabled()
    assert "no output is chosen" in dialog.note.text() and "Backward (F6)" in dialog.note.text()
    dialog.set_format("png")
    assert dialog.export_button.isEnabled()


def test_all_steps_export_the_animation_running(window, qtbot, tmp_path):
    controller = start_backward(window, 1)
    shown = window.scene.overlay_presenter.overlay
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("steps:gif")
    assert not dialog.selection.isEnabled()
    dialog.resolution.setCurrentIndex(0)  # 1× (which steps are written is tested, not their size)
    dialog.path.setText(str(tmp_path / "anim"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Image.open(tmp_path / "anim.gif").n_frames == controller.count
    assert window.scene.overlay_presenter.overlay is shown  # the canvas is left at its step

    frames = window.exporter.make_dialog()
    qtbot.addWidget(frames)
    frames.set_format("steps:png")
    frames.resolution.setCurrentIndex(0)  # 1×
    frames.path.setText(str(tmp_path / "f.png"))
    frames.accept()
    assert len(list(tmp_path.glob("f_*.png"))) == controller.count + 1  # f_000.png: the diagram at rest
    rest, first = Image.open(tmp_path / "f_000.png"), Image.open(tmp_path / "f_001.png")
    assert rest.size == first.size and not np.array_equal(pixels(rest), pixels(first))


def exported_into_a_missing_folder(window, qtbot, tmp_path):
    """The Export dialog after its Export button was pressed with a file in a folder that does not exist."""
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path.setText(str(tmp_path / "missing" / "x.png"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return dialog


def test_dialog_error_keeps_it_open(window, qtbot, tmp_path):
    dialog = exported_into_a_missing_folder(window, qtbot, tmp_path)
    assert dialog.isVisible()
    assert "does not exist" in dialog.error.text() and dialog.error.isVisibleTo(dialog)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("restore_palette")
def test_the_dialogs_error_is_readable_light_and_dark(window, qtbot, tmp_path):
    from ui.palette_helpers import switch

    from graphviz_app.ui import tones

    dialog = exported_into_a_missing_folder(window, qtbot, tmp_path)
    seen = []
    for dark in (False, True, False):
        switch(dark=dark)
        error = dialog.error
        error.ensurePolished()
        ink, paper = error.palette().color(error.foregroundRole()), dialog.palette().color(dialog.backgroundRole())
        assert tones.is_dark(dialog.palette()) == dark
        assert tones.contrast(ink, paper) >= 4.5, (ink.name(), paper.name())
        seen.append(ink.name())
    assert seen[0] == seen[2] != seen[1]  # (its colour follows the switch, both ways)


def test_copy_image_puts_a_2x_picture_on_the_clipboard(window, qtbot):
    start_backward(window, 3)
    window.action("copy_image").trigger()
    image = QApplication.clipboard().image()
    rect = render.export_rect(window.scene)
    assert (image.width(), image.height()) == (int(rect.width() * 2), int(rect.height() * 2))
    assert not_blank(qimage_pixels(image))
    assert "Copied" in window.statusBar().currentMessage()


def test_export_menu_action_opens_the_dialog(window, qtbot):
    window.action("export").trigger()
    dialog = window.exporter.dialog
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    dialog.reject()


def type_file_name(qtbot, dialog, path) -> None:
    """Select the File field's text and type over it, as a user does."""
    dialog.path.setFocus()
    dialog.path.selectAll()
    qtbot.keyClicks(dialog.path, str(path))


def test_a_typed_suffix_chooses_its_format(window, qtbot, tmp_path):
    """File → Export…, format left on PNG, 'lecture.gif' typed: the format becomes the animated GIF
    and lecture.gif is written (not lecture.png); '.svg' typed then writes an SVG."""
    window.action("export").trigger()
    dialog = window.exporter.dialog
    qtbot.addWidget(dialog)
    assert dialog.format_key() == "png"
    type_file_name(qtbot, dialog, tmp_path / "lecture.gif")
    assert dialog.format_key() == "steps:gif" and "GIF" in dialog.format.currentText()
    assert dialog.path.text() == str(tmp_path / "lecture.gif")  # what was typed stays as typed
    assert "No animation is running" in dialog.note.text()  # the note speaks of the GIF now
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [p.name for p in tmp_path.iterdir()] == ["lecture.gif"]
    assert Image.open(tmp_path / "lecture.gif").n_frames == len(engine.backward(window.graph))

    window.action("export").trigger()
    dialog = window.exporter.dialog
    qtbot.addWidget(dialog)
    type_file_name(qtbot, dialog, tmp_path / "slide.svg")
    assert dialog.format_key() == "svg" and not dialog.resolution.isEnabled()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "slide.svg").read_text().lstrip().startswith("<?xml")


def test_a_png_name_typed_with_all_steps_chosen_keeps_every_step(window, qtbot):
    """'frames.png' typed while an all-steps format (the GIF) is chosen: the steps as PNG (numbered
    frames or APNG, which both take .png), not the single still PNG, the first .png in the list."""
    window.action("export").trigger()
    dialog = window.exporter.dialog
    qtbot.addWidget(dialog)
    dialog.set_format("steps:gif")
    type_file_name(qtbot, dialog, "frames.png")
    assert dialog.format_key().startswith("steps:")
    dialog.reject()
    window.action("export").trigger()
    dialog = window.exporter.dialog
    qtbot.addWidget(dialog)
    dialog.set_format("svg")
    type_file_name(qtbot, dialog, "slide.png")
    assert dialog.format_key() == "png"  # (a still stays a still)
    dialog.reject()


def test_a_suffix_of_no_format_written_keeps_the_format(window, qtbot, tmp_path):
    """A dot of the name's own gets the format's suffix; another kind of file's is refused, as the
    command line and the Python API name files (tests/test_export_file_names.py)."""
    window.action("export").trigger()
    dialog = window.exporter.dialog
    qtbot.addWidget(dialog)
    dialog.set_format("pdf")
    type_file_name(qtbot, dialog, tmp_path / "notes.txt")
    assert dialog.format_key() == "pdf"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text().endswith(f"but PDF was asked: write {tmp_path / 'notes.pdf'}.")
    type_file_name(qtbot, dialog, tmp_path / "notes.v1")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.v1.pdf"]
    assert (tmp_path / "notes.v1.pdf").read_bytes().startswith(b"%PDF")
    window.action("export").trigger()
    dialog = window.exporter.dialog
    qtbot.addWidget(dialog)
    type_file_name(qtbot, dialog, tmp_path / "model.v2")
    dialog.set_format("svg")  # a format chosen after typing: the name's own dot is kept
    assert dialog.path.text() == str(tmp_path / "model.v2.svg")
    dialog.set_format("png")  # another format's suffix is replaced
    assert dialog.path.text() == str(tmp_path / "model.v2.png")


def test_the_dialogs_messages_are_sentences(window, qtbot, tmp_path):
    """The command line's words ("the folder … does not exist", "choose the file to write") begin
    with a capital letter in the dialog and end with a full stop, as the status bar's."""
    dialog = exported_into_a_missing_folder(window, qtbot, tmp_path)
    said = dialog.error.text()
    assert said.startswith("The folder ") and said.endswith(": create it first, or write in a folder that exists."), (
        said
    )
    dialog.path.clear()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Choose the file to write."


def test_an_empty_diagram_offers_no_export_and_no_copy(window, qtbot):
    export, copy = window.action("export"), window.action("copy_image")
    assert export.isEnabled() and copy.isEnabled()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert len(window.graph) == 0
    assert not export.isEnabled() and not copy.isEnabled()  # (greyed in the File menu and the toolbar)
    window.exporter.copy_image()  # reached anyway: said in its own words
    assert window.statusBar().currentMessage() == "The diagram is empty: there is nothing to copy"
    window.action("undo").trigger()
    assert len(window.graph) > 0 and export.isEnabled() and copy.isEnabled()
