"""Formulas speak of a node's actual inputs by their names (∂(Φθ)ₖ/∂Φᵢⱼ = δₖᵢ θⱼ), as the
Inspector shows them; names are turned into sympy Symbols, never parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphviz_app.core.fileformat import load
from graphviz_app.core.graph import Graph
from graphviz_app.core.naming import operand_names
from graphviz_app.core.ops import get_op

EXAMPLES = Path(__file__).parent.parent / "resources" / "examples"


def formulas_of(graph: Graph, node_id: str, shapes) -> list[str]:
    node = graph.node(node_id)
    return [f.unicode for f in get_op(node.op).formulas(node.params, shapes, operand_names(graph, node_id))]


def test_sin_of_square_writes_the_square_with_its_input_x():
    g = load(EXAMPLES / "04_sin_of_square.json")
    assert formulas_of(g, g.find("u"), [()]) == ["∂ x^2/∂x = 2·x"]
    assert formulas_of(g, g.find("y"), [()]) == ["∂ sin(u)/∂u = cos(u)"]


def test_linear_model_writes_phi_theta_in_greek():
    g = load(EXAMPLES / "05_linear_model.json")
    matmul = next(n.id for n in g.nodes() if n.op == "matmul")
    assert formulas_of(g, matmul, [(4, 2), (2,)]) == ["∂(Φθ)ₖ/∂Φᵢⱼ = δₖᵢ θⱼ", "∂(Φθ)ₖ/∂θⱼ = Φₖⱼ"]
    latex = get_op("matmul").formulas({}, [(4, 2), (2,)], ["Φ", "θ"])[0].latex
    assert "Φ_{ij}" in latex and "θ_{j}" in latex


def test_two_layer_network_names_its_layers():
    g = load(EXAMPLES / "07_two_layer_network.json")
    sub = next(n.id for n in g.nodes() if n.op == "softmax_xent")
    assert formulas_of(g, sub, [(3,), (3,)])[0].startswith("∂CE/∂(logits)ₖ = sₖ Σᵢ (target)ᵢ − (target)ₖ")
    first_layer = next(n.id for n in g.nodes() if n.op == "matmul" and g.inputs_of(n.id)[1] == g.find("x"))
    assert formulas_of(g, first_layer, [(4, 3), (3,)])[0] == "∂(W1·x)ₖ/∂(W1)ᵢⱼ = δₖᵢ xⱼ"


def test_unnamed_scalar_constant_is_its_number_and_unnamed_ops_what_they_compute():
    g = Graph()
    two = g.add_node("constant", value=2.0)
    x = g.add_node("variable", name="x", value=1.5)
    mul = g.add_node("op", "mul")
    g.connect(two, mul, 0)
    g.connect(x, mul, 1)
    sq = g.add_node("op", "square")
    g.connect(mul, sq, 0)
    # the number is no variable to differentiate by: its own formula uses the port's symbol
    assert formulas_of(g, mul, [(), ()]) == ["∂(a·x)/∂a = x", "∂(2·x)/∂x = 2"]
    # an unnamed op is no bare "mul" (∂ mul^2/∂mul = 2·mul reads as functions): what it computes
    assert formulas_of(g, sq, [()]) == ["∂ mul(2, x)^2/∂mul(2, x) = 2·mul(2, x)"]


def test_one_node_feeding_both_inputs_keeps_the_ports_apart():
    g = Graph()
    x = g.add_node("variable", name="x", value=[1.0, 2.0])
    d = g.add_node("op", "dot")
    g.connect(x, d, 0)
    g.connect(x, d, 1)
    assert formulas_of(g, d, [(2,), (2,)]) == ["∂(aᵀb)/∂aₖ = bₖ", "∂(aᵀb)/∂bₖ = aₖ"]
    m = g.add_node("op", "mul")
    g.connect(x, m, 0)
    g.connect(x, m, 1)
    assert formulas_of(g, m, [(2,), (2,)]) == ["∂(a·b)/∂a = b", "∂(a·b)/∂b = a"]


@pytest.mark.parametrize("name", ["I", "E", "pi", "oo", "exp", "S"])
def test_names_sympy_would_read_as_constants_stay_names(name):
    """Parsing would turn I into √−1 and E into e; a Symbol keeps the user's name a name."""
    (f,) = get_op("sin").formulas({}, [()], [name])
    assert f.unicode == f"∂ sin({name})/∂{name} = cos({name})"


def test_formulas_without_names_keep_the_ops_own_symbols():
    assert get_op("matmul").formulas({}, [(3, 2), (2,)])[0].unicode == "∂(Wa)ₖ/∂Wᵢⱼ = δₖᵢ aⱼ"
    assert get_op("sin").formulas({})[0].unicode == "∂ sin(u)/∂u = cos(u)"


def test_latex_of_a_name_holds_no_command_or_group_of_the_user():
    (f,) = get_op("square").formulas({}, [()], ["a{b}\\c"])
    assert "\\c" not in f.latex and "{b}" not in f.latex


def test_the_trace_writes_each_jacobians_structure_in_the_inputs_names():
    from graphviz_app.core import engine

    g = load(EXAMPLES / "04_sin_of_square.json")
    step = engine.backward(g).step_of(g.find("u"))
    assert step.input_at(0).structure == "2x"  # beside ∂ x^2/∂x = 2·x, not 2u
    g = load(EXAMPLES / "05_linear_model.json")
    matmul = next(n.id for n in g.nodes() if n.op == "matmul")
    structures = [i.structure for i in engine.backward(g).step_of(matmul).inputs]
    assert structures == ["Φ (the matrix itself)"]  # ∂/∂θ only: the constant Φ gets no gradient
    g.set_kind(g.find("Phi"), "variable")
    structures = [i.structure for i in engine.backward(g).step_of(matmul).inputs]
    assert structures == ["δₖᵢ θⱼ, i.e. I ⊗ θᵀ", "Φ (the matrix itself)"]
    assert get_op("matmul").structures([(4, 2), (2,)], {})[0] == "δₖᵢ aⱼ, i.e. I ⊗ aᵀ"  # no names: the op's own


def test_an_unnamed_power_is_written_with_its_exponent_as_its_card_shows_it():
    from graphviz_app.core import engine
    from graphviz_app.core.expr import parse_expression

    g = parse_expression("sin(x**2)", {"x": 0.5})
    pow_id = next(n.id for n in g.nodes() if n.op == "pow")
    assert get_op("pow").symbol_for(g.node(pow_id).params) == "x²"  # the card
    assert operand_names(g, g.output) == ["x²"]
    assert formulas_of(g, g.output, [()]) == ["∂ sin(x²)/∂x² = cos(x²)"]
    trace = engine.backward(g)
    assert trace.step_of(g.output).input_at(0).structure == "cos(x²)"
    assert trace.step_of(pow_id).input_at(0).structure == "2x"  # p's value, not p·x^(p−1)
    g = parse_expression("sin(x**3 + y) * log(x ** -0.5)", {"x": 0.5, "y": 1.0})
    add = next(n.id for n in g.nodes() if n.op == "add")
    log = next(n.id for n in g.nodes() if n.op == "log")
    assert operand_names(g, add) == ["x³", "y"]
    assert operand_names(g, log) == ["x^-0.5"]
    structures = {
        n.params["p"]: engine.backward(g).step_of(n.id).input_at(0).structure for n in g.nodes() if n.op == "pow"
    }
    assert structures == {3: "3x²", -0.5: "−0.5x^(−1.5)"}


def test_a_power_of_an_unnamed_op_brackets_it():
    from graphviz_app.core.expr import parse_expression

    g = parse_expression("exp(sin(x)**3)")
    assert operand_names(g, g.output) == ["(sin(x))³"]


def test_exp_of_a_node_named_e_is_never_written_as_a_power_of_eulers_number():
    for name in ("e", "e1"):
        (f,) = get_op("exp").formulas({}, [()], [name])
        assert "e^{" not in f.latex and r"\exp\left(" in f.latex
        assert f.unicode == f"∂ exp({name})/∂{name} = exp({name})"
    (f,) = get_op("sigmoid").formulas({}, [()], ["e"])
    assert "e^{" not in f.latex
    (f,) = get_op("exp").formulas({}, [()], ["x"])  # any other name: eˣ as before
    assert f.latex == r"\frac{\partial\, e^{x}}{\partial x} = e^{x}"


def test_the_chain_rule_factor_of_a_power_carries_its_exponent():
    power = get_op("pow")
    assert power.readable_factor(0, [()], ["x"], {"p": 3}) == "3x²"
    assert power.readable_factor(0, [(3,)], ["θ"], {"p": 2}) == "diag(2θ)"
    assert power.readable_factor(0, [()], ["x"], {"p": 1}) == "1"


def _typeset_names(latex: str) -> set[str]:
    """The names a LaTeX formula writes with a subscript (b_{1}): none may come from a card's digits."""
    import re

    return set(re.findall(r"[A-Za-z]_\{[0-9]+\}", latex))


@pytest.mark.parametrize("names", [["W199", "b1"], ["b1", "W1"], ["x1", "e2"]])
def test_names_ending_in_digits_read_as_their_cards_in_every_form(names):
    # W₁₉₉ is how the app numbers its 199th unnamed card: the card "W199" must stay W199
    for op, shapes in (("add", [(), ()]), ("mul", [(), ()]), ("matmul", [(4, 3), (3, 2)]), ("pow", [()])):
        inputs = names[: get_op(op).arity]
        for f in get_op(op).formulas({"p": 2} if op == "pow" else {}, shapes[: len(inputs)], inputs):
            for name in inputs:
                assert name in f.unicode and name in f.pretty, (op, f)
                assert name in f.latex, (op, f.latex)
            assert not _typeset_names(f.latex), f.latex
            assert not any(c in "₀₁₂₃₄₅₆₇₈₉" for c in f.pretty), f.pretty


def test_the_inspector_formula_of_a_bias_names_b1_as_its_card():
    g = Graph()
    b1 = g.add_node("variable", name="b1", value=[1.0, 2.0])
    w1 = g.add_node("variable", name="W1", value=[3.0, 4.0])
    add = g.add_node("op", "add")
    g.connect(b1, add, 0)
    g.connect(w1, add, 1)
    node = g.node(add)
    (first, _) = get_op("add").formulas(node.params, [(2,), (2,)], operand_names(g, add))
    assert first.unicode == "∂(b1 + W1)/∂b1 = 1"  # (in the card's order: b1 feeds its first input)
    assert (
        first.latex == r"\frac{\partial (\mathrm{b1} + \mathrm{W1})}{\partial \mathrm{b1}} = 1"
    )  # as the LaTeX export


def test_a_power_of_a_name_ending_in_a_digit_is_bracketed():
    assert get_op("pow").readable_factor(0, [()], ["x1"], {"p": 3}) == "3·(x1)²"
    assert get_op("div").readable_factor(1, [(), ()], ["x1", "x2"], {}) == "−x1/(x2)²"
    assert get_op("square").readable_factor(0, [(3,)], ["u2"], {}) == "diag(2·u2)"
    # names without a trailing digit read as before
    assert get_op("square").readable_factor(0, [()], ["x"], {}) == "2x"
    assert get_op("sin").readable_factor(0, [()], ["x1"], {}) == "cos x1"


def test_a_sum_or_difference_keeps_the_operand_order_the_card_computes():
    """Walk 21: the sub card of y − Φθ was written ∂(−matmul(Φ, θ)+y)/∂y, in sympy's order."""
    from graphviz_app.core.expr import parse_expression

    g = parse_expression("sum((y - Phi @ theta)**2)", shapes={"Phi": (3, 2), "theta": (2,), "y": (3,)})
    sub = g.node(g.find("sub"))
    written = get_op("sub").formulas(sub.params, [(), ()], operand_names(g, sub.id))
    assert [f.unicode.split(" = ")[0] for f in written] == [
        "∂(y - matmul(Φ, θ))/∂y",
        "∂(y - matmul(Φ, θ))/∂matmul(Φ, θ)",
    ]
    assert [f.unicode.split(" = ")[1] for f in written] == ["1", "-1"]
    assert written[0].latex.startswith(r"\frac{\partial (y - ")
    add = get_op("add").formulas({}, [(), ()], ["y", "b"])
    assert add[0].unicode == "∂(y + b)/∂y = 1" and add[0].latex.startswith(r"\frac{\partial (y + b)}")
    assert get_op("mul").formulas({}, [(), ()], ["x", "2"])[0].unicode == "∂(2·x)/∂x = 2"  # (a product as before)
