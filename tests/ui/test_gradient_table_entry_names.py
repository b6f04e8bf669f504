"""The Inspector's gradient tables head each row and column of a matrix node by its name; a name
ending in a subscript (add₂, as the card shows it) is bracketed, (add₂)₁·, as the Jacobian table
writes (add₂)₁₁, so row 1 of add₂ never reads as a card add₂₁."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.core.graph import Graph


def build_two_adds(window):
    """sum(tanh((W + W) + W)): two unnamed adds, shown as add₁ and add₂."""
    g = Graph()
    W = g.add_node("variable", name="W", value=[[0.5, -0.3, 0.1], [0.2, 0.4, -0.2]], pos=(0, 0))
    first = g.add_node("op", "add", pos=(200, 0))
    g.connect(W, first, 0)
    g.connect(W, first, 1)
    second = g.add_node("op", "add", pos=(400, 0))
    g.connect(first, second, 0)
    g.connect(W, second, 1)
    th = g.add_node("op", "tanh", pos=(600, 0))
    g.connect(second, th, 0)
    out = g.add_node("op", "sum", pos=(800, 0))
    g.connect(th, out, 0)
    g.set_output(out)
    window.graph.replace_with(g)
    return second


def headers(table, orientation):
    model = table.matrix_model
    count = model.columnCount() if orientation == Qt.Horizontal else model.rowCount()
    return [model.headerData(i, orientation, Qt.DisplayRole) for i in range(count)]


def test_rows_and_columns_of_a_subscripted_node_are_bracketed(window, qtbot, tmp_path):
    node = build_two_adds(window)
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    assert c.active
    qtbot.keyClick(window.view, Qt.Key_Home)
    while c.active_node() != node:
        assert c.k < c.count - 1
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
    panel = window.animation.inspector.panel
    assert "∂sum/∂add₂" in panel.incoming_label.text()
    # numerator layout: the gradient of a 2×3 node is shown 3×2, columns are its rows
    assert headers(panel.incoming_table, Qt.Horizontal) == ["(add₂)₁·", "(add₂)₂·"]
    assert headers(panel.incoming_table, Qt.Vertical) == ["(add₂)·₁", "(add₂)·₂", "(add₂)·₃"]
    # a plain name keeps its plain form: W₁·
    box = next(b for b in panel.boxes if b.section.title.endswith("W"))
    assert headers(box.accumulated_table, Qt.Horizontal)[0] == "W₁·"
