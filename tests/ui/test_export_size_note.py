"""The Export dialog's "W × H pixels" note is the size of the file it writes: for a still, for
GIF, APNG and numbered frames (the canvas every step shares), with or without an animation
running, at any resolution."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from PySide6.QtWidgets import QDialog
from test_export_support import LINEAR, TWO_LAYER

from graphviz_app.core import engine

SUFFIX = {"png": ".png", "steps:gif": ".gif", "steps:apng": ".apng", "steps:png": ".png"}


def noted_size(dialog) -> tuple[int, int]:
    found = re.search(r"([\d,]*\d) × ([\d,]*\d) pixels", dialog.note.text())  # (12,755 × 7,380)
    assert found, dialog.note.text()
    return int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))


def written_size(window, qtbot, tmp_path, key: str, resolution: int = 1) -> tuple[tuple[int, int], tuple[int, int]]:
    """(the note's size, the first written file's size) for one export through the dialog."""
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format(key)
    dialog.resolution.setCurrentIndex(resolution)
    if dialog.resolution.currentData() is None:  # (150 dpi: a scale of 1.5625, a width past 1,000 pixels)
        dialog.dpi.setValue(150)
    dialog.path.setText(str(tmp_path / f"out{SUFFIX[key]}"))
    noted = noted_size(dialog)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    first = dialog.written[0]
    return noted, Image.open(first).size


@pytest.mark.parametrize("key", ["steps:gif", "steps:apng", "steps:png"])
@pytest.mark.parametrize("example", [LINEAR, TWO_LAYER])
def test_the_animation_formats_note_the_size_of_their_frames(window, qtbot, tmp_path, key, example):
    assert window.files.open_path(example, ask=False)
    # (the ten-step network at 1×: its every frame at 2× took two seconds; the small one stays at 2×)
    noted, written = written_size(window, qtbot, tmp_path, key, resolution=0 if example == TWO_LAYER else 1)
    assert noted == written


@pytest.mark.parametrize("key", ["png", "steps:gif"])
@pytest.mark.parametrize("resolution", [0, 3])  # 1×, and a custom 150 dpi
def test_while_animating_the_note_is_the_size_written(window, qtbot, tmp_path, key, resolution):
    assert window.files.open_path(LINEAR, ask=False)
    controller = window.animation.controller
    controller.start_backward(window.graph, engine.backward(window.graph))
    controller.seek(0)  # step 1 alone is lower than the canvas the steps share
    noted, written = written_size(window, qtbot, tmp_path, key, resolution)
    assert noted == written
    controller.stop()


def test_below_48_dpi_the_note_says_the_text_is_too_small_to_read(window, qtbot, tmp_path):
    """The one threshold of `graphviz-app export`'s note (formats.READABLE_DPI): a custom dpi below
    it is still exported, with the note saying its text is too small to read."""
    from PySide6.QtCore import Qt

    assert window.files.open_path(LINEAR, ask=False)
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("png")
    small = "Below 48 dpi its text is too small to read."
    assert small not in dialog.note.text()  # (2×, the default)
    dialog.resolution.setCurrentIndex(dialog.resolution.findText("Custom dpi"))
    for typed, said in (("24", True), ("47", True), ("48", False), ("300", False)):
        dialog.dpi.lineEdit().selectAll()
        qtbot.keyClicks(dialog.dpi.lineEdit(), typed)
        qtbot.keyClick(dialog.dpi.lineEdit(), Qt.Key.Key_Tab)
        assert dialog.dpi.value() == int(typed)
        assert (small in dialog.note.text()) == said, (typed, dialog.note.text())
    dialog.dpi.setValue(24)
    assert dialog.note.text().startswith(f"{noted_size(dialog)[0]} × {noted_size(dialog)[1]} pixels. {small}")
    dialog.path.setText(str(tmp_path / "tiny.png"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted  # (a note, not a refusal)
    assert Image.open(tmp_path / "tiny.png").size == noted_size(dialog)
