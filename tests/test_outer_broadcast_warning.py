"""The classic shape bug numpy allows: X ℝ⁴ˣ³, w ℝ³ˣ¹, y ℝ⁴, and X @ w − y broadcasts ℝ⁴ˣ¹ against ℝ⁴
to ℝ⁴ˣ⁴, so a loss over it is silently wrong. Not an error (the value is computed): a warning that
names the op and its operands as their cards do in `graphviz-app grad` (and in the Python API for a
graph built node by node); a traced function is warned once, at its own line (function, file, line,
code, as a ShapeError is), its operands named as the code names them (pred, X @ w). A correct model,
and an outer sum made on purpose (x − xᵀ, or lengths that differ), say nothing. The window's side:
tests/ui/test_outer_broadcast_warning_shown.py."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main

X = np.arange(12.0).reshape(4, 3) / 10
W_COLUMN = np.array([[0.5], [-1.0], [2.0]])
Y = np.array([1.0, 2.0, 3.0, 4.0])
MESSAGE = "sub: ℝ⁴ˣ¹ − ℝ⁴ broadcasts to ℝ⁴ˣ⁴; did you mean y as ℝ⁴ˣ¹ or matmul as ℝ⁴?"


def loss(X, w, y):
    return ga.sqnorm(X @ w - y)


LOSS_LINE = loss.__code__.co_firstlineno + 1
TRACED = (
    f"loss (test_outer_broadcast_warning.py, line {LOSS_LINE}: return ga.sqnorm(X @ w - y)): "
    "sub: ℝ⁴ˣ¹ − ℝ⁴ broadcasts to ℝ⁴ˣ⁴; did you mean y as ℝ⁴ˣ¹ or X @ w as ℝ⁴?"
)


def test_the_api_warns_once_at_the_traced_line_and_computes_all_the_same():
    with pytest.warns(ga.BroadcastWarning) as told:
        g = ga.trace(loss, X=X, w=W_COLUMN, y=Y)
    assert [str(w.message) for w in told] == [TRACED]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (said once: not again at every value or gradient asked)
        value = g.value
        grads = g.gradients
        g.backward()
    assert value == pytest.approx(np.sum((X @ W_COLUMN - Y) ** 2))  # numpy's answer: computed, not refused
    assert grads["w"].shape == (3, 1)


def test_the_warning_points_at_the_traced_line_not_at_the_line_asking_for_the_value():
    with pytest.warns(ga.BroadcastWarning) as told:
        g = ga.trace(loss, X=X, w=W_COLUMN, y=Y)
    assert (told[0].filename, told[0].lineno) == (__file__, LOSS_LINE)
    assert np.isfinite(g.value)


def test_operands_are_named_as_the_code_holds_them():
    def model(X, w, y):
        pred = X @ w
        return np.mean((pred - y) ** 2)

    with pytest.warns(ga.BroadcastWarning) as told:
        ga.trace(model, X=X, w=W_COLUMN, y=Y)
    (said,) = [str(w.message) for w in told]
    line = model.__code__.co_firstlineno + 2
    assert said == (
        f"model (test_outer_broadcast_warning.py, line {line}: return np.mean((pred - y) ** 2)): "
        "sub: ℝ⁴ˣ¹ − ℝ⁴ broadcasts to ℝ⁴ˣ⁴; did you mean y as ℝ⁴ˣ¹ or pred as ℝ⁴?"
    )
    assert (told[0].filename, told[0].lineno) == (__file__, line)


def test_a_graph_built_node_by_node_is_warned_as_its_cards_name_it_once():
    g = ga.Graph()
    product = g.op("matmul", g.variable("X", X), g.variable("w", W_COLUMN))
    g.op("sqnorm", g.op("sub", product, g.constant(Y, name="y")))
    with pytest.warns(ga.BroadcastWarning) as told:
        assert np.isfinite(g.value)
    assert [str(w.message) for w in told] == [MESSAGE]
    assert told[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert set(g.gradients) == {"X", "w"}


@pytest.mark.parametrize(
    "y",
    [Y.reshape(4, 1), Y[:1].reshape(())],  # y as a column; y a scalar
)
def test_a_correct_model_says_nothing(y):
    g = ga.trace(loss, X=X, w=W_COLUMN, y=y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g.value, g.gradients, g.backward()


def test_a_vector_model_says_nothing():
    g = ga.trace(loss, X=X, w=W_COLUMN[:, 0], y=Y)  # w ℝ³: X @ w is ℝ⁴, as y
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert g.gradients["w"].shape == (3,)


@pytest.mark.parametrize(
    "f, values, message",
    [
        # the mean of the n² differences; the vector first: its name first in the question too
        (
            lambda X, w, y: ga.sqnorm(y - X @ w),
            {"X": X, "w": W_COLUMN, "y": Y},
            "sub: ℝ⁴ − ℝ⁴ˣ¹ broadcasts to ℝ⁴ˣ⁴; did you mean y as ℝ⁴ˣ¹ or X @ w as ℝ⁴?",
        ),
        (
            lambda X, w, y: np.mean((X @ w) * y),
            {"X": X, "w": W_COLUMN, "y": Y},
            "mul: ℝ⁴ˣ¹ × ℝ⁴ broadcasts to ℝ⁴ˣ⁴; did you mean y as ℝ⁴ˣ¹ or X @ w as ℝ⁴?",
        ),
        # a prediction computed as a row against a target column (wᵀXᵀ − y)
        (
            lambda X, w, y: ga.sqnorm(w.T @ X.T - y),
            {"X": X, "w": W_COLUMN, "y": Y.reshape(4, 1)},
            "sub: ℝ¹ˣ⁴ − ℝ⁴ˣ¹ broadcasts to ℝ⁴ˣ⁴; did you mean w.T @ X.T as ℝ⁴ˣ¹ or y as ℝ¹ˣ⁴?",
        ),
        # the target typed as a row of the column's length: the same mistake, said of the row
        (
            loss,
            {"X": X, "w": W_COLUMN, "y": Y.reshape(1, 4)},
            "sub: ℝ⁴ˣ¹ − ℝ¹ˣ⁴ broadcasts to ℝ⁴ˣ⁴; y is typed as a row: did you mean y as ℝ⁴ˣ¹?",
        ),
        (
            lambda c, r: ga.sqnorm(c - r),
            {"c": np.ones((4, 1)), "r": np.ones((1, 4))},
            "sub: ℝ⁴ˣ¹ − ℝ¹ˣ⁴ broadcasts to ℝ⁴ˣ⁴; r is typed as a row: did you mean r as ℝ⁴ˣ¹?",
        ),
    ],
)
def test_every_elementwise_op_and_either_order_is_warned(f, values, message):
    with pytest.warns(ga.BroadcastWarning) as told:
        assert np.isfinite(ga.trace(f, **values).value)
    (said,) = [str(w.message) for w in told]
    assert said.startswith(("<lambda> (test_outer_broadcast_warning.py, line ", "loss (")) and said.endswith(message)


def test_each_op_is_named_by_its_own_code():
    """Two products: the warning names each as written (X @ w, X @ v), a warning for each."""
    w2 = W_COLUMN * 2
    with pytest.warns(ga.BroadcastWarning) as told:
        ga.trace(lambda X, w, v, y: ga.sqnorm(X @ w - y) + ga.sqnorm(X @ v - y), X=X, w=W_COLUMN, v=w2, y=Y)
    assert [str(w.message).split("): ", 1)[1] for w in told] == [
        "sub: ℝ⁴ˣ¹ − ℝ⁴ broadcasts to ℝ⁴ˣ⁴; did you mean y as ℝ⁴ˣ¹ or X @ w as ℝ⁴?",
        "sub: ℝ⁴ˣ¹ − ℝ⁴ broadcasts to ℝ⁴ˣ⁴; did you mean y as ℝ⁴ˣ¹ or X @ v as ℝ⁴?",
    ]


@pytest.mark.parametrize(
    "f, values",
    [
        (lambda c, r: ga.sqnorm(c + r), {"c": np.ones((4, 1)), "r": np.ones((1, 3))}),  # ℝ⁴ˣ¹ + ℝ¹ˣ³: an outer sum
        (lambda c, r: ga.sqnorm(c - r), {"c": np.ones((4, 1)), "r": np.ones(3)}),  # n ≠ m
        (lambda x: ga.sqnorm(x - x.T), {"x": np.arange(4.0).reshape(4, 1)}),  # pairwise differences
        (lambda c, r: ga.sqnorm(c - r), {"c": np.ones((1, 1)), "r": np.ones(1)}),  # n = 1: nothing repeated
        (lambda X, b: ga.sqnorm(X + b), {"X": np.ones((4, 3)), "b": np.ones(3)}),  # a bias row
    ],
)
def test_outer_sums_made_on_purpose_are_not_warned(f, values):
    g = ga.trace(f, **values)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(g.value)


def test_grad_prints_the_warning_and_succeeds(tmp_path, capsys):
    with pytest.warns(ga.BroadcastWarning):
        g = ga.trace(loss, X=X, w=W_COLUMN, y=Y)
    g.save(tmp_path / "loss.json")
    assert main(["grad", str(tmp_path / "loss.json")]) == 0  # a warning, not an error: the answer is a number
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"warning: {MESSAGE}"]
    assert "gradient of loss" in out
    assert main(["grad", str(tmp_path / "loss.json"), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["broadcasts"] == [MESSAGE] and err.splitlines() == [f"warning: {MESSAGE}"]


def test_grad_of_an_expression_warns(capsys):
    code = main(
        ["grad", "--expr", "sqnorm(X @ w - y)", "--set", "X=1 2 3; 4 5 6", "--set", "w=[[1],[2],[3]]"]
        + ["--set", "y=1 2"]
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert err.splitlines() == ["warning: sub: ℝ²ˣ¹ − ℝ² broadcasts to ℝ²ˣ²; did you mean y as ℝ²ˣ¹ or matmul as ℝ²?"]


def test_grad_of_a_correct_model_says_nothing(tmp_path, capsys):
    g = ga.trace(loss, X=X, w=W_COLUMN, y=Y.reshape(4, 1))
    g.save(tmp_path / "loss.json")
    assert main(["grad", str(tmp_path / "loss.json"), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and json.loads(out)["broadcasts"] == []


def test_train_prints_the_warning_and_trains_all_the_same(tmp_path, capsys):
    with pytest.warns(ga.BroadcastWarning):
        g = ga.trace(loss, X=X, w=W_COLUMN, y=Y)
    g.save(tmp_path / "loss.json")
    assert main(["train", str(tmp_path / "loss.json"), "--steps", "3", "--train", "w"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"warning: {MESSAGE}"] and "→" in out
    assert main(["train", str(tmp_path / "loss.json"), "--steps", "3", "--train", "w", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["broadcasts"] == [MESSAGE] and err.splitlines() == [f"warning: {MESSAGE}"]


def test_train_of_a_correct_model_says_nothing(tmp_path, capsys):
    g = ga.trace(loss, X=X, w=W_COLUMN, y=Y.reshape(4, 1))
    g.save(tmp_path / "loss.json")
    assert main(["train", str(tmp_path / "loss.json"), "--steps", "3", "--train", "w", "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and json.loads(out)["broadcasts"] == []


def test_g_broadcasts_lists_what_grad_json_lists_without_warning_again(tmp_path, capsys):
    with pytest.warns(ga.BroadcastWarning):
        g = ga.trace(loss, X=X, w=W_COLUMN, y=Y)
    g.save(tmp_path / "loss.json")
    main(["grad", str(tmp_path / "loss.json"), "--json"])
    listed = json.loads(capsys.readouterr().out)["broadcasts"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (read as data: no BroadcastWarning)
        assert g.broadcasts == listed == [MESSAGE]
    assert ga.trace(loss, X=X, w=W_COLUMN, y=Y.reshape(4, 1)).broadcasts == []


def test_the_printed_backward_pass_notes_the_broadcast_at_the_ops_step():
    with pytest.warns(ga.BroadcastWarning):
        g = ga.trace(loss, X=X, w=W_COLUMN, y=Y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        backward = g.backward()
    assert backward.broadcasts == [MESSAGE]
    lines = repr(backward).splitlines()
    step = next(i for i, line in enumerate(lines) if line.lstrip().startswith("step") and ": sub," in line)
    assert lines[step + 1].strip() == f"⚠ {MESSAGE}"  # (under the step of sub, as the Inspector shows it at sub)
    assert sum("⚠" in line for line in lines) == 1


def test_a_correct_models_backward_pass_notes_nothing():
    g = ga.trace(loss, X=X, w=W_COLUMN, y=Y.reshape(4, 1))
    backward = g.backward()
    assert backward.broadcasts == [] and "⚠" not in repr(backward)
