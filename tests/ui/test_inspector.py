"""The Inspector on the seed documents' worked examples: numbers and shape strings as the seeds write them."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from graphviz_app.resources_path import examples_dir


def start(window, qtbot, name):
    assert window.files.open_example(examples_dir() / name)
    qtbot.keyClick(window.view, Qt.Key_F6)
    assert window.animation.controller.active
    return window.graph, window.animation


def step_to(qtbot, window, node_id):
    """Press → until the animation's active node is node_id."""
    c = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key_Home)
    while c.active_node() != node_id:
        assert c.k < c.count - 1, f"{node_id} never becomes active"
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
    return window.animation.inspector.panel


def table_values(table) -> np.ndarray:
    m = table.matrix_model
    return np.array(
        [[float(m.text(r, c).replace("−", "-")) for c in range(m.columnCount())] for r in range(m.rowCount())]
    )


def value(graph, name):
    return graph.node(graph.find(name)).value


def test_linear_model_minus_2_e_transpose_phi(window, qtbot):
    graph, ui = start(window, qtbot, "05_linear_model.json")
    Phi, y, theta = value(graph, "Phi"), value(graph, "y"), value(graph, "theta")
    N, D = Phi.shape
    e = y - Phi @ theta
    # ∂L/∂e = 2eᵀ, 1×N: the local Jacobian of the loss step
    panel = step_to(qtbot, window, graph.find("L"))
    (box,) = panel.boxes
    assert box.jacobian_label.text() == f"Local Jacobian ∂L/∂e  1×{N}"
    np.testing.assert_allclose(box.table.matrix_model.presented.matrix, [2 * e])
    # the unnamed matmul passes −2eᵀΦ to θ: (1×N)·(N×D) = (1×D)
    mm = next(s.node for s in ui.controller.trace.steps if s.op == "matmul")
    panel = step_to(qtbot, window, mm)
    box = next(b for b in panel.boxes if b.section.title.endswith("θ"))
    assert box.equation_label.text() == f"shapes:  (1×{N})·({N}×{D}) = (1×{D})"
    np.testing.assert_allclose(box.product_table.matrix_model.presented.matrix, [-2 * e @ Phi], rtol=1e-12)
    np.testing.assert_allclose(table_values(box.product_table), [-2 * e @ Phi], rtol=1e-3)
    assert box.accumulated_label.text().startswith("∂L/∂θ")
    assert f"∂L/∂matmul  1×{N}" in panel.incoming_label.text()  # the unnamed node by its op, as the canvas shows it
    # denominator layout: (D×N)·(N×1) = (D×1) and the gradient is a column
    ui.set_convention("denominator")
    box = next(b for b in ui.inspector.panel.boxes if b.section.title.endswith("θ"))
    assert box.equation_label.text() == f"shapes:  ({D}×{N})·({N}×1) = ({D}×1)"
    assert box.product_table.matrix_model.presented.matrix.shape == (D, 1)
    # the D×N matrix shown is the transposed Jacobian: its title, the product line and the chain
    # rule tab all call it (∂matmul/∂θ)ᵀ, as seed 002 writes Jᵀ
    assert box.jacobian_label.text() == f"Local Jacobian (∂matmul/∂θ)ᵀ  {D}×{N}"
    assert box.table.matrix_model.presented.matrix.shape == (D, N)
    assert box.product_label.text().startswith("(∂matmul/∂θ)ᵀ · ∂L/∂matmul")
    assert "transposed" not in box.note_label.text()  # (the title says it)
    assert box.structure_label.text() == "structure: Φᵀ (the matrix transposed)"  # the chain tab's −Φᵀ


def test_a_scalar_to_scalar_jacobian_has_nothing_to_transpose(window, qtbot):
    graph, ui = start(window, qtbot, "01_chain_rule_sin_cos.json")
    ui.set_convention("denominator")
    panel = step_to(qtbot, window, graph.find("f"))
    box = next(b for b in panel.boxes if b.section.title.endswith("square"))
    assert box.jacobian_label.text() == "Local Jacobian ∂f/∂square  1×1"
    assert box.product_label.text().startswith("∂f/∂square · ∂f/∂f")


def test_two_variables_gradient_and_jacobian(window, qtbot):
    graph, ui = start(window, qtbot, "02_two_variables_vector_form.json")
    x = value(graph, "x")
    panel = step_to(qtbot, window, graph.find("u"))
    box = next(b for b in panel.boxes if b.section.title.endswith("x"))
    np.testing.assert_array_equal(box.table.matrix_model.presented.matrix, [[1, 1], [1, -1]])
    assert box.jacobian_label.text() == "Local Jacobian ∂u/∂x  2×2"
    np.testing.assert_allclose(box.accumulated_table.matrix_model.presented.matrix, [4 * x])  # ∇y = [4x1, 4x2]
    panel = step_to(qtbot, window, graph.find("x"))
    assert panel.incoming_label.text().startswith("Gradient arriving from downstream  ∂y/∂x  1×2")
    np.testing.assert_allclose(panel.incoming_table.matrix_model.presented.matrix, [4 * x])
    assert [panel.incoming_table.matrix_model.headerData(i, Qt.Horizontal) for i in range(2)] == ["x₁", "x₂"]


def test_sin_of_x_squared(window, qtbot):
    graph, ui = start(window, qtbot, "04_sin_of_square.json")
    x = float(value(graph, "x"))
    panel = step_to(qtbot, window, graph.find("y"))
    assert panel.boxes[0].table.matrix_model.presented.matrix[0, 0] == pytest.approx(np.cos(x * x))
    assert "cos(u)" in panel.boxes[0].formula_view.text()
    panel = step_to(qtbot, window, graph.find("u"))
    assert panel.boxes[0].table.matrix_model.presented.matrix[0, 0] == pytest.approx(2 * x)
    assert panel.boxes[0].product_table.matrix_model.presented.matrix[0, 0] == pytest.approx(2 * x * np.cos(x * x))
    assert panel.boxes[0].formula_view.text() == "∂ x^2/∂x = 2·x"  # in the input's own name, as its number 2x
    panel = step_to(qtbot, window, graph.find("x"))
    assert panel.incoming_table.matrix_model.presented.matrix[0, 0] == pytest.approx(2 * x * np.cos(x * x))


def test_h_of_Wa_third_order_jacobian_and_both_layouts(window, qtbot):
    graph, ui = start(window, qtbot, "06_h_of_Wa.json")
    W, a = value(graph, "W"), value(graph, "a")
    n, m = W.shape
    grad_h = 1 - np.tanh(W @ a) ** 2
    panel = step_to(qtbot, window, graph.find("z"))
    box = next(b for b in panel.boxes if b.section.title.endswith("W"))
    assert box.jacobian_label.text() == f"Local Jacobian ∂z/∂W  {n}×({n}×{m})"
    assert "order 3" in box.note_label.text()
    assert "δₖᵢ aⱼ" in box.structure_label.text()
    J = box.table.matrix_model.presented.matrix
    for k in range(n):
        for i in range(n):
            for j in range(m):
                assert J[k, i * m + j] == (a[j] if k == i else 0.0)
    assert box.table.matrix_model.headerData(1, Qt.Horizontal) == "W₁₂"
    assert f"(1×{n})·({n}×{n * m}) = (1×{n * m})   shown as {m}×{n}" in box.equation_label.text()
    np.testing.assert_allclose(box.accumulated_table.matrix_model.presented.matrix, np.outer(a, grad_h))  # a∇h
    assert "δₖᵢ aⱼ" in box.formula_view.text()
    ui.set_convention("denominator")
    box = next(b for b in ui.inspector.panel.boxes if b.section.title.endswith("W"))
    np.testing.assert_allclose(box.accumulated_table.matrix_model.presented.matrix, np.outer(grad_h, a))  # ∇h aᵀ
    assert box.jacobian_label.text() == f"Local Jacobian (∂z/∂W)ᵀ  ({n}×{m})×{n}"
    assert box.note_label.text() == "a tensor of order 3, flattened"
    # the row passed back to W is shown in W's own shape in this layout, as the chain rule tab says
    assert box.equation_label.text() == f"shapes:  ({n * m}×{n})·({n}×1) = ({n * m}×1)   shown as {n}×{m}"


def test_sum_rule_lists_every_contribution(window, qtbot):
    graph, ui = start(window, qtbot, "01_chain_rule_sin_cos.json")
    t = float(value(graph, "t"))
    panel = step_to(qtbot, window, graph.find("t"))
    text = panel.sum_label.text()
    assert text.count("from ") == 2
    assert f"{2 * np.sin(t) * (np.cos(t) - 1):.4g}".replace("-", "−") in text


def test_selected_node_without_animation_shows_value_and_formula(window, qtbot):
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    y = window.graph.find("y")
    window.scene.select_nodes([y])
    panel = window.animation.inspector.panel
    assert panel.title_label.text() == "y  ·  sin"
    assert "value = " in panel.value_label.text()
    assert any("cos(u)" in v.text() for v in panel.formula_views)


def test_an_unnamed_node_is_called_after_its_op_once(window):
    from graphviz_app.core.graph import Graph

    g = Graph()
    x = g.add_node("variable", name="x", value=[1.0, 2.0], pos=(0, 0))
    first = g.add_node("op", "sin", pos=(200, 0))
    second = g.add_node("op", "sin", pos=(400, 0))
    g.connect(x, first, 0)
    g.connect(first, second, 0)
    g.set_output(second)
    window.graph.replace_with(g)
    window.scene.select_nodes([second])
    panel = window.animation.inspector.panel
    assert panel.title_label.text() == "sin₂"  # not "sin₂  ·  sin"
    window.scene.select_nodes([x])
    assert window.animation.inspector.panel.title_label.text() == "x  ·  variable"


def test_the_denominator_layout_describes_the_matrix_it_shows_without_a_double_transpose(window, qtbot):
    """Walk 21: sum's ∂/∂pow shown as a column read "1ᵀ (a row of ones), transposed"."""
    from graphviz_app.core.expr import parse_expression
    from graphviz_app.ui.commands.document import ReplaceGraphCommand

    graph = parse_expression("sum((y - Phi @ theta)**2)", shapes={"Phi": (3, 2), "theta": (2,), "y": (3,)})
    window.undo_stack.push(ReplaceGraphCommand(window.graph, graph, "New from Expression"))
    window.action("layout_denominator").trigger()
    qtbot.keyClick(window.view, Qt.Key_F6)
    panel = step_to(qtbot, window, window.graph.find("sum"))
    (box,) = panel.boxes
    assert box.jacobian_label.text() == "Local Jacobian (∂sum/∂pow)ᵀ  3×1"
    assert box.structure_label.text() == "structure: 1 (a column of ones)"
    panel = step_to(qtbot, window, window.graph.find("pow"))
    pow_structure = panel.boxes[0].structure_label.text()
    assert pow_structure.startswith("structure: diag(") and "transposed" not in pow_structure  # its own transpose
    panel = step_to(qtbot, window, window.graph.find("sub"))
    texts = [b.structure_label.text() for b in panel.boxes]
    assert texts == ["structure: I", "structure: −I"]


def test_the_denominator_layout_writes_the_transpose_of_a_transposed_matrix_as_the_matrix(window, qtbot):
    """Walk 21: ∂(Wᵀz)/∂z shown in the denominator layout read "transpose(W)ᵀ (the matrix
    transposed)", which is W."""
    from graphviz_app.core.expr import parse_expression
    from graphviz_app.ui.commands.document import ReplaceGraphCommand

    graph = parse_expression("sum(transpose(W) @ z)", shapes={"W": (3, 2), "z": (3,)})
    window.undo_stack.push(ReplaceGraphCommand(window.graph, graph, "New from Expression"))
    window.action("layout_denominator").trigger()
    qtbot.keyClick(window.view, Qt.Key_F6)
    panel = step_to(qtbot, window, window.graph.find("matmul"))
    texts = [b.structure_label.text() for b in panel.boxes]
    assert "structure: W (the matrix transposed)" in texts, texts
    window.action("layout_numerator").trigger()
    panel = step_to(qtbot, window, window.graph.find("matmul"))
    texts = [b.structure_label.text() for b in panel.boxes]
    assert "structure: transpose(W) (the matrix itself)" in texts, texts
