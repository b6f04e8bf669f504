"""A window closed while an animation runs follows its graph no more: a later
change of that graph reaches none of the closed window's parts (they are deleted with it), and none
of them is left listening to it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from ui.canvas_helpers import sample_graph

from graphviz_app.ui.main_window import MainWindow


def test_a_window_closed_during_backward_and_training_leaves_its_graph_free(qtbot):
    w = MainWindow()
    w.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    w.show()
    qtbot.waitExposed(w)
    w.open_graph(sample_graph())
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
    graph.replace_with(sample_graph())  # (another document: the animation and training would let go of theirs)
