"""g.show(): the window opens on what the user traced the graph for: the whole graph when it
fits at a readable zoom, else its output and the cards feeding it, readably (as New from Expression
opens); the status bar says which, as opening a file does."""

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

import graphviz_app as ga
from graphviz_app.api.window import open_window
from graphviz_app.core.graph import Graph as CoreGraph
from graphviz_app.ui.canvas.framing import READABLE_ZOOM


@pytest.fixture
def shown(qtbot):
    """open_window(graph, title) as g.show() calls it; the windows close (without asking) afterwards."""
    windows = []

    def show(graph, title):
        w = open_window(graph, title)
        windows.append(w)
        w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
        qtbot.waitExposed(w)
        qtbot.wait(50)  # (the fit again once the window has its real size)
        return w

    yield show
    for w in windows:
        w.close()


def deep(x, *ws):
    h = x
    for w in ws:
        h = np.tanh(h @ w)
    return h.sum()


def traced(layers: int):
    rng = np.random.default_rng(0)
    names = [f"W{i}" for i in range(layers)]
    src = f"def f(x, {', '.join(names)}):\n    return deep(x, {', '.join(names)})\n"
    ns = {"deep": deep}
    exec(src, ns)  # (a function of named arguments: trace names the variables after them)
    values = {n: rng.normal(size=(2, 2)) for n in names}
    return ga.trace(ns["f"], x=rng.normal(size=(1, 2)), constants=("x",), **values)


def on_screen(view, item):
    return (
        view.viewport().rect().toRectF().contains(view.mapFromScene(item.sceneBoundingRect()).boundingRect().toRectF())
    )


def test_a_long_traced_graph_opens_on_its_output_readably(shown):
    g = traced(12)
    w = shown(g.core, "f")
    view = w.view
    output = w.scene.node_item(w.graph.output)
    assert view.zoom() >= READABLE_ZOOM - 1e-9
    assert on_screen(view, output)
    assert not view.shows_whole_graph()  # (the premise: too long to read whole)
    status = w.statusBar().currentMessage()
    assert status.startswith(f'Opened "f" from Python: {len(w.graph)} nodes')
    assert "Its output in view: Zoom to Fit (Ctrl+1) shows it whole." in status


def test_a_small_traced_graph_opens_whole(shown):
    g = traced(1)
    w = shown(g.core, "f")
    assert w.view.shows_whole_graph()
    assert w.statusBar().currentMessage() == f'Opened "f" from Python: {len(w.graph)} nodes, unsaved'


def test_a_tall_graph_opens_on_its_output_with_the_cards_feeding_it(shown):
    """g.show() of a graph too tall to read whole, its output y = a + b in the middle and a far above
    it, opens at a readable zoom on y and both cards wired into it (not on y alone), and says so."""
    g = CoreGraph()
    for name, y in (("top", 0), ("bottom", 3000)):
        g.add_node("variable", name=name, value=1.0, pos=(0, y))
    a = g.add_node("variable", name="a", value=1.0, pos=(0, 1000))
    b = g.add_node("variable", name="b", value=2.0, pos=(0, 1500))
    out = g.add_node("op", "add", name="y", pos=(300, 1500))
    g.connect(a, out, 0)
    g.connect(b, out, 1)
    g.set_output(out)
    w = shown(g, "f")
    assert not w.view.shows_whole_graph() and w.view.zoom() >= READABLE_ZOOM - 1e-9
    assert all(on_screen(w.view, w.scene.node_item(n)) for n in (out, a, b))
    assert "Its output in view: Zoom to Fit (Ctrl+1) shows it whole." in w.statusBar().currentMessage()


def test_an_output_inside_a_collapsed_group_opens_on_the_group_card(shown):
    g = traced(12)
    out = g.core.output
    last = {out, *g.core.inputs_of(out).values()}
    group = g.core.groups.add(last, "head", collapsed=True)
    w = shown(g.core, "f")
    card = w.scene.groups.card_item(group)
    assert card is not None and card.isVisible()
    assert on_screen(w.view, card)
    assert w.view.zoom() >= READABLE_ZOOM - 1e-9
    assert "Its output in view: Zoom to Fit (Ctrl+1) shows it whole." in w.statusBar().currentMessage()
