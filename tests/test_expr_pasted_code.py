"""An expression pasted from code the Python API traces reads as it traces: np.tanh(x) and
numpy.sum(x) (a numpy function an op declares), ga.relu(x), and the array methods x.sum(),
x.mean(), x.transpose(); anything else is refused at the name that is not known, and np.dot and
x.dot(y), whose op numpy picks by the operands' shapes, with the op to write."""

import json

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core import engine
from graphviz_app.core.errors import ExpressionError
from graphviz_app.core.expr import parse_expression

X = np.array([[1.0, -2.0], [3.0, 0.5]])
W = np.array([[0.5, -1.0], [2.0, 1.0]])
v = np.array([1.0, -1.0])


def value_of(text: str) -> float:
    given = {"X": X, "W": W, "v": v}
    g = parse_expression(text)
    g = parse_expression(text, {v.name: given[v.name] for v in g.variables()})
    ev = engine.evaluate(g)
    assert not ev.errors, ev.errors
    return ev.values[g.output]


@pytest.mark.parametrize(
    "pasted, by_name, expected",
    [
        ("relu(X @ W).mean()", "mean(relu(X @ W))", np.maximum(X @ W, 0).mean()),
        ("np.tanh(X @ W).sum()", "sum(tanh(X @ W))", np.tanh(X @ W).sum()),
        ("numpy.sum(np.abs(X @ W))", "sum(abs(X @ W))", np.abs(X @ W).sum()),
        ("ga.relu(X @ W).sum()", "sum(relu(X @ W))", np.maximum(X @ W, 0).sum()),
        ("np.power(X, 3).sum()", "sum(X**3)", (X**3).sum()),
        ("X.transpose().sum() + X.T.mean()", "sum(X.T) + mean(X.T)", X.sum() + X.mean()),
        ("2 * np.exp(X).sum()", "2 * sum(exp(X))", 2 * np.exp(X).sum()),
    ],
)
def test_code_the_api_traces_reads_as_the_same_graph(pasted, by_name, expected):
    assert value_of(pasted) == pytest.approx(expected)
    assert value_of(pasted) == pytest.approx(value_of(by_name))
    cards = sorted(n.op for n in parse_expression(pasted).nodes() if n.kind == "op")
    assert cards == sorted(n.op for n in parse_expression(by_name).nodes() if n.kind == "op")


def test_the_command_line_gives_the_gradients_ga_trace_gives(capsys):
    traced = ga.trace(lambda X, W: np.tanh(X @ W).sum(), X=X, W=W)
    sets = ["--set", f"X={X.tolist()}", "--set", f"W={W.tolist()}"]
    assert main(["grad", "--expr", "np.tanh(X @ W).sum()", *sets, "--json"]) == 0
    nodes = {node["name"]: node for node in json.loads(capsys.readouterr().out)["nodes"]}
    assert np.array(nodes["W"]["grad"]) == pytest.approx(traced.gradients["W"])
    assert np.array(nodes["X"]["grad"]) == pytest.approx(traced.gradients["X"])


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "X.foo()",
            'column 2: the method ".foo()" is not allowed (only .dot(), .mean(), .sum(), .transpose(), and .T)',
        ),
        ("sum(X.T())", 'column 6: the method ".T()" is not allowed'),
        ("sum(X) + np.maximum(X, 0)", 'column 10: "np.maximum" is no operation here (only np.abs, '),
        ("ga.nope(X)", 'column 1: "ga.nope" is no operation here (only ga.relu, '),
        ("X.sum(axis=0)", 'column 7: keyword arguments are not allowed ("axis=" in sum(...))'),
        ("np.__class__(X)", 'column 1: "np.__class__" is no operation here'),
        ("X.__class__()", 'column 2: the method ".__class__()" is not allowed'),
        ("f(x)(y)", "only functions called by name"),
        (
            "sum(np.dot(X, W))",
            "column 5: np.dot depends on its operands' shapes: write a @ b of matrices, dot(a, b) of ",
        ),
        ("X.dot(W).sum()", "column 2: .dot() depends on its operands' shapes: write a @ b of matrices"),
    ],
)
def test_what_is_not_traced_is_refused_where_it_stands(text, message):
    with pytest.raises(ExpressionError) as info:
        parse_expression(text)
    assert message in str(info.value)
