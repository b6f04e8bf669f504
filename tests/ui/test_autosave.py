"""Autosave that cannot write where it should (a full disk): the window says so (a status bar
mark and a warning once), the title keeps its modified mark, the work goes to a spare folder,
and crash recovery finds it there."""

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from ui.canvas_helpers import dump

from graphviz_app.core import fileformat
from graphviz_app.ui import settings
from graphviz_app.ui.commands.nodes import AddNodeCommand
from graphviz_app.ui.main_window import MainWindow
from graphviz_app.ui.recovery import offer_recovery


def _notices(window, title):
    return [b for b in window.findChildren(QMessageBox) if b.isVisible() and b.windowTitle() == title]


def _full(monkeypatch, folders):
    """Saving into any of these folders fails as a full disk does."""
    real = fileformat.save

    def save(graph, path):
        if Path(path).parent in folders:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(graph, path)

    monkeypatch.setattr(fileformat, "save", save)


@pytest.fixture
def edited(window):
    for folder in settings.recovery_dirs():
        for old in folder.glob("*"):
            old.unlink()
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "tanh"))
    yield window
    for box in window.findChildren(QMessageBox):
        box.close()


def test_a_full_recovery_disk_is_shown_and_the_work_goes_to_the_spare_folder(edited, qtbot, monkeypatch):
    window = edited
    first, spare = settings.recovery_dirs()
    _full(monkeypatch, [first])
    assert window.autosaver.save_now()
    assert window.autosaver.file.parent == spare and window.autosaver.file.exists()
    assert not list(first.glob("autosave-*"))  # no stale copy left where it failed
    label = window.statusBar().findChild(type(window.status.autosave_label), "autosaveLabel")
    assert label.isVisible() and "spare" in label.text()
    message = window.statusBar().currentMessage()
    assert str(first) in message and "No space left on device" in message and str(spare) in message
    (box,) = _notices(window, "Autosave")
    assert "No space left on device" in box.text()
    assert window.shown_title().startswith("Untitled* —")
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    assert window.autosaver.save_now()
    assert len(_notices(window, "Autosave")) == 1  # warned once
    # a crash now: the next start finds the work in the spare folder
    expected = dump(window.graph)
    crashed = spare / "autosave-999999995-1.json"
    window.autosaver.file.rename(crashed)
    window.autosaver.file.with_suffix(".meta").rename(crashed.with_suffix(".meta"))
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert offer_recovery(fresh)
    assert dump(fresh.graph) == expected and not crashed.exists()
    fresh.undo_stack.setClean()
    fresh.close()


def test_when_every_place_fails_the_user_is_told_to_save_and_told_again_when_it_works(edited, monkeypatch):
    window = edited
    _full(monkeypatch, settings.recovery_dirs())
    assert not window.autosaver.save_now()
    label = window.status.autosave_label
    assert label.isVisible() and label.text() == "⚠ Autosave failed"
    (box,) = _notices(window, "Autosave")
    assert "not backed up" in box.text() and box.text().count("No space left on device") == 2
    assert window.isWindowModified()
    assert not window.autosaver.save_now()
    assert len(_notices(window, "Autosave")) == 1
    monkeypatch.undo()  # room again
    assert window.autosaver.save_now() and window.autosaver.file.exists()
    assert not label.isVisible() and window.statusBar().currentMessage() == "Autosave works again."
    assert window.autosaver.file.parent == settings.recovery_dir()


def test_an_older_copy_stays_when_no_place_takes_the_newer_one(edited, monkeypatch):
    window = edited
    assert window.autosaver.save_now()
    older = window.autosaver.file.read_text("utf-8")
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    _full(monkeypatch, settings.recovery_dirs())
    assert not window.autosaver.save_now()
    assert window.autosaver.file.read_text("utf-8") == older  # (better than nothing after a crash)


def test_a_name_that_cannot_be_written_is_told_without_moving_folders(edited, tmp_path):
    window = edited
    source = tmp_path / "odd.json"
    source.write_text(
        '{"format": "graphviz_app", "version": 1, "output": null, "nodes": [{"id": "n1", "kind": "variable",'
        ' "op": null, "name": "x", "value": 1.0, "pos": [0, 0], "params": {}}], "edges": []}',
        "utf-8",
    )
    assert window.files.open_path(source, ask=False)
    # (refused in files and as a node's name; a group's name takes any text a script gives)
    window.graph.groups.add([window.graph.find("x")], "g\ud800")
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    assert not window.autosaver.save_now()
    (box,) = _notices(window, "Autosave")
    assert "U+D800" in box.text() and box.text().count("U+D800") == 1  # one place tried: it is the name
    assert window.status.autosave_label.text() == "⚠ Autosave failed"
    assert not list(settings.spare_recovery_dir().glob("autosave-*"))
