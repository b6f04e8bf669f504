"""The generated graphs used by benchmarks and tests: their size, and that they evaluate."""

import numpy as np
import pytest

from graphviz_app.core import engine
from graphviz_app.core.sample_graphs import branching_chains, scalar_chains


@pytest.mark.parametrize("variables, chain", [(1, 1), (3, 2), (18, 4)])
def test_branching_chains_size_and_value(variables, chain):
    g = branching_chains(variables, chain)
    assert len(g) == variables * (1 + 2 * chain) + (2 * variables - 1) + 1
    ev = engine.evaluate(g)
    assert not ev.errors
    assert np.shape(ev.values[g.output]) == ()
    grads = engine.gradients(g)
    x0 = g.find("x0")
    assert grads[x0].shape == (3,) and np.all(np.isfinite(grads[x0]))


def test_scalar_chains_size_order_and_value():
    g = scalar_chains(5, lambda i: 0.1 * i, lambda i: ("sin",) * (i % 3), lambda: "mul")
    assert len(g) == 5 + (0 + 1 + 2 + 0 + 1) + 4 + 1
    assert [n.name for n in g.nodes() if n.kind == "variable"] == ["x0", "x1", "x2", "x3", "x4"]
    assert {n.op for n in g.nodes() if n.kind == "op"} == {"sin", "mul", "square"}
    ev = engine.evaluate(g)
    assert not ev.errors and g.node(g.output).name == "loss"
    assert np.shape(ev.values[g.output]) == ()
