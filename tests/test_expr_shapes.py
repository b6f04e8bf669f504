"""Variables typed without a value get example shapes and values under which the graph evaluates."""

import json
import random

import numpy as np
import pytest

from graphviz_app.cli import main
from graphviz_app.core import engine
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import all_ops
from graphviz_app.core.shape_guess import PATTERN, example_value
from graphviz_app.core.values import parse_value


def shapes_of(g):
    return {
        v.name: v.value.shape for v in g.nodes() if v.is_input and v.name
    }  # (a target of softmax_xent is a constant)


def values_of(g):
    return {v.name: v.value.tolist() for v in g.variables()}


def assert_evaluates(g, warnings=False):
    ev = engine.evaluate(g)
    assert not ev.errors and not ev.blocked, ev.errors
    if not warnings:
        assert not ev.warnings, ev.warnings
    assert set(ev.values) == set(g.node_ids())
    return ev


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sum((y - Phi @ theta)**2)", {"y": (3,), "Phi": (3, 2), "theta": (2,)}),
        ("sum(sigmoid(W @ x + b))", {"W": (3, 2), "x": (2,), "b": (3,)}),
        ("sum(tanh(W @ a))", {"W": (3, 2), "a": (2,)}),
        ("sin(x**2) * y", {"x": (), "y": ()}),
        ("softmax_xent(W @ x + b, t)", {"W": (3, 2), "x": (2,), "b": (3,), "t": (3,)}),
        ("sum(softmax(z) * t)", {"z": (3,), "t": (3,)}),
        (
            "softmax_xent(W2 @ tanh(W1 @ x + b1) + b2, t) + sqnorm(W1) + sqnorm(W2)",
            {"W2": (3, 2), "W1": (2, 4), "x": (4,), "b1": (2,), "b2": (3,), "t": (3,)},
        ),
        ("sum(x @ x)", {"x": (3,)}),  # (a vector on both sides: x·x)
        ("x.T @ A @ x", {"x": (3,), "A": (3, 3)}),  # the quadratic form: x a vector, A a matrix
        ("sum(A @ B @ C @ v)", {"A": (3, 2), "B": (2, 4), "C": (4, 5), "v": (5,)}),  # a chain: matrices, then v
        ("sum(A.T @ y) + dot(u, v)", {"A": (3, 2), "y": (3,), "u": (4,), "v": (4,)}),
        ("sum(outer(a, b) @ c)", {"a": (3,), "b": (2,), "c": (2,)}),
        ("log(x) + sqrt(y) + z**-0.5", {"x": (), "y": (), "z": ()}),
    ],
)
def test_typed_expressions_open_evaluating_with_example_shapes(text, expected):
    g = parse_expression(text)
    assert shapes_of(g) == expected
    assert_evaluates(g)
    # deterministic: the same text gives the same numbers
    assert values_of(parse_expression(text)) == values_of(g)
    # not zeros: every variable has a non-zero gradient somewhere
    grads = engine.gradients(g)
    for v in g.variables():
        assert np.any(v.value != 0), v.name
        assert np.any(grads[v.id] != 0), v.name


def test_example_values_follow_the_fixed_pattern():
    g = parse_expression("sum((y - Phi @ theta)**2)")
    np.testing.assert_array_equal(g.node(g.find("y")).value, [0.5, -1.0, 1.5])
    np.testing.assert_array_equal(g.node(g.find("Phi")).value, [[-0.5, 2.0], [-1.5, 1.0], [0.3, -0.8]])
    np.testing.assert_array_equal(g.node(g.find("theta")).value, [0.3, -0.8])
    assert example_value((), PATTERN, 0) == 0.5
    assert example_value((2, 2)).tolist() == [[0.5, -1.0], [1.5, 0.8]]


def test_example_values_at_ml_sizes_keep_a_layer_in_a_sensible_range():
    """Weights scaled by 1/√fan-in, as initialised in practice: no pre-activation of −247."""
    g = parse_expression("mean(relu(X @ W + b))", shapes={"X": (32, 784), "W": (784, 128), "b": (128,)})
    pre = g.node(g.find("X")).value @ g.node(g.find("W")).value + g.node(g.find("b")).value
    assert np.abs(pre).max() < 10
    assert np.abs(g.node(g.find("W")).value).max() <= 2.0 / np.sqrt(784) + 1e-9
    assert example_value((16, 3)).tolist() == example_value((16, 3), PATTERN, 0).tolist()  # small: plain pattern
    assert example_value((16, 3))[0].tolist() == [0.5, -1.0, 1.5]


def test_positive_examples_where_mixed_signs_give_nan():
    g = parse_expression("sum(log(x) + sqrt(W @ v))")
    assert shapes_of(g) == {"x": (3,), "W": (3, 2), "v": (2,)}  # x is added to a vector: a vector
    assert_evaluates(g)
    assert all(np.all(v.value > 0) for v in g.variables())


@pytest.mark.parametrize(
    "phi, expected",
    [
        ([[1, 2], [3, 4], [5, 6]], {"y": (3,), "Phi": (3, 2), "theta": (2,)}),
        ("[[1, 0, 2, 1], [0, 1, 1, 3]]", {"y": (2,), "Phi": (2, 4), "theta": (4,)}),
    ],
)
def test_given_values_shape_the_guesses_and_are_never_changed(phi, expected):
    given = parse_value(phi) if isinstance(phi, str) else np.array(phi, dtype=float)
    g = parse_expression("sum((y - Phi @ theta)**2)", {"Phi": given})
    assert shapes_of(g) == expected
    np.testing.assert_array_equal(g.node(g.find("Phi")).value, given)
    assert_evaluates(g)


def test_given_scalars_and_vectors_are_kept_as_given():
    g = parse_expression("sum(W @ x + b)", {"x": "[1, 2, 3, 4]", "b": 0.25})
    assert shapes_of(g) == {"W": (3, 4), "x": (4,), "b": ()}
    assert float(g.node(g.find("b")).value) == 0.25
    assert g.node(g.find("x")).value.tolist() == [1, 2, 3, 4]
    assert_evaluates(g)


def test_given_values_and_zeros_that_already_work_stay_zeros():
    g = parse_expression("sin(x**2) * y", {"x": 1.5})
    assert float(g.node(g.find("y")).value) == 0.0 and float(g.node(g.find("x")).value) == 1.5


def test_when_nothing_fits_the_graph_still_opens_with_zeros_and_errors_on_nodes():
    g = parse_expression("sum(z @ [[1, 2]] @ [1, 2, 3]) + w")
    assert shapes_of(g) == {"z": (), "w": ()}
    assert all(float(v.value) == 0.0 for v in g.variables())
    ev = engine.evaluate(g)
    assert ev.errors


def test_given_values_that_clash_leave_the_guesses_fitting_the_rest_and_the_clash_named():
    g = parse_expression("A @ x + v", {"A": [[1, 2]], "x": [1, 2, 3]})
    assert len(shapes_of(g)["v"]) == 1  # (added to what A @ x would give if x fitted: a vector)
    errors = engine.evaluate(g).errors
    assert list(errors) == [g.find("matmul")]
    assert "inner sizes 2 and 3 differ" in errors[g.find("matmul")]


def test_the_cli_uses_the_given_values_exactly(capsys):
    phi, y, theta = [[1, 2], [3, 4], [5, 6]], [1, 2, 2.5], [0.3, 0.9]
    assert (
        main(
            [
                "grad",
                "--expr",
                "sum((y - Phi @ theta)**2)",
                "--set",
                f"Phi={json.dumps(phi)}",
                "--set",
                f"y={json.dumps(y)}",
                "--set",
                f"theta={json.dumps(theta)}",
                "--json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    e = np.array(y) - np.array(phi) @ np.array(theta)
    assert report["value"] == pytest.approx(e @ e)
    np.testing.assert_allclose(report["gradients"]["theta"], -2 * e @ np.array(phi))
    np.testing.assert_allclose(report["gradients"]["Phi"], -2 * np.outer(e, theta))


def test_the_cli_still_asks_for_every_value(capsys):
    assert main(["grad", "--expr", "sum((y - Phi @ theta)**2)", "--set", "Phi=[[1,2],[3,4],[5,6]]"]) == 2
    assert 'no value for "y"' in capsys.readouterr().err


@pytest.mark.parametrize("op", [op.name for op in all_ops()])
def test_every_op_of_the_registry_called_on_free_variables_evaluates(op):
    arity = next(o.arity for o in all_ops() if o.name == op)
    text = f"{op}({', '.join('abcd'[:arity])})"
    assert_evaluates(parse_expression(text), warnings=True)


# ----------------------------------------------------------- random expressions
UNARY = [op.name for op in all_ops() if op.category == "elementwise" and op.arity == 1 and not op.defaults]
BINARY = ["+", "-", "*", "/"]


class Witness:
    """Builds random expression text that has a consistent assignment of shapes (the witness)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names: dict[str, tuple] = {}

    def leaf(self, shape):
        rng = self.rng
        if rng.random() < 0.15:
            numbers = [round(rng.uniform(-2, 2), 1) for _ in range(int(np.prod(shape)) if shape else 1)]
            return json.dumps(np.array(numbers).reshape(shape).tolist())
        same = [n for n, s in self.names.items() if s == shape]
        if same and rng.random() < 0.3:
            return rng.choice(same)
        name = f"v{len(self.names)}"
        self.names[name] = shape
        return name

    def size(self):
        return self.rng.choice((2, 3, 4))

    def any_shape(self):
        return self.rng.choice(((), (self.size(),), (self.size(), self.size())))

    def expr(self, shape, depth):
        rng = self.rng
        if depth == 0 or rng.random() < 0.2:
            return self.leaf(shape)
        d = depth - 1
        kind = rng.random()
        if kind < 0.25:
            return f"{rng.choice(UNARY)}({self.expr(shape, d)})"
        if kind < 0.5:
            left, right = shape, shape
            if shape and rng.random() < 0.3:
                left, right = rng.choice((((), shape), (shape, ())))
            return f"({self.expr(left, d)} {rng.choice(BINARY)} {self.expr(right, d)})"
        if kind < 0.55:
            return f"({self.expr(shape, d)})**2"
        if shape == ():
            n, s = self.size(), self.any_shape()
            return rng.choice(
                [
                    lambda: f"{rng.choice(('sum', 'mean', 'sqnorm'))}({self.expr(s, d)})",
                    lambda: f"dot({self.expr((n,), d)}, {self.expr((n,), d)})",
                    lambda: f"softmax_xent({self.expr((n,), d)}, {self.expr((n,), d)})",
                    lambda: f"sqerr({self.expr(s, d)}, {self.expr(s, d)})",
                    lambda: f"({self.expr((n,), d)} @ {self.expr((n,), d)})",
                ]
            )()
        k = self.size()
        if len(shape) == 1:
            (n,) = shape
            return rng.choice(
                [
                    lambda: f"({self.expr((n, k), d)} @ {self.expr((k,), d)})",
                    lambda: f"({self.expr((k,), d)} @ {self.expr((k, n), d)})",
                    lambda: f"softmax({self.expr(shape, d)})",
                    lambda: f"({self.expr(shape, d)}).T",
                ]
            )()
        n, m = shape
        return rng.choice(
            [
                lambda: f"outer({self.expr((n,), d)}, {self.expr((m,), d)})",
                lambda: f"({self.expr((n, k), d)} @ {self.expr((k, m), d)})",
                lambda: f"transpose({self.expr((m, n), d)})",
            ]
        )()


@pytest.mark.parametrize("seed", range(200))
def test_random_expressions_with_a_consistent_assignment_evaluate_without_errors(seed):
    rng = random.Random(seed)
    witness = Witness(rng)
    text = witness.expr(rng.choice(((), (), (3,))), rng.choice((2, 3, 4)))
    g = parse_expression(text)
    # warnings (log of a negative) may remain; errors may not
    assert_evaluates(g, warnings=True)


@pytest.mark.parametrize("seed", range(100))
def test_random_expressions_never_raise_and_report_problems_per_node(seed):
    rng = random.Random(1000 + seed)
    witness = Witness(rng)
    witness.size = lambda: rng.choice((2, 3))
    # shapes chosen at random per sub-expression: often no assignment exists
    witness.expr_original = witness.expr
    witness.expr = lambda shape, depth: witness.expr_original(
        witness.any_shape() if rng.random() < 0.3 else shape, depth
    )
    text = witness.expr(witness.any_shape(), 3)
    g = parse_expression(text)
    ev = engine.evaluate(g)
    for nid in g.node_ids():
        assert (nid in ev.values) != (nid in ev.errors or nid in ev.blocked)
    if g.output in ev.values and ev.values[g.output].shape == ():
        engine.gradients(g)  # reverse mode over whatever evaluated does not raise either
