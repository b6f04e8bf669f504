"""The shipped examples: up to date with their generator, loadable, and equal to the seeds' closed forms."""

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

from graphviz_app.core import engine, gradient_check
from graphviz_app.core.fileformat import load
from graphviz_app.resources_path import example_files

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "examples"


def generator():
    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "docs" / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_files_are_exactly_what_the_generator_writes():
    expected = generator().expected_texts()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.json")}
    assert sorted(on_disk) == sorted(expected), "run python docs/make_examples.py"
    for name, text in expected.items():
        assert on_disk[name] == text, f"{name} is out of date: run python docs/make_examples.py"


def test_resources_path_finds_them_all():
    assert [p.name for p in example_files()] == sorted(generator().EXAMPLES)
    assert len(example_files()) == 9


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_every_example_loads_evaluates_and_passes_gradcheck(path):
    g = load(path)
    ev = engine.evaluate(g)
    assert not ev.errors and not ev.blocked and not ev.warnings
    assert g.output is not None
    if sum(v.value.size for v in g.variables()) <= 1000:  # the realistic-size network: tests/test_batched_classifier.py
        assert gradient_check.gradcheck(g).passed
    named = g.variables()
    assert all(n.name for n in named)  # variables carry the names of the texts
    positions = [n.pos for n in g.nodes()]
    assert len(set(positions)) == len(positions)


def values(g):
    ev = engine.evaluate(g)
    return lambda name: ev.values[g.find(name)]


def grads(g):
    gr = engine.gradients(g)
    return lambda name: gr[g.find(name)]


def test_01_chain_rule_sin_cos():
    g = load(EXAMPLES / "01_chain_rule_sin_cos.json")
    v, d = values(g), grads(g)
    t = float(v("t"))
    assert t == 0.7
    assert float(v("f")) == pytest.approx(math.sin(t) ** 2 + 2 * math.cos(t))
    assert float(d("t")) == pytest.approx(2 * math.sin(t) * (math.cos(t) - 1))
    assert float(d("x1")) == pytest.approx(2 * math.sin(t))  # ∂f/∂x1 = 2x1
    assert float(d("x2")) == pytest.approx(2.0)  # ∂f/∂x2 = 2


def test_02_two_variables_vector_form():
    g = load(EXAMPLES / "02_two_variables_vector_form.json")
    v, d = values(g), grads(g)
    x = v("x")
    np.testing.assert_allclose(engine.full_jacobians(g, "u")[g.find("x")], [[1, 1], [1, -1]])
    np.testing.assert_allclose(d("x"), 4 * x)
    assert float(v("y")) == pytest.approx(2 * (x @ x))


def test_03_two_variables_scalar_form():
    g = load(EXAMPLES / "03_two_variables_scalar_form.json")
    v, d = values(g), grads(g)
    x1, x2 = float(v("x1")), float(v("x2"))
    assert float(v("y")) == pytest.approx((x1 + x2) ** 2 + (x1 - x2) ** 2)
    assert float(d("x1")) == pytest.approx(4 * x1)
    assert float(d("x2")) == pytest.approx(4 * x2)


def test_04_sin_of_square():
    g = load(EXAMPLES / "04_sin_of_square.json")
    v, d = values(g), grads(g)
    x = float(v("x"))
    assert float(v("y")) == pytest.approx(math.sin(x * x))
    assert float(d("x")) == pytest.approx(2 * x * math.cos(x * x))


def test_05_linear_model():
    g = load(EXAMPLES / "05_linear_model.json")
    v, d = values(g), grads(g)
    phi, y, theta = v("Phi"), v("y"), v("theta")
    assert phi.shape == (4, 2) and y.shape == (4,) and theta.shape == (2,)
    e = y - phi @ theta
    np.testing.assert_allclose(v("e"), e)
    np.testing.assert_allclose(d("e"), 2 * e)  # ∂L/∂e = 2eᵀ
    np.testing.assert_allclose(d("theta"), -2 * e @ phi)  # ∂L/∂θ = −2eᵀΦ
    matmul = next(n for n in g.nodes() if n.op == "matmul")
    assert matmul.name is None
    assert [n.kind for n in g.variables()] == ["variable"] and g.variables()[0].name == "theta"


def test_06_h_of_wa():
    g = load(EXAMPLES / "06_h_of_Wa.json")
    v, d = values(g), grads(g)
    w, a = v("W"), v("a")
    assert w.shape == (3, 2) and a.shape == (2,)
    z = w @ a
    np.testing.assert_allclose(v("z"), z)
    grad_h_z = 1 - np.tanh(z) ** 2
    np.testing.assert_allclose(d("z"), grad_h_z)
    np.testing.assert_allclose(d("W"), np.outer(grad_h_z, a))  # ∂ᵢⱼ(h∘g) = aⱼ (∂ᵢh∘g)


def test_07_two_layer_network():
    g = load(EXAMPLES / "07_two_layer_network.json")
    v, d = values(g), grads(g)
    x, w1, b1, w2, b2, target = (v(n) for n in ("x", "W1", "b1", "W2", "b2", "target"))
    assert w1.shape == (4, 3) and w2.shape == (3, 4) and target.tolist() == [0.0, 1.0, 0.0]
    h = np.tanh(w1 @ x + b1)
    logits = w2 @ h + b2
    p = np.exp(logits - logits.max())
    p /= p.sum()
    assert float(v("loss")) == pytest.approx(-math.log(p[1]))
    delta2 = p - target  # ∇ of the loss w.r.t. the logits
    np.testing.assert_allclose(d("logits"), delta2)
    np.testing.assert_allclose(d("W2"), np.outer(delta2, h))
    np.testing.assert_allclose(d("b2"), delta2)
    delta1 = (w2.T @ delta2) * (1 - h**2)  # J₂ᵀ then diag(1 − h²): ∇ₓL = J₁ᵀ…Jₖᵀ ∇L
    np.testing.assert_allclose(d("b1"), delta1)
    np.testing.assert_allclose(d("W1"), np.outer(delta1, x))
