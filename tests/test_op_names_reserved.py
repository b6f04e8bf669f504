"""A node cannot be named as an operation is (a variable named sin, a node named sum): formulas,
expressions and the chain rule would read it as the operation. The editor, the API and the
expression parser refuse such names, saying why; a file that has one still opens, its node keeps
the name (nothing is lost), and everything that reads it copes."""

import json

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core import engine, fileformat
from graphviz_app.core.errors import ExpressionError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.graph import Graph
from graphviz_app.core.naming import display_labels, name_problem
from graphviz_app.core.ops import all_ops

REASON = "is an operation's name"


@pytest.mark.parametrize("op", [op.name for op in all_ops()])
def test_no_variable_takes_an_operations_name(op):
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0)
    assert REASON in name_problem(g, x, op)


def test_an_op_may_keep_its_own_ops_name_and_close_names_are_fine():
    g = Graph()
    s = g.add_node("op", "sin")
    x = g.add_node("variable", name="x", value=1.0)
    assert name_problem(g, s, "sin") is None  # what its card shows unnamed anyway
    assert REASON in name_problem(g, s, "cos")
    assert all(name_problem(g, x, ok) is None for ok in ("sine", "Sum", "sum_", "sin2", "summary"))


def test_the_expression_parser_refuses_an_operation_used_as_a_variable():
    with pytest.raises(ExpressionError, match=r'column 5: "sum" is an operation, not a variable name: call it'):
        parse_expression("x + sum")
    with pytest.raises(ExpressionError, match=r"as in matmul\(x, x\)"):
        parse_expression("matmul.T")
    g = parse_expression("sum(sin(x) * summary)")  # calls, and names that only begin like one, are fine
    assert sorted(v.name for v in g.variables()) == ["summary", "x"]


def test_grad_expr_says_so_in_one_error_line(capsys):
    assert main(["grad", "--expr", "sin + 1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ['error: column 1: "sin" is an operation, not a variable name: call it, as in sin(x)']


def test_the_api_refuses_an_operations_name():
    g = ga.Graph()
    with pytest.raises(ga.Error, match=r'cannot name a variable "sum": sum ' + REASON):
        g.variable("sum", 1.0)
    with pytest.raises(ga.Error, match=REASON):
        g.constant(2.0, name="exp")
    x = g.variable("x", 1.0)
    with pytest.raises(ga.Error, match=r'cannot name a cos "sin"'):
        g.op("cos", x, name="sin")
    assert g.op("sin", x, name="sin").name == "sin"  # its own op's name
    assert g.names == ["x", "sin"]


def test_tracing_refuses_a_parameter_named_as_an_operation_and_leaves_such_an_output_unnamed():
    def f(exp, x):
        return exp * x

    with pytest.raises(ga.TraceError, match=r'the parameter "exp" of f has an operation\'s name'):
        ga.trace(f, exp=1.0, x=2.0)

    def sqnorm(v):  # an op's name: the output (a sum) is not named after the function
        return np.sum(v**2)

    assert "sqnorm" not in ga.trace(sqnorm, v=np.ones(2)).names


def test_a_file_with_such_a_name_still_opens_and_keeps_it(tmp_path, capsys):
    path = tmp_path / "old.json"
    doc = {
        "format": "graphviz_app",
        "version": 1,
        "output": "c",
        "nodes": [
            {"id": "a", "kind": "variable", "op": None, "name": "sum", "value": [1.0, 2.0], "pos": [0, 0]},
            {"id": "b", "kind": "op", "op": "sin", "name": None, "value": None, "pos": [200, 0]},
            {"id": "c", "kind": "op", "op": "sum", "name": None, "value": None, "pos": [400, 0]},
        ],
        "edges": [{"from": "a", "to": "b", "port": 0}, {"from": "b", "to": "c", "port": 0}],
    }
    path.write_text(json.dumps(doc))
    g = fileformat.load(path)
    assert display_labels(g) == {"a": "sum", "b": "sin", "c": "sum₁"}  # two cards never alike
    assert name_problem(g, "a", "sum") is None  # keeping it (the value editor's OK) is fine
    assert engine.gradients(g)["a"] == pytest.approx(np.cos([1.0, 2.0]))
    assert main(["grad", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["gradients"]["sum"] == pytest.approx(np.cos([1.0, 2.0]).tolist())


@pytest.mark.parametrize(
    "name, why",
    [
        ("sin(x)", r"cannot hold \( \)"),
        ("x y", "cannot hold space"),
        ("mean ", "cannot begin or end with a space"),
        ("2x", "cannot start with a digit"),
        ("x" * 101, "at most 100 characters long"),
    ],
)
def test_the_api_refuses_the_names_the_editor_refuses(name, why):
    g = ga.Graph()
    with pytest.raises(ga.Error, match=why):
        g.variable(name, 1.0)
    with pytest.raises(ga.Error, match=why):
        g.constant(1.0, name=name)
    assert g.variables == []  # (nothing half made)
