"""File → Export… with awkward file names: a clear message under the form, the dialog open,
nothing written, the document untouched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_export_support import LINEAR


@pytest.fixture
def window(window):
    """The shared window (tests/ui/conftest.py) with the linear model open."""
    assert window.files.open_path(LINEAR, ask=False)
    return window


def press_export(window, qtbot, text: str, fmt: str = "png"):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_format(fmt)
    dialog.path.setText(text)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return dialog


def refused(dialog) -> str:
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.isVisibleTo(dialog)
    return dialog.error.text()


def test_a_nul_character_in_the_file_field_is_a_message(window, qtbot, tmp_path):
    dialog = press_export(window, qtbot, str(tmp_path / "a\0b.png"))
    assert "NUL character" in refused(dialog)
    assert list(tmp_path.iterdir()) == [] and window.undo_stack.isClean()


@pytest.mark.parametrize("fmt", ["png", "tex"])
def test_a_folder_typed_as_the_file_is_called_a_folder(window, qtbot, tmp_path, fmt):
    folder = tmp_path / "slides"
    folder.mkdir()
    dialog = press_export(window, qtbot, str(folder), fmt)
    assert (
        refused(dialog)
        == f'"{folder}" is a folder: name the file to write in it, e.g. {folder / "05_linear_model"}.{fmt}.'
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slides"] and not any(folder.iterdir())


def test_a_folder_typed_with_a_slash_gets_the_documents_file(window, qtbot, tmp_path):
    folder = tmp_path / "slides"
    folder.mkdir()
    dialog = press_export(window, qtbot, str(folder) + "/", "svg")
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert [p.name for p in folder.iterdir()] == ["05_linear_model.svg"]


def test_a_path_through_a_file_says_it_is_a_file(window, qtbot, tmp_path):
    notes = tmp_path / "notes.log"
    notes.write_text("kept")
    for fmt in ("png", "dot"):
        dialog = press_export(window, qtbot, str(notes / f"x.{fmt}"), fmt)
        message = refused(dialog)
        assert f'"{notes}" is a file, not a folder' in message and "does not exist" not in message
    assert notes.read_text() == "kept"


@pytest.mark.parametrize("fmt", ["png", "dot"])
def test_a_folder_typed_with_a_slash_that_does_not_exist_is_said_so(window, qtbot, tmp_path, fmt):
    missing = tmp_path / "slides"
    dialog = press_export(window, qtbot, str(missing) + "/", fmt)
    assert (
        refused(dialog) == f'The folder "{missing}" does not exist: create it first, or write in a folder that exists.'
    )
    assert list(tmp_path.iterdir()) == []  # never slides.png beside it


def test_a_file_typed_with_a_slash_is_said_to_be_a_file(window, qtbot, tmp_path):
    notes = tmp_path / "notes.log"
    notes.write_text("kept")
    dialog = press_export(window, qtbot, str(notes) + "/")
    assert f'"{notes}" is a file, not a folder' in refused(dialog)
    assert notes.read_text() == "kept" and [p.name for p in tmp_path.iterdir()] == ["notes.log"]


@pytest.mark.parametrize(("typed", "written"), [("my.graph", "my.graph.png"), ("v1.2", "v1.2.png")])
def test_a_dot_of_the_names_own_is_kept(window, qtbot, tmp_path, typed, written):
    """The command line's and the Python API's rule (tests/test_export_file_names.py)."""
    dialog = press_export(window, qtbot, str(tmp_path / typed))
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert [p.name for p in tmp_path.iterdir()] == [written]


def test_a_suffix_of_another_kind_of_file_is_refused(window, qtbot, tmp_path):
    dialog = press_export(window, qtbot, str(tmp_path / "notes.txt"))
    assert refused(dialog).endswith(f"but PNG was asked: write {tmp_path / 'notes.png'}.")
    assert list(tmp_path.iterdir()) == []


def test_a_name_without_a_folder_goes_to_the_folder_offered(window, qtbot, tmp_path, monkeypatch):
    """Launched from a desktop, the working folder is / or home: a name typed alone goes where the
    dialog showed it would (the document's folder), and the status bar names that folder."""
    import shutil

    documents, elsewhere = tmp_path / "talk", tmp_path / "cwd"
    documents.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    shutil.copy(LINEAR, documents / "model.json")
    assert window.files.open_path(documents / "model.json", ask=False)
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.path.text() == str(documents / "model.png")  # the folder offered
    dialog.set_format("png")
    dialog.path.setText("slide.png")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert (documents / "slide.png").is_file() and not any(elsewhere.iterdir())
    assert window.statusBar().currentMessage() == f"Exported slide.png to {documents}"
    dialog = press_export(window, qtbot, "notes/slide.tex", "tex")  # (a folder there that is missing: named)
    assert str(documents / "notes") in refused(dialog) and not any(elsewhere.iterdir())
