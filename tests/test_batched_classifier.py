"""softmax and softmax_xent take a matrix of logits as a batch, one example per row, so a batched
classifier is one node; the realistic-size example (batch 32, 784 → 128 → 10) agrees with
autograd and its backward pass keeps the huge local Jacobians as structure."""

from __future__ import annotations

from pathlib import Path

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from graphviz_app.cli import main
from graphviz_app.core import engine
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.fileformat import load
from graphviz_app.core.ops import get_op

EXAMPLE = Path(__file__).parent.parent / "resources" / "examples" / "09_mnist_sized_network.json"


def log_softmax_rows(z):
    shifted = z - anp.max(z, axis=1, keepdims=True)
    return shifted - anp.log(anp.sum(anp.exp(shifted), axis=1, keepdims=True))


def test_softmax_of_a_matrix_is_the_softmax_of_each_row():
    z = np.random.default_rng(0).normal(size=(5, 4))
    out = get_op("softmax").forward([z], {})
    for row, s in zip(z, out):
        np.testing.assert_allclose(s, get_op("softmax").forward([row], {}))
    (jac,) = get_op("softmax").local_jacobians([z], out, {})
    assert jac.shape == (5, 4, 5, 4)
    assert np.all(jac[0, :, 1, :] == 0)  # rows do not mix
    assert "block diagonal" in get_op("softmax").structures([(5, 4)], {})[0]


def test_softmax_xent_of_a_batch_is_the_mean_over_its_rows():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(6, 3))
    y = np.eye(3)[rng.integers(3, size=6)]
    loss = float(get_op("softmax_xent").forward([z, y], {}))
    per_row = [float(get_op("softmax_xent").forward([zr, yr], {})) for zr, yr in zip(z, y)]
    assert loss == pytest.approx(np.mean(per_row))
    g = parse_expression("softmax_xent(Z, Y)", {"Z": z, "Y": y})
    grads = engine.gradients(g)
    expected = grad(lambda zz: -anp.sum(y * log_softmax_rows(zz)) / 6)(z)
    np.testing.assert_allclose(grads[g.find("Z")], expected, rtol=1e-10, atol=1e-14)


def test_a_batched_classifier_is_one_expression():
    rng = np.random.default_rng(2)
    values = {"X": rng.normal(size=(4, 5)), "W": rng.normal(size=(5, 3)), "Y": np.eye(3)[[0, 2, 1, 1]]}
    g = parse_expression("softmax_xent(X @ W, Y)", values)
    assert engine.evaluate(g).require(g.output).shape == ()


def network(params, X, Y):
    W1, b1, W2, b2 = params
    h = anp.maximum(anp.dot(X, W1) + b1, 0.0)
    return -anp.sum(Y * log_softmax_rows(anp.dot(h, W2) + b2)) / X.shape[0]


PARAMETERS = ("W1", "b1", "W2", "b2")


def test_the_mnist_sized_example_agrees_with_autograd():
    g = load(EXAMPLE)
    value = {n: g.node(g.find(n)).value for n in ("X", "Y", *PARAMETERS)}
    assert value["X"].shape == (32, 784) and value["W1"].shape == (784, 128) and value["b1"].shape == (128,)
    assert value["W2"].shape == (128, 10) and value["b2"].shape == (10,) and value["Y"].shape == (32, 10)
    ev = engine.evaluate(g)
    loss = float(ev.require(g.output))
    params = tuple(value[n] for n in PARAMETERS)
    assert loss == pytest.approx(network(params, value["X"], value["Y"]), rel=1e-12)
    ours = engine.gradients(g, evaluation=ev)
    theirs = grad(network)(params, value["X"], value["Y"])
    for name, expected in zip(PARAMETERS, theirs):
        np.testing.assert_allclose(ours[g.find(name)], expected, rtol=1e-9, atol=1e-14)
    assert np.abs(ours[g.find("b1")]).max() > 0  # the biases learn: the batch's rows summed


def test_its_backward_pass_keeps_large_local_jacobians_as_structure():
    g = load(EXAMPLE)
    trace = engine.backward(g)
    inputs = {(s.label, i.source_label): i for s in trace.steps for i in s.inputs}
    assert inputs[("loss", "logits")].jacobian is not None  # 1 × 320: small, shown densely
    assert "for each row" in inputs[("loss", "logits")].structure
    big = inputs[("matmul₁", "W1")]  # (32×128) × (784×128): 411 million entries
    assert big.jacobian is None and big.structure
    bias = inputs[("logits", "b2")]  # the bias row broadcast over the batch: an I₁₀ block per example
    assert bias.structure == "1₃₂ ⊗ I₁₀ (b2 repeated over 32 rows)"
    np.testing.assert_array_equal(bias.jacobian.reshape(320, 10), np.kron(np.ones((32, 1)), np.eye(10)))


def test_grad_runs_on_it(capsys):
    assert main(["grad", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("output loss, shape ℝ")
    assert "W1        ℝ⁷⁸⁴ˣ¹²⁸" in out
