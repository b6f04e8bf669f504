"""`g.backward()` displayed in a terminal or a notebook reads like the Inspector: nodes named as
their cards, each gradient with its shape in numerator layout (a row), each input's shape equation
and what it passes back; no ids, no dataclass dump of arrays and bound methods."""

import re

import numpy as np
import pytest
from api_helpers import needs_ops

import graphviz_app as ga
from graphviz_app.core.trace import BackwardTrace

W = np.array([[0.5, -0.3], [0.2, 0.4], [-0.6, 0.1]])
A = np.array([1.0, 2.0])


def loss(theta, Phi, y):
    e = y - Phi @ theta
    return np.sum(e**2)


def readme_graph():
    return ga.trace(loss, theta=np.array([0.5, 0.8]), Phi=np.ones((4, 2)), y=np.arange(4.0), constants=("Phi", "y"))


def assert_no_internals(text: str, g) -> None:
    for node in g.core.nodes():
        assert not re.search(rf"\b{node.id}\b", text), f"the id {node.id} is shown"
    for internal in ("method-wrapper", "array(", "BackwardStep(", "InputStep(", "JacobianEntries("):
        assert internal not in text


@needs_ops("matmul", "sub", "pow", "sum")
def test_the_readme_loss_shows_its_steps_gradients_and_shape_equations():
    g = readme_graph()
    text = repr(g.backward())
    lines = text.splitlines()
    assert lines[0] == "backward pass of loss = 5.16: 5 steps in numerator layout (gradients as rows)"
    assert "  step 1: loss, seed ∂loss/∂loss (1×1) = 1" in lines
    assert (
        "    input B ← θ: ∂loss/∂matmul · ∂matmul/∂θ  (1×4)·(4×2) = (1×2)  → contribution to ∂loss/∂θ: [−1.6, −1.6]"
        in lines
    )
    assert "  step 5: θ, gradient ∂loss/∂θ (1×2) = [−1.6, −1.6]" in lines
    assert sum(line.startswith("  step ") for line in lines) == 5  # the constants Φ and y get no step
    assert "∂loss/∂Φ" not in text and "∂loss/∂y" not in text
    assert_no_internals(text, g)


@needs_ops("matmul", "sub", "pow", "sum")
def test_a_matrix_gradient_says_it_is_shown_transposed_as_the_inspector_does():
    g = ga.trace(loss, theta=np.array([0.5, 0.8]), Phi=np.ones((4, 2)), y=np.arange(4.0), constants=("y",))
    text = repr(g.backward())  # (Φ a variable here: a constant gets no gradient)
    assert "(1×4)·(4×8) = (1×8), shown as 2×4" in text  # Φ's contribution, printed 2×4
    assert re.search(r"step 5: Φ, gradient ∂loss/∂Φ \(2×4, as Φᵀ\) = \[\[", text)


@needs_ops("matmul", "tanh")
def test_a_vector_output_shows_its_full_jacobian_or_the_seed():
    g = ga.trace(lambda W, a: np.tanh(W @ a), W=W, a=A, constants=("a",))
    full = repr(g.backward())
    assert full.startswith("backward pass of tanh (3,) = [−0.09967, 0.7616, −0.3799], its full Jacobian")
    assert "step 3: W, gradient ∂tanh/∂W (3×(3×2)) = " in full  # (the constant a: no step)
    seeded = repr(g.backward(seed=[1.0, 0.0, 0.0]))
    assert seeded.startswith("backward pass of L = ⟨s, tanh⟩ with tanh (3,) = ")
    assert "the seed s = [1, 0, 0]" in seeded.splitlines()[0]
    assert "step 1: tanh, seed ∂L/∂tanh (1×3) = [1, 0, 0]" in seeded
    assert_no_internals(full + seeded, g)


@needs_ops("sin", "add", "mul")
def test_a_step_and_an_input_shown_alone_read_the_same_way():
    g = ga.trace(lambda x: np.sin(x) + np.sin(2.0 * x), x=0.5)
    trace = g.backward()
    step = next(s for s in trace.steps if s.label == "sin₂")
    shown = repr(step)
    assert shown.startswith("step ") and "sin₂, gradient ∂add/∂sin₂ (1×1) = 1" in shown
    assert repr(step.input_at(0)).startswith("input ← mul: ∂add/∂sin₂ · ∂sin₂/∂mul  (1×1)·(1×1) = (1×1)")
    x_contributions = [i for s in trace.steps for i in s.inputs if i.source_label == "x"]
    assert "(1 of 2)" in repr(x_contributions[0]) and "(2 of 2)" in repr(x_contributions[1])
    assert_no_internals(repr(trace.steps), g)


def test_a_long_pass_lists_its_first_steps_and_says_how_many_more():
    def chain(x):
        for _ in range(20):
            x = x * 1.5
        return x

    text = repr(ga.trace(chain, x=1.0).backward())
    assert "21 steps" in text.splitlines()[0]  # 20 products and x (the constants 1.5 get no step)
    assert text.splitlines()[-1] == "  … 9 more steps (all in .steps)"


@needs_ops("matmul", "sub", "pow", "sum")
def test_the_trace_is_still_the_engines_data_and_ipython_shows_the_same_text():
    g = readme_graph()
    trace = g.backward()
    assert isinstance(trace, BackwardTrace) and len(trace) == 5
    assert g.to_latex(step=2).startswith("\\documentclass")  # (the export reads the same trace)
    ipython = pytest.importorskip("IPython.core.interactiveshell")
    shown = ipython.InteractiveShell.instance().display_formatter.format((g.value, trace))[0]["text/plain"]
    assert "backward pass of loss = 5.16" in shown and "method-wrapper" not in shown


@needs_ops("matmul", "tanh")
def test_a_vector_outputs_pass_is_the_one_grad_and_export_show():
    from graphviz_app.core import engine

    g = ga.trace(lambda W, a: np.tanh(W @ a), W=W, a=A, constants=("a",))
    shown = engine.default_backward(g.core)
    trace = g.backward()
    assert len(trace) == len(shown)
    np.testing.assert_array_equal(trace.gradients[g.core.find("W")], shown.gradients[g.core.find("W")])
