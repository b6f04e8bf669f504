"""The commands behind the wire-drop and edge-insert gestures check their arguments when built:
a refused edit never reaches the undo stack; each is one undo step that restores the graph exactly."""

import pytest
from PySide6.QtGui import QUndoStack
from ui.canvas_helpers import dump

from graphviz_app.core.errors import UserError
from graphviz_app.core.graph import Graph
from graphviz_app.ui.commands.wiring import AddAndConnectCommand, AddIntoEdgeCommand, InsertNodeCommand


@pytest.fixture
def chain():
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0)
    out = g.add_node("op", "tanh", name="out")
    g.connect(x, out, 0)
    s = g.add_node("op", "sin")
    return g, x, out, s


def test_refused_arguments_raise_when_built(chain):
    g, x, out, s = chain
    before = dump(g)
    with pytest.raises(UserError):
        AddAndConnectCommand(g, "op", "sin", pos=(0, 0), target=(out, 0))  # already connected
    with pytest.raises(UserError):
        AddAndConnectCommand(g, "op", "sin", pos=(0, 0), source=x, into=1)  # sin has one input
    with pytest.raises(UserError):
        AddAndConnectCommand(g, "variable", None, pos=(0, 0), source=x)  # a variable has no input
    with pytest.raises(UserError):
        AddAndConnectCommand(g, "op", "nope", pos=(0, 0), source=x)
    with pytest.raises(UserError):
        InsertNodeCommand(g, s, (x, s, 0))  # no such edge
    with pytest.raises(UserError):
        InsertNodeCommand(g, x, (x, out, 0))  # a variable has no input
    with pytest.raises(UserError):
        AddIntoEdgeCommand(g, "sin", (x, out, 0), pos=(0, 0), into=1)
    assert dump(g) == before
    g.connect(s, g.add_node("op", "exp"), 0)
    with pytest.raises(UserError):
        InsertNodeCommand(g, s, (x, out, 0))  # sin already feeds exp: not free


def test_insert_then_undo_restores_exactly(chain):
    g, x, out, s = chain
    stack = QUndoStack()
    before = dump(g)
    stack.push(InsertNodeCommand(g, s, (x, out, 0), move=((0.0, 0.0), (50.0, 20.0))))
    assert sorted(g.edges()) == sorted([(x, s, 0), (s, out, 0)])
    assert g.node(s).pos == (50.0, 20.0) and stack.undoText() == "Insert sin into edge"
    stack.undo()
    assert dump(g) == before
    stack.push(AddIntoEdgeCommand(g, "exp", (x, out, 0), pos=(10, 10)))
    assert stack.undoText() == "Insert exp into edge" and len(g.edges()) == 2
    stack.undo()
    assert dump(g) == before
    stack.push(AddAndConnectCommand(g, "constant", None, pos=(0, 0), target=(s, 0)))
    assert stack.undoText().startswith("Add constant ") and len(g.edges()) == 2
    stack.undo()
    assert dump(g) == before


def test_refusals_name_the_input_as_its_card_does():
    """ "input B of matmul", never a port number."""
    import numpy as np

    g = Graph()
    w = g.add_node("variable", name="W", value=np.ones((2, 3)))
    x = g.add_node("variable", name="x", value=np.ones(3))
    m = g.add_node("op", "matmul")
    g.connect(w, m, 0)
    g.connect(x, m, 1)
    t = g.add_node("op", "tanh")
    with pytest.raises(UserError) as refused:
        AddAndConnectCommand(g, "variable", None, pos=(0, 0), target=(m, 1))
    assert refused.value.message == "input B of matmul is already connected"
    with pytest.raises(UserError) as refused:
        InsertNodeCommand(g, t, (w, m, 1))
    assert refused.value.message == 'no edge from variable "W" into input B of matmul'
    g.connect(x, t, 0)
    with pytest.raises(UserError) as refused:
        InsertNodeCommand(g, t, (w, m, 0))
    assert refused.value.message == "the input of tanh is already connected"
