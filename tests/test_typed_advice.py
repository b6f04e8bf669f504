"""Advice meant to be typed ("write … @ …", "(or W2 @ …)", "use … instead of …") writes each
operand as code, even an unnamed op's result (tanh(X @ W1), where its card is named tanh): it
parses, and followed, it fixes the problem, on the command line and in a traced function. A
weight of the wrong shape after data is the weight's fault first; and a call's result beside a
matrix is offered @ as two names are."""

import ast
import re

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import all_ops

X, W1, B1 = np.arange(12.0).reshape(4, 3) / 10, np.ones((3, 5)) / 4, np.ones(5)


def sets(**values) -> list[str]:
    return [arg for name, value in values.items() for arg in ("--set", f"{name}={np.asarray(value).tolist()}")]


def cli_error(capsys, expression: str, **values) -> str:
    assert main(["grad", "--expr", expression, *sets(**values)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    return line


def cli_runs(capsys, expression: str, **values) -> bool:
    code = main(["grad", "--expr", expression, *sets(**values)])
    capsys.readouterr()
    return code == 0


def parses(code: str) -> bool:
    try:
        ast.parse(code, mode="eval")
    except SyntaxError:
        return False
    return True


def traced_error(f, **values) -> str:
    with pytest.raises(ga.ShapeError) as info:
        ga.trace(f, **values)
    return str(info.value)


def test_the_element_wise_product_of_an_activation_is_told_as_code_and_followed_runs(capsys):
    said = cli_error(capsys, "sum(tanh(X @ W1)*W2)", X=X, W1=W1, W2=np.ones((5, 2)))
    assert "tanh × W2 is element-wise: write tanh(X @ W1) @ W2 for a matrix product" in said
    written = re.search(r"write (.+) for a matrix product", said).group(1)
    assert parses(written)
    assert cli_runs(capsys, f"sum({written})", X=X, W1=W1, W2=np.ones((5, 2)))


def test_an_operand_written_with_operators_is_bracketed_in_the_advice(capsys):
    said = cli_error(capsys, "sum((X @ W1 + b1)*W2)", X=X, W1=W1, b1=B1, W2=np.ones((5, 2)))
    written = re.search(r"write (.+) for a matrix product", said).group(1)
    assert written == "(X @ W1 + b1) @ W2"
    assert cli_runs(capsys, f"sum({written})", X=X, W1=W1, b1=B1, W2=np.ones((5, 2)))


def test_swapped_operands_are_offered_as_code_that_runs(capsys):
    said = cli_error(capsys, "sum(tanh(X @ W1) @ W2)", X=X, W1=W1, W2=np.ones((2, 4)))
    assert said.endswith("W2 must be ℝ⁵ˣ⁴ to match tanh's 5 columns (or W2 @ tanh(X @ W1))")  # (named, then code)
    assert cli_runs(capsys, "sum(W2 @ tanh(X @ W1))", X=X, W1=W1, W2=np.ones((2, 4)))


@pytest.mark.parametrize("typed", ["relu(X @ W1 + b1).T", "relu(X @ W1 + b1)ᵀ"])
def test_a_transpose_of_a_computed_matrix_to_drop_is_written_as_code(capsys, typed):
    values = dict(X=X[:2], W1=W1, b1=B1, W2=np.ones(5))
    said = cli_error(capsys, f"sum({typed} @ W2)", **values)
    assert said.endswith("use relu(X @ W1 + b1) instead of relu(X @ W1 + b1).T: relu ℝ²ˣ⁵ fits")
    assert cli_runs(capsys, "sum(relu(X @ W1 + b1) @ W2)", **values)


def test_a_traced_function_is_told_its_own_numpy_calls_and_the_advice_runs_as_python():
    values = dict(X=X, W1=W1, W2=np.ones((5, 2)))
    said = traced_error(lambda X, W1, W2: np.sum(np.tanh(X @ W1) * W2), **values)
    written = re.search(r"write (.+) for a matrix product", said).group(1)
    assert written == "np.tanh(X @ W1) @ W2"
    followed = eval(f"lambda X, W1, W2: np.sum({written})", {"np": np, "ga": ga})
    assert ga.trace(followed, **values).value == pytest.approx(np.sum(np.tanh(X @ W1) @ values["W2"]))


def test_an_api_function_and_a_parameter_are_written_as_python_calls():
    values = dict(X=X[:2], W1=W1, b1=B1, W2=np.ones(5))
    said = traced_error(lambda X, W1, b1, W2: np.sum(ga.relu(X @ W1 + b1).T @ W2), **values)
    assert "use ga.relu(X @ W1 + b1) instead of ga.relu(X @ W1 + b1).T" in said
    said = traced_error(lambda X, W2, C: np.sum((X @ W2) ** 3 * C), X=X, W2=np.ones((3, 5)), C=np.ones((5, 2)))
    assert said.endswith("write (X @ W2)**3 @ C for a matrix product")
    said = traced_error(lambda X, W2, C: np.sum(-(X @ W2).T * C), X=X, W2=np.ones((3, 4)), C=np.ones((4, 2)))
    assert said.endswith("write -(X @ W2).T @ C for a matrix product")


def test_a_weight_after_data_is_resized_first_and_the_data_transposed_only_as_the_alternative(capsys):
    bad = np.ones((4, 5))
    said = traced_error(
        lambda X, W1, W2: np.sum(np.tanh(X @ W1) @ W2), X=X, W1=bad, W2=np.ones((5, 2)), constants=("X",)
    )
    assert said.endswith(
        "X ℝ⁴ˣ³ @ W1 ℝ⁴ˣ⁵: inner sizes 3 and 4 differ — W1 must be ℝ³ˣ⁵ to match X's 3 columns "
        "(or X looks transposed: its transpose ℝ³ˣ⁴ fits)"
    )
    line = cli_error(capsys, "mean((tanh(X @ W1) @ W2 - Y)**2)", X=X, W1=bad, W2=np.ones((5, 2)), Y=np.ones((4, 2)))
    assert "W1 must be ℝ³ˣ⁵ to match X's 3 columns (or X looks transposed" in line
    assert cli_runs(capsys, "mean((tanh(X @ W1) @ W2 - Y)**2)", X=X, W1=W1, W2=np.ones((5, 2)), Y=np.ones((4, 2)))


def test_a_weight_stored_the_other_way_round_after_data_still_looks_transposed():
    said = traced_error(lambda X, W: np.sum(X @ W), X=X, W=np.ones((5, 3)), constants=("X",))
    assert said.endswith("W looks transposed: its transpose ℝ³ˣ⁵ fits")


def test_a_call_beside_a_matrix_is_offered_the_matrix_product_first(capsys):
    line = cli_error(capsys, "sum(tanh(X @ W1) W2)", X=X, W1=W1, W2=np.ones((5, 2)))
    assert line.endswith("tanh(X @ W1) and W2 side by side: write tanh(X @ W1) @ W2 or tanh(X @ W1) * W2")
    assert cli_runs(capsys, "sum(tanh(X @ W1) @ W2)", X=X, W1=W1, W2=np.ones((5, 2)))


def test_calls_of_scalars_side_by_side_keep_the_plain_product(capsys):
    line = cli_error(capsys, "sin(x)cos(x)", x=1.0)
    assert line.endswith("sin(x) and cos(x) side by side: write sin(x)*cos(x) for a product")


def test_a_scalar_weight_after_data_keeps_the_ops_own_word():
    said = traced_error(lambda X, w: np.sum(X @ w), X=X, w=2.0, constants=("X",))
    assert said.endswith("matmul takes vectors or matrices (use mul for a scalar)")


@pytest.mark.parametrize("op", all_ops(), ids=lambda op: op.name)
def test_every_op_written_as_code_reads_back_as_that_op(op):
    """The code an unnamed card is written as is read by the expression parser as the same op on
    the same operands; as a traced function writes it, Python computes that op."""
    from graphviz_app.core.code_text import code_text
    from graphviz_app.core.graph import Graph

    graph = Graph()
    names = ["a", "b", "c"][: op.arity]
    inputs = [graph.add_node("variable", name=name, value=np.ones(2)) for name in names]
    node = graph.add_node("op", op.name, params={k: 3.0 for k in op.defaults} or None)
    for port, src in enumerate(inputs):
        graph.connect(src, node, port)
    code = code_text(graph, node)
    read = parse_expression(code, values={name: [0.5, 0.25] for name in names})
    (made,) = [n for n in read.nodes() if n.kind == "op"]
    assert made.op == op.name and made.params == graph.node(node).params, code
    python = code_text(graph, node, python=True)  # (np.tanh(a), ga.relu(a), a @ b: run as Python)
    arrays = {name: np.array([0.5, 0.25]) for name in names}
    computed = eval(python, {"np": np, "ga": ga, **arrays})
    expected = op.forward(list(arrays.values()), op.params_with_defaults(graph.node(node).params))
    assert np.allclose(getattr(computed, "value", computed), expected), python
