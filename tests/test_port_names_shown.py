"""Outside the window too (export, CLI, API, refusals), an op with one input is never given its port's name u."""

import numpy as np

import graphviz_app as ga
from graphviz_app.core import engine
from graphviz_app.core.graph import Graph


def sin_t_times_w() -> ga.Graph:
    g = ga.Graph()
    g.op("mul", g.op("sin", g.variable("t", 0.5)), g.variable("w", 2.0))
    return g


def test_the_latex_export_titles_a_single_input_without_its_port():
    tex = sin_t_times_w().to_latex()
    assert r"\subsection*{Input $\leftarrow t$}" in tex
    assert r"\subsection*{Input a $\leftarrow" in tex
    assert "Input u" not in tex


def test_the_api_backward_display_names_no_port_of_a_single_input():
    shown = repr(sin_t_times_w().backward())
    assert "input ← t: ∂mul/∂sin · ∂sin/∂t" in shown and "input u" not in shown


def test_an_unconnected_single_input_is_its_input():
    g = Graph()
    s = g.add_node("op", "tanh", name="h")
    g.add_node("variable", name="x", value=np.ones(2))
    assert engine.evaluate(g).errors[s] == 'tanh "h": its input is not connected'
