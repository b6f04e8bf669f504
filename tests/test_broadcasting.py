"""+ − × ÷ broadcast as numpy does: a batched layer X @ W + b with a bias row, a column with a matrix.

Gradients against HIPS autograd and central finite differences, local Jacobians against finite
differences and their Kronecker form, in the API, the CLI and the engine's traces.
"""

from __future__ import annotations

import json

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad as autograd_grad
from hypothesis import given, settings
from hypothesis import strategies as st

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core import chain, engine
from graphviz_app.core.errors import UserError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import get_op

OPS = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "div": lambda a, b: a / b}
# (a's shape, b's shape) numpy broadcasts: the cases of the brief and their mirror images
PAIRS = [
    ((5, 4), (4,)),  # a bias row: (N×D) + (D)
    ((5, 4), (1, 4)),  # (N×D) * (1×D)
    ((5, 1), (5, 4)),  # (N×1) − (N×D)
    ((3, 1), (4,)),  # a column with a row: both broadcast
    ((4,), (3, 4)),
    ((2, 3), (1, 1)),
    ((), (2, 3)),  # a scalar with a tensor, as before
    ((3,), ()),
    ((2, 2), (2, 2)),
]


def operands(a_shape, b_shape, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=a_shape)
    b = rng.uniform(0.5, 2.0, size=b_shape) * rng.choice([-1.0, 1.0], size=b_shape)  # a denominator off 0
    return np.asarray(a), np.asarray(b)


def finite_difference_jacobian(f, xs, port, eps=1e-6):
    out = f(*xs)
    jac = np.zeros(np.shape(out) + np.shape(xs[port]))
    for idx in np.ndindex(*np.shape(xs[port])):
        plus, minus = [np.array(x, dtype=float) for x in xs], [np.array(x, dtype=float) for x in xs]
        plus[port][idx] += eps
        minus[port][idx] -= eps
        jac[(...,) + idx] = (f(*plus) - f(*minus)) / (2 * eps)
    return jac


@pytest.mark.parametrize("name", sorted(OPS))
@pytest.mark.parametrize("a_shape, b_shape", PAIRS)
def test_gradients_of_a_broadcast_op_match_autograd(name, a_shape, b_shape):
    a, b = operands(a_shape, b_shape)
    weights = np.random.default_rng(1).normal(size=np.broadcast_shapes(a_shape, b_shape))
    g = parse_expression(f"sum({name}(a, b) * w)", {"a": a, "b": b, "w": weights})
    grads = engine.gradients(g)

    def loss(a, b):
        return anp.sum(OPS[name](a, b) * weights)

    for port, (var, value) in enumerate((("a", a), ("b", b))):
        ours = grads[g.find(var)]
        assert np.shape(ours) == np.shape(value)
        np.testing.assert_allclose(ours, autograd_grad(loss, port)(a, b), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", sorted(OPS))
@pytest.mark.parametrize("a_shape, b_shape", PAIRS)
def test_full_jacobian_of_a_broadcast_op_matches_finite_differences(name, a_shape, b_shape):
    a, b = operands(a_shape, b_shape, seed=2)
    g = parse_expression(f"{name}(a, b)", {"a": a, "b": b})
    jacs = engine.full_jacobians(g, g.output)
    op = get_op(name)
    local = op.local_jacobians([a, b], op.forward([a, b], {}), {})
    for port, var in enumerate(("a", "b")):
        expected = finite_difference_jacobian(lambda a, b: OPS[name](a, b), [a, b], port)
        np.testing.assert_allclose(jacs[g.find(var)], expected, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(local[port], expected, rtol=1e-6, atol=1e-8)


def test_the_bias_jacobian_is_an_identity_block_per_row():
    """∂(X + b)/∂b for X N×D and b D: N·D × D, 1ₙ ⊗ I_D; times X's entries for X ⊙ b."""
    n, d = 3, 4
    x, b = operands((n, d), (d,))
    add, mul = get_op("add"), get_op("mul")
    (_, jac_b) = add.local_jacobians([x, b], x + b, {})
    np.testing.assert_array_equal(jac_b.reshape(n * d, d), np.kron(np.ones((n, 1)), np.eye(d)))
    (_, jac_b) = mul.local_jacobians([x, b], x * b, {})
    np.testing.assert_allclose(jac_b.reshape(n * d, d), np.diag(x.ravel()) @ np.kron(np.ones((n, 1)), np.eye(d)))
    (jac_c, _) = add.local_jacobians([x[:, :1], x], x[:, :1] + x, {})  # a column repeated over the columns
    np.testing.assert_array_equal(jac_c.reshape(n * d, n), np.kron(np.eye(n), np.ones((d, 1))))


def test_structure_texts_say_how_an_input_is_repeated():
    add, sub, mul = get_op("add"), get_op("sub"), get_op("mul")
    assert add.structures([(8, 4), (4,)], {}, ["matmul", "b"]) == ["I", "1₈ ⊗ I₄ (b repeated over 8 rows)"]
    assert sub.structures([(8, 1), (8, 4)], {}, ["c", "X"]) == ["I₈ ⊗ 1₄ (c repeated over 4 columns)", "−I"]
    assert mul.structures([(8, 4), (1, 4)], {}, ["X", "s"]) == [
        "diag(s) (s repeated over 8 rows)",
        "diag(X)(1₈ ⊗ I₄) (s repeated over 8 rows)",
    ]
    assert add.structures([(3, 2), ()], {}, ["X", "c"]) == ["I", "column of ones (scalar broadcast)"]
    assert add.structures([(3, 2), (3, 2)], {}, ["X", "Y"]) == ["I", "I"]


def test_chain_factor_of_a_bias_is_its_copying_matrix():
    add = get_op("add")
    assert add.readable_factor(1, [(8, 4), (4,)], ["h", "b"]) == "(1₈ ⊗ I₄)"
    assert add.readable_factor(0, [(8, 4), (4,)], ["h", "b"]) == "I"
    assert get_op("sub").readable_factor(1, [(8, 4), (4,)], ["h", "b"]) == "−(1₈ ⊗ I₄)"


@pytest.mark.parametrize(
    "text, variable, numerator, denominator",
    [
        ("sum(X @ W + b)", "b", "1ᵀ · (1₈ ⊗ I₄)", "(1₈ ⊗ I₄)ᵀ · 1"),
        ("sum((X @ W) * b)", "b", "1ᵀ · diag(matmul(X, W)) · (1₈ ⊗ I₄)", "(1₈ ⊗ I₄)ᵀ · diag(matmul(X, W)) · 1"),
    ],
)
def test_chain_view_writes_a_bias_path_in_both_layouts(text, variable, numerator, denominator):
    rng = np.random.default_rng(4)
    g = parse_expression(text, {"X": rng.normal(size=(8, 5)), "W": rng.normal(size=(5, 4)), "b": rng.normal(size=4)})
    trace = engine.backward(g)
    for layout, expected in (("numerator", numerator), ("denominator", denominator)):
        report = chain.chain_report(g, trace, variable, layout)
        assert [p.readable_text for p in report.paths] == [expected]
        assert report.agrees


@pytest.mark.parametrize(
    "name, shapes, message",
    [
        ("add", [(2, 3), (2, 2)], "ℝ²ˣ³ + ℝ²ˣ²: shapes do not broadcast (sizes 3 and 2 differ"),
        ("mul", [(8, 4), (8,)], "ℝ⁸ˣ⁴ × ℝ⁸: shapes do not broadcast (sizes 4 and 8 differ"),
        ("add", [(8,), (8, 4)], "ℝ⁸ + ℝ⁸ˣ⁴: shapes do not broadcast (sizes 8 and 4 differ"),
        ("sub", [(3, 1), (2, 4)], "ℝ³ˣ¹ − ℝ²ˣ⁴: shapes do not broadcast (sizes 3 and 2 differ"),
    ],
)
def test_shapes_that_do_not_broadcast_are_named(name, shapes, message):
    with pytest.raises(UserError) as info:
        get_op(name).shape(shapes, {})
    assert message in str(info.value)


def test_a_batched_layer_with_a_bias_traces_and_matches_autograd():
    rng = np.random.default_rng(3)
    x, w, b = rng.normal(size=(8, 5)), rng.normal(size=(5, 4)), rng.normal(size=4)
    g = ga.trace(lambda X, W, b: np.sum(ga.relu(X @ W + b)), X=x, W=w, b=b)

    def loss(X, W, b):
        return anp.sum(anp.maximum(anp.dot(X, W) + b, 0.0))

    assert g.value == pytest.approx(loss(x, w, b))
    for port, name in enumerate("XWb"):
        np.testing.assert_allclose(g.gradients[name], autograd_grad(loss, port)(x, w, b), rtol=1e-10, atol=1e-12)
    assert g.gradients["b"].shape == (4,)
    (step,) = [s for s in g.backward().steps if s.op == "add"]
    assert [inp.structure for inp in step.inputs] == ["I", "1₈ ⊗ I₄ (b repeated over 8 rows)"]
    np.testing.assert_array_equal(step.input_at(1).jacobian.reshape(32, 4), np.kron(np.ones((8, 1)), np.eye(4)))


def test_cli_grad_of_a_layer_with_a_bias(capsys):
    code = main(
        ["grad", "--expr", "sum(X @ W + b)", "--set", "X=[[1,2],[3,4]]", "--set", "W=[[1,0],[0,1]]"]
        + ["--set", "b=[1,2]", "--json"]
    )
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    report = json.loads(out)
    assert report["value"] == 16
    assert report["gradients"]["b"] == [2, 2]
    assert report["gradients"]["W"] == [[4, 4], [6, 6]]  # Xᵀ·1
    assert report["gradients"]["X"] == [[1, 1], [1, 1]]


def test_cli_names_shapes_that_do_not_broadcast(capsys):
    code = main(["grad", "--expr", "sum(X + Y)", "--set", "X=[[1,2,3],[4,5,6]]", "--set", "Y=[[1,2],[3,4]]"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("error: ") and len(err.splitlines()) == 1
    assert "X ℝ²ˣ³ + Y ℝ²ˣ²: shapes do not broadcast" in err


@st.composite
def broadcast_pairs(draw):
    """Two shapes of rank ≤ 2 numpy broadcasts: a shape, and each of its sizes kept, set to 1 or dropped in front."""
    out = tuple(draw(st.lists(st.integers(1, 3), min_size=0, max_size=2)))

    def side():
        dims = [n if draw(st.booleans()) else 1 for n in out]
        return tuple(dims[draw(st.integers(0, len(dims))) :])

    return side(), side()


@settings(max_examples=40, deadline=None)
@given(pair=broadcast_pairs(), name=st.sampled_from(sorted(OPS)), seed=st.integers(0, 2**16))
def test_random_broadcasts_match_autograd_and_finite_differences(pair, name, seed):
    a_shape, b_shape = pair
    a, b = operands(a_shape, b_shape, seed)
    op = get_op(name)
    out = op.forward([a, b], {})
    assert out.shape == op.shape([a_shape, b_shape], {}) == np.broadcast_shapes(a_shape, b_shape)
    g = np.random.default_rng(seed).normal(size=out.shape)
    vjps = op.vjp(g, [a, b], out, {})
    jacs = op.local_jacobians([a, b], out, {})
    for port in (0, 1):

        def loss(a, b):
            return anp.sum(OPS[name](a, b) * g)

        np.testing.assert_allclose(vjps[port], autograd_grad(loss, port)(a, b), rtol=1e-10, atol=1e-12)
        expected = finite_difference_jacobian(lambda a, b: OPS[name](a, b), [a, b], port)
        np.testing.assert_allclose(jacs[port], expected, rtol=1e-6, atol=1e-8)
