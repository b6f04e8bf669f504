"""The chain rule along every path: factors, folding of unnamed nodes, sum rule.

The seed graph builders here are shared by the animation tests.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphviz_app.core import chain, engine
from graphviz_app.core import conventions as cv
from graphviz_app.core.graph import Graph


def op(g, name, *inputs, label=None, **params):
    nid = g.add_node("op", name, name=label, params=params or None)
    for port, src in enumerate(inputs):
        g.connect(src, nid, port)
    return nid


def linear_model(N=4, D=2, seed=0):
    """Seed 000: L = ‖y − Φθ‖², the matmul left unnamed (as in the shipped example)."""
    rng = np.random.default_rng(seed)
    g = Graph()
    g.add_node("constant", name="Phi", value=rng.normal(size=(N, D)), pos=(0, 0))
    g.add_node("constant", name="y", value=rng.normal(size=N), pos=(0, 150))
    g.add_node("variable", name="theta", value=rng.normal(size=D), pos=(0, 300))
    mm = op(g, "matmul", g.find("Phi"), g.find("theta"))
    e = op(g, "sub", g.find("y"), mm, label="e")
    L = op(g, "sqnorm", e, label="L")
    g.move(mm, (200, 150))
    g.move(e, (400, 150))
    g.move(L, (600, 150))
    g.set_output(L)
    return g


def df_dt(t=0.7):
    """Seed 000: f = x1² + 2x2, x1 = sin t, x2 = cos t."""
    g = Graph()
    tt = g.add_node("variable", name="t", value=t)
    two = g.add_node("constant", value=2.0)
    x1 = op(g, "sin", tt, label="x1")
    x2 = op(g, "cos", tt, label="x2")
    f = op(g, "add", op(g, "square", x1), op(g, "mul", two, x2), label="f")
    g.set_output(f)
    return g


def h_of_Wa(seed=1):
    """Seed 001: h(Wa) with W 3×2, a of length 2, h = Σ tanh."""
    rng = np.random.default_rng(seed)
    g = Graph()
    W = g.add_node("variable", name="W", value=rng.normal(size=(3, 2)))
    a = g.add_node("constant", name="a", value=rng.normal(size=2))
    z = op(g, "matmul", W, a, label="z")
    h = op(g, "sum", op(g, "tanh", z), label="h")
    g.set_output(h)
    return g


def two_variable(x=(1.5, -0.5)):
    """Seed 003: y = u1² + u2², u = [[1, 1], [1, −1]] x."""
    g = Graph()
    xx = g.add_node("variable", name="x", value=list(x))
    A = g.add_node("constant", name="A", value=[[1, 1], [1, -1]])
    u = op(g, "matmul", A, xx, label="u")
    y = op(g, "sqnorm", u, label="y")
    g.set_output(y)
    return g


def sin_x2(x=1.2):
    """Seed 003: y = sin(x²)."""
    g = Graph()
    xx = g.add_node("variable", name="x", value=x)
    u = op(g, "square", xx, label="u")
    y = op(g, "sin", u, label="y")
    g.set_output(y)
    return g


def test_linear_model_reads_as_seed_000():
    g = linear_model(N=5, D=3)
    trace = engine.backward(g)
    report = chain.chain_report(g, trace, "theta", cv.NUMERATOR)
    Phi, y, theta = (g.node(g.find(n)).value for n in ("Phi", "y", "theta"))
    e = y - Phi @ theta
    assert report.lhs == "∂L/∂θ"
    assert report.total_paths == 1 and report.omitted == 0
    (path,) = report.paths
    assert path.product_text == "∂L/∂e · ∂e/∂θ"
    assert path.readable_text == "2eᵀ · (−Φ)"
    assert path.shape_equation == "(1×5)·(5×3) = (1×3)"
    f1, f2 = path.factors
    np.testing.assert_allclose(f1.matrix, [2 * e])
    np.testing.assert_allclose(f2.matrix, -Phi)
    np.testing.assert_allclose(path.result.matrix, [-2 * e @ Phi], rtol=1e-12)
    assert report.agrees is True and "✓" in report.summary


def test_linear_model_denominator_is_transposed_product():
    g = linear_model()
    report = chain.chain_report(g, engine.backward(g), "theta", cv.DENOMINATOR)
    (path,) = report.paths
    assert path.product_text == "(∂e/∂θ)ᵀ · ∂L/∂e"
    assert path.readable_text == "(−Φᵀ) · 2e"
    assert path.shape_equation == "(2×4)·(4×1) = (2×1)"
    assert report.gradient.shape_text == "2×1" and report.agrees


def test_sum_rule_over_two_paths():
    g = df_dt(0.7)
    trace = engine.backward(g)
    report = chain.chain_report(g, trace, "t", cv.NUMERATOR)
    assert report.total_paths == 2
    results = sorted(float(p.result.matrix[0, 0]) for p in report.paths)
    expected = sorted([2 * np.sin(0.7) * np.cos(0.7), -2 * np.sin(0.7)])
    assert results == pytest.approx(expected)
    assert float(report.path_sum.matrix[0, 0]) == pytest.approx(2 * np.sin(0.7) * (np.cos(0.7) - 1))
    assert report.agrees
    texts = {p.product_text for p in report.paths}
    assert texts == {"∂f/∂x1 · ∂x1/∂t", "∂f/∂x2 · ∂x2/∂t"}


def test_sin_of_x_squared_readable():
    g = sin_x2(1.2)
    report = chain.chain_report(g, engine.backward(g), "x", cv.NUMERATOR)
    (path,) = report.paths
    assert path.product_text == "∂y/∂u · ∂u/∂x"
    assert path.readable_text == "cos u · 2x"
    assert float(path.result.matrix[0, 0]) == pytest.approx(2 * 1.2 * np.cos(1.44))


def test_a_scalar_identity_is_written_1_in_the_backward_steps_and_the_chain_alike():
    """(x₁ − x₂)² + x₁ with scalars: ∂sub/∂x₂ is the 1×1 Jacobian −1, not −I (an identity matrix),
    in the step the Inspector shows and in the Chain rule tab's factors, as seed 002 writes it."""
    from graphviz_app.core import expr

    g = expr.parse_expression("(x1 - x2)**2 + x1", values={"x1": 0.5, "x2": -0.5})
    trace = engine.backward(g)
    structures = {(step.op, i.source): i.structure for step in trace.steps for i in step.inputs}
    assert structures[("sub", g.find("x1"))] == "1" and structures[("sub", g.find("x2"))] == "−1"
    assert structures[("add", g.find("x1"))] == "1"
    texts = [p.readable_text for p in chain.chain_report(g, trace, "x2", cv.NUMERATOR).paths]
    assert texts and all("I" not in t and "−1" in t for t in texts)
    assert trace.gradients[g.find("x2")] == pytest.approx(-2.0)  # 2(x₁ − x₂) · (−1)
    vector = expr.parse_expression("sum(x - y)", values={"x": [1.0, 2.0], "y": [3.0, 4.0]})
    vector_steps = engine.backward(vector).steps
    assert "−I" in [i.structure for step in vector_steps if step.op == "sub" for i in step.inputs]


@pytest.mark.parametrize(
    "op_name, a, b, variable, readable",
    [
        ("div", [1.0, 2.0], [4.0, 5.0], "a", "1ᵀ/2 · diag(1/b)"),
        ("div", [1.0, 2.0], [4.0, 5.0], "b", "1ᵀ/2 · (−diag(a/b²))"),
        ("div", 3.0, 4.0, "b", "−a/b²"),
        ("mul", [1.0, 2.0], 3.0, "b", "1ᵀ/2 · a"),
    ],
)
def test_quotients_products_and_means_read_as_written(op_name, a, b, variable, readable):
    g = Graph()
    ids = [g.add_node("variable", name=n, value=v) for n, v in (("a", a), ("b", b))]
    q = op(g, op_name, *ids, label="q")
    g.set_output(op(g, "mean", q, label="L") if np.ndim(a) or np.ndim(b) else q)
    report = chain.chain_report(g, engine.backward(g), variable, cv.NUMERATOR)
    (path,) = report.paths
    assert path.readable_text == readable and report.agrees


def test_matrix_variable_and_third_order_factor():
    g = h_of_Wa()
    trace = engine.backward(g)
    W = g.node(g.find("W")).value
    a = g.node(g.find("a")).value
    grad_h = 1 - np.tanh(W @ a) ** 2
    num = chain.chain_report(g, trace, "W", cv.NUMERATOR)
    den = chain.chain_report(g, trace, "W", cv.DENOMINATOR)
    np.testing.assert_allclose(num.paths[0].result.matrix, np.outer(a, grad_h))  # a∇h
    np.testing.assert_allclose(den.paths[0].result.matrix, np.outer(grad_h, a))  # ∇h aᵀ
    assert num.paths[0].factors[-1].shape_text == "3×(3×2)"
    assert num.paths[0].factors[-1].structure.startswith("δₖᵢ aⱼ")
    assert num.paths[0].shape_equation == "(1×3)·(3×6) = (1×6)   shown as 2×3"
    assert num.agrees and den.agrees
    # in denominator layout the factor is the transpose, and so is the structure written under it
    transposed = den.paths[0].factors[0]
    assert transposed.symbol.endswith(")ᵀ")
    assert transposed.structure == f"({num.paths[0].factors[-1].structure})ᵀ"


def test_full_jacobian_and_seeded_vector_output():
    g = Graph()
    x = g.add_node("variable", name="x", value=[1.0, 2.0])
    A = g.add_node("constant", name="A", value=[[1, 1], [1, -1], [2, 0]])
    y = op(g, "matmul", A, x, label="y")
    g.set_output(y)
    jac = chain.chain_report(g, engine.backward(g, seed="jacobian"), "x", cv.NUMERATOR)
    np.testing.assert_allclose(jac.paths[0].result.matrix, [[1, 1], [1, -1], [2, 0]])
    assert jac.agrees and jac.lhs == "∂y/∂x"
    seeded = chain.chain_report(g, engine.backward(g, seed=[1.0, 0.0, 1.0]), "x", cv.DENOMINATOR)
    np.testing.assert_allclose(seeded.paths[0].result.matrix, [[3], [1]])
    assert seeded.paths[0].factors[-1].readable == "s" and seeded.agrees


def test_many_paths_are_capped_and_counted():
    g = Graph()
    x = g.add_node("variable", name="x", value=0.3)
    prev = x
    for i in range(6):  # each stage doubles the number of paths
        prev = op(g, "add", op(g, "sin", prev), op(g, "cos", prev), label=f"s{i}")
    g.set_output(prev)
    report = chain.chain_report(g, engine.backward(g), "x", cv.NUMERATOR, max_paths=20)
    assert report.total_paths == 64 and len(report.paths) == 20 and report.omitted == 44
    assert report.agrees is None and "44 more" in report.message


def test_parallel_edges_are_separate_paths_and_unreached_variable():
    g = Graph()
    x = g.add_node("variable", name="x", value=3.0)
    other = g.add_node("variable", name="w", value=1.0)
    sq = op(g, "mul", x, x, label="q")
    g.set_output(sq)
    trace = engine.backward(g)
    report = chain.chain_report(g, trace, "x", cv.NUMERATOR)
    assert report.total_paths == 2 and report.agrees
    assert float(report.path_sum.matrix[0, 0]) == pytest.approx(6.0)
    lone = chain.chain_report(g, trace, other, cv.NUMERATOR)
    assert lone.paths == [] and "does not influence" in lone.message


@pytest.mark.parametrize(
    "text, readable",
    [
        ("3 * tanh(x)", "3 · (1 − tanh² x)"),
        ("exp(tanh(x))", "exp h · (1 − tanh² x)"),
        ("tanh(x) / 2", "1/2 · (1 − tanh² x)"),
        ("-tanh(x)", "(−1) · (1 − tanh² x)"),
    ],
)
def test_a_sum_standing_in_a_product_is_bracketed(text, readable):
    """3 · 1 − tanh² x would read as 3 − tanh² x: the factor 1 − tanh² x keeps its brackets."""
    from graphviz_app.core.expr import parse_expression

    g = parse_expression(text, {"x": 0.5})
    g.rename(next(n.id for n in g.nodes() if n.op == "tanh"), "h")
    report = chain.chain_report(g, engine.backward(g), "x", cv.NUMERATOR)
    (path,) = report.paths
    assert path.readable_text == readable
    assert float(path.result.matrix[0, 0]) == pytest.approx(float(report.gradient.matrix[0, 0]))


def test_a_lone_sum_factor_needs_no_brackets():
    from graphviz_app.core.expr import parse_expression

    g = parse_expression("tanh(x)", {"x": 0.5})
    (path,) = chain.chain_report(g, engine.backward(g), "x", cv.NUMERATOR).paths
    assert path.readable_text == "1 − tanh² x"


def test_denominator_jacobian_is_named_as_its_transpose():
    """∂y/∂x = (∂y/∂x)ᵀ would say a matrix equals its transpose: the layout's left side is (∂y/∂x)ᵀ."""
    from graphviz_app.core.expr import parse_expression

    g = parse_expression("A @ x", {"A": [[1.0, 2.0], [3.0, 4.0]], "x": [1.0, -1.0]})
    trace = engine.backward(g, seed="jacobian")
    numerator = chain.chain_report(g, trace, "x", cv.NUMERATOR)
    denominator = chain.chain_report(g, trace, "x", cv.DENOMINATOR)
    assert numerator.lhs == "∂matmul/∂x" and numerator.paths[0].readable_text == "A"
    assert denominator.lhs == "(∂matmul/∂x)ᵀ" and denominator.paths[0].readable_text == "Aᵀ"
    assert denominator.agrees


def test_a_constant_that_feeds_the_output_is_not_said_to_have_zero_gradient():
    """Example 05's y and Φ are constants: the pass takes no gradient for them, but ∂L/∂y = 2(y − Φθ)ᵀ is
    not zero, so the report says why none is shown and how to see it."""
    g = Graph()
    x = g.add_node("variable", name="x", value=2.0)
    c = g.add_node("constant", name="c", value=3.0)
    lone = g.add_node("constant", name="k", value=1.0)
    g.set_output(op(g, "mul", x, c, label="L"))
    trace = engine.backward(g)
    report = chain.chain_report(g, trace, c, cv.NUMERATOR)
    assert report.message == (
        '"c" is a constant: the backward pass takes no gradient with respect to constants; '
        "make it a variable to follow ∂L/∂c"
    )
    assert "does not influence" in chain.chain_report(g, trace, lone, cv.NUMERATOR).message


def test_nan_on_both_sides_is_an_undefined_gradient_not_a_disagreement():
    from graphviz_app.core import expr

    g = expr.parse_expression("log(x - 5) * y", values={"x": 0.5, "y": 2.0})  # log gets −4.5
    report = chain.chain_report(g, engine.backward(g), "x", cv.NUMERATOR)
    assert report.agrees is None and "✗" not in report.summary
    assert report.summary.startswith("∂mul/∂x is undefined (nan")
    assert "log gets sub = −4.5: log is defined for positive numbers only" in report.summary  # the card where it began


def test_a_gradient_with_some_nan_entries_says_which_entry_began_it():
    g = Graph()
    x = g.add_node("variable", name="x", value=np.array([1.0, -2.0]))
    g.set_output(op(g, "sum", op(g, "log", x)))
    report = chain.chain_report(g, engine.backward(g), "x", cv.NUMERATOR)
    assert report.agrees is None and report.summary.startswith("Some entries of ∂sum/∂x are undefined")
    assert "log gets entry 2 of x = −2" in report.summary


def test_an_undefined_gradient_is_blamed_on_the_chosen_variables_own_paths():
    """log(x) + √y at 0: ∂/∂y is ∞ because √ gets y = 0 (as the Inspector says at the sqrt step),
    not because log gets x = 0, which lies on x's path only; log(x) · √y still names log for y,
    whose path reads log's value."""
    from graphviz_app.core import expr

    g = expr.parse_expression("log(x) + sqrt(y)", values={"x": 0.0, "y": 0.0})
    trace = engine.backward(g)
    for_y = chain.chain_report(g, trace, "y", cv.NUMERATOR).summary
    assert for_y.startswith("∂add/∂y is undefined (∞")
    assert "because sqrt gets y = 0, where its derivative 1/(2√y) is not finite" in for_y
    assert "log" not in for_y
    assert "because log gets x = 0" in chain.chain_report(g, trace, "x", cv.NUMERATOR).summary
    g = expr.parse_expression("log(x) * sqrt(y)", values={"x": 0.0, "y": 1.0})
    assert "because log gets x = 0" in chain.chain_report(g, engine.backward(g), "y", cv.NUMERATOR).summary


def _walk_case(text, values):
    from graphviz_app.core import expr

    g = expr.parse_expression(text, values={k: np.array(v) for k, v in values.items()})
    trace = engine.backward(g)
    return g, trace, [chain.chain_report(g, trace, "x", c) for c in (cv.NUMERATOR, cv.DENOMINATOR)]


def _central_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def test_one_undefined_entry_does_not_spread_through_a_diagonal_jacobians_zeros():
    """sum(log(x − 5)) at x = (6, 1): log(−4) is undefined, log(1) is not; the path product keeps
    ∂/∂x₁ = 1 as the backward pass does, and says the other entry is undefined (no ✗)."""
    g, trace, reports = _walk_case("sum(log(x - 5))", {"x": [6.0, 1.0]})
    backward = trace.gradients[g.find("x")]
    assert backward[0] == pytest.approx(_central_difference(lambda t: np.log(t - 5), 6.0))  # the defined entry
    for report in reports:
        total = report.path_sum.matrix.ravel()
        assert total[0] == pytest.approx(1.0) and np.isnan(total[1])
        np.testing.assert_allclose(total, backward.ravel(), equal_nan=True)
        assert report.agrees is None and "✗" not in report.summary
        assert report.summary.startswith("Some entries of ∂sum/∂x are undefined (nan by the sum over the paths")
        assert "log gets entry 2 of sub = −4" in report.summary


def test_a_zero_gradient_through_an_undefined_entry_passes_back_zero_in_the_path_product_too():
    """sum(log(x − 5) · y) with y = (1, 0): the backward pass gives the finite (1, 0) (y₂ = 0 stops
    log(−4)'s nan), and so does the product of the path's Jacobians: ✓."""
    g, trace, reports = _walk_case("sum(log(x - 5) * y)", {"x": [6.0, 1.0], "y": [1.0, 0.0]})
    backward = trace.gradients[g.find("x")]
    np.testing.assert_array_equal(backward, [1.0, 0.0])
    assert backward[0] == pytest.approx(_central_difference(lambda t: np.log(t - 5) * 1.0, 6.0))
    for report in reports:
        np.testing.assert_allclose(report.path_sum.matrix.ravel(), [1.0, 0.0])
        assert report.agrees is True and report.summary.startswith("✓")


def test_an_undefined_gradient_is_said_with_the_sign_it_has():
    """1/x + x at x = 0: ∂/∂x = −1/x² + 1 is −∞ on both sides, said "−∞", not "∞"."""
    g, trace, reports = _walk_case("1/x + x", {"x": 0.0})
    assert np.isneginf(trace.gradients[g.find("x")])
    # differences taken nearer and nearer 0 head for −∞
    assert _central_difference(lambda t: 1 / t + t, 1e-3, h=1e-4) < -1e5
    for report in reports:
        assert np.isneginf(report.path_sum.matrix).all() and report.agrees is None
        assert report.summary.startswith("∂add/∂x is undefined (−∞ by the sum over the paths and by the backward")


def test_undefined_on_one_side_only_is_a_disagreement():
    """The check still says ✗ where one side has a number and the other has none."""
    from graphviz_app.core import expr

    g = expr.parse_expression("sum(log(x - 5))", values={"x": np.array([6.0, 1.0])})
    trace = engine.backward(g)
    trace.gradients[g.find("x")] = np.array([1.0, 2.0])  # a backward pass that (wrongly) found a number
    assert chain.chain_report(g, trace, "x", cv.NUMERATOR).agrees is False


def test_a_number_by_the_paths_against_nan_by_the_backward_pass_says_both_and_why():
    """c·(log(x)·w) at c = 0, x = 0: mul passes back 0·(−∞) = nan, the paths count 0·∞ as 0; the
    tab says what each side gives (no empty word, no ✗ for a known convention), and where it began."""
    from graphviz_app.core import expr

    g = expr.parse_expression("c * (log(x) * w)", values={"c": 0.0, "x": 0.0, "w": 1.0})
    trace = engine.backward(g)
    assert np.isnan(trace.gradients[g.find("w")])
    report = chain.chain_report(g, trace, "w", cv.NUMERATOR)
    np.testing.assert_array_equal(report.path_sum.matrix, [[0.0]])
    assert report.agrees is None
    assert report.summary.startswith(
        "∂mul₂/∂w is undefined (nan by the backward pass, which takes 0·∞ as undefined, "
        "but 0 by the sum over the paths, which counts 0·∞ as 0), because log gets x = 0"
    )
    assert "( " not in report.summary


def test_nan_by_the_backward_pass_with_no_undefined_factor_is_a_disagreement():
    """The paths give a number and no factor is undefined: nothing explains a nan from the backward pass."""
    from graphviz_app.core import expr

    g = expr.parse_expression("x * y", values={"x": 2.0, "y": 3.0})
    trace = engine.backward(g)
    trace.gradients[g.find("x")] = np.array(np.nan)  # a backward pass that (wrongly) lost the number
    assert chain.chain_report(g, trace, "x", cv.NUMERATOR).agrees is False


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(0, 2**32 - 1),
)
def test_the_path_product_counts_zero_times_undefined_as_zero(n, k, m, seed):
    """defined_product against the sum of its terms, each 0 where a factor is exactly 0."""
    rng = np.random.default_rng(seed)
    special = np.array([0.0, np.nan, np.inf, -np.inf, 1.5, -2.0])
    a = np.where(rng.random((n, k)) < 0.5, rng.choice(special, (n, k)), rng.normal(size=(n, k)))
    b = np.where(rng.random((k, m)) < 0.5, rng.choice(special, (k, m)), rng.normal(size=(k, m)))
    with np.errstate(invalid="ignore"):
        terms = a[:, :, None] * b[None, :, :]
        terms[(a[:, :, None] == 0) | (b[None, :, :] == 0)] = 0.0
        expected = terms.sum(axis=1)
    np.testing.assert_allclose(chain.defined_product(a, b), expected, equal_nan=True)
    finite_a, finite_b = np.nan_to_num(a, posinf=3.0, neginf=-3.0), np.nan_to_num(b, posinf=3.0, neginf=-3.0)
    np.testing.assert_allclose(chain.defined_product(finite_a, finite_b), finite_a @ finite_b)
