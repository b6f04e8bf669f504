"""A file name of a picture type graphviz-app does not write (x.bmp, x.jpg) is refused by the
Export dialog as by the command line and the Python API: never written as x.bmp.png."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_export_support import LINEAR

import graphviz_app as ga
from graphviz_app.cli import main


@pytest.fixture
def window(window):
    assert window.files.open_path(LINEAR, ask=False)
    return window


@pytest.mark.parametrize("name", ["x.bmp", "x.jpg"])
def test_the_three_ways_in_refuse_a_picture_type_not_written(window, qtbot, tmp_path, capsys, name):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_format("png")
    dialog.path.setText(str(tmp_path / name))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    suffix = name[1:]
    said = dialog.error.text()  # the command line's words (export.formats.named_for)
    assert f"is a {suffix} name (not a format graphviz-app writes)" in said and said.endswith("x.png.")
    assert main(["export", str(LINEAR), "-o", str(tmp_path / name)]) == 2
    assert suffix in capsys.readouterr().err
    with pytest.raises(ga.Error):
        ga.load(LINEAR).to_png(tmp_path / name)
    assert list(tmp_path.iterdir()) == []
    dialog.path.setText(str(tmp_path / "x.png"))  # as the message says
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and (tmp_path / "x.png").exists()


def test_choosing_a_format_replaces_a_picture_suffix(window, qtbot, tmp_path):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("png")
    dialog.path.setText(str(tmp_path / "slide.jpg"))
    dialog.set_format("svg")
    assert dialog.path.text() == str(tmp_path / "slide.svg")
