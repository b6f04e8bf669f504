"""The graph model: queries on an empty graph, one name per node, and the typed events it emits."""

from __future__ import annotations

import numpy as np
import pytest

from graphviz_app.core import engine
from graphviz_app.core.errors import GraphError
from graphviz_app.core.graph import (
    Edge,
    EdgeAdded,
    EdgeRemoved,
    Graph,
    NodeAdded,
    NodeChanged,
    NodeMoved,
    NodeRemoved,
    OutputChanged,
    Reset,
)


def test_an_empty_graph_answers_every_question_and_a_cleared_one_too():
    g = Graph()
    assert len(g) == 0 and g.nodes() == [] and g.edges() == [] and "n1" not in g
    assert g.topological_order() == [] and g.copy().nodes() == []
    a = g.add_node("variable", name="a", value=2.0)
    b = g.add_node("op", "sin")
    g.connect(a, b, 0)
    assert g.number_of_edges() == 1 and g.topological_order() == [a, b]
    g.clear()
    assert len(g) == 0 and g.edges() == []
    assert g.add_node("variable", name="a") in g  # the name is free again


def test_a_name_is_taken_once_and_freed_by_rename_removal_and_clear():
    g = Graph()
    a = g.add_node("variable", name="a")
    with pytest.raises(GraphError, match='"a" is already used'):
        g.add_node("variable", name="a")
    b = g.add_node("op", "sin")
    with pytest.raises(GraphError):
        g.rename(b, "a")
    g.rename(a, "alpha")
    g.rename(b, "a")  # freed by the rename
    assert g.find("a") == b and g.find("alpha") == a
    removed = g.remove_node(a)
    assert g.add_node("variable", name="alpha")  # freed by the removal
    g.rename(g.find("alpha"), None)
    g.restore_node(removed)  # undo takes the name back
    assert g.find("alpha") == a
    with pytest.raises(GraphError, match="no node named"):
        g.find("nobody")


def test_whether_a_name_is_free_can_be_asked_before_changing_anything():
    g = Graph()
    a = g.add_node("variable", name="a")
    g.check_name_free("b")  # free for a new node
    g.check_name_free("a", a)  # a node keeps its own name
    with pytest.raises(GraphError, match=r'"a" is already used by another node \(a variable\)'):
        g.check_name_free("a")
    assert g.nodes() == [g.node(a)]


def test_copies_and_replacements_keep_their_own_names():
    g = Graph()
    a = g.add_node("variable", name="a")
    copy = g.copy()
    copy.rename(a, "b")
    assert g.find("a") == a and copy.find("b") == a
    other = Graph()
    other.add_node("variable", name="z", node_id="n9")
    g.replace_with(other)
    assert g.find("z") == "n9"
    with pytest.raises(GraphError):
        g.find("a")


def test_a_replacement_is_one_reset_and_a_copy_unless_told_to_take_the_graph_over():
    g = Graph()
    events = []
    g.subscribe(events.append)
    kept = Graph()
    x = kept.add_node("variable", name="x", value=1.0)
    g.replace_with(kept)
    g.rename(x, "y")
    g.add_node("op", "sin")
    assert kept.find("x") == x and len(kept) == 1  # the copy is the graph's own: kept is untouched
    fresh = Graph()
    s = fresh.add_node("op", "sin", name="s")
    fresh.set_output(s)
    events.clear()
    version = g.version
    g.replace_with(fresh, copy=False)  # (a graph just read from a file: no copy)
    assert events == [Reset()] and g.version > version
    assert [n.id for n in g.nodes()] == [s] and g.find("s") == s and g.output == s
    a = g.add_node("variable", name="a")  # edited as any graph: names and ids stay unique
    assert a != s and g.find("a") == a
    with pytest.raises(GraphError):
        g.add_node("variable", name="s")


def test_every_change_is_told_as_a_typed_event():
    g = Graph()
    events = []
    g.subscribe(events.append)
    a = g.add_node("variable", name="a")
    s = g.add_node("op", "sin")
    g.connect(a, s, 0)
    g.set_value(a, 3.0)
    g.move(s, (10, 20))
    g.set_output(s)
    g.disconnect(s, 0)
    g.remove_node(s)
    g.clear()
    assert events == [
        NodeAdded(a),
        NodeAdded(s),
        EdgeAdded(Edge(a, s, 0)),
        NodeChanged(a),
        NodeMoved(s),
        OutputChanged(s),
        EdgeRemoved(Edge(a, s, 0)),
        OutputChanged(None),
        NodeRemoved(s),
        Reset(),
    ]


def test_structure_changes_bump_the_version_and_values_or_moves_do_not():
    g = Graph()
    a = g.add_node("variable", name="a")
    version = g.version
    g.set_value(a, 2.0)
    g.move(a, (5, 5))
    assert g.version == version
    g.add_node("op", "sin")
    assert g.version > version


def test_edges_added_at_once_are_one_reset_that_the_engine_sees():
    g = Graph()
    x = g.add_node("variable", name="x", value=2.0)
    s = g.add_node("op", "sin")
    c = g.add_node("op", "cos", name="c")
    g.set_output(c)
    assert c not in engine.evaluate(g).values  # (the engine's plan is now made for the graph without edges)
    events = []
    g.subscribe(events.append)
    version = g.version
    g.add_edges_unchecked([Edge(x, s, 0), Edge(s, c, 0)])
    assert events == [Reset()] and g.version > version
    assert g.edges() == [Edge(x, s, 0), Edge(s, c, 0)]
    assert float(engine.evaluate(g).values[c]) == pytest.approx(np.cos(np.sin(2.0)))
