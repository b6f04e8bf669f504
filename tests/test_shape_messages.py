"""A shape problem names the clashing cards as they show them, with their shapes, on every surface."""

from dataclasses import replace

import numpy as np
import pytest
from test_cli import run_error

import graphviz_app as ga
from graphviz_app.core import engine
from graphviz_app.core.errors import ShapeError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.graph import Graph
from graphviz_app.core.ops import get_op, register, use_registry


def test_the_cli_names_the_operands_of_a_matmul(capsys):
    line = run_error(capsys, "grad", "--expr", "sum(W @ x)", "--set", "W=[[1,2],[3,4],[5,6]]", "--set", "x=[1,2,3]")
    assert line == "error: matmul: W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ"


def test_the_cli_names_the_logits_and_the_target(capsys):
    line = run_error(
        capsys, "grad", "--expr", "softmax_xent(Z, Y)", "--set", "Z=[[1,2,3],[4,5,6]]", "--set", "Y=[[1,0,0]]"
    )
    assert line == "error: softmax_xent(Z ℝ²ˣ³, Y ℝ¹ˣ³): logits and target shapes differ"


def test_unnamed_cards_are_named_as_what_they_compute():
    g = parse_expression("sum(sigmoid(W @ x + b))")
    g.set_value(g.find("W"), np.ones((3, 2)))
    g.set_value(g.find("x"), np.ones(2))
    g.set_value(g.find("b"), np.ones(4))
    ev = engine.evaluate(g)
    (problem,) = ev.errors.values()
    assert problem == (
        "add: matmul(W, x) ℝ³ + b ℝ⁴: shapes do not broadcast (sizes 3 and 4 differ; sizes paired from the right must be equal or 1)"
    )


def test_a_scalar_operand_is_not_mistaken_for_the_start_of_a_longer_shape():
    g = Graph()
    s = g.add_node("variable", name="s", value=2.0)
    v = g.add_node("variable", name="v", value=np.ones(3))
    mm = g.add_node("op", "matmul", name="h")
    g.connect(s, mm, 0)
    g.connect(v, mm, 1)
    assert engine.evaluate(g).errors[mm].startswith('matmul "h": s ℝ @ v ℝ³: ')


def test_an_op_whose_message_does_not_write_the_shapes_gets_them_in_front():
    base = get_op("add")

    def refuse(shapes, params):
        raise ShapeError("these never fit")

    with use_registry():
        register(replace(base, name="picky", shape=refuse, numpy=(), api_name=None))
        g = Graph()
        a = g.add_node("variable", name="a", value=np.ones(2))
        b = g.add_node("variable", name="b", value=1.0)
        p = g.add_node("op", "picky")
        g.connect(a, p, 0)
        g.connect(b, p, 1)
        assert engine.evaluate(g).errors[p] == "picky: a ℝ² and b ℝ: these never fit"


def test_the_python_api_says_the_same_for_a_hand_built_graph():
    g = ga.Graph()
    x = g.variable("x", np.ones(3))
    W = g.variable("W", np.ones((3, 2)))
    with pytest.raises(ga.ShapeError) as info:
        g.op("matmul", W, x)
    assert str(info.value) == "matmul: W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ"


def loss_with_a_bad_matmul(x, W):
    return np.sum(W @ x)


def test_a_traced_function_says_it_as_the_engine_does_each_shape_once():
    with pytest.raises(ga.ShapeError) as info:
        ga.trace(loss_with_a_bad_matmul, x=np.ones(3), W=np.ones((3, 2)))
    where = "loss_with_a_bad_matmul (test_shape_messages.py, line "
    assert str(info.value).startswith(where)
    assert str(info.value).endswith(": return np.sum(W @ x)): matmul: W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ")


def test_an_unnamed_op_card_is_named_as_what_it_computes_never_bare():
    """'add: sin ℝ³ + y ℝ²' would read as sin applied to something."""
    g = Graph()
    x = g.add_node("variable", name="x", value=np.ones(3))
    y = g.add_node("variable", name="y", value=np.ones(2))
    s = g.add_node("op", "sin")
    g.connect(x, s, 0)
    a = g.add_node("op", "add")
    g.connect(s, a, 0)
    g.connect(y, a, 1)
    assert engine.evaluate(g).errors[a].startswith("add: sin(x) ℝ³ + y ℝ²: shapes do not broadcast")
