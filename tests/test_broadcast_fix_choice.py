"""Of two operands of equal rank that do not broadcast, the fix names the card a person set (a
variable, a constant) rather than an op's result, whatever the cards are called."""

import numpy as np
import pytest
from shape_helpers import problem_of

import graphviz_app as ga


@pytest.mark.parametrize("expression", ["sum(y - x**2)", "sum(x**2 - y)"])
def test_an_unnamed_op_written_without_parentheses_is_not_taken_for_a_variable(expression):
    # the power card, pow, computes x²: still the result of an op, so the fix changes y
    problem = problem_of(expression, x=np.ones(3), y=np.ones(4))
    assert "pow (x²) ℝ³" in problem
    assert problem.endswith(" — y must be ℝ³ or a scalar to broadcast with pow")


@pytest.mark.parametrize("order", ["y - h", "h - y"])
def test_a_named_op_is_still_an_ops_result(order):
    g = ga.Graph()
    W = g.variable("W", np.ones((3, 2)))
    x = g.variable("x", np.ones(2))
    y = g.variable("y", np.ones(4))
    h = g.op("matmul", W, x, name="h")
    first, second = (y, h) if order == "y - h" else (h, y)
    with pytest.raises(ga.ShapeError) as info:
        g.op("sub", first, second)
    assert str(info.value).endswith(" — y must be ℝ³ or a scalar to broadcast with h")


def test_of_two_variables_the_fix_changes_the_second():
    problem = problem_of("sum(a - b)", a=np.ones(4), b=np.ones(3))
    assert problem == (
        "sub: a ℝ⁴ − b ℝ³: shapes do not broadcast (sizes 4 and 3 differ; sizes paired from the right must be equal or 1)"
        " — b must be ℝ⁴ or a scalar to broadcast with a"
    )


def test_of_two_ops_results_the_fix_changes_the_second():
    problem = problem_of("sum(sin(a) - cos(b))", a=np.ones(4), b=np.ones(3))
    assert "sin(a) ℝ⁴ − cos(b) ℝ³" in problem  # (the cards' names, their inputs once)
    assert problem.endswith(" — cos must be ℝ⁴ or a scalar to broadcast with sin")


def squared_error(x, y):
    return np.sum(x**2 - y)


def test_a_traced_function_names_the_argument_not_the_traced_result():
    with pytest.raises(ga.ShapeError) as info:
        ga.trace(squared_error, x=np.ones(3), y=np.ones(4))
    assert str(info.value).endswith(" — y must be ℝ³ or a scalar to broadcast with pow")
