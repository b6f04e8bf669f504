"""The program's own folders (settings, recovery) cannot be written: the editor starts, says so
once without stopping the user, and works; autosave keeps work in its spare folder."""

import pytest
from PySide6.QtWidgets import QMessageBox

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph
from graphviz_app.ui import settings, windows
from graphviz_app.ui.commands.nodes import AddNodeCommand
from graphviz_app.ui.main_window import MainWindow

TITLE = "Settings cannot be saved"


@pytest.fixture
def read_only_home(tmp_path, monkeypatch):
    blocker = tmp_path / "home is a file"  # (as root nothing else refuses a write: a file is not a folder)
    blocker.write_text("", "utf-8")
    monkeypatch.setattr(settings, "settings_file", lambda: blocker / "settings.ini")
    monkeypatch.setattr(settings, "app_data_dir", lambda: blocker / "data")
    monkeypatch.setattr(windows, "told", set())
    return blocker


def _notices(window):
    return [b for b in window.findChildren(QMessageBox) if b.isVisible() and b.windowTitle() == TITLE]


def test_the_editor_starts_says_once_what_is_off_and_works(read_only_home, qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.show()
    qtbot.waitUntil(lambda: bool(_notices(window)), timeout=3000)
    (box,) = _notices(window)
    assert not box.isModal()  # the user can work on at once
    assert str(read_only_home) in box.text() and "Not a directory" in box.text()
    assert "Recent files" in box.text() and str(settings.spare_recovery_dir()) in box.text()
    assert "recent files" in window.statusBar().currentMessage()
    # it works: edits, autosave (in the spare folder), save, open, the recent list of the session
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    assert window.autosaver.save_now() and window.autosaver.file.parent == settings.spare_recovery_dir()
    assert not window.status.autosave_label.isVisible()  # (already said at the start)
    path = tmp_path / "mine.json"
    assert window.files.save_to(path) and window.undo_stack.isClean()
    g = Graph()
    g.add_node("variable", name="x", value=1.0)
    fileformat.save(g, tmp_path / "other.json")
    assert window.files.open_path(tmp_path / "other.json")
    assert [a.text() for a in window.files.recent.menu.actions()][:2] == ["other.json", "mine.json"]
    other = window.new_window()
    qtbot.wait(50)
    assert not _notices(other) and len(_notices(window)) == 1  # said once
    box.close()
    other.close()
