"""Undoable edits of single nodes: add, delete, move, set a value, rename, set the output,
set parameters, turn a variable into a constant. Each changes only the model; views follow its events."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtGui import QUndoCommand

from ...core.entry_names import display_name
from ...core.errors import GraphError
from ...core.graph import Edge, Graph, RemovedNode, as_value
from ...core.naming import describe, display_label, name_problem
from ...core.ops import get_op
from ...core.shape_guess import new_input_value
from ...core.values import format_number
from .common import Command, node_title, plural
from .edges import input_name

Pos = tuple[float, float]


# the id of arrow-key nudges: a burst of them merges into one undo step
_NUDGE_ID = 0x6E75


def default_name(graph: Graph, kind: str) -> str | None:
    """Variables and constants get a short free name (x, y, z, w, then x_2...); ops keep none."""
    if kind == "variable":
        taken = {n.name for n in graph.nodes() if n.name}
        for base in ("x", "y", "z", "w", "v"):
            if base not in taken:
                return base
        return graph.unique_name("x")
    if kind == "constant":
        return graph.unique_name("c")
    return None


class AddNodeCommand(Command):
    def __init__(
        self,
        graph: Graph,
        kind: str,
        op: str | None = None,
        *,
        name: str | None = None,
        value: Any = None,
        pos: Pos = (0, 0),
        params: dict | None = None,
    ):
        super().__init__()
        if kind == "op":
            params = get_op(op).check_params(params, f'{op} "{name}"' if name else op)
        elif kind not in ("variable", "constant"):
            raise GraphError(f"unknown node kind {kind!r}")
        if name:
            graph.check_name_free(name, "")
        else:
            name = default_name(graph, kind)
        self.graph = graph
        self.kind, self.op, self.name = kind, op, name
        if value is None and kind != "op":  # small example numbers, not 0 (gradients through it are not all 0)
            value = new_input_value(graph)
        self.value = None if value is None else as_value(value)
        self.pos = (float(pos[0]), float(pos[1]))
        self.params = dict(params or {})
        self.node_id = graph.new_id()
        shown = display_name(name) if name else op  # (as its card will show it: theta as θ)
        self.setText(f"Add {shown}" if kind == "op" else f"Add {kind} {shown}")

    def redo(self) -> None:
        self.graph.add_node(
            self.kind, self.op, name=self.name, value=self.value, pos=self.pos, params=self.params, node_id=self.node_id
        )

    def undo(self) -> None:
        self.graph.remove_node(self.node_id)


class RemoveNodesCommand(Command):
    """Delete nodes (with their edges) and optionally some edges between the remaining nodes."""

    def __init__(self, graph: Graph, node_ids, edges=()):
        super().__init__()
        self.graph = graph
        self.node_ids = [graph.node(n).id for n in dict.fromkeys(node_ids)]
        gone = set(self.node_ids)
        self.edges = [Edge(*e) for e in dict.fromkeys(tuple(e) for e in edges) if e[0] not in gone and e[1] not in gone]
        for e in self.edges:
            graph.node(e.src)  # (an unknown id raises here)
            if graph.inputs_of(e.dst).get(e.port) != e.src:
                where = input_name(graph, e.dst, e.port)
                raise GraphError(
                    f"no edge from {describe(graph, e.src)} into {where} of {describe(graph, e.dst)}", e.dst
                )
        self.removed: list[RemovedNode] = []
        self.groups_before = graph.groups.snapshot()  # removing nodes shrinks or drops their groups
        if self.node_ids and not self.edges:
            one = node_title(graph, self.node_ids[0])
            self.setText(f"Delete {one}" if len(self.node_ids) == 1 else f"Delete {plural(len(self.node_ids), 'node')}")
        elif self.edges and not self.node_ids:
            self.setText("Delete " + plural(len(self.edges), "edge"))
        else:
            self.setText(f"Delete {plural(len(self.node_ids), 'node')} and {plural(len(self.edges), 'edge')}")

    def redo(self) -> None:
        for e in self.edges:
            self.graph.disconnect(e.dst, e.port)
        self.removed = [self.graph.remove_node(n) for n in self.node_ids]

    def undo(self) -> None:
        self.graph.restore_nodes(self.removed)
        for e in self.edges:
            self.graph.connect(e.src, e.dst, e.port)
        if self.graph.groups.snapshot() != self.groups_before:
            self.graph.groups.restore(self.groups_before)


class MoveNodesCommand(Command):
    """One drag (or one burst of arrow-key nudges) = one undo step."""

    MERGE_SECONDS = 1.5

    def __init__(self, graph: Graph, moves: dict[str, tuple[Pos, Pos]], *, nudge: bool = False):
        super().__init__()
        for nid in moves:
            graph.node(nid)
        self.graph = graph
        self.moves = {n: (tuple(map(float, a)), tuple(map(float, b))) for n, (a, b) in moves.items()}
        self.nudge = nudge
        self.stamp = time.monotonic()
        self.said = ""  # (a move shows itself; what the drop said, such as a refused insert, stays)
        self._name()

    def _name(self) -> None:
        if len(self.moves) == 1:
            self.setText(f"Move {node_title(self.graph, next(iter(self.moves)))}")
        else:
            self.setText(f"Move {plural(len(self.moves), 'node')}")

    def id(self) -> int:
        return _NUDGE_ID if self.nudge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, MoveNodesCommand) and other.nudge and self.nudge):
            return False
        if set(other.moves) != set(self.moves) or other.stamp - self.stamp > self.MERGE_SECONDS:
            return False
        self.moves = {n: (self.moves[n][0], other.moves[n][1]) for n in self.moves}
        self.stamp = other.stamp
        return True

    def redo(self) -> None:
        for nid, (_, new) in self.moves.items():
            self.graph.move(nid, new)

    def undo(self) -> None:
        for nid, (old, _) in self.moves.items():
            self.graph.move(nid, old)


class SetValueCommand(Command):
    def __init__(self, graph: Graph, node_id: str, value: Any):
        super().__init__()
        node = graph.node(node_id)
        if not node.is_input:
            raise GraphError(
                f"{describe(graph, node_id)} is an operation; only variables and constants hold values", node_id
            )
        self.graph, self.node_id = graph, node_id
        self.old = node.value.copy()  # (an input always holds a value)
        self.new = as_value(value)
        self.setText(f"Edit the value of {node_title(graph, node_id)}")

    def redo(self) -> None:
        self.graph.set_value(self.node_id, self.new.copy())

    def undo(self) -> None:
        self.graph.set_value(self.node_id, self.old.copy())


class RenameCommand(Command):
    def __init__(self, graph: Graph, node_id: str, name: str | None):
        super().__init__()
        node = graph.node(node_id)
        name = (name or "").strip() or None
        problem = name_problem(graph, node_id, name or "")
        if problem is not None:
            raise GraphError(problem, node_id)
        self.graph, self.node_id, self.old, self.new = graph, node_id, node.name, name
        before = display_label(graph, node_id)
        self.setText(f"Rename {before} to {display_name(name)}" if name else f"Clear the name of {before}")

    def redo(self) -> None:
        self.graph.rename(self.node_id, self.new)

    def undo(self) -> None:
        self.graph.rename(self.node_id, self.old)


class SetOutputCommand(Command):
    def __init__(self, graph: Graph, node_id: str | None):
        super().__init__()
        if node_id is not None:
            graph.node(node_id)
        self.graph, self.old, self.new = graph, graph.output, node_id
        self.setText(f"Set {node_title(graph, node_id)} as output" if node_id else "Clear the output")

    def redo(self) -> None:
        self.graph.set_output(self.new)

    def undo(self) -> None:
        self.graph.set_output(self.old)


class SetParamsCommand(Command):
    def __init__(self, graph: Graph, node_id: str, params: dict):
        super().__init__()
        node = graph.node(node_id)
        if node.kind != "op":
            raise GraphError(f"{describe(graph, node_id)} has no parameters", node_id)
        params = get_op(node.op).check_params(params, describe(graph, node_id))
        self.graph, self.node_id = graph, node_id
        self.old, self.new = dict(node.params), params
        changed = [k for k in self.new if self.new[k] != self.old.get(k)]
        if len(changed) == 1:
            value = self.new[changed[0]]
            shown = format_number(value) if isinstance(value, float) else str(value)  # (as typed: 2.0000001)
            self.setText(f"Set {changed[0]} of {node_title(graph, node_id)} to {shown}")
        else:
            self.setText(f"Set parameters of {node_title(graph, node_id)}")

    def redo(self) -> None:
        self.graph.set_params(self.node_id, self.new)

    def undo(self) -> None:
        self.graph.set_params(self.node_id, self.old)


class SetKindCommand(Command):
    """Turn a variable into a constant or back."""

    def __init__(self, graph: Graph, node_id: str, kind: str):
        super().__init__()
        node = graph.node(node_id)
        if kind not in ("variable", "constant") or not node.is_input:
            raise GraphError(f"{describe(graph, node_id)} cannot become a {kind}", node_id)
        self.graph, self.node_id, self.old, self.new = graph, node_id, node.kind, kind
        self.setText(f"Make {node_title(graph, node_id)} a {kind}")

    def redo(self) -> None:
        self.graph.set_kind(self.node_id, self.new)

    def undo(self) -> None:
        self.graph.set_kind(self.node_id, self.old)
