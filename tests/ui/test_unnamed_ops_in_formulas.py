"""An unnamed op card is titled by its op (sin, sin₂, matmul₁): a formula names it so, as the
path line and the factors' headings do (∂(sin·w)/∂sin, 1/(sub)), never as a call nobody typed
(sin(square(x)), sub(x, 5)). A product of such a name with another is written with a dot, in
unicode and LaTeX alike: sin·w, never sin w (read as sin applied to w)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.core.expr import parse_expression


def inspector_on(window, qtbot, node_id) -> str:
    window.scene.clearSelection()
    window.scene.node_item(node_id).setSelected(True)
    qtbot.wait(50)
    panel = window.animation.inspector.panel
    return "\n".join([panel.texts()] + [v.text() for v in panel.formula_views])


def chain_lines(window, qtbot, variable: str) -> list[str]:
    dock = window.animation.chain
    dock.show()
    dock.raise_()
    dock.refresh_variables()
    dock.select_variable(window.graph.find(variable))
    return [line.strip() for line in dock.text.toPlainText().splitlines()]


def test_the_inspector_and_the_chain_rule_tab_write_unnamed_ops_as_their_cards(window, qtbot):
    window.open_graph(parse_expression("sin(square(x)) * w", {"x": 1.5, "w": 3.0}))
    mul = window.graph.output
    shown = inspector_on(window, qtbot, mul)
    assert "∂(sin·w)/∂w = sin" in shown
    assert "∂(sin·w)/∂sin = w" in shown
    assert "square(x)" not in shown and "sin w" not in shown
    qtbot.keyClick(window.view, Qt.Key_F6)
    lines = chain_lines(window, qtbot, "x")
    assert "Path 1:  x → square → sin → mul" in lines
    assert "= w · cos(square) · 2x" in lines  # each factor names the cards of the path line
    assert not [line for line in lines if "square(x)" in line]


def test_a_subtraction_typed_by_the_user_is_written_as_its_card(window, qtbot):
    """What the walks found: 1/(sub(x, 5)) beside the card sub and the path x → sub → log → mul."""
    window.open_graph(parse_expression("sum(log(x - 5) * y)", {"x": [6.0, 7.0], "y": [1.0, 2.0]}))
    log = next(n.id for n in window.graph.nodes() if n.op == "log")
    shown = inspector_on(window, qtbot, log)
    assert "∂ log(sub)/∂sub = 1/sub" in shown
    qtbot.keyClick(window.view, Qt.Key_F6)
    window.action("last_step").trigger()
    assert "structure: diag(1/(sub))" in inspector_on(window, qtbot, log)
    text = " ".join(" ".join(chain_lines(window, qtbot, "x")).split())
    assert "x → sub → log → mul → sum" in text
    assert "= 1ᵀ · diag(y) · diag(1/(sub)) · I" in text
    assert "sub(x, 5)" not in text


def test_the_latex_of_an_op_card_beside_a_name_has_a_dot():
    from graphviz_app.core.naming import operand_names
    from graphviz_app.core.ops import get_op

    g = parse_expression("log(x) * y")
    formulas = get_op("mul").formulas({}, [(), ()], operand_names(g, g.output))
    assert formulas[0].latex.startswith(r"\frac{\partial (\mathrm{log} \cdot y)}")


def test_the_inspector_names_an_unnamed_power_as_its_card(window, qtbot):
    window.open_graph(parse_expression("sin(x**2)", {"x": 0.5}))
    shown = inspector_on(window, qtbot, window.graph.output)
    assert "∂ sin(pow)/∂pow = cos(pow)" in shown and "pow(x)" not in shown
    qtbot.keyClick(window.view, Qt.Key_F6)
    shown = inspector_on(window, qtbot, window.graph.output)
    assert "structure: cos(pow)" in shown
    pow_id = next(n.id for n in window.graph.nodes() if n.op == "pow")
    shown = inspector_on(window, qtbot, pow_id)
    assert "structure: 2x" in shown and "p·" not in shown  # p's value: 2x, not p·x^(p−1)


def test_a_long_network_names_its_layers_as_their_cards():
    from graphviz_app.core.naming import operand_names

    g = parse_expression("sum(sigmoid(W @ x + b))")
    assert operand_names(g, g.output) == ["sigmoid"]
    add = next(n.id for n in g.nodes() if n.op == "add")
    assert operand_names(g, add) == ["matmul", "b"]


def test_a_long_chain_of_unnamed_ops_names_each_by_its_card():
    """3000 unnamed sines: the last one's operand is its card, sin₂₉₉₉."""
    from graphviz_app.core.graph import Graph
    from graphviz_app.core.naming import operand_names

    g = Graph()
    prev = g.add_node("variable", name="x", value=0.5)
    for _ in range(3000):
        n = g.add_node("op", "sin")
        g.connect(prev, n, 0)
        prev = n
    assert operand_names(g, prev) == ["sin₂₉₉₉"]
