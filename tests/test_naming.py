"""The names people see for nodes (core.naming): cards, messages and the animation agree."""

import pytest

from graphviz_app.core import engine
from graphviz_app.core.errors import GraphError
from graphviz_app.core.graph import Graph
from graphviz_app.core.naming import describe, display_labels, name_problem


def _graph():
    g = Graph()
    x = g.add_node("variable", name="x", value=[1.0, 2.0])
    a1 = g.add_node("op", "add")
    a2 = g.add_node("op", "add")
    s = g.add_node("op", "sin")
    return g, x, a1, a2, s


def test_unnamed_ops_are_their_op_numbered_only_when_several_share_it():
    g, x, a1, a2, s = _graph()
    assert display_labels(g) == {x: "x", a1: "add₁", a2: "add₂", s: "sin"}
    g.rename(a1, "h")
    assert display_labels(g) == {x: "x", a1: "h", a2: "add", s: "sin"}  # (renumbered)
    assert describe(g, a1) == 'add "h"' and describe(g, a2) == "add" and describe(g, x) == 'variable "x"'


def test_messages_never_name_an_internal_id():
    g, x, a1, a2, s = _graph()
    g.connect(x, a1, 0)
    ev = engine.evaluate(g)
    assert ev.errors[a1] == "add₁: input b is not connected"
    g.connect(x, a1, 1)
    m = g.add_node("variable", name="M", value=[[1.0, 2.0, 3.0]] * 3)
    g.connect(m, a2, 0)
    g.connect(x, a2, 1)
    assert engine.evaluate(g).errors[a2].startswith("add₂: M ℝ³ˣ³ + x ℝ²")
    g.connect(a1, s, 0)
    with pytest.raises(GraphError) as info:
        g.connect(s, a1, 0)
    assert info.value.message == "connecting sin to add₁ would close a cycle"
    for message in (ev.errors[a1], info.value.message):
        assert not any(f'"{nid}"' in message or f" {nid}" in message for nid in g.node_ids())


@pytest.mark.parametrize(
    "name, problem",
    [
        ("theta", None),
        ("θ", None),
        ("x₁", None),
        ("y_hat", None),
        ("W1", None),
        ("", None),
        ("a b", "space"),
        ("y-hat", "-"),
        ("a=b", "="),
        ("f(x)", "("),
        ("2x", "digit"),
        ("x", "already"),
    ],
)
def test_name_rules(name, problem):
    g, x, a1, *_ = _graph()
    found = name_problem(g, a1, name)
    assert (found is None) if problem is None else (problem in found)
    assert name_problem(g, x, "x") is None  # (its own name)


def test_a_name_never_shows_twice_on_the_cards():
    g = Graph()
    named = g.add_node("op", "add", name="add")
    other = g.add_node("op", "add")
    s2 = g.add_node("op", "sin", name="sin₂")
    s_a, s_b = g.add_node("op", "sin"), g.add_node("op", "sin")
    labels = display_labels(g)
    assert labels[named] == "add" and labels[other] == "add₁"
    assert labels[s2] == "sin₂" and {labels[s_a], labels[s_b]} == {"sin₁", "sin₃"}
    assert len(set(labels.values())) == len(labels)


def test_duplicated_names_continue_their_series():
    g = Graph()
    g.add_node("variable", name="y_2", value=1.0)
    assert g.unique_name("y_2") == "y_3" and g.unique_name("y") == "y" and g.unique_name("y_2", {"y_3"}) == "y_4"


def test_an_op_missing_several_inputs_says_so_in_the_plural():
    g = Graph()
    a = g.add_node("op", "add")
    assert engine.evaluate(g).errors[a] == "add: inputs a and b are not connected"


@pytest.mark.parametrize("name", ["x.T", "a\u200bb"])
def test_names_that_read_as_something_else_are_refused(name):
    g, x, a1, *_ = _graph()
    assert name_problem(g, a1, name) is not None


@pytest.mark.parametrize("bad, shown", [("x\x01", "U+0001"), ("x\ud800", "U+D800"), ("a\x7fb", "U+007F")])
def test_names_cannot_hold_control_characters_or_lone_surrogates(bad, shown):
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0)
    problem = name_problem(g, x, bad)
    assert problem is not None and shown in problem
