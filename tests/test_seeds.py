"""The worked examples of the four seed documents, reproduced exactly by the engine."""

from __future__ import annotations

import numpy as np
import pytest

from graphviz_app.core import engine, gradient_check
from graphviz_app.core.graph import Graph


def op(g, name, *inputs, label=None, **params):
    nid = g.add_node("op", name, name=label, params=params or None)
    for port, src in enumerate(inputs):
        g.connect(src, nid, port)
    return nid


def test_seed000_df_dt_of_x1_squared_plus_2x2():
    """f(x1, x2) = x1² + 2x2, x1 = sin t, x2 = cos t: df/dt = 2 sin t (cos t − 1)."""
    t_val = 0.7
    g = Graph()
    t = g.add_node("variable", name="t", value=t_val)
    two = g.add_node("constant", value=2.0)
    x1 = op(g, "sin", t, label="x1")
    x2 = op(g, "cos", t, label="x2")
    f = op(g, "add", op(g, "square", x1), op(g, "mul", two, x2), label="f")
    g.set_output(f)
    trace = engine.backward(g)
    expected = 2 * np.sin(t_val) * (np.cos(t_val) - 1)
    assert trace.gradients[t] == pytest.approx(expected, abs=1e-15)
    # ∂f/∂x1 = 2 sin t and ∂f/∂x2 = 2, the row vector of equation (4)
    assert trace.gradients[x1] == pytest.approx(2 * np.sin(t_val))
    assert trace.gradients[x2] == pytest.approx(2.0)
    # t is reached along two paths: the sum rule adds both contributions
    contributions = trace.contributions_to(t)
    assert [c[2].path_index for c in contributions] == [1, 2]
    assert all(c[2].path_count == 2 for c in contributions)
    total = sum(float(c[2].contribution) for c in contributions)
    assert total == pytest.approx(expected)
    assert float(contributions[-1][2].accumulated) == pytest.approx(expected)


def linear_model(N=4, D=2, seed=0):
    rng = np.random.default_rng(seed)
    Phi_v, y_v, theta_v = rng.normal(size=(N, D)), rng.normal(size=N), rng.normal(size=D)
    g = Graph()
    Phi = g.add_node("constant", name="Phi", value=Phi_v)
    y = g.add_node("constant", name="y", value=y_v)
    theta = g.add_node("variable", name="theta", value=theta_v)
    e = op(g, "sub", y, op(g, "matmul", Phi, theta), label="e")
    L = op(g, "sqnorm", e, label="L")
    g.set_output(L)
    return g, (Phi_v, y_v, theta_v), (theta, e, L)


def test_seed000_linear_model_gradient():
    """∂‖y − Φθ‖²/∂θ = −2eᵀΦ, from ∂L/∂e = 2eᵀ (1×N) and ∂e/∂θ = −Φ (N×D)."""
    g, (Phi, y, theta), (theta_id, e_id, L_id) = linear_model()
    trace = engine.backward(g)
    e = y - Phi @ theta
    np.testing.assert_allclose(trace.gradients[theta_id], -2 * e @ Phi, rtol=1e-13)
    np.testing.assert_allclose(trace.gradients[e_id], 2 * e, rtol=1e-13)
    # the loss step's local Jacobian is 2eᵀ, of shape () + (N,)
    loss_step = trace.step_of(L_id)
    np.testing.assert_allclose(loss_step.input_at(0).jacobian, 2 * e)
    # ∂e/∂θ composed from the two local Jacobians is −Φ
    jac = engine.full_jacobians(g, e_id)[theta_id]
    np.testing.assert_allclose(jac, -Phi)
    # the same gradient without the chain rule: L₂(θ) = (y − Φθ)ᵀ(y − Φθ)
    assert gradient_check.gradcheck(g).passed


def test_seed001_derivative_of_h_of_Wa_with_respect_to_matrix():
    """∂ᵢⱼ(h∘g) = aⱼ (∂ᵢh∘g) with g(W) = Wa: the gradient is ∇h(Wa) aᵀ, a 3rd-order local Jacobian δₖᵢ aⱼ."""
    rng = np.random.default_rng(1)
    W_v, a_v = rng.normal(size=(3, 2)), rng.normal(size=2)
    g = Graph()
    W = g.add_node("variable", name="W", value=W_v)
    a = g.add_node("constant", name="a", value=a_v)
    z = op(g, "matmul", W, a, label="z")
    h = op(g, "sum", op(g, "tanh", z), label="h")
    g.set_output(h)
    trace = engine.backward(g)
    grad_h = 1 - np.tanh(W_v @ a_v) ** 2  # ∇h at Wa
    np.testing.assert_allclose(trace.gradients[z], grad_h)
    np.testing.assert_allclose(trace.gradients[W], np.outer(grad_h, a_v), rtol=1e-13)
    inp = trace.step_of(z).input_at(0)
    assert inp.jacobian.shape == (3, 3, 2)
    for k, i, j in np.ndindex(3, 3, 2):
        assert inp.jacobian[k, i, j] == (a_v[j] if k == i else 0.0)
    assert inp.structure.startswith("δₖᵢ aⱼ")
    # the linear-operator definition: f(W + H) − f(W) ≈ ⟨a∇h, H⟩ for a small H
    H = 1e-7 * rng.normal(size=(3, 2))

    def f(M):
        return np.tanh(M @ a_v).sum()

    assert f(W_v + H) - f(W_v) == pytest.approx(np.sum(np.outer(grad_h, a_v) * H), rel=1e-5)


def test_seed002_gradient_chain_rule_is_product_of_transposed_jacobians():
    """∇ₓL = J₁ᵀ … Jₖᵀ ∇L for a chain of vector functions and a scalar loss."""
    rng = np.random.default_rng(2)
    g = Graph()
    x = g.add_node("variable", name="x", value=rng.normal(size=3))
    A1 = g.add_node("constant", name="A1", value=rng.normal(size=(4, 3)))
    A2 = g.add_node("constant", name="A2", value=rng.normal(size=(2, 4)))
    x1 = op(g, "matmul", A1, x)
    x2 = op(g, "tanh", x1)
    x3 = op(g, "matmul", A2, x2)
    x4 = op(g, "sin", x3)
    L = op(g, "sqnorm", x4, label="L")
    g.set_output(L)
    trace = engine.backward(g)
    chain = [(x1, 1), (x2, 0), (x3, 1), (x4, 0)]  # (node, port of the chain input)
    jacs = [trace.step_of(n).input_at(p).jacobian for n, p in chain]
    grad_L = trace.step_of(L).input_at(0).jacobian  # ∇_{x⁽ᵏ⁾}L
    product = grad_L
    for J in reversed(jacs):
        product = J.T @ product
    np.testing.assert_allclose(trace.gradients[x], product, rtol=1e-12)


def test_seed003_two_variable_example_vector_form():
    """y = u1² + u2², u = [[1, 1], [1, −1]] x: Jacobian A, ∇ᵤy = 2u, ∇y = [4x1, 4x2]."""
    x_v = np.array([1.5, -0.5])
    g = Graph()
    x = g.add_node("variable", name="x", value=x_v)
    A = g.add_node("constant", name="A", value=[[1, 1], [1, -1]])
    u = op(g, "matmul", A, x, label="u")
    y = op(g, "sqnorm", u, label="y")
    g.set_output(y)
    trace = engine.backward(g)
    np.testing.assert_array_equal(trace.step_of(u).input_at(1).jacobian, [[1, 1], [1, -1]])
    np.testing.assert_allclose(trace.gradients[u], 2 * np.array([x_v.sum(), x_v[0] - x_v[1]]))
    np.testing.assert_allclose(trace.gradients[x], 4 * x_v)


def test_seed003_two_variable_example_scalar_form():
    g = Graph()
    x1 = g.add_node("variable", name="x1", value=0.8)
    x2 = g.add_node("variable", name="x2", value=-1.3)
    u1 = op(g, "add", x1, x2, label="u1")
    u2 = op(g, "sub", x1, x2, label="u2")
    y = op(g, "add", op(g, "square", u1), op(g, "square", u2), label="y")
    g.set_output(y)
    grads = engine.gradients(g)
    assert grads[x1] == pytest.approx(4 * 0.8)
    assert grads[x2] == pytest.approx(4 * -1.3)


def test_seed003_sin_of_x_squared():
    g = Graph()
    x = g.add_node("variable", name="x", value=1.2)
    u = op(g, "square", x, label="u")
    y = op(g, "sin", u, label="y")
    g.set_output(y)
    trace = engine.backward(g)
    assert trace.gradients[x] == pytest.approx(2 * 1.2 * np.cos(1.2**2), abs=1e-15)
    assert float(trace.step_of(y).input_at(0).jacobian) == pytest.approx(np.cos(1.44))
    assert float(trace.step_of(u).input_at(0).jacobian) == pytest.approx(2.4)


def test_seed003_closed_form_gradients():
    """∇ₓ(Ax) = Aᵀ, ∇ₓ(xᵀAx) = (A + Aᵀ)x, ∇‖X‖²_F = 2X."""
    rng = np.random.default_rng(3)
    A_v, x_v, X_v = rng.normal(size=(3, 3)), rng.normal(size=3), rng.normal(size=(2, 3))
    g = Graph()
    A = g.add_node("constant", name="A", value=A_v)
    x = g.add_node("variable", name="x", value=x_v)
    Ax = op(g, "matmul", A, x)
    np.testing.assert_allclose(engine.full_jacobians(g, Ax)[x], A_v)  # numerator layout: A, i.e. (Aᵀ)ᵀ
    quad = op(g, "dot", x, Ax)
    np.testing.assert_allclose(engine.gradients(g, quad)[x], (A_v + A_v.T) @ x_v)
    X = g.add_node("variable", name="X", value=X_v)
    n = op(g, "sqnorm", X)
    np.testing.assert_allclose(engine.gradients(g, n)[X], 2 * X_v)
