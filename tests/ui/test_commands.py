"""Every undo command: redo, undo and redo again give exactly the expected graphs."""

import numpy as np
import pytest
from PySide6.QtGui import QUndoStack
from ui.canvas_helpers import dump

from graphviz_app.core.errors import GraphError
from graphviz_app.core.graph import Graph
from graphviz_app.ui.commands.common import try_push
from graphviz_app.ui.commands.document import LayoutCommand, PasteCommand, ReplaceGraphCommand
from graphviz_app.ui.commands.edges import ConnectCommand, DisconnectCommand
from graphviz_app.ui.commands.nodes import (
    AddNodeCommand,
    MoveNodesCommand,
    RemoveNodesCommand,
    RenameCommand,
    SetKindCommand,
    SetOutputCommand,
    SetParamsCommand,
    SetValueCommand,
)


@pytest.fixture
def graph():
    g = Graph()
    x = g.add_node("variable", name="x", value=[1.0, 2.0], pos=(0, 0))
    y = g.add_node("variable", name="y", value=3.0, pos=(0, 100))
    m = g.add_node("op", "mul", pos=(200, 50))
    s = g.add_node("op", "sum", name="L", pos=(400, 50))
    g.connect(x, m, 0)
    g.connect(y, m, 1)
    g.connect(m, s, 0)
    g.set_output(s)
    return g


def roundtrip(qapp, graph, make):
    stack = QUndoStack()
    before = dump(graph)
    command = make()
    stack.push(command)
    after = dump(graph)
    assert after != before
    stack.undo()
    assert dump(graph) == before
    stack.redo()
    assert dump(graph) == after
    return command, stack


def test_add_node_reuses_its_id_on_redo(qapp, graph):
    command, stack = roundtrip(qapp, graph, lambda: AddNodeCommand(graph, "op", "sin", pos=(10, 20)))
    assert command.node_id in graph
    assert command.text() == "Add sin"
    assert graph.node(command.node_id).pos == (10.0, 20.0)


def test_add_variable_gets_a_free_name(qapp, graph):
    command, _ = roundtrip(qapp, graph, lambda: AddNodeCommand(graph, "variable"))
    assert graph.node(command.node_id).name == "z"  # x and y are taken
    assert command.text() == "Add variable z"


def test_add_refuses_a_taken_name_and_unknown_op(qapp, graph):
    with pytest.raises(GraphError):
        AddNodeCommand(graph, "variable", name="x")
    with pytest.raises(GraphError):
        AddNodeCommand(graph, "op", "frobnicate")


def test_remove_nodes_restores_edges_and_output(qapp, graph):
    ids = [graph.find("y"), graph.find("L")]
    command, _ = roundtrip(qapp, graph, lambda: RemoveNodesCommand(graph, ids))
    assert command.text() == "Delete 2 nodes"


def test_remove_edges_only(qapp, graph):
    m = graph.node_ids()[2]
    command, _ = roundtrip(qapp, graph, lambda: RemoveNodesCommand(graph, [], [(graph.find("x"), m, 0)]))
    assert command.text() == "Delete 1 edge"


def test_deleting_an_edge_that_is_not_there_names_its_ends_as_their_cards_do(qapp, graph):
    x, y, m = graph.find("x"), graph.find("y"), graph.node_ids()[2]
    with pytest.raises(GraphError) as refused:
        RemoveNodesCommand(graph, [], [(y, m, 0)])  # (port 0 of mul is x's)
    assert refused.value.message == 'no edge from variable "y" into a of mul'
    graph.remove_node(x)
    with pytest.raises(GraphError) as refused:
        RemoveNodesCommand(graph, [], [(x, m, 0)])
    assert refused.value.message == "no such node in the graph (it may have been deleted)"


def test_connect_replaces_and_undo_restores(qapp, graph):
    x, y, m, s = graph.node_ids()
    command, stack = roundtrip(qapp, graph, lambda: ConnectCommand(graph, x, m, 1))
    assert graph.inputs_of(m) == {0: x, 1: x}
    assert command.text() == "Connect x → mul.b"
    stack.undo()
    assert graph.inputs_of(m) == {0: x, 1: y}


def test_connect_refuses_a_cycle_without_touching_the_stack(qapp, graph):
    x, y, m, s = graph.node_ids()
    stack = QUndoStack()
    messages = []
    before = dump(graph)
    assert try_push(stack, lambda: ConnectCommand(graph, s, m, 0), messages.append) is None
    assert stack.count() == 0
    assert "cycle" in messages[0]
    assert dump(graph) == before


def test_disconnect(qapp, graph):
    x, y, m, s = graph.node_ids()
    command, _ = roundtrip(qapp, graph, lambda: DisconnectCommand(graph, m, 1))
    assert command.text() == "Disconnect y → mul"
    with pytest.raises(GraphError):
        DisconnectCommand(graph, m, 1)


def test_move_and_nudges_merge(qapp, graph):
    x = graph.find("x")
    roundtrip(qapp, graph, lambda: MoveNodesCommand(graph, {x: ((0, 0), (50, 60))}))
    stack = QUndoStack()
    start = graph.node(x).pos
    for _i in range(3):
        pos = graph.node(x).pos
        stack.push(MoveNodesCommand(graph, {x: (pos, (pos[0] + 10, pos[1]))}, nudge=True))
    assert stack.count() == 1
    assert graph.node(x).pos == (start[0] + 30, start[1])
    stack.undo()
    assert graph.node(x).pos == start


def test_set_value(qapp, graph):
    command, _ = roundtrip(qapp, graph, lambda: SetValueCommand(graph, graph.find("x"), [[1, 2], [3, 4]]))
    assert graph.node(graph.find("x")).value.shape == (2, 2)
    with pytest.raises(GraphError):
        SetValueCommand(graph, graph.find("L"), 1.0)


def test_rename(qapp, graph):
    command, _ = roundtrip(qapp, graph, lambda: RenameCommand(graph, graph.find("x"), "alpha"))
    assert command.text() == "Rename x to α"  # (as the card shows it)
    with pytest.raises(GraphError):
        RenameCommand(graph, graph.find("alpha"), "y")


def test_set_output(qapp, graph):
    roundtrip(qapp, graph, lambda: SetOutputCommand(graph, graph.node_ids()[2]))


def test_set_params(qapp, graph):
    p = graph.add_node("op", "pow")
    command, _ = roundtrip(qapp, graph, lambda: SetParamsCommand(graph, p, {"p": 3.0}))
    assert graph.node(p).params == {"p": 3.0}
    with pytest.raises(GraphError, match=r'^pow has an unknown parameter "q" \(known for pow: p\)$'):
        SetParamsCommand(graph, p, {"q": 1})
    with pytest.raises(GraphError, match=r'^pow: parameter "p" must be a finite number, found "abc"$'):
        SetParamsCommand(graph, p, {"p": "abc"})
    with pytest.raises(GraphError, match=r'^pow "cube": parameter "p" must be a finite number, found inf$'):
        AddNodeCommand(graph, "op", "pow", name="cube", params={"p": float("inf")})
    assert graph.node(p).params == {"p": 3.0} and "cube" not in {n.name for n in graph.nodes()}


def test_set_kind(qapp, graph):
    roundtrip(qapp, graph, lambda: SetKindCommand(graph, graph.find("y"), "constant"))
    assert graph.node(graph.find("y")).kind == "constant"


def test_layout(qapp, graph):
    roundtrip(
        qapp, graph, lambda: LayoutCommand(graph, {n: (i * 7.0, -i * 3.0) for i, n in enumerate(graph.node_ids())})
    )


def test_paste_remaps_ids_and_names(qapp, graph):
    from graphviz_app.ui.clipboard import fragment

    payload = fragment(graph, graph.node_ids()[:3])
    command, _ = roundtrip(qapp, graph, lambda: PasteCommand(graph, payload, (40, 40)))
    assert len(graph) == 7
    names = {graph.node(n).name for n in command.new_ids}
    assert names == {"x_2", "y_2", None}
    new_m = command.new_ids[2]
    assert set(graph.inputs_of(new_m).values()) == set(command.new_ids[:2])
    assert np.allclose(graph.node(command.new_ids[0]).value, [1, 2])


def test_a_pasted_fragment_with_a_parameter_the_op_cannot_take_is_refused_before_anything_changes(qapp, graph):
    """A fragment edited by hand: refused when the command is made (reported), never in its redo."""
    from graphviz_app.ui.clipboard import fragment

    p = graph.add_node("op", "pow", params={"p": 3.0})
    payload = fragment(graph, [p])
    payload["nodes"][0]["params"] = {"p": "abc"}
    with pytest.raises(GraphError, match=r'^cannot paste: pow: parameter "p" must be a finite number, found "abc"$'):
        PasteCommand(graph, payload, (40, 40))
    payload = fragment(graph, [graph.find("x")])
    payload["nodes"][0]["params"] = {"p": 2.0}
    with pytest.raises(GraphError, match=r'^cannot paste: variable "x_2" has no parameters$'):
        PasteCommand(graph, payload, (40, 40))


def test_replace_graph(qapp, graph):
    other = Graph()
    other.add_node("constant", name="c", value=2.0)
    roundtrip(qapp, graph, lambda: ReplaceGraphCommand(graph, other))
