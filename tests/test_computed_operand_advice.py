"""A matrix product of a computed matrix (an activation, tanh(X @ W1)) and a weight the user set:
the advice resizes the weight (or, where its transpose fits, says it looks transposed), never
transposes the activation; two values the user set keep the transposed advice."""

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main

X, W1 = np.ones((4, 3)), np.ones((3, 5))


def traced_problem(f, **values) -> str:
    with pytest.raises(ga.ShapeError) as info:
        ga.trace(f, **values)
    return str(info.value)


def test_the_weight_after_an_activation_is_resized_not_the_activation_transposed():
    said = traced_problem(lambda X, W1, W2: np.tanh(X @ W1) @ W2, X=X, W1=W1, W2=np.ones((4, 2)))
    assert said.endswith("W2 must be ℝ⁵ˣ² to match tanh's 5 columns")
    assert "tanh looks transposed" not in said and "transpose ℝ⁵ˣ⁴" not in said


def test_a_weight_before_an_activation_is_resized_to_its_rows():
    said = traced_problem(lambda X, W1, W2: W2 @ np.tanh(X @ W1), X=X, W1=W1, W2=np.ones((2, 3)))
    assert said.endswith("W2 must be ℝ²ˣ⁴ to match tanh's 4 rows")


def test_a_weight_whose_transpose_fits_looks_transposed_itself():
    said = traced_problem(lambda X, W1, W2: np.tanh(X @ W1) @ W2, X=X, W1=W1, W2=np.ones((2, 5)))
    assert said.endswith("W2 looks transposed: its transpose ℝ⁵ˣ² fits (or W2 must be ℝ⁵ˣ⁵ to match tanh's 5 columns)")


def test_two_values_the_user_set_keep_the_transposed_advice():
    said = traced_problem(lambda A, B: A @ B, A=X, B=np.ones((4, 2)))
    assert said.endswith("A looks transposed: its transpose ℝ³ˣ⁴ fits")


def test_the_command_line_says_the_same(capsys):
    code = main(
        ["grad", "--expr", "sum(tanh(X @ W1) @ W2)"]
        + ["--set", f"X={X.tolist()}", "--set", f"W1={W1.tolist()}", "--set", f"W2={np.ones((4, 2)).tolist()}"]
    )
    assert code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: ") and "W2 must be ℝ⁵ˣ² to match tanh's 5 columns" in line
    assert "tanh looks transposed" not in line
