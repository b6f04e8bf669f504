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


@pytest.mark.parametrize("scalar_first", [True, False])
def test_a_scalar_times_a_computed_matrix_is_the_clear_shape_message(scalar_first):
    g = ga.Graph()
    x, A = g.variable("x", 2.0), g.variable("A", np.ones((2, 3)))
    computed = g.op("transpose", A)
    with pytest.raises(ga.ShapeError) as info:
        g.op("matmul", *((x, computed) if scalar_first else (computed, x)))
    assert "scalar" in str(info.value)


def test_the_command_line_says_so_for_a_file_of_a_scalar_times_a_computed_matrix(tmp_path, capsys):
    g = ga.Graph()
    x, A = g.variable("x", 2.0), g.variable("A", np.ones((2, 3)))
    s = g.op("sin", A)
    product = g.core.add_node("op", "matmul")  # (as a file holds it: g.op would refuse it)
    g.core.connect(x.id, product, 0)
    g.core.connect(s.id, product, 1)
    g.core.set_output(product)
    path = g.save(tmp_path / "scalar_matmul.json")
    assert main(["grad", str(path)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: ") and "scalar" in line
