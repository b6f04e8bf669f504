"""An unnamed op card is titled by its op (sin, sin₂): a formula never writes it bare, where
"sin w" and ∂(sin w)/∂sin read as sin applied to w. It is written as what it computes,
sin(square(x)), or when that is long as its card's name applied: sigmoid(…)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.core.expr import parse_expression


def inspector_on(window, qtbot, node_id) -> str:
    window.scene.clearSelection()
    window.scene.node_item(node_id).setSelected(True)
    qtbot.wait(50)
    panel = window.animation.inspector.panel
    return "\n".join([panel.texts()] + [v.text() for v in panel.formula_views])


def test_the_inspector_and_the_chain_rule_tab_write_unnamed_ops_as_what_they_compute(window, qtbot):
    window.open_graph(parse_expression("sin(square(x)) * w", {"x": 1.5, "w": 3.0}))
    mul = window.graph.output
    shown = inspector_on(window, qtbot, mul)
    assert "∂(sin(square(x))·w)/∂w = sin(square(x))" in shown
    assert "∂(sin(square(x))·w)/∂sin(square(x)) = w" in shown
    assert "sin w" not in shown and "/∂sin =" not in shown  # what the walk found
    qtbot.keyClick(window.view, Qt.Key_F6)
    dock = window.animation.chain
    dock.show()
    dock.raise_()
    dock.refresh_variables()
    dock.select_variable(window.graph.find("w"))
    lines = [line.strip() for line in dock.text.toPlainText().splitlines()]
    assert "∂mul/∂w = sin(square(x))" in lines
    assert not [line for line in lines if line.startswith("=") or line.endswith("= sin")]


def test_a_long_structure_is_its_card_applied():
    from graphviz_app.core.naming import operand_names

    g = parse_expression("sum(sigmoid(W @ x + b))")
    assert operand_names(g, g.output) == ["sigmoid(…)"]
    add = next(n.id for n in g.nodes() if n.op == "add")
    assert operand_names(g, add) == ["matmul(W, x)", "b"]


def test_the_inspector_writes_an_unnamed_power_with_its_exponent(window, qtbot):
    window.open_graph(parse_expression("sin(x**2)", {"x": 0.5}))
    shown = inspector_on(window, qtbot, window.graph.output)
    assert "cos(x²)" in shown and "pow(x)" not in shown  # what the walk found: ∂sin(pow(x))/∂pow(x)
    qtbot.keyClick(window.view, Qt.Key_F6)
    shown = inspector_on(window, qtbot, window.graph.output)
    assert "structure: cos(x²)" in shown and "pow(x)" not in shown
    pow_id = next(n.id for n in window.graph.nodes() if n.op == "pow")
    shown = inspector_on(window, qtbot, pow_id)
    assert "structure: 2x" in shown and "p·" not in shown  # p's value: 2x, not p·x^(p−1)


def test_a_long_chain_of_unnamed_ops_is_named_without_walking_it_all():
    """3000 unnamed sines: the last one's operand is named by its card (too long to write out),
    with no recursion through the whole chain."""
    from graphviz_app.core.graph import Graph
    from graphviz_app.core.naming import operand_names

    g = Graph()
    prev = g.add_node("variable", name="x", value=0.5)
    for _ in range(3000):
        n = g.add_node("op", "sin")
        g.connect(prev, n, 0)
        prev = n
    assert operand_names(g, prev) == ["sin₂₉₉₉(…)"]


def test_an_unnamed_op_written_out_is_named_as_its_card_is():
    """Walk 21: one graph's structure texts wrote its matmuls as matmul₂(…) and as matmul(W, x):
    written out, an unnamed op goes by its card's name too (matmul₂(W, x) beside matmul₁(…))."""
    from graphviz_app.core.naming import display_labels, operand_names

    g = parse_expression("sqnorm(transpose(W) @ z) + sum(exp(W @ x))")
    names = display_labels(g)
    assert sorted(names[n.id] for n in g.nodes() if n.op == "matmul") == ["matmul₁", "matmul₂"]
    written = {names[n.id]: operand_names(g, n.id) for n in g.nodes() if n.op in ("sqnorm", "exp")}
    assert written == {"sqnorm": ["matmul₁(…)"], "exp": ["matmul₂(W, x)"]}
