"""Jacobian table headers say which entry they stand for: hovering the column W₁₂ of the local
Jacobian of an unnamed matmul reads ∂matmul/∂W₁₂, not only the label."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.core.graph import Graph


def build_h_of_Wa(window):
    """h = sum(tanh(W @ a)) as the mouse builds it: only W named."""
    g = Graph()
    W = g.add_node("variable", name="W", value=[[0.5, -0.3], [0.2, 0.4], [-0.6, 0.1]], pos=(0, 0))
    a = g.add_node("constant", value=[1.0, 2.0], pos=(0, 150))
    mm = g.add_node("op", "matmul", pos=(200, 50))
    g.connect(W, mm, 0)
    g.connect(a, mm, 1)
    th = g.add_node("op", "tanh", pos=(400, 50))
    g.connect(mm, th, 0)
    out = g.add_node("op", "sum", pos=(600, 50))
    g.connect(th, out, 0)
    g.set_output(out)
    window.graph.replace_with(g)
    return mm


def tips(table, orientation):
    model = table.matrix_model
    count = model.columnCount() if orientation == Qt.Horizontal else model.rowCount()
    return [model.headerData(i, orientation, Qt.ToolTipRole) for i in range(count)]


def test_local_jacobian_headers_name_their_entries(window, qtbot):
    mm = build_h_of_Wa(window)
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    assert c.active
    qtbot.keyClick(window.view, Qt.Key_Home)
    while c.active_node() != mm:
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
    panel = window.animation.inspector.panel
    box = next(b for b in panel.boxes if b.section.title.endswith("W"))
    columns = tips(box.table, Qt.Horizontal)
    assert columns[1] == "∂matmul/∂W₁₂" and columns[-1] == "∂matmul/∂W₃₂"
    assert tips(box.table, Qt.Vertical)[0] == "∂matmul₁/∂W"
    # the gradient of a matrix: a header is a column or row of W
    assert tips(box.accumulated_table, Qt.Horizontal)[0].startswith("∂sum/∂W")
