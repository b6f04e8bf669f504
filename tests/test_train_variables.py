"""core.train's choice of variables: only those named change; the data-name guess the window uses."""

from __future__ import annotations

import numpy as np
import pytest

from graphviz_app.core.data_names import is_data_name
from graphviz_app.core.errors import GraphError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.shape_text import read_shapes
from graphviz_app.core.train import check_start, train


def model():
    return parse_expression("sum((X @ W + b - Y)**2)", shapes=read_shapes("X 4×3, W 3×2, b 2, Y 4×2"))


def test_only_the_variables_named_change():
    graph = model()
    result = train(graph, steps=5, lr=0.01, variables=["W", "b"])
    assert [graph.node(v).name for v in result.variables] == ["W", "b"]
    assert set(result.values[-1]) == {graph.find("W"), graph.find("b")}
    everything = train(graph, steps=5, lr=0.01)
    assert len(everything.variables) == 4
    assert not np.isclose(result.losses[-1], everything.losses[-1])


def test_variables_are_named_as_cards_are_or_by_id():
    graph = model()
    by_id = train(graph, steps=3, lr=0.01, variables=[graph.find("W")])
    by_name = train(graph, steps=3, lr=0.01, variables=["W"])
    assert by_id.losses == by_name.losses


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ([], "no variable is chosen to train"),
        (["sum"], '"sum" is an op\'s result, not a trainable variable'),
        (["Wx"], "Wx"),
    ],
)
def test_a_choice_that_cannot_train_is_refused_naming_it(chosen, message):
    graph = model()
    with pytest.raises(GraphError, match=message):
        train(graph, steps=3, lr=0.01, variables=chosen)
    with pytest.raises(GraphError, match=message):
        check_start(graph, variables=chosen)


def test_a_frozen_variable_cannot_be_chosen():
    graph = model()
    graph.set_trainable(graph.find("Y"), False)
    with pytest.raises(GraphError, match='"Y" is a variable marked not trainable'):
        train(graph, steps=3, lr=0.01, variables=["Y", "W"])


@pytest.mark.parametrize(
    ("name", "names", "data"),
    [
        ("X", ["X", "W"], True),
        ("Y", ["W", "Y"], True),
        ("y", ["X", "y", "w"], True),
        ("y", ["y", "w"], False),  # (alone, y may be the unknown)
        ("x", ["x"], False),  # minimise (x − 3)²: x is what to find
        ("target", ["w", "target"], True),
        ("Labels", ["Labels"], True),
        ("inputs", ["inputs"], True),
        ("X1", ["X1"], False),
        ("W", ["X", "W"], False),
        (None, [], False),
    ],
)
def test_data_names_are_guessed_by_convention(name, names, data):
    assert is_data_name(name, names) is data
