"""X @ w with a row weight w ℝ¹ˣ³: the advice avoids the column ℝ⁴ˣ¹ that `- y` would broadcast to ℝ⁴ˣ⁴."""

import numpy as np
import pytest
from shape_helpers import problem_of

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core import engine
from graphviz_app.core.expr import parse_expression

X = np.arange(12.0).reshape(4, 3)
ROW = np.array([[1.0, 2.0, 3.0]])
Y = np.arange(4.0)


@pytest.mark.parametrize("expression", ["mean((X @ w - y)**2)", "sum((y - X @ w)**2)", "sum(X @ w * y)"])
def test_feeding_an_element_wise_op_with_a_vector_the_vector_weight_is_advised(expression):
    problem = problem_of(expression, X=X, w=ROW, y=Y)
    assert "w must be the vector ℝ³, and X @ w is ℝ⁴ as y ℝ⁴ is" in problem
    assert "would make the column ℝ⁴ˣ¹" in problem and "into ℝ⁴ˣ⁴" in problem
    assert "looks transposed" not in problem


def test_the_advice_followed_fits_and_gives_the_value_per_example():
    g = parse_expression("mean((X @ w - y)**2)")
    for name, value in {"X": X, "w": ROW[0], "y": Y}.items():
        g.set_value(g.find(name), value)
    ev = engine.evaluate(g)
    assert not ev.errors
    (out,) = [v for n, v in ev.values.items() if g.node(n).op == "mean"]
    assert out == pytest.approx(np.mean((X @ ROW[0] - Y) ** 2))


def test_where_nothing_broadcasts_against_it_the_transpose_is_still_offered():
    problem = problem_of("sum(X @ w)", X=X, w=ROW)
    assert problem.endswith("w looks transposed: its transpose ℝ³ˣ¹ fits")


def test_the_command_line_says_the_same(capsys):
    code = main(
        [
            "grad",
            "--expr",
            "mean((X @ w - y)**2)",
            "--set",
            f"X={X.tolist()}",
            "--set",
            "w=[[1,2,3]]",
            "--set",
            "y=[0,1,2,3]",
        ]
    )
    assert code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "w must be the vector ℝ³" in line


def test_a_traced_function_stops_at_the_product_and_offers_the_vector_first():
    with pytest.raises(ga.ShapeError) as info:
        ga.trace(lambda X, w, y: np.mean((X @ w - y) ** 2), X=X, w=ROW, y=Y)
    said = str(info.value)
    assert said.endswith(
        "w looks like a row: as the vector ℝ³ it fits, and X @ w is ℝ⁴ (or its transpose ℝ³ˣ¹, and X @ w is the column ℝ⁴ˣ¹)"
    )
