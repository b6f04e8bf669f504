"""Which ops take a shape at an input, and which can feed an input: answered by the ops' own shape
rules, checked here against what the engine then does with such a graph."""

import numpy as np
import pytest

from graphviz_app.core import port_fit
from graphviz_app.core.engine import evaluate
from graphviz_app.core.graph import Graph
from graphviz_app.core.ops import all_ops, get_op

SHAPES = [(), (3,), (2, 3)]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_every_op_offered_for_a_shape_evaluates_with_it(shape):
    """Offered: an op whose port takes the shape; connected there (the other inputs given shapes the
    rule accepts), the graph evaluates. Not offered: no port takes it whatever the others are."""
    for op in all_ops():
        port = port_fit.port_taking(op, shape)
        if port is None:
            continue
        for others in _accepted_others(op, port, shape):
            g = Graph()
            x = g.add_node("variable", name="x", value=np.full(shape, 0.5))
            n = g.add_node("op", op.name)
            g.connect(x, n, port)
            for p, s in others.items():
                g.connect(g.add_node("variable", value=np.full(s, 0.5)), n, p)
            assert not evaluate(g).errors, (op.name, shape, others)
            break


def _accepted_others(op, port, shape):
    trials = port_fit.trial_shapes([shape])
    free = [p for p in range(op.arity) if p != port]
    if not free:
        yield {}
        return
    for s in trials:
        others = dict.fromkeys(free, s)
        if port_fit.outputs(op, {port: shape, **others}):
            yield others


def test_a_matrix_is_refused_by_the_vector_ops_and_a_scalar_by_matmul():
    takers = {op.name for op in all_ops() if port_fit.port_taking(op, (2, 3)) is not None}
    assert {"matmul", "transpose", "tanh", "add", "sum"} <= takers
    assert not {"dot", "outer"} & takers
    scalar_takers = {op.name for op in all_ops() if port_fit.port_taking(op, ()) is not None}
    assert "matmul" not in scalar_takers and "mul" in scalar_takers


def test_feeders_of_a_matmul_right_operand():
    matmul = get_op("matmul")
    feeders = {op.name for op in all_ops() if port_fit.can_feed(op, matmul, 1, {0: (2, 3)})}
    assert {"sin", "matmul", "transpose"} <= feeders
    assert not {"sum", "dot", "sqnorm"} & feeders  # they give a scalar
    assert port_fit.fitting_shape(matmul, 1, {0: (2, 3)}) == (3,)
    assert port_fit.fitting_shape(get_op("add"), 1, {0: (2, 3)}) == ()


def test_refusal_is_the_rules_own_message():
    assert port_fit.refusal(get_op("matmul"), {0: (2, 3), 1: ()}) == (
        "ℝ²ˣ³ @ ℝ: matmul takes vectors or matrices (use mul for a scalar)"
    )
    assert port_fit.refusal(get_op("matmul"), {0: (2, 3)}) is None
