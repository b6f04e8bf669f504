"""g.show(): the window opens on what the user traced the graph for: the whole graph when it
fits at a readable zoom, else its output, readably; the status bar says which, as opening a file does."""

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

import graphviz_app as ga
from graphviz_app.api.window import open_window
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
