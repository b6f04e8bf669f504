"""A file is read on a worker thread with the garbage collector on: a collection that runs there
destroys no Qt object (a Qt object destroyed off the GUI thread, a QTimer say, later crashes the
event loop)."""

import gc
import threading

from ui.qt_garbage_helpers import leave_qt_garbage

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph
from graphviz_app.ui import loading


def test_a_collection_on_the_reading_thread_destroys_no_qt_object(window, tmp_path, monkeypatch):
    g = Graph()
    g.add_node("variable", name="read", value=1.0, pos=(0, 0))
    path = tmp_path / "read.json"
    fileformat.save(g, path)
    collected_on = []

    def read(p):
        collected_on.append(threading.current_thread().name)
        gc.collect()  # (as the collector may do at any allocation of a large read)
        return fileformat.load(p)

    monkeypatch.setattr(loading, "read_diagram", read)
    destroyed_on = []
    leave_qt_garbage(destroyed_on)
    assert window.files.open_path(path, ask=False)
    assert [n.name for n in window.graph.nodes()] == ["read"]
    assert collected_on == ["read read.json"]  # (the collection did run on the reading thread)
    assert destroyed_on == []  # (left to the GUI thread's next collection)
    gc.collect()
    assert destroyed_on == [threading.main_thread().name]
