"""Every op: shape rule, VJP, JVP and dense Jacobian agree with each other, with finite differences
and with HIPS autograd, on the sample inputs each op declares."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import make_vjp

from graphviz_app.core import engine
from graphviz_app.core.errors import GraphError, ShapeError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import all_ops, get_op

ALL = [op.name for op in all_ops()]
REQUIRED = {
    "add",
    "sub",
    "mul",
    "div",
    "neg",
    "pow",
    "square",
    "sqrt",
    "exp",
    "log",
    "sin",
    "cos",
    "tan",
    "tanh",
    "sigmoid",
    "relu",
    "abs",
    "matmul",
    "transpose",
    "dot",
    "outer",
    "sum",
    "mean",
    "softmax",
    "sqerr",
    "softmax_xent",
    "sqnorm",
}


def numeric_jacobian(op, xs, params, port, eps=1e-6):
    """Central differences of op's forward with respect to input `port`."""
    out = op.forward(xs, params)
    jac = np.zeros(out.shape + xs[port].shape)
    for idx in np.ndindex(*xs[port].shape):
        plus = [x.copy() for x in xs]
        minus = [x.copy() for x in xs]
        plus[port][idx] += eps
        minus[port][idx] -= eps
        diff = (op.forward(plus, params) - op.forward(minus, params)) / (2 * eps)
        jac[(...,) + idx] = diff
    return jac


def cases(name, rng):
    cases = get_op(name).sample_inputs(rng)
    assert cases and all(len(xs) == get_op(name).arity for xs in cases)
    return cases


def _log_softmax(z):
    """Row by row: a vector is one example, a matrix a batch of rows."""
    shifted = z - anp.max(z, axis=-1, keepdims=True)
    return shifted - anp.log(anp.sum(anp.exp(shifted), axis=-1, keepdims=True))


# The same functions written independently in autograd.numpy: the oracle for every op's VJP.
AUTOGRAD = {
    "neg": lambda u, p: -u,
    "square": lambda u, p: u * u,
    "pow": lambda u, p: anp.power(u, p["p"]),
    "sqrt": lambda u, p: anp.sqrt(u),
    "exp": lambda u, p: anp.exp(u),
    "log": lambda u, p: anp.log(u),
    "sin": lambda u, p: anp.sin(u),
    "cos": lambda u, p: anp.cos(u),
    "tan": lambda u, p: anp.tan(u),
    "tanh": lambda u, p: anp.tanh(u),
    "sigmoid": lambda u, p: 1 / (1 + anp.exp(-u)),
    "relu": lambda u, p: anp.maximum(u, 0.0),
    "abs": lambda u, p: anp.abs(u),
    "add": lambda a, b, p: a + b,
    "sub": lambda a, b, p: a - b,
    "mul": lambda a, b, p: a * b,
    "div": lambda a, b, p: a / b,
    "matmul": lambda a, b, p: anp.matmul(a, b),
    "transpose": lambda x, p: anp.transpose(x),
    "dot": lambda a, b, p: anp.dot(a, b),
    "outer": lambda a, b, p: anp.outer(a, b),
    "sum": lambda x, p: anp.sum(x),
    "mean": lambda x, p: anp.mean(x),
    "sqnorm": lambda x, p: anp.sum(x * x),
    "softmax": lambda z, p: anp.exp(_log_softmax(z)),
    "sqerr": lambda a, b, p: anp.sum((a - b) ** 2),
    "softmax_xent": lambda z, y, p: -anp.sum(y * _log_softmax(z)) / (z.shape[0] if z.ndim == 2 else 1),
}


def test_every_required_op_is_registered():
    assert REQUIRED <= set(ALL)


@pytest.mark.parametrize("name", sorted(AUTOGRAD))
def test_forward_and_vjp_match_autograd(name):
    op = get_op(name)
    rng = np.random.default_rng(5)
    for xs in cases(name, rng):
        params = op.params_with_defaults({})
        out = op.forward(xs, params)
        g = rng.normal(size=out.shape)
        for port in range(op.arity):

            def f(x, port=port, xs=xs, params=params):
                args = list(xs)
                args[port] = x
                return AUTOGRAD[name](*args, params)

            vjp, theirs = make_vjp(f)(xs[port])
            np.testing.assert_allclose(out, theirs, rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(op.vjp(g, xs, out, params)[port], vjp(g), rtol=1e-9, atol=1e-12)


def test_unknown_op_names_itself():
    with pytest.raises(GraphError, match='unknown op "matmull"'):
        get_op("matmull")


@pytest.mark.parametrize("name", ALL)
def test_forward_matches_shape_rule(name):
    op = get_op(name)
    rng = np.random.default_rng(0)
    for xs in cases(name, rng):
        params = op.params_with_defaults({})
        out = op.forward(xs, params)
        assert out.shape == op.shape([x.shape for x in xs], params)


@pytest.mark.parametrize("name", ALL)
def test_dense_jacobian_matches_finite_differences(name):
    op = get_op(name)
    rng = np.random.default_rng(1)
    for xs in cases(name, rng):
        params = op.params_with_defaults({})
        out = op.forward(xs, params)
        for port, jac in enumerate(op.local_jacobians(xs, out, params)):
            assert jac.shape == out.shape + xs[port].shape
            np.testing.assert_allclose(jac, numeric_jacobian(op, xs, params, port), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", ALL)
def test_vjp_is_gradient_times_jacobian(name):
    op = get_op(name)
    rng = np.random.default_rng(2)
    for xs in cases(name, rng):
        params = op.params_with_defaults({})
        out = op.forward(xs, params)
        g = rng.normal(size=out.shape)
        jacs = op.local_jacobians(xs, out, params)
        for x, jac, v in zip(xs, jacs, op.vjp(g, xs, out, params)):
            assert np.shape(v) == x.shape
            expected = np.tensordot(g, jac, axes=out.ndim)
            np.testing.assert_allclose(v, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ALL)
def test_jvp_is_jacobian_times_tangent(name):
    op = get_op(name)
    rng = np.random.default_rng(3)
    for xs in cases(name, rng):
        params = op.params_with_defaults({})
        out = op.forward(xs, params)
        jacs = op.local_jacobians(xs, out, params)
        for port, x in enumerate(xs):
            t = rng.normal(size=x.shape)
            tangents = [t if p == port else None for p in range(op.arity)]
            expected = np.tensordot(jacs[port], t, axes=x.ndim)
            np.testing.assert_allclose(op.tangent(tangents, xs, out, params), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ALL)
def test_every_op_declares_structure_and_formula(name):
    op = get_op(name)
    rng = np.random.default_rng(4)
    xs = cases(name, rng)[0]
    shapes = [x.shape for x in xs]
    structures = op.structures(shapes, op.params_with_defaults({}))
    assert len(structures) == op.arity and all(s and s != "dense" for s in structures)
    formulas = op.formulas({}, shapes)
    assert len(formulas) == op.arity
    for f in formulas:
        assert "∂" in f.unicode and "=" in f.unicode and "\\" in f.latex and f.pretty


@pytest.mark.parametrize("name", [op.name for op in all_ops() if op.category == "elementwise" and op.arity == 1])
def test_symbolic_derivative_agrees_with_numeric_rule(name):
    """sympy writes the formula; our own rule computes the numbers. They must agree."""
    import sympy as sp

    op = get_op(name)
    formula = op.formula(sp, op.params_with_defaults({}), [()], None)[0][2]
    u = sp.Symbol("u", real=True)
    f = sp.lambdify(u, formula, "numpy")
    for point in (0.3, 0.9, 1.7):
        x = np.asarray(point)
        out = op.forward([x], op.params_with_defaults({}))
        (jac,) = op.local_jacobians([x], out, op.params_with_defaults({}))
        assert float(f(point)) == pytest.approx(float(jac), rel=1e-9, abs=1e-12)


def test_formulas_read_like_the_seeds():
    sin = get_op("sin").formulas({})[0]
    assert sin.unicode == "∂ sin(u)/∂u = cos(u)"
    wa = get_op("matmul").formulas({}, [(3, 2), (2,)])[0]
    assert wa.unicode == "∂(Wa)ₖ/∂Wᵢⱼ = δₖᵢ aⱼ"
    assert r"\delta_{ki}" in wa.latex
    assert get_op("matmul").structures([(3, 2), (2,)], {})[0].startswith("δₖᵢ aⱼ")


def test_formulas_are_kept_for_a_bounded_number_of_requests():
    """Each new name or shape asked for writes new formulas; the oldest are let go past a bound."""
    from graphviz_app.core.ops import OpDef, use_registry
    from graphviz_app.core.ops.base import written_formulas

    with use_registry() as reg:
        scale = reg.register(
            OpDef(
                name="scale",
                category="elementwise",
                symbol="k·x",
                inputs=("u",),
                description="k·u (declared by a test)",
                shape=lambda shapes, p: shapes[0],
                forward=lambda xs, p: p["k"] * xs[0],
                vjp=lambda g, xs, out, p: [p["k"] * g],
                formula=lambda sp, p, shapes, names: [("∂y/∂u", r"\partial y/\partial u", (f"{p['k']:g}", "k"))],
                defaults={"k": 1.0},
            )
        )
        bound = written_formulas.cache_info().maxsize
        for k in range(bound + 50):
            assert scale.formulas({"k": float(k)})[0].unicode == f"∂y/∂u = {k}"
        assert written_formulas.cache_info().currsize <= bound
        assert scale.formulas({"k": 3.0})[0].unicode == "∂y/∂u = 3"  # let go, then written again alike


@pytest.mark.parametrize("p", [0.0, 1.0, 2.0, 3.0, -1.0, -2.0, 0.5])
def test_pow_at_its_singular_points_matches_autograd(p):
    """0 and negative bases with integer and zero exponents: d/dx x⁰ is 0 everywhere, at 0 too."""
    import warnings

    from autograd import elementwise_grad

    op = get_op("pow")
    x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 0⁻¹ and (−1)^0.5 on purpose
        out = op.forward([x], {"p": p})
        ours = op.vjp(np.ones(5), [x], out, {"p": p})[0]
        theirs = elementwise_grad(lambda u: anp.power(u, p))(x)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, equal_nan=True)
    if p == 0:
        assert ours.tolist() == [0.0] * 5


@pytest.mark.parametrize("text", ["pow(x, 0)", "x**0", "x**0 + x"])
def test_gradient_of_x_to_the_zero_at_zero_is_the_derivative_of_a_constant(text):
    g = parse_expression(text, {"x": 0.0})
    grads = engine.gradients(g)
    assert float(grads.get(g.find("x"), 0.0)) == (1.0 if "+" in text else 0.0)
    g = parse_expression(f"sum({text})", {"x": [0.0, 2.0]})  # the array path as well as the scalar one
    grads = engine.gradients(g)
    assert grads[g.find("x")].tolist() == ([1.0, 1.0] if "+" in text else [0.0, 0.0])


def test_pow_uses_its_exponent():
    op = get_op("pow")
    x = np.array([1.5, 2.0])
    out = op.forward([x], {"p": 3.0})
    np.testing.assert_allclose(out, x**3)
    np.testing.assert_allclose(op.vjp(np.ones(2), [x], out, {"p": 3.0})[0], 3 * x**2)
    assert "3⋅u" in op.formulas({"p": 3})[0].pretty


def test_pow_cards_write_whole_exponents_as_superscripts_as_square_does():
    op = get_op("pow")
    shown = [op.symbol_for({"p": p}) for p in (2, 3, -1, 10, 0.5, -0.5)]
    assert shown == ["x²", "x³", "x⁻¹", "x¹⁰", "x^0.5", "x^-0.5"]
    assert get_op("square").symbol == "x²"


@pytest.mark.parametrize(
    "name, shapes, message",
    [
        ("matmul", [(3, 2), (3,)], "ℝ³ˣ² @ ℝ³: inner sizes 2 and 3 differ"),
        ("matmul", [(), (3,)], "matmul takes vectors or matrices"),
        ("add", [(3,), (2,)], "ℝ³ + ℝ²: shapes do not broadcast (sizes 3 and 2 differ"),
        ("sub", [(2, 3), (2, 2)], "ℝ²ˣ³ − ℝ²ˣ²: shapes do not broadcast (sizes 3 and 2 differ"),
        ("mul", [(4, 3), (4,)], "ℝ⁴ˣ³ × ℝ⁴: shapes do not broadcast (sizes 3 and 4 differ"),
        ("div", [(3, 2), (2, 2)], "ℝ³ˣ² ÷ ℝ²ˣ²: shapes do not broadcast (sizes 3 and 2 differ"),
        ("dot", [(3,), (2,)], "lengths 3 and 2 differ"),
        ("outer", [(3, 2), (2,)], "takes two vectors"),
        ("softmax", [(3, 2, 2)], "ℝ³ˣ²ˣ²: the logits must be a vector, or a matrix with one example per row"),
        ("softmax_xent", [(), ()], "softmax_xent of ℝ: the logits must be a vector"),
        ("matmul", [(), ()], "ℝ @ ℝ: matmul takes vectors or matrices"),
        ("sqerr", [(3,), (2,)], "shapes differ"),
        ("softmax_xent", [(3,), (4,)], "shapes differ"),
    ],
)
def test_shape_errors_name_both_shapes(name, shapes, message):
    op = get_op(name)
    with pytest.raises(ShapeError) as info:
        op.shape(shapes, op.params_with_defaults({}))
    assert message in str(info.value)


def test_stable_at_extremes():
    big = np.array([-800.0, 0.0, 800.0])
    assert np.all(np.isfinite(get_op("sigmoid").forward([big], {})))
    assert np.all(np.isfinite(get_op("softmax").forward([big], {})))
    target = np.array([0.0, 0.0, 1.0])
    assert np.isfinite(get_op("softmax_xent").forward([big, target], {}))
