"""A diagram that takes long to read: a progress dialog shows (after half a second) and Cancel
leaves the current document as it was; the window keeps painting meanwhile."""

import threading

import pytest
from PySide6.QtWidgets import QProgressDialog
from ui.canvas_helpers import dump, when_modal

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph
from graphviz_app.ui import loading
from graphviz_app.ui.commands.nodes import AddNodeCommand


class SlowFile:
    """A diagram whose reading lasts until the test lets it end (`release`): never a race with a clock."""

    def __init__(self, path):
        self.path = path
        self.release = threading.Event()  # set: the read goes on
        self.finished = threading.Event()  # set: the read has ended


@pytest.fixture
def slow_file(tmp_path, monkeypatch):
    g = Graph()
    x = g.add_node("variable", name="slow", value=2.0, pos=(0, 0))
    y = g.add_node("op", "exp", pos=(200, 0))
    g.connect(x, y, 0)
    slow = SlowFile(tmp_path / "slow.json")
    fileformat.save(g, slow.path)

    def read(p):
        try:
            assert slow.release.wait(timeout=30)  # (a large file)
            return fileformat.load(p)
        finally:
            slow.finished.set()

    monkeypatch.setattr(loading, "read_diagram", read)
    yield slow
    slow.release.set()  # (a cancelled read's worker ends too)
    assert slow.finished.wait(timeout=30)


def test_cancel_keeps_the_current_document(window, slow_file):
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    before = dump(window.graph)
    seen = []
    check = when_modal(QProgressDialog, lambda d: (seen.append(d.labelText()), d.cancel()))
    assert not window.files.open_path(slow_file.path, ask=False)
    check()
    assert len(seen) == 1 and seen[0].startswith("Reading slow.json (1 kB)…")
    assert not slow_file.finished.is_set()  # cancelled while the read went on
    assert dump(window.graph) == before and not window.undo_stack.isClean()
    assert window.files.path is None and window.shown_title().startswith("Untitled* —")


def test_a_long_read_shows_progress_then_opens(window, slow_file):
    shown = []

    def seen(dialog):
        shown.append((dialog.windowTitle(), dialog.isVisible()))
        slow_file.release.set()  # the read ends once the dialog has shown

    check = when_modal(QProgressDialog, seen)
    assert window.files.open_path(slow_file.path, ask=False)
    check()
    assert shown == [("Opening", True)]
    assert [n.name for n in window.graph.nodes()][0] == "slow" and window.shown_title().startswith("slow.json —")
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


def test_a_quick_read_shows_no_dialog(window, tmp_path):
    path = tmp_path / "quick.json"
    fileformat.save(Graph(), path)
    assert window.files.open_path(path, ask=False)
    assert not window.findChildren(QProgressDialog)


def test_a_bad_file_read_in_the_worker_is_reported_as_before(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(window.files, "show_error", lambda title, message: shown.append(message))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "graphviz_app",\n "nodes": [', "utf-8")
    assert not window.files.open_path(bad, ask=False)
    assert "bad.json" in shown[0] and "line" in shown[0]


def test_drawing_a_large_diagram_is_said_while_it_lasts(window, tmp_path, monkeypatch):
    from graphviz_app.core.sample_graphs import scalar_chains

    monkeypatch.setattr(loading, "DRAW_NOTICE", 40)  # (a small graph stands for a large one)
    g = scalar_chains(10, lambda i: 0.1, lambda _i: ["sin", "tanh"])
    path = tmp_path / "large.json"
    fileformat.save(g, path)
    seen = []

    def on_reset(_event):  # what the user sees while the canvas is built (the graph's Reset)
        seen.extend(d.labelText() for d in window.findChildren(QProgressDialog) if d.isVisible())

    window.graph.subscribe(on_reset)
    assert window.files.open_path(path, ask=False)
    assert seen == [f"Drawing {len(g)} nodes…"]
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    assert len(window.graph) == len(g)
