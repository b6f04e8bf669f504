"""File → Export… offers a file name that carries the step shown (07_two_layer_network_step02.png),
so one slide per step needs no renaming; every step, DOT and a name typed keep theirs. It starts in
the document's folder (or this document's last export folder), and for an example, which has no
folder, where the user's documents are rather than the home folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from ui.animation_helpers import right, start_backward

from graphviz_app.export.dialog_memory import FOLDER_KEY
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.settings import app_settings

TWO_LAYER = examples_dir() / "07_two_layer_network.json"


@pytest.fixture(autouse=True)
def no_remembered_folders():
    """No export folder nor document folder left from an earlier test."""
    settings = app_settings()
    for key in (FOLDER_KEY, "files/last_dir"):
        settings.remove(key)
    yield
    for key in (FOLDER_KEY, "files/last_dir"):
        settings.remove(key)


def opened(window, qtbot):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def export_with_button(qtbot, dialog):
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()


def named(dialog) -> str:
    return Path(dialog.path.text()).name


def test_each_step_is_offered_under_its_own_name(window, qtbot, tmp_path):
    window.settings.setValue("files/last_dir", str(tmp_path))
    assert window.files.open_example(TWO_LAYER)
    controller = start_backward(window, qtbot)
    right(qtbot, window)
    assert controller.k == 1
    dialog = opened(window, qtbot)
    assert named(dialog) == "07_two_layer_network_step02.png"
    for key, name in (
        ("svg", "07_two_layer_network_step02.svg"),
        ("step:tex", "07_two_layer_network_step02.tex"),  # LaTeX of the step shown
        ("tex", "07_two_layer_network.tex"),  # every step
        ("steps:gif", "07_two_layer_network.gif"),
        ("dot", "07_two_layer_network.dot"),  # the graph alone
        ("pdf", "07_two_layer_network_step02.pdf"),
    ):
        dialog.set_format(key)
        assert named(dialog) == name, key
    dialog.set_format("png")
    export_with_button(qtbot, dialog)
    assert (tmp_path / "07_two_layer_network_step02.png").is_file()

    right(qtbot, window)  # the next slide: its own name, in the same folder, no "Replace?"
    dialog = opened(window, qtbot)
    assert Path(dialog.path.text()) == tmp_path / "07_two_layer_network_step03.png"
    dialog.path.setText(str(tmp_path / "slide.png"))  # a name typed stays as typed
    dialog.set_format("svg")
    assert named(dialog) == "slide.svg"
    dialog.close()

    window.animation.stop()  # at rest: the document's name
    dialog = opened(window, qtbot)
    assert named(dialog) == "07_two_layer_network.png"
    dialog.close()


def test_the_loss_curve_keeps_the_documents_name(window, qtbot):
    assert window.files.open_example(TWO_LAYER)
    start_backward(window, qtbot)
    right(qtbot, window)
    dialog = opened(window, qtbot)
    dialog.loss_curve.setVisible(True)
    dialog.loss_curve.setChecked(True)
    assert named(dialog) == "07_two_layer_network_loss.png"
    dialog.whole.setChecked(True)
    assert named(dialog) == "07_two_layer_network_step02.png"
    dialog.close()


def test_a_saved_document_exports_beside_itself_first(window, qtbot, tmp_path):
    lecture, slides = tmp_path / "lecture", tmp_path / "slides"
    lecture.mkdir()
    slides.mkdir()
    document = lecture / "two_layer.json"
    shutil.copy(TWO_LAYER, document)
    assert window.files.open_path(str(document), ask=False)
    dialog = opened(window, qtbot)
    assert Path(dialog.path.text()) == lecture / "two_layer.png"
    dialog.path.setText(str(slides / "two_layer.png"))
    export_with_button(qtbot, dialog)
    assert Path(opened(window, qtbot).path.text()).parent == slides  # this document's last export folder

    other = lecture / "other.json"
    shutil.copy(TWO_LAYER, other)
    assert window.files.open_path(str(other), ask=False)
    assert Path(opened(window, qtbot).path.text()) == lecture / "other.png"  # another document: its own folder


def test_an_example_starts_where_the_documents_are_not_in_home(window, qtbot, tmp_path):
    window.settings.setValue("files/last_dir", str(tmp_path))
    assert window.files.open_example(TWO_LAYER)
    assert Path(opened(window, qtbot).path.text()) == tmp_path / "07_two_layer_network.png"
