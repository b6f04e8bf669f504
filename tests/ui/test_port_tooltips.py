"""Hovering a port shows the port's own tooltip: its card and name, what feeds it (or what its
output feeds) with the shape, and the shapes it takes beside the other inputs, from the op's shape
rule; the card's description stays the card's tooltip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from graphviz_app.resources_path import examples_dir


def tip_at(window, qtbot, scene_point) -> str:
    """The tooltip Qt shows with the mouse resting there."""
    viewport = window.view.viewport()
    at = window.view.mapFromScene(scene_point)
    QTest.mouseMove(viewport, at)
    qtbot.wait(20)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, at, viewport.mapToGlobal(at)))
    text = QToolTip.text()
    QToolTip.hideText()
    QTest.mouseMove(viewport, QPoint(2, 2))
    return text


def test_a_port_tells_its_name_its_shape_and_what_it_takes(window, qtbot):
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    scene, graph = window.scene, window.graph
    mm = next(n.id for n in graph.nodes() if n.op == "matmul")
    window.view.centerOn(scene.node_item(mm))
    assert tip_at(window, qtbot, scene.port_pos(mm, False, 1)).splitlines() == [
        "matmul.B: input 2 of 2 of matmul",
        "from θ ∈ ℝ²",
        "takes ℝ² or ℝ²ˣⁿ beside A ℝ⁴ˣ²",
    ]
    assert tip_at(window, qtbot, scene.port_pos(mm, False, 0)).splitlines()[-1] == "takes ℝ² or ℝⁿˣ² beside B ℝ²"
    assert tip_at(window, qtbot, scene.port_pos(mm, True)).splitlines() == ["matmul: output ∈ ℝ⁴", "feeds e"]
    body = tip_at(window, qtbot, scene.node_item(mm).sceneBoundingRect().center())
    assert body.startswith("matmul: Matrix product")  # the card's own, off the ports


def test_a_free_port_says_it_is_not_connected_and_takes_any_shape(window, qtbot):
    graph = window.graph
    s = graph.add_node("op", "sin", pos=(0.0, 0.0))
    qtbot.waitUntil(lambda: window.scene.node_item(s) is not None)
    window.view.centerOn(0, 0)
    lines = tip_at(window, qtbot, window.scene.port_pos(s, False, 0)).splitlines()
    assert lines[1] == "not connected: drag an output here"
    assert lines[2] == "takes any shape: a scalar, a vector or a matrix"
