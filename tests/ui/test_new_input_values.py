"""A variable or constant added by hand (palette drop, Tab quick add) starts with small example
numbers of its shape, as New from Expression gives, not 0: the first backward pass through x·y
shows gradients that are not all zero. Undo still removes the node."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from ui.quick_add_helpers import keys_only, tab_add

from graphviz_app.core import engine
from graphviz_app.ui.canvas.palette_drop import NODE_MIME


@pytest.fixture
def window(window, qtbot):
    yield from keys_only(window, qtbot)


def palette_drop(window, kind: str, scene_pos: QPointF) -> str:
    before = set(window.graph.node_ids())
    mime = QMimeData()
    mime.setData(NODE_MIME, json.dumps({"kind": kind, "op": None}).encode())
    pos = window.view.mapFromScene(scene_pos)
    copy, none, left = Qt.DropAction.CopyAction, Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton
    viewport = window.view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, copy, mime, left, none))
    QApplication.sendEvent(viewport, QDragMoveEvent(pos, copy, mime, left, none))
    QApplication.sendEvent(viewport, QDropEvent(QPointF(pos), copy, mime, left, none))
    (new,) = set(window.graph.node_ids()) - before
    return new


def test_dropped_inputs_start_non_zero_and_differ_and_undo_removes_them(window):
    x = palette_drop(window, "variable", QPointF(0, 0))
    y = palette_drop(window, "variable", QPointF(0, 200))
    c = palette_drop(window, "constant", QPointF(0, 400))
    values = [float(window.graph.node(n).value) for n in (x, y, c)]
    assert all(v != 0 for v in values) and len(set(values)) == 3
    assert all(abs(v) <= 2 for v in values)  # small: they read well on a card
    window.undo_stack.undo()
    assert c not in window.graph and len(window.graph.node_ids()) == 2


def test_a_tab_built_chain_has_gradients_that_are_not_all_zero(window, qtbot):
    x = tab_add(window, qtbot, "variable")
    tab_add(window, qtbot, "mul")
    tab_add(window, qtbot, "tanh")
    window.scene.clearSelection()
    y = tab_add(window, qtbot, "variable")
    mul = next(n.id for n in window.graph.nodes() if n.op == "mul")
    window.graph.connect(y, mul, 1)
    assert float(window.graph.node(x).value) != float(window.graph.node(y).value)
    grads = engine.gradients(window.graph)
    assert grads[x] != 0 and grads[y] != 0
    window.undo_stack.undo()
    assert y not in window.graph


def test_an_input_made_for_a_waiting_port_gets_example_numbers_of_the_shape_it_takes():
    from graphviz_app.core.graph import Graph
    from graphviz_app.core.shape_guess import new_input_value

    graph = Graph()
    first = new_input_value(graph, (3, 2))
    assert first.shape == (3, 2) and np.all(first != 0) and len(set(first.ravel().tolist())) > 1
    graph.add_node("variable", name="x", value=first)
    assert not np.array_equal(new_input_value(graph, (3, 2)), first)  # the next input starts further on
