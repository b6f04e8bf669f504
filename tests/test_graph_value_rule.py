"""The graph model takes a value by the rule files, --set and the Python API use
(core.values.check_value_shape): a value one of them refuses, a node of the graph refuses too,
with the same words, and the graph is left as it was."""

import numpy as np
import pytest

from graphviz_app.core.errors import GraphError, ValueParseError
from graphviz_app.core.graph import Graph
from graphviz_app.core.values import MAX_NUMBERS, check_value_shape


@pytest.mark.parametrize("shape", [(0,), (2, 0), (2, 2, 2), (MAX_NUMBERS + 1,)])
def test_a_value_the_file_rule_refuses_is_refused_with_its_words(shape):
    with pytest.raises(ValueParseError) as rule:
        check_value_shape(shape)
    g = Graph()
    with pytest.raises(GraphError) as added:
        g.add_node("variable", value=np.zeros(shape))
    assert str(added.value) == str(rule.value)
    assert list(g.nodes()) == []
    x = g.add_node("variable", value=[1.0, 2.0])
    with pytest.raises(GraphError) as set_:
        g.set_value(x, np.zeros(shape))
    assert str(set_.value) == str(rule.value)
    np.testing.assert_array_equal(g.node(x).value, [1.0, 2.0])


def test_rows_of_different_lengths_are_refused_not_a_crash():
    with pytest.raises(GraphError, match="rows of equal length"):
        Graph().add_node("variable", value=[[1, 2], [3]])


@pytest.mark.parametrize("value", [2.5, [1, 2], [[1, 2], [3, 4]], np.ones((1000, 1000))])
def test_values_the_rule_accepts_are_taken(value):
    g = Graph()
    x = g.add_node("variable", value=value)
    np.testing.assert_array_equal(g.node(x).value, np.asarray(value, dtype=float))
