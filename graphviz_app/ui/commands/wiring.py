"""Undoable edits that add or move a node and wire it in, in one step: a wire dropped on the
empty canvas (add a node and connect it), a card dropped onto an edge (insert it there).

As every command in this package, each checks its arguments against the graph when it is
built and raises the model's UserError there, so a refused edit never reaches the undo stack.
"""

from __future__ import annotations

from typing import Any

from ...core.errors import GraphError
from ...core.graph import Edge, Graph
from ...core.naming import describe
from ...core.ops import get_op
from .common import Command, node_title
from .edges import input_words
from .nodes import AddNodeCommand, Pos


class AddAndConnectCommand(Command):
    """Add a node and connect it: `source` feeds its input `into`, or it feeds input `port` of `target`."""

    def __init__(
        self,
        graph: Graph,
        kind: str,
        op: str | None,
        *,
        pos: Pos,
        source: str | None = None,
        into: int = 0,
        target: tuple[str, int] | None = None,
        value: Any = None,
    ):
        super().__init__()
        if (source is None) == (target is None):
            raise GraphError("a new node is connected either from a source or to a target")
        self.add = AddNodeCommand(graph, kind, op, pos=pos, value=value)  # (checks kind and op)
        self.graph, self.node_id = graph, self.add.node_id
        if source is not None:
            graph.node(source)
            if kind != "op" or not 0 <= into < get_op(op).arity:
                raise GraphError(f"{self.add.name or op} has no input port {into}")
            self.edge = Edge(source, self.node_id, into)
        else:
            dst, port = target
            words = input_words(graph, dst, port)
            if graph.inputs_of(dst).get(port) is not None:
                raise GraphError(f"{words} is already connected", dst)
            self.edge = Edge(self.node_id, dst, port)
        what = op if kind == "op" else f"{kind} {self.add.name}"
        self.setText(f"Add {what} and connect")
        self.said = f"Added {what} and connected it"

    def redo(self) -> None:
        self.add.redo()
        self.graph.connect(*self.edge)

    def undo(self) -> None:
        self.graph.disconnect(self.edge.dst, self.edge.port)
        self.add.undo()


class _Insert:
    """The rewiring of an insert: src → dst.port becomes src → node.into and node → dst.port."""

    def __init__(self, graph: Graph, node_id: str, edge: Edge, into: int, *, new: bool = False):
        src, dst, port = edge
        if graph.inputs_of(dst).get(port) != src:
            raise GraphError(f"no edge from {describe(graph, src)} into {input_words(graph, dst, port)}", dst)
        self.graph, self.node_id, self.edge, self.into = graph, node_id, Edge(src, dst, port), into
        if new:
            return  # a node not yet added has no edges: nothing else can refuse it
        words = input_words(graph, node_id, into)
        if node_id in (src, dst):
            raise GraphError(f"{describe(graph, node_id)} is already an end of this edge", node_id)
        if graph.inputs_of(node_id).get(into) is not None:
            raise GraphError(f"{words} is already connected", node_id)
        if graph.consumers_of(node_id):
            raise GraphError(f"{describe(graph, node_id)} already feeds another node", node_id)
        if graph.would_create_cycle(src, node_id) or graph.would_create_cycle(node_id, dst):
            raise GraphError(f"inserting {describe(graph, node_id)} there would close a cycle", node_id)

    def apply(self) -> None:
        src, dst, port = self.edge
        self.graph.disconnect(dst, port)
        self.graph.connect(src, self.node_id, self.into)
        self.graph.connect(self.node_id, dst, port)

    def revert(self) -> None:
        src, dst, port = self.edge
        self.graph.disconnect(dst, port)
        self.graph.disconnect(self.node_id, self.into)
        self.graph.connect(src, dst, port)


class InsertNodeCommand(Command):
    """A card dropped onto an edge: it moves there (`move`: its old and new position) and the edge
    runs through it, into its input `into`."""

    def __init__(self, graph: Graph, node_id: str, edge, into: int = 0, move: tuple[Pos, Pos] | None = None):
        super().__init__()
        self.insert = _Insert(graph, graph.node(node_id).id, Edge(*edge), into)
        self.graph, self.node_id = graph, node_id
        self.move = None if move is None else tuple(tuple(map(float, p)) for p in move)
        self.setText(f"Insert {node_title(graph, node_id)} into edge")

    def redo(self) -> None:
        if self.move is not None:
            self.graph.move(self.node_id, self.move[1])
        self.insert.apply()

    def undo(self) -> None:
        self.insert.revert()
        if self.move is not None:
            self.graph.move(self.node_id, self.move[0])


class AddIntoEdgeCommand(Command):
    """A new op dropped onto an edge (from the palette): added there, the edge runs through it."""

    def __init__(self, graph: Graph, op: str, edge, *, pos: Pos, into: int = 0):
        super().__init__()
        if not 0 <= into < get_op(op).arity:
            raise GraphError(f"{op} has no input port {into}")
        self.add = AddNodeCommand(graph, "op", op, pos=pos)
        self.node_id = self.add.node_id
        self.insert = _Insert(graph, self.node_id, Edge(*edge), into, new=True)
        self.setText(f"Insert {op} into edge")

    def redo(self) -> None:
        self.add.redo()
        self.insert.apply()

    def undo(self) -> None:
        self.insert.revert()
        self.add.undo()
