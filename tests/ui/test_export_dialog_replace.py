"""The export dialog never overwrites a file silently: it asks in place (no modal box), Replace goes on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_export_support import LINEAR, pixels

from graphviz_app.core import engine


@pytest.fixture
def window(window):
    """The shared window (tests/ui/conftest.py) with the linear model open."""
    assert window.files.open_path(LINEAR, ask=False)
    return window


def dialog_for(window, qtbot, path, fmt="png"):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_format(fmt)
    dialog.resolution.setCurrentIndex(0)
    dialog.path.setText(str(path))
    return dialog


def test_existing_file_needs_a_second_press_on_replace(window, qtbot, tmp_path):
    out = tmp_path / "old.png"
    out.write_bytes(b"keep me")
    dialog = dialog_for(window, qtbot, out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and out.read_bytes() == b"keep me"
    assert "already exists" in dialog.error.text() and dialog.error.isVisibleTo(dialog)
    assert dialog.export_button.text() == "Replace"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert pixels(out).shape[2] == 4  # now a real PNG


def test_changing_the_name_cancels_the_question(window, qtbot, tmp_path):
    (tmp_path / "a.png").write_bytes(b"a")
    (tmp_path / "b.png").write_bytes(b"b")
    dialog = dialog_for(window, qtbot, tmp_path / "a.png")
    dialog.accept()
    assert dialog.export_button.text() == "Replace"
    dialog.path.setText(str(tmp_path / "b.png"))  # another existing file: asked again
    assert dialog.export_button.text() == "Export" and not dialog.error.isVisibleTo(dialog)
    dialog.accept()
    assert dialog.isVisible() and (tmp_path / "b.png").read_bytes() == b"b"
    dialog.path.setText(str(tmp_path / "c.png"))  # a new file: written at once
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and (tmp_path / "c.png").stat().st_size > 1000
    assert (tmp_path / "a.png").read_bytes() == b"a"


def test_numbered_frames_ask_when_one_of_them_exists(window, qtbot, tmp_path):
    controller = window.animation.controller
    controller.start_backward(window.graph, engine.backward(window.graph))
    controller.seek(1)
    (tmp_path / "f_003.png").write_bytes(b"old frame")
    dialog = dialog_for(window, qtbot, tmp_path / "f.png", "steps:png")
    dialog.accept()
    assert dialog.isVisible() and "already exist" in dialog.error.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f_003.png"]
    dialog.accept()
    assert len(list(tmp_path.glob("f_*.png"))) == controller.count + 1  # (f_000.png: at rest)
    assert (tmp_path / "f_003.png").stat().st_size > 1000


def test_an_example_is_offered_under_its_own_name(window, qtbot):
    from graphviz_app.resources_path import example_files

    example = next(p for p in example_files() if p.name == LINEAR.name)
    assert window.files.open_example(example)
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    from pathlib import Path

    assert Path(dialog.path.text()).name == "05_linear_model.png"


def browse_to(dialog, qtbot, monkeypatch, chosen):
    """Browse… with the file chooser answering chosen (it asked itself about replacing that name)."""
    from PySide6.QtWidgets import QFileDialog, QPushButton

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(chosen), ""))
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Browse…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_name_chosen_without_suffix_asks_before_replacing_the_file_written(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "pic.png"
    out.write_bytes(b"keep me")
    dialog = dialog_for(window, qtbot, tmp_path / "first.png")
    browse_to(dialog, qtbot, monkeypatch, tmp_path / "pic")  # the chooser asked about "pic", not "pic.png"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and out.read_bytes() == b"keep me"
    assert '"pic.png" already exists' in dialog.error.text() and dialog.export_button.text() == "Replace"


def test_frames_next_to_a_chosen_name_ask_before_replacing(window, qtbot, tmp_path, monkeypatch):
    controller = window.animation.controller
    controller.start_backward(window.graph, engine.backward(window.graph))
    (tmp_path / "f_001.png").write_bytes(b"old frame")
    dialog = dialog_for(window, qtbot, tmp_path / "first.png", "steps:png")
    browse_to(dialog, qtbot, monkeypatch, tmp_path / "f.png")
    dialog.accept()
    assert dialog.isVisible() and (tmp_path / "f_001.png").read_bytes() == b"old frame"


def test_the_file_the_chooser_asked_about_is_written_at_once(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "pic.png"
    out.write_bytes(b"old")
    dialog = dialog_for(window, qtbot, tmp_path / "first.png")
    browse_to(dialog, qtbot, monkeypatch, out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and pixels(out).shape[2] == 4
