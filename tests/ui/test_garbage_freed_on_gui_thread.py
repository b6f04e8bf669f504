"""Qt objects left in reference cycles are destroyed on the GUI thread, whichever thread runs the
collection that finds them: the thread reading a file, or a test runner's message thread (an
xdist worker's). A Qt object destroyed off the GUI thread crashes the program later."""

import gc
import threading

import pytest
from PySide6.QtCore import QTimer
from ui.qt_garbage_helpers import leave_qt_garbage

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph
from graphviz_app.ui import loading
from graphviz_app.ui.collect_on_gui_thread import install

GUI = threading.main_thread().name


@pytest.fixture(autouse=True)
def _installed():
    """As in the program once its window is made (MainWindow installs it)."""
    install()


def collect_on_another_thread(name: str) -> None:
    thread = threading.Thread(target=gc.collect, name=name)
    thread.start()
    thread.join()


def test_a_collection_on_another_thread_leaves_qt_garbage_to_the_gui_thread(qapp):
    destroyed_on = []
    leave_qt_garbage(destroyed_on)
    collect_on_another_thread("execnet-main")  # (as an xdist worker's message thread may)
    assert destroyed_on == []
    assert gc.get_freeze_count() == 0  # (nothing left out of later collections)
    gc.collect()
    assert destroyed_on == [GUI]


def test_garbage_made_while_a_file_is_read_is_not_destroyed_by_the_reading_thread(window, tmp_path, monkeypatch):
    """The window keeps handling its events while the file is read: what they leave as garbage
    after the read started is not the reading thread's to destroy."""
    g = Graph()
    g.add_node("variable", name="read", value=1.0, pos=(0, 0))
    path = tmp_path / "read.json"
    fileformat.save(g, path)
    destroyed_on = []
    made = threading.Event()

    def make_garbage() -> None:  # (on the GUI thread, while the read goes on)
        leave_qt_garbage(destroyed_on)
        made.set()

    def read(p):
        assert made.wait(10)
        gc.collect()  # (as the collector may do at any allocation of a large read)
        return fileformat.load(p)

    monkeypatch.setattr(loading, "read_diagram", read)
    QTimer.singleShot(0, make_garbage)
    assert window.files.open_path(path, ask=False)
    assert [n.name for n in window.graph.nodes()] == ["read"]
    assert destroyed_on == []
    gc.collect()
    assert destroyed_on == [GUI]
