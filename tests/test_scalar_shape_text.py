"""A scalar's shape is written ℝ in every message, never () (`ℝ @ ℝ: matmul takes vectors or
matrices`), and every other shape as the cards write it, ℝ³ˣ² (never (3, 2) beside ℝ): one
function, fmt_shape, writes shapes for every op and the engine."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from graphviz_app.core import engine
from graphviz_app.core.errors import ShapeError, UserError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import all_ops, fmt_shape

SHAPES = [(), (3,), (2, 3), (3, 2), (2, 2, 2)]


def test_fmt_shape_writes_a_scalar_as_r():
    assert fmt_shape(()) == "ℝ"
    assert fmt_shape((3,)) == "ℝ³" and fmt_shape((3, 2)) == "ℝ³ˣ²"  # as the cards write them


@pytest.mark.parametrize("op", all_ops(), ids=lambda op: op.name)
def test_no_shape_message_of_any_op_writes_empty_brackets(op):
    messages = []
    for shapes in itertools.product(SHAPES, repeat=op.arity):
        try:
            op.shape(list(shapes), op.params_with_defaults({}))
        except ShapeError as exc:
            messages.append(exc.message)
    for message in messages:
        assert "()" not in message, message
    if any(() in s for s in itertools.product(SHAPES, repeat=op.arity)) and op.name in ("matmul", "dot", "outer"):
        assert any("ℝ" in m for m in messages)


def test_matmul_of_two_scalars_says_r_at_r():
    g = parse_expression("A @ x", {"A": 2.0, "x": 3.0})
    with pytest.raises(UserError) as info:
        engine.evaluate(g).require(g.output)
    assert "A ℝ @ x ℝ: matmul takes vectors or matrices" in info.value.message


def test_a_seed_for_a_scalar_output_names_its_shape_r():
    g = parse_expression("sin(x)", {"x": 1.0})
    with pytest.raises(UserError) as info:
        engine.backward(g, seed=np.ones(3))
    assert "shape ℝ" in info.value.message and "()" not in info.value.message
