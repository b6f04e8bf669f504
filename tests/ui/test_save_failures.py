"""A save that fails, for whatever reason, says why (a message naming the file and the reason),
and the window stays open with the document modified: Quit → Save changes? → Save included."""

import errno
import os
import tempfile

import pytest
from PySide6.QtWidgets import QMessageBox
from ui.canvas_helpers import dump, when_modal

from graphviz_app.ui.commands.nodes import AddNodeCommand

SURROGATE_FILE = """{
  "format": "graphviz_app", "version": 1, "output": "n2",
  "nodes": [
    {"id": "n1", "kind": "variable", "op": null, "name": "x", "value": 1.0, "pos": [0, 0], "params": {}},
    {"id": "n2", "kind": "op", "op": "sin", "name": null, "value": null, "pos": [200, 0], "params": {}}
  ],
  "edges": [{"from": "n1", "to": "n2", "port": 0}]
}
"""


@pytest.fixture
def errors(window, monkeypatch):
    shown = []
    monkeypatch.setattr(window.files, "show_error", lambda title, message: shown.append(message))
    return shown


def _full_disk(monkeypatch):
    def no_room(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_room)


def _read_only_folder(monkeypatch):
    def refused(*_args, dir=None, **_kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dir))

    monkeypatch.setattr(tempfile, "mkstemp", refused)


def _edited(window, tmp_path):
    """A document saved once, then edited (a file of its own: Save writes there)."""
    path = tmp_path / "work.json"
    assert window.files.save_to(path)
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "cos", pos=(10, 10)))
    return path


def _assert_kept(window, before):
    assert window.isVisible()
    assert not window.undo_stack.isClean() and window.shown_title().startswith("work.json* —")
    assert dump(window.graph) == before


@pytest.mark.parametrize(
    "breaks, reason",
    [(_full_disk, "No space left on device"), (_read_only_folder, "Permission denied")],
    ids=["full disk", "read-only folder"],
)
def test_quit_then_save_that_fails_says_why_and_keeps_the_window_and_the_edit(
    window, qtbot, tmp_path, monkeypatch, breaks, reason
):
    path = _edited(window, tmp_path)
    before = dump(window.graph)
    saved_text = path.read_text("utf-8")
    breaks(monkeypatch)
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Save
    seen = []
    check = when_modal(QMessageBox, lambda box: (seen.append((box.windowTitle(), box.text())), box.accept()))
    window.action("quit").trigger()
    check()
    assert seen, "no message was shown"
    title, text = seen[0]
    assert title == "Cannot save" and "work.json" in text and str(tmp_path) in text and reason in text
    _assert_kept(window, before)
    assert path.read_text("utf-8") == saved_text  # the file on disk is as it was
    monkeypatch.undo()  # the disk has room again: the same document saves
    assert window.files.save() and window.undo_stack.isClean()
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard


def test_a_name_that_cannot_be_written_is_named_and_the_window_stays(window, qtbot, tmp_path):
    source = tmp_path / "odd.json"
    source.write_text(SURROGATE_FILE, "utf-8")
    assert window.files.open_path(source, ask=False)
    # files with such names are refused when read, and a node cannot bear one; a script can still
    # give it to a group
    window.graph.groups.add([window.graph.find("x")], "g\ud800")
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "cos", pos=(10, 10)))
    before = dump(window.graph)
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Save
    seen = []
    check = when_modal(QMessageBox, lambda box: (seen.append(box.text()), box.accept()))
    assert not window.close()
    check()
    assert "odd.json" in seen[0] and "U+D800" in seen[0] and 'the group "g\ufffd"' in seen[0] and "rename" in seen[0]
    assert window.isVisible() and not window.undo_stack.isClean() and dump(window.graph) == before
    assert "odd.json" in window.shown_title() and window.isWindowModified()
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # (pytest-qt closes it)


def test_save_as_into_a_path_that_cannot_exist_keeps_the_untitled_document(window, tmp_path, errors):
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "cos"))
    blocker = tmp_path / "a file"
    blocker.write_text("", "utf-8")
    assert not window.files.save_to(blocker / "inside.json")  # (a real failure: a file is not a folder)
    assert "inside.json" in errors[-1] and f'"{blocker}" is a file, not a folder' in errors[-1]
    assert window.files.path is None and window.shown_title().startswith("Untitled* —")
