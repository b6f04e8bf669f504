"""Tests of the animation side: graphs built as the mouse builds them (no node has a name), and
answering a modal dialog with real keys."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.graph import Graph
from graphviz_app.resources_path import examples_dir


def squares_graph() -> tuple[Graph, dict[str, str]]:
    """y = u1² + u2² with u1 = x1 + x2, u2 = x1 − x2; every node unnamed. Returns (graph, ids by role)."""
    g = Graph()
    ids = {
        "x1": g.add_node("variable", value=1.5),
        "x2": g.add_node("variable", value=0.5),
        "u1": g.add_node("op", "add"),
        "u2": g.add_node("op", "sub"),
        "s1": g.add_node("op", "square"),
        "s2": g.add_node("op", "square"),
        "y": g.add_node("op", "add"),
    }
    for src, dst, port in (
        ("x1", "u1", 0),
        ("x2", "u1", 1),
        ("x1", "u2", 0),
        ("x2", "u2", 1),
        ("u1", "s1", 0),
        ("u2", "s2", 0),
        ("s1", "y", 0),
        ("s2", "y", 1),
    ):
        g.connect(ids[src], ids[dst], port)
    apply_layout(g)
    return g, ids


def tanh_layer_graph() -> tuple[Graph, dict[str, str]]:
    """h = sum(tanh(W @ a)), W 3×2 and a of length 2; every node unnamed."""
    g = Graph()
    ids = {
        "W": g.add_node("variable", value=np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])),
        "a": g.add_node("variable", value=np.array([1.0, 2.0])),
        "m": g.add_node("op", "matmul"),
        "t": g.add_node("op", "tanh"),
        "h": g.add_node("op", "sum"),
    }
    g.connect(ids["W"], ids["m"], 0)
    g.connect(ids["a"], ids["m"], 1)
    g.connect(ids["m"], ids["t"], 0)
    g.connect(ids["t"], ids["h"], 0)
    apply_layout(g)
    return g, ids


def sin_of_product(collapsed: bool = False) -> tuple[Graph, str]:
    """sin(x·y) at x = 0.5, y = 2 with x and y in one group "inputs"; returns the graph and the
    group's id."""
    g = Graph()
    x, y = g.add_node("variable", value=0.5, name="x"), g.add_node("variable", value=2.0, name="y")
    mul, sin = g.add_node("op", "mul"), g.add_node("op", "sin")
    g.connect(x, mul, 0)
    g.connect(y, mul, 1)
    g.connect(mul, sin, 0)
    for nid, pos in ((x, (0, 0)), (y, (0, 160)), (mul, (250, 80)), (sin, (480, 80))):
        g.node(nid).pos = pos
    group = g.groups.add([x, y], "inputs")
    g.groups.set_collapsed(group, collapsed)
    return g, group


def start_backward(window, qtbot):
    """F6 on the canvas; returns the animation controller once its trace is there."""
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    controller = window.animation.controller
    qtbot.waitUntil(lambda: controller.trace is not None, timeout=5000)
    return controller


def load(window, graph: Graph) -> Graph:
    """The graph as the window's document (one undo step, as New from Expression makes it)."""
    from graphviz_app.ui.commands.document import ReplaceGraphCommand

    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.undo_stack.push(ReplaceGraphCommand(window.graph, graph, "Hand-built graph"))
    window.undo_stack.setClean()
    window.scene.evaluator.refresh()
    return window.graph


def when_modal(dialog_class, act, focus=None) -> None:
    """Once a modal `dialog_class` is shown and has the keyboard (its `focus(dialog)` widget, if
    given, has the focus), call act(dialog). Set up before the key that opens the dialog."""
    tries = [0]

    def poll():
        dialog = QApplication.activeModalWidget()
        tries[0] += 1
        ready = isinstance(dialog, dialog_class) and (
            focus is None or QApplication.focusWidget() is focus(dialog) or tries[0] > 300
        )
        if not ready:
            QTimer.singleShot(10, poll)
            return
        act(dialog)

    QTimer.singleShot(0, poll)


def type_text(qtbot, text: str) -> None:
    """Type as a keyboard does: each key goes to the widget that has the focus then (the first
    key into a table opens the cell's editor, which takes the keys after it)."""
    for ch in text:
        qtbot.keyClicks(QApplication.focusWidget(), ch)


def backward(window, qtbot, name):
    assert window.files.open_example(examples_dir() / name)
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    assert c.active and c.mode == "backward"
    return window.graph, c


def right(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key_Right)
    window.animation.controller.finish_marker()


def step_onto(qtbot, window, op: str):
    """Press → until the active step is the node of that op; the Inspector's panel then."""
    c = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key_Home)
    while window.graph.node(c.active_node()).op != op:
        assert c.k < c.count - 1, f"no {op} step"
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
    return window.animation.inspector.panel


def box_of(panel, source: str):
    """The Inspector's box for the input fed by source (its title ends "← source")."""
    return next(b for b in panel.boxes if b.section.title.endswith(f"← {source}"))
