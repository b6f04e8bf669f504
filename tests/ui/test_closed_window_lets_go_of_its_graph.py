"""A window closed while an animation runs follows its graph no more: a later
change of that graph reaches none of the closed window's parts (they are deleted with it), and none
of them is left listening to it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt

from graphviz_app.core.graph import Graph
from graphviz_app.ui.main_window import MainWindow


def _graph() -> Graph:
    g = Graph()
    x = g.add_node("variable", name="x", value=[1.0, 2.0], pos=(0, 0))
    s = g.add_node("op", "sqnorm", name="L", pos=(240, 0))
    g.connect(x, s, 0)
    g.set_output(s)
    return g


def test_a_window_closed_during_backward_and_training_leaves_its_graph_free(qtbot):
    w = MainWindow()
    w.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    w.show()
    qtbot.waitExposed(w)
    w.open_graph(_graph())
    graph = w.graph
    x = next(n.id for n in graph.nodes() if n.name == "x")
    w.action("backward").trigger()
    assert w.animation.controller.active
    assert graph.listener_count > 0
    assert w.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    assert graph.listener_count == 0  # (the canvas, the docks, the exporter, the hint: all let go at once)
    graph.set_value(x, [3.0, 4.0])  # reaches no deleted part of the window
    graph.replace_with(_graph())  # (another document: the animation and training would let go of theirs)
