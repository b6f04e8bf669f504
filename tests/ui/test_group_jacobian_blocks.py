"""A collapsed group with several outputs (or inputs): its Jacobian is one matrix made of blocks,
∂(x1, x2)/∂t, shown whole, then each block named by its derivative (∂x1/∂t = J_x1), never
"J_group₁ = J_x1" beside "J_group₁ = J_x2"; the Jacobians' names are set as subscripts."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from graphviz_app.core.fileformat import load
from graphviz_app.resources_path import examples_dir


def grouped_sin_cos(window, qtbot):
    """Example 01 with x1 = sin t and x2 = cos t in one collapsed group: one input, two outputs."""
    graph = load(examples_dir() / "01_chain_rule_sin_cos.json")
    group = graph.groups.add([graph.find("x1"), graph.find("x2")], name="pair", collapsed=True)
    window.open_graph(graph)
    return group


def step_to_the_group(window, qtbot, group_id):
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    members = set(window.graph.groups.get(group_id).nodes)
    while c.active_node() not in members:
        assert c.k < c.count - 1
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
    window.animation.inspector.flush()
    return window.animation.inspector.group_view


def test_the_group_step_shows_its_jacobian_as_blocks_of_one_matrix(window, qtbot):
    group = grouped_sin_cos(window, qtbot)
    shown = step_to_the_group(window, qtbot, group)
    texts = shown.texts()
    assert "J_pair = ∂(x1, x2)/∂t   2×1: one block per output" in texts
    assert "∂x1/∂t = J_x1" in texts and "∂x2/∂t = J_x2" in texts
    assert "J_pair = J_x" not in texts  # what the walk found: one symbol equal to two numbers
    # the whole matrix, its rows labelled by output, its numbers the trace's local Jacobians
    trace = window.animation.controller.trace
    t = window.graph.find("t")
    expected = [trace.step_of(window.graph.find(x)).input_at(0).jacobian for x in ("x1", "x2")]
    table = shown.stacked_table
    assert table.shape() == (2, 1)
    drawn = [float(table.matrix_model.text(r, 0).replace("−", "-")) for r in range(2)]
    assert np.allclose(drawn, [float(j) for j in expected], atol=5e-5)
    assert np.isclose(drawn[0], np.cos(window.graph.node(t).value), atol=5e-5)
    heads = [table.matrix_model.headerData(r, Qt.Vertical, Qt.DisplayRole) for r in range(2)]
    assert heads == ["x1", "x2"]


def test_the_jacobians_names_are_set_as_subscripts(window, qtbot):
    group = grouped_sin_cos(window, qtbot)
    shown = step_to_the_group(window, qtbot, group)
    named = [w for w in shown.findChildren(QLabel) if w.isVisibleTo(shown) and "J_" in w.text()]
    assert named
    for label in named:
        assert label.textFormat() == Qt.TextFormat.RichText
        document = QTextDocument()
        document.setHtml(QLabel.text(label))  # what is drawn
        assert "_" not in document.toPlainText(), document.toPlainText()
    assert any("J<sub>x1</sub>" in QLabel.text(label) for label in named)


def test_in_denominator_layout_the_blocks_stand_side_by_side(window, qtbot):
    window.action("layout_denominator").trigger()
    group = grouped_sin_cos(window, qtbot)
    shown = step_to_the_group(window, qtbot, group)
    texts = shown.texts()
    assert "J_pairᵀ = (∂(x1, x2)/∂t)ᵀ   1×2: one block per output" in texts
    assert shown.stacked_table.shape() == (1, 2)
