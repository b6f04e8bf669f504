"""ga.trace: traced functions give the seeds' closed forms and what `graphviz-app grad` gives."""

import autograd.numpy as anp
import numpy as np
import pytest
from api_helpers import grad_report, needs_ops
from autograd import grad as autograd_grad
from hypothesis import given, settings
from hypothesis import strategies as st

import graphviz_app as ga


def close(a, b):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-10, atol=1e-12)


@needs_ops("square", "sin", "pow")
def test_sin_of_square_matches_the_chain_rule_and_grad(tmp_path, capsys):
    g = ga.trace(lambda x: np.sin(x**2), x=1.2)
    assert g.value == pytest.approx(np.sin(1.44))
    close(g.gradients["x"], 2 * 1.2 * np.cos(1.44))
    close(g.jacobians["x"], 2 * 1.2 * np.cos(1.44))
    report = grad_report(g, tmp_path, capsys)
    close(report["value"], g.value)
    close(report["gradients"]["x"], g.gradients["x"])


@needs_ops("add", "sub", "pow")
def test_u1_u2_example_gives_4x1_4x2(tmp_path, capsys):
    def y(x1, x2):
        u1 = x1 + x2
        u2 = x1 - x2
        return u1**2 + u2**2

    g = ga.trace(y, x1=0.7, x2=-1.3)
    close(g.value, 2 * 0.7**2 + 2 * 1.3**2)
    close(g.gradients["x1"], 4 * 0.7)
    close(g.gradients["x2"], 4 * -1.3)
    report = grad_report(g, tmp_path, capsys)
    close(report["gradients"]["x1"], 4 * 0.7)
    close(report["gradients"]["x2"], 4 * -1.3)


@needs_ops("matmul", "square", "sum")
def test_u_as_a_matrix_product_has_the_seed_jacobian():
    x = np.array([0.7, -1.3])
    g = ga.trace(lambda x: np.array([[1.0, 1.0], [1.0, -1.0]]) @ x, x=x)
    close(g.value, [x[0] + x[1], x[0] - x[1]])
    close(g.jacobians["x"], [[1, 1], [1, -1]])
    total = ga.trace(lambda x: np.sum(np.square(np.array([[1.0, 1.0], [1.0, -1.0]]) @ x)), x=x)
    close(total.gradients["x"], 4 * x)


@needs_ops("matmul", "sub", "pow", "sum")
def test_linear_model_gradient_is_minus_2_e_phi(tmp_path, capsys):
    theta, phi, y = np.array([0.5, 0.8]), np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0], [1.0, 1.0]]), np.arange(4.0)

    def loss(theta, Phi, y):
        e = y - Phi @ theta
        return np.sum(e**2)

    g = ga.trace(loss, theta=theta, Phi=phi, y=y, constants=("Phi", "y"))
    e = y - phi @ theta
    close(g.value, e @ e)
    close(g.gradients["theta"], -2 * e @ phi)
    assert set(g.gradients) == {"theta"}  # constants have none
    assert set(g.variables) == {"theta"}
    report = grad_report(g, tmp_path, capsys)
    close(report["value"], e @ e)
    close(report["gradients"]["theta"], -2 * e @ phi)
    close(report["jacobians"]["theta"]["value"], g.jacobians["theta"])


@needs_ops("matmul", "tanh", "sum")
def test_h_of_wa_gradient_and_third_order_jacobian(tmp_path, capsys):
    w = np.array([[0.2, -0.4], [0.1, 0.3], [0.5, 0.0]])
    a = np.array([1.5, -2.0])
    g = ga.trace(lambda W, a: np.sum(np.tanh(W @ a)), W=w, a=a, constants=("a",))
    # index form of seed 001: ∂ᵢⱼ(h∘g) = aⱼ (∂ᵢh)(Wa)
    close(g.gradients["W"], np.outer(1 - np.tanh(w @ a) ** 2, a))
    inner = ga.trace(lambda W, a: W @ a, W=w, a=a, constants=("a",))
    jac = inner.jacobians["W"]
    assert jac.shape == (3, 3, 2)
    close(jac, np.einsum("ik,l->ikl", np.eye(3), a))
    report = grad_report(inner, tmp_path, capsys)
    assert report["jacobians"]["W"]["shape"] == [3, 3, 2]
    close(report["jacobians"]["W"]["value"], jac)


@needs_ops("sin", "cos", "pow", "mul", "add")
def test_df_dt_of_the_first_seed():
    def f(t):
        x1, x2 = np.sin(t), np.cos(t)
        return x1**2 + 2 * x2

    g = ga.trace(f, t=0.4)
    close(g.gradients["t"], 2 * np.sin(0.4) * np.cos(0.4) - 2 * np.sin(0.4))


@needs_ops(
    "sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "abs", "square", "sum", "mean", "dot", "outer", "transpose"
)
def test_every_numpy_function_of_the_issue_against_autograd():
    x = np.array([0.3, 0.7, 1.1])
    v = np.array([0.2, -0.5, 0.9])

    def f(np_, x, v):
        a = np_.sin(x) + np_.cos(x) * np_.tan(x) - np_.exp(x) / (1.0 + np_.log(x + 2.0))
        b = np_.sqrt(x) + np_.tanh(x) * np_.abs(v) + np_.square(x)
        m = np_.outer(a, v) @ np_.transpose(np_.outer(b, v))
        return np_.sum(m) + np_.mean(b) * np_.dot(a, v) + np_.sum((-x) ** 3) + np_.sum(x.T if np_ is np else x)

    g = ga.trace(lambda x, v: f(np, x, v), x=x, v=v)
    close(g.value, f(np, x, v))
    close(g.gradients["x"], autograd_grad(lambda x: f(anp, x, v))(x))
    close(g.gradients["v"], autograd_grad(lambda v: f(anp, x, v))(v))


@needs_ops("sigmoid", "relu", "softmax", "softmax_xent", "sqerr", "sqnorm", "matmul")
def test_ga_functions_trace_and_compute_values():
    w = np.array([[0.5, -1.0, 0.3], [0.2, 0.4, -0.6]])
    x = np.array([1.0, 2.0, -1.0])
    target = np.array([0.0, 1.0])

    def net(W, x, t):
        h = ga.relu(W @ x) + ga.sigmoid(W @ x)
        return ga.softmax_xent(h, t) + ga.sqerr(ga.softmax(h), t) + 0.1 * ga.sqnorm(W)

    g = ga.trace(net, W=w, x=x, t=target, constants=("x", "t"))
    close(g.value, net(w, x, target))  # the same functions on plain arrays compute the value

    def net_ag(W):
        z = anp.dot(W, x)
        h = anp.maximum(z, 0) + 1 / (1 + anp.exp(-z))
        logp = h - anp.log(anp.sum(anp.exp(h)))
        p = anp.exp(logp)
        return -anp.sum(target * logp) + anp.sum((p - target) ** 2) + 0.1 * anp.sum(W**2)

    close(g.value, net_ag(w))
    close(g.gradients["W"], autograd_grad(net_ag)(w))
    assert ga.sigmoid(0.0) == pytest.approx(0.5)
    close(ga.relu(np.array([-1.0, 2.0])), [0.0, 2.0])


@needs_ops("mul", "sum")
def test_closed_over_arrays_become_named_constants_and_numbers_unnamed_ones():
    weights = np.array([1.0, 2.0, 3.0])

    def score(x):
        return np.sum(weights * x) * 2.0

    g = ga.trace(score, x=np.ones(3))
    assert "weights" in g.names
    assert g.variables == ["x"]
    close(g.gradients["x"], 2 * weights)
    kinds = {n.name: n.kind for n in g.core.nodes() if n.name}
    assert kinds["weights"] == "constant"
    assert g.output.name == "score"  # the output is named after the function


@needs_ops("mul", "sum")
def test_defaults_become_constants_and_positional_values_work():
    def f(x, scale=3.0):
        return np.sum(x * scale)

    g = ga.trace(f, np.array([1.0, 2.0]))
    assert g.variables == ["x"]
    close(g.gradients["x"], [3.0, 3.0])


@needs_ops("matmul", "tanh")
def test_vector_output_has_jacobians_and_a_full_jacobian_backward():
    w = np.array([[1.0, 2.0], [3.0, 4.0], [0.5, -0.5]])
    g = ga.trace(lambda W, a: np.tanh(W @ a), W=w, a=np.array([0.1, -0.2]))
    assert g.value.shape == (3,)
    assert g.jacobians["W"].shape == (3, 3, 2)
    assert g.jacobians["a"].shape == (3, 2)
    trace = g.backward()
    assert trace.mode == "jacobian"
    close(trace.gradients[g.core.find("a")], g.jacobians["a"])


@needs_ops("sum", "div")
def test_len_and_shape_are_known_while_tracing():
    g = ga.trace(lambda v: np.sum(v) / len(v) + v.sum() / v.shape[0], v=np.array([1.0, 2.0, 6.0]))
    close(g.value, 6.0)
    close(g.gradients["v"], [2 / 3] * 3)


# (name, numpy version for tracing, autograd version): functions safe on any real input
_CHAIN = {
    "sin": (np.sin, anp.sin),
    "cos": (np.cos, anp.cos),
    "tanh": (np.tanh, anp.tanh),
    "half_square": (lambda u: 0.5 * u**2, lambda u: 0.5 * u**2),
    "sigmoid": (ga.sigmoid, lambda u: 1 / (1 + anp.exp(-u))),
    "exp_of_sin": (lambda u: np.exp(np.sin(u)), lambda u: anp.exp(anp.sin(u))),
}


@needs_ops("sin", "cos", "tanh", "mul", "pow", "sigmoid", "exp", "sum", "matmul")
@settings(max_examples=25, deadline=None)
@given(
    chain=st.lists(st.sampled_from(sorted(_CHAIN)), min_size=1, max_size=5),
    x=st.lists(st.floats(-2, 2), min_size=1, max_size=4),
)
def test_random_chains_match_autograd(chain, x):
    x = np.array(x)
    m = np.linspace(-1.0, 1.0, 2 * len(x)).reshape(2, len(x))

    def traced(x):
        u = x
        for name in chain:
            u = _CHAIN[name][0](u)
        return np.sum(m @ u)

    def reference(x):
        u = x
        for name in chain:
            u = _CHAIN[name][1](u)
        return anp.sum(anp.dot(m, u))

    g = ga.trace(traced, x=x)
    np.testing.assert_allclose(g.value, reference(x), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(g.gradients["x"], autograd_grad(reference)(x), rtol=1e-7, atol=1e-10)


@needs_ops("add", "sum", "mul")
def test_shape_functions_and_zeros_like_need_no_node():
    def f(x):
        acc = np.zeros_like(x)
        for _ in range(np.size(x)):  # a loop over a known size unrolls into the graph
            acc = acc + x
        return np.sum(acc) * np.ndim(x) + np.sum(np.ones_like(x) * x) * np.shape(x)[0]

    g = ga.trace(f, x=np.array([1.0, 2.0]))
    close(g.value, 2 * 3.0 * 1 + 3.0 * 2)
    close(g.gradients["x"], [2 + 2, 2 + 2])
