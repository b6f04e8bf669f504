"""An expression's loss target is data: a variable fed only into the target of softmax_xent (the
op declares its target port and the sample it starts with) starts as a one-hot constant, as in
examples 07 and 08, not as signed example numbers; a value given, or a variable used elsewhere too,
stays as it is."""

from __future__ import annotations

import numpy as np
import pytest

from graphviz_app.core import engine
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import all_ops
from graphviz_app.core.shape_text import read_shapes

NETWORK = "softmax_xent(W2 @ relu(W1 @ x + b1) + b2, y)"


def node(graph, name):
    return graph.node(graph.find(name))


def test_a_cross_entropy_target_starts_as_a_one_hot_constant():
    graph = parse_expression(NETWORK, shapes=read_shapes("W1 3×2, x 2, W2 3×3, y 3"))
    y = node(graph, "y")
    assert y.kind == "constant" and y.value.tolist() == [0.0, 1.0, 0.0]
    assert all(node(graph, name).kind == "variable" for name in ("W1", "x", "b1", "W2", "b2"))
    loss = float(engine.evaluate(graph).values[graph.output])
    assert 0 < loss < 10
    assert "y" not in {graph.node(n).name for n in engine.gradients(graph, graph.output)}


def test_a_batch_of_targets_is_one_one_hot_row_per_example():
    graph = parse_expression("softmax_xent(X @ W + b, Y)", shapes=read_shapes("X 5×4, W 4×3"))
    Y = node(graph, "Y")
    assert Y.kind == "constant" and Y.value.shape == (5, 3)
    assert np.all(Y.value.sum(axis=1) == 1) and set(np.unique(Y.value)) == {0.0, 1.0}
    assert len({tuple(row) for row in Y.value}) == 3  # (not every example of one class)
    assert not engine.evaluate(graph).errors


def test_a_target_given_a_value_or_used_elsewhere_stays_a_variable():
    graph = parse_expression("softmax_xent(z, y)", values={"z": [1.0, 2.0, 3.0], "y": [0.2, 0.3, 0.5]})
    assert node(graph, "y").kind == "variable" and node(graph, "y").value.tolist() == [0.2, 0.3, 0.5]
    graph = parse_expression("softmax_xent(z, y) + sum(y)")
    assert node(graph, "y").kind == "variable"
    graph = parse_expression("softmax_xent(y, y)")  # (its logits too: a parameter)
    assert node(graph, "y").kind == "variable"


@pytest.mark.parametrize("op", [op for op in all_ops() if op.target_port is not None], ids=lambda op: op.name)
def test_an_op_with_a_target_declares_a_sample_its_samples_accept(op):
    rng = np.random.default_rng(0)
    for case in op.samples(rng):
        target = op.target_sample(case[op.target_port].shape)
        assert target.shape == case[op.target_port].shape
        inputs = list(case)
        inputs[op.target_port] = target
        assert np.isfinite(op.forward(inputs, dict(op.defaults))).all()
