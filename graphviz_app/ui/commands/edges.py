"""Undoable edits of connections: connect an output to an input port, disconnect an input."""

from __future__ import annotations

from ...core.errors import GraphError
from ...core.graph import Graph
from ...core.naming import describe
from ...core.ops import get_op
from .common import Command, node_title


def input_words(graph: Graph, dst: str, port: int) -> str:
    """Input `port` of dst as a message names it: "input B of matmul", or "the input of tanh" for an
    op with one input (its port's name, u, is never shown on the card)."""
    name = input_name(graph, dst, port)
    if get_op(graph.node(dst).op).arity == 1:
        return f"the input of {describe(graph, dst)}"
    return f"input {name} of {describe(graph, dst)}"


def input_name(graph: Graph, dst: str, port: int) -> str:
    """The name of input `port` of dst as its card shows it ("B" of matmul); a GraphError (naming
    the node) when dst has no such input."""
    dst_node = graph.node(dst)
    if dst_node.kind != "op":
        raise GraphError(f"{describe(graph, dst)} has no inputs", dst)
    op = get_op(dst_node.op)
    if not 0 <= port < op.arity:
        raise GraphError(f"{describe(graph, dst)} has no input port {port}", dst)
    return op.inputs[port]


class ConnectCommand(Command):
    """Connect src's output to an input port of dst, replacing the edge already there."""

    def __init__(self, graph: Graph, src: str, dst: str, port: int):
        super().__init__()
        graph.node(src)  # (an unknown id raises here)
        into = input_name(graph, dst, port)
        arity = get_op(graph.node(dst).op).arity
        if graph.would_create_cycle(src, dst):
            raise GraphError(f"connecting {describe(graph, src)} to {describe(graph, dst)} would close a cycle", dst)
        self.old = graph.inputs_of(dst).get(port)
        if self.old == src:
            where = f"{into} of {describe(graph, dst)}" if arity > 1 else describe(graph, dst)
            raise GraphError(f"{describe(graph, src)} is already connected to {where}", dst)
        self.graph, self.src, self.dst, self.port = graph, src, dst, port
        where = f".{into}" if arity > 1 else ""
        self.setText(f"Connect {node_title(graph, src)} → {node_title(graph, dst)}{where}")

    def redo(self) -> None:
        self.graph.connect(self.src, self.dst, self.port)

    def undo(self) -> None:
        self.graph.disconnect(self.dst, self.port)
        if self.old is not None:
            self.graph.connect(self.old, self.dst, self.port)


class DisconnectCommand(Command):
    def __init__(self, graph: Graph, dst: str, port: int):
        super().__init__()
        src = graph.inputs_of(graph.node(dst).id).get(port)
        if src is None:
            raise GraphError(f"{input_words(graph, dst, port)} is not connected", dst)
        self.graph, self.src, self.dst, self.port = graph, src, dst, port
        self.setText(f"Disconnect {node_title(graph, src)} → {node_title(graph, dst)}")

    def redo(self) -> None:
        self.graph.disconnect(self.dst, self.port)

    def undo(self) -> None:
        self.graph.connect(self.src, self.dst, self.port)
