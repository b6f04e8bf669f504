"""A large document is left out of the garbage collector's passes while it is open (GraphScene._rebuild):
it must still be freed, whole, once another document replaces it or its window closes."""

import gc
import weakref

import pytest
from PySide6.QtWidgets import QMessageBox

from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.graph import Graph
from graphviz_app.core.sample_graphs import scalar_chains
from graphviz_app.ui.canvas import scene
from graphviz_app.ui.main_window import MainWindow

LARGE = 24  # nodes: over the size from which a document is frozen, lowered below (scene.FREEZE_FROM)


@pytest.fixture(autouse=True)
def freeze_from_20(monkeypatch):
    """Documents of 20 nodes count as large here: the rule is the same at 2000 at a fraction of the
    cost (what is frozen is the whole program's heap, whatever the document's size; whether the
    cards, edges and nodes are freed is the same question for 24 as for 2400)."""
    monkeypatch.setattr(scene, "FREEZE_FROM", 20)


def large_graph() -> Graph:
    g = scalar_chains(LARGE // 4, lambda i: 0.01 * i, lambda _i: ["sin", "tanh"], lambda: "add")
    apply_layout(g)
    return g


def small_graph() -> Graph:
    g = Graph()
    g.add_node("variable", name="x", value=1.0, pos=(0, 0))
    return g


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.undo_stack.setClean()


def cards_of(window) -> list[weakref.ref]:
    """Weak references to the cards and edges shown, and to the nodes of the window's graph."""
    scene = window.scene
    items = list(scene.node_items().values()) + list(scene.edge_items().values())
    return [weakref.ref(item) for item in items] + [weakref.ref(node) for node in window.graph.nodes()]


@pytest.mark.parametrize("replacement", [large_graph, small_graph], ids=["by a large one", "by a small one"])
def test_a_replaced_large_document_is_freed(window, qtbot, replacement):
    window.open_graph(large_graph())
    qtbot.wait(10)  # (evaluated and shown)
    assert len(window.scene.node_items()) == LARGE
    before = cards_of(window)
    window.open_graph(replacement())
    qtbot.wait(10)
    gc.collect()
    assert sum(ref() is not None for ref in before) == 0
    assert len(window.scene.node_items()) == len(window.graph)


def test_a_closed_window_s_large_document_is_freed(qtbot):
    window = MainWindow()
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.show()
    window.open_graph(large_graph())
    qtbot.wait(10)
    before = cards_of(window)
    window.undo_stack.setClean()
    window.close()
    window.deleteLater()
    del window
    qtbot.wait(10)
    gc.collect()
    assert sum(ref() is not None for ref in before) == 0


def test_closing_a_small_window_leaves_another_window_s_large_document_frozen(window, qtbot):
    """Closing a window collects only what its own scene froze: a small window has nothing to give
    back, so the large document open elsewhere stays out of the collector's passes."""
    window.open_graph(large_graph())
    qtbot.wait(10)
    frozen = gc.get_freeze_count()
    assert frozen > 0
    small = MainWindow()
    small.open_graph(small_graph())
    small.undo_stack.setClean()
    small.close()
    small.deleteLater()
    qtbot.wait(10)
    # (not an exact count: frozen objects that die by reference counting leave the count;
    # an unfreeze would empty it)
    assert gc.get_freeze_count() > frozen // 2


def test_another_window_loading_a_small_document_leaves_a_large_one_frozen(window, qtbot):
    """gc.freeze acts on the whole program: window B letting its own large document go must not
    put window A's back into every collector pass."""
    window.open_graph(large_graph())
    other = MainWindow()
    other.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    other.open_graph(large_graph())
    qtbot.wait(10)
    assert gc.get_freeze_count() > 0
    before = cards_of(other)
    other.open_graph(small_graph())
    qtbot.wait(10)
    assert gc.get_freeze_count() > 0  # (window's large document is still left out of the passes)
    gc.collect()
    assert sum(ref() is not None for ref in before) == 0  # (and other's is freed)
    other.undo_stack.setClean()
    other.close()
    other.deleteLater()
    qtbot.wait(10)
    assert gc.get_freeze_count() > 0
