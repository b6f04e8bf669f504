"""Undoable edits of the core Graph. Each command changes only the model; views follow its events.

Every command checks its arguments against the graph when it is built and raises
the model's UserError there, so a refused edit never reaches the undo stack half
applied. `try_push` turns such an error into a message for the status bar.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.errors import GraphError, UserError
from ..core.graph import Edge, Graph, RemovedNode, as_value
from ..core.groups import Group
from ..core.naming import describe, display_label, name_problem
from ..core.ops import get_op
from ..core.values import format_number

Pos = tuple[float, float]

# ids of commands that may merge with the previous one (arrow-key nudges; training steps shown)
_NUDGE_ID = 0x6E75
_TRAINING_ID = 0x7472


def try_push(
    stack: QUndoStack, make: Callable[[], QUndoCommand], report: Callable[[str], None] | None = None
) -> QUndoCommand | None:
    """Build a command and push it; a refused edit is reported and nothing is pushed."""
    try:
        command = make()
    except UserError as exc:
        if report is not None:
            report(exc.message)
        return None
    stack.push(command)
    return command


def node_title(graph: Graph, node_id: str) -> str:
    """A node as the Edit menu's undo and redo items name it: what its card shows."""
    return display_label(graph, node_id)


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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


class AddNodeCommand(QUndoCommand):
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
            get_op(op)
        elif kind not in ("variable", "constant"):
            raise GraphError(f"unknown node kind {kind!r}")
        if name:
            graph._check_name_free(name, "")
        else:
            name = default_name(graph, kind)
        self.graph = graph
        self.kind, self.op, self.name = kind, op, name
        self.value = None if value is None else as_value(value)
        self.pos = (float(pos[0]), float(pos[1]))
        self.params = dict(params or {})
        self.node_id = graph.new_id()
        self.setText(f"Add {name or op}" if kind == "op" else f"Add {kind} {name}")

    def redo(self) -> None:
        self.graph.add_node(
            self.kind, self.op, name=self.name, value=self.value, pos=self.pos, params=self.params, node_id=self.node_id
        )

    def undo(self) -> None:
        self.graph.remove_node(self.node_id)


class RemoveNodesCommand(QUndoCommand):
    """Delete nodes (with their edges) and optionally some edges between the remaining nodes."""

    def __init__(self, graph: Graph, node_ids, edges=()):
        super().__init__()
        self.graph = graph
        self.node_ids = [graph.node(n).id for n in dict.fromkeys(node_ids)]
        gone = set(self.node_ids)
        self.edges = [Edge(*e) for e in dict.fromkeys(tuple(e) for e in edges) if e[0] not in gone and e[1] not in gone]
        for e in self.edges:
            if graph.inputs_of(e.dst).get(e.port) != e.src:
                raise GraphError(f'no edge from "{e.src}" into port {e.port} of "{e.dst}"', e.dst)
        self.removed: list[RemovedNode] = []
        self.groups_before = graph.groups.snapshot()  # removing nodes shrinks or drops their groups
        if self.node_ids and not self.edges:
            one = node_title(graph, self.node_ids[0])
            self.setText(
                f"Delete {one}" if len(self.node_ids) == 1 else f"Delete {_plural(len(self.node_ids), 'node')}"
            )
        elif self.edges and not self.node_ids:
            self.setText("Delete " + _plural(len(self.edges), "edge"))
        else:
            self.setText(f"Delete {_plural(len(self.node_ids), 'node')} and {_plural(len(self.edges), 'edge')}")

    def redo(self) -> None:
        for e in self.edges:
            self.graph.disconnect(e.dst, e.port)
        self.removed = [self.graph.remove_node(n) for n in self.node_ids]

    def undo(self) -> None:
        for removed in reversed(self.removed):
            self.graph.restore_node(removed)
        for e in self.edges:
            self.graph.connect(e.src, e.dst, e.port)
        if self.graph.groups.snapshot() != self.groups_before:
            self.graph.groups.restore(self.groups_before)


class ConnectCommand(QUndoCommand):
    """Connect src's output to an input port of dst, replacing the edge already there."""

    def __init__(self, graph: Graph, src: str, dst: str, port: int):
        super().__init__()
        graph.node(src)  # (an unknown id raises here)
        dst_node = graph.node(dst)
        if dst_node.kind != "op":
            raise GraphError(f"{describe(graph, dst)} has no inputs", dst)
        op = get_op(dst_node.op)
        if not 0 <= port < op.arity:
            raise GraphError(f"{describe(graph, dst)} has no input port {port}", dst)
        if graph.would_create_cycle(src, dst):
            raise GraphError(f"connecting {describe(graph, src)} to {describe(graph, dst)} would close a cycle", dst)
        self.old = graph.inputs_of(dst).get(port)
        if self.old == src:
            raise GraphError(
                f"{describe(graph, src)} is already connected to {op.inputs[port]} of {describe(graph, dst)}", dst
            )
        self.graph, self.src, self.dst, self.port = graph, src, dst, port
        where = f".{op.inputs[port]}" if op.arity > 1 else ""
        self.setText(f"Connect {node_title(graph, src)} → {node_title(graph, dst)}{where}")

    def redo(self) -> None:
        self.graph.connect(self.src, self.dst, self.port)

    def undo(self) -> None:
        self.graph.disconnect(self.dst, self.port)
        if self.old is not None:
            self.graph.connect(self.old, self.dst, self.port)


class DisconnectCommand(QUndoCommand):
    def __init__(self, graph: Graph, dst: str, port: int):
        super().__init__()
        src = graph.inputs_of(graph.node(dst).id).get(port)
        if src is None:
            raise GraphError(f"input {port} of {describe(graph, dst)} is not connected", dst)
        self.graph, self.src, self.dst, self.port = graph, src, dst, port
        self.setText(f"Disconnect {node_title(graph, src)} → {node_title(graph, dst)}")

    def redo(self) -> None:
        self.graph.disconnect(self.dst, self.port)

    def undo(self) -> None:
        self.graph.connect(self.src, self.dst, self.port)


class MoveNodesCommand(QUndoCommand):
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
        self._name()

    def _name(self) -> None:
        if len(self.moves) == 1:
            self.setText(f"Move {node_title(self.graph, next(iter(self.moves)))}")
        else:
            self.setText(f"Move {_plural(len(self.moves), 'node')}")

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


class SetValueCommand(QUndoCommand):
    def __init__(self, graph: Graph, node_id: str, value: Any):
        super().__init__()
        node = graph.node(node_id)
        if not node.is_input:
            raise GraphError(
                f"{describe(graph, node_id)} is an operation; only variables and constants hold values", node_id
            )
        self.graph, self.node_id = graph, node_id
        self.old = None if node.value is None else node.value.copy()
        self.new = as_value(value)
        self.setText(f"Set value of {node_title(graph, node_id)}")

    def redo(self) -> None:
        self.graph.set_value(self.node_id, self.new.copy())

    def undo(self) -> None:
        self.graph.set_value(self.node_id, self.old.copy() if self.old is not None else np.zeros(()))


class RenameCommand(QUndoCommand):
    def __init__(self, graph: Graph, node_id: str, name: str | None):
        super().__init__()
        node = graph.node(node_id)
        name = (name or "").strip() or None
        problem = name_problem(graph, node_id, name or "")
        if problem is not None:
            raise GraphError(problem, node_id)
        self.graph, self.node_id, self.old, self.new = graph, node_id, node.name, name
        before = display_label(graph, node_id)
        self.setText(f"Rename {before} to {name}" if name else f"Clear the name of {before}")

    def redo(self) -> None:
        self.graph.rename(self.node_id, self.new)

    def undo(self) -> None:
        self.graph.rename(self.node_id, self.old)


class SetOutputCommand(QUndoCommand):
    def __init__(self, graph: Graph, node_id: str | None):
        super().__init__()
        if node_id is not None:
            graph.node(node_id)
        self.graph, self.old, self.new = graph, graph.output, node_id
        self.setText(f"Set output {node_title(graph, node_id)}" if node_id else "Clear the output")

    def redo(self) -> None:
        self.graph.set_output(self.new)

    def undo(self) -> None:
        self.graph.set_output(self.old)


class SetParamsCommand(QUndoCommand):
    def __init__(self, graph: Graph, node_id: str, params: dict):
        super().__init__()
        node = graph.node(node_id)
        if node.kind != "op":
            raise GraphError(f"{describe(graph, node_id)} has no parameters", node_id)
        unknown = set(params) - set(get_op(node.op).defaults)
        if unknown:
            raise GraphError(f"{describe(graph, node_id)} has no parameter {', '.join(sorted(unknown))}", node_id)
        self.graph, self.node_id = graph, node_id
        self.old, self.new = dict(node.params), dict(params)
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


class SetKindCommand(QUndoCommand):
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


class LayoutCommand(QUndoCommand):
    def __init__(self, graph: Graph, positions: dict[str, Pos], text: str = "Auto layout"):
        super().__init__(text)
        self.graph = graph
        self.new = {n: (float(p[0]), float(p[1])) for n, p in positions.items()}
        self.old = {n: graph.node(n).pos for n in self.new}

    def redo(self) -> None:
        for nid, pos in self.new.items():
            self.graph.move(nid, pos)

    def undo(self) -> None:
        for nid, pos in self.old.items():
            self.graph.move(nid, pos)


class PasteCommand(QUndoCommand):
    """Add a copied fragment (see clipboard.py): fresh ids, free names, shifted positions."""

    def __init__(self, graph: Graph, payload: dict, offset: Pos = (0, 0), text: str = "Paste"):
        super().__init__()
        self.graph = graph
        self.nodes: list[dict] = []
        self.mapping: dict[str, str] = {}
        self.frozen: list[str] = []  # pasted variables that training leaves alone
        taken = {n.name for n in graph.nodes() if n.name}
        reserved: set[str] = set()
        for item in payload.get("nodes", []):
            kind, op = item["kind"], item.get("op")
            if kind == "op":
                get_op(op)
            elif kind not in ("variable", "constant"):
                raise GraphError(f"unknown node kind {kind!r}")
            new_id = graph.new_id()
            while new_id in reserved:
                new_id = graph.new_id()
            reserved.add(new_id)
            self.mapping[item["id"]] = new_id
            name = item.get("name")
            if name:
                name = graph.unique_name(name, taken)
                taken.add(name)
            x, y = item.get("pos", (0, 0))
            value = item.get("value")
            if kind == "variable" and item.get("trainable") is False:
                self.frozen.append(new_id)
            self.nodes.append(
                dict(
                    node_id=new_id,
                    kind=kind,
                    op=op if kind == "op" else None,
                    name=name,
                    value=None if value is None else as_value(value),
                    pos=(float(x) + offset[0], float(y) + offset[1]),
                    params=dict(item.get("params") or {}),
                )
            )
        self.edges = [
            Edge(self.mapping[s], self.mapping[d], int(p))
            for s, d, p in payload.get("edges", [])
            if s in self.mapping and d in self.mapping
        ]
        self.setText(f"{text} {_plural(len(self.nodes), 'node')}")

    @property
    def new_ids(self) -> list[str]:
        return [n["node_id"] for n in self.nodes]

    def redo(self) -> None:
        for spec in self.nodes:
            spec = dict(spec)
            self.graph.add_node(spec.pop("kind"), spec.pop("op"), **spec)
        for nid in self.frozen:
            self.graph.set_trainable(nid, False)
        for e in self.edges:
            self.graph.connect(e.src, e.dst, e.port)

    def undo(self) -> None:
        for spec in reversed(self.nodes):
            self.graph.remove_node(spec["node_id"])


class ReplaceGraphCommand(QUndoCommand):
    """Swap the whole content (new from expression): undo gives the previous graph back."""

    def __init__(self, graph: Graph, new: Graph, text: str = "Replace the graph"):
        super().__init__(text)
        self.graph = graph
        self.old = graph.copy()
        self.new = new.copy()

    def redo(self) -> None:
        self.graph.replace_with(self.new)

    def undo(self) -> None:
        self.graph.replace_with(self.old)


class SetTrainableCommand(QUndoCommand):
    """Let gradient descent change variables, or freeze them (one undo step for all of them)."""

    def __init__(self, graph: Graph, node_ids, trainable: bool):
        super().__init__()
        ids = [graph.node(n).id for n in dict.fromkeys(node_ids)]
        for nid in ids:
            if graph.node(nid).kind != "variable":
                raise GraphError(f"{describe(graph, nid)} is not a variable; only variables can be trained", nid)
        if not ids:
            raise GraphError("no variable is selected: only variables can be trained")
        self.graph, self.new = graph, bool(trainable)
        self.old = {nid: graph.node(nid).trainable for nid in ids}
        what = node_title(graph, ids[0]) if len(ids) == 1 else _plural(len(ids), "variable")
        self.setText(f"Make {what} trainable" if self.new else f"Freeze {what}")

    def redo(self) -> None:
        for nid in self.old:
            self.graph.set_trainable(nid, self.new)

    def undo(self) -> None:
        for nid, old in self.old.items():
            self.graph.set_trainable(nid, old)


def _put_values(graph: Graph, values: dict[str, np.ndarray]) -> None:
    for nid, value in values.items():
        graph.set_value(nid, value.copy())


class TrainCommand(QUndoCommand):
    """A training run's values put into the graph: those after step `shown` (the dock's stepping
    merges into it while it is the last edit, so Train and its stepping are one undo step).
    Undo puts back, exactly, the values the trained variables had before."""

    def __init__(self, graph: Graph, result, shown: int, text: str):
        super().__init__(text)
        for nid in result.variables:
            if not graph.node(nid).is_input:
                raise GraphError(f"{describe(graph, nid)} is no longer a variable", nid)
        self.graph, self.result, self.shown = graph, result, int(shown)
        self.start = {nid: graph.node(nid).value.copy() for nid in result.variables}
        self.done = False  # (the training dock asks: a run whose Train is undone cannot be stepped)

    def id(self) -> int:
        return _TRAINING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, ShowTrainingStepCommand) and other.result is self.result:
            self.shown = other.step
            return True
        return False

    def redo(self) -> None:
        _put_values(self.graph, self.result.values[self.shown])
        self.done = True

    def undo(self) -> None:
        _put_values(self.graph, self.start)
        self.done = False


class ShowTrainingStepCommand(QUndoCommand):
    """The values of one iteration of a training run (stepping through it: one undo step for a
    run of steps; merged into the Train command itself while that is the last edit)."""

    def __init__(self, graph: Graph, result, step: int):
        super().__init__()
        if not 0 <= step <= result.steps:
            raise GraphError(f"the training run has no step {step} (it has {result.steps})")
        for nid in result.variables:
            if not graph.node(nid).is_input:
                raise GraphError(f"{describe(graph, nid)} is no longer a variable", nid)
        self.graph, self.result, self.step = graph, result, int(step)
        self.before = {nid: graph.node(nid).value.copy() for nid in result.variables}
        self._name()

    def _name(self) -> None:
        self.setText(f"Show training step {self.step} of {self.result.steps}")

    def id(self) -> int:
        return _TRAINING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, ShowTrainingStepCommand) and other.result is self.result:
            self.step = other.step
            self._name()
            return True
        return False

    def redo(self) -> None:
        _put_values(self.graph, self.result.values[self.step])

    def undo(self) -> None:
        _put_values(self.graph, self.before)


class ResetTrainingCommand(QUndoCommand):
    """Put back the values the trained variables had before the run (its step 0)."""

    def __init__(self, graph: Graph, result):
        super().__init__("Reset the trained values")
        for nid in result.variables:
            if not graph.node(nid).is_input:
                raise GraphError(f"{describe(graph, nid)} is no longer a variable", nid)
        self.graph, self.result = graph, result
        self.before = {nid: graph.node(nid).value.copy() for nid in result.variables}

    def redo(self) -> None:
        _put_values(self.graph, self.result.values[0])

    def undo(self) -> None:
        _put_values(self.graph, self.before)


# ------------------------------------------------------------------ groups
def _free_group_name(graph: Graph) -> str:
    """group₁, group₂, ...: numbered as the cards number their ops (add₁, add₂)."""
    taken = {g.name for g in graph.groups}
    return next(
        name for i in range(1, len(taken) + 2) if (name := "group" + str(i).translate(_SUBSCRIPTS)) not in taken
    )


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class GroupCommand(QUndoCommand):
    """Make a group of some nodes (Ctrl+G)."""

    def __init__(self, graph: Graph, node_ids, name: str | None = None):
        super().__init__()
        self.graph = graph
        self.node_ids = [graph.node(n).id for n in dict.fromkeys(node_ids)]
        if not self.node_ids:
            raise GraphError("select the nodes to group first")
        self.name = _free_group_name(graph) if name is None else name.strip()
        self.group_id = graph.groups.new_id()
        graph.groups.check(Group(self.group_id, self.name, frozenset(self.node_ids)))  # refused here, not half-done
        self.setText(f"Group {_plural(len(self.node_ids), 'node')} as {self.name}")

    def redo(self) -> None:
        self.graph.groups.add(self.node_ids, self.name, group_id=self.group_id)

    def undo(self) -> None:
        self.graph.groups.remove(self.group_id)


class UngroupCommand(QUndoCommand):
    """Remove a group; its nodes stay (Ctrl+Shift+G)."""

    def __init__(self, graph: Graph, group_id: str):
        super().__init__()
        self.graph = graph
        self.group_id = graph.groups.get(group_id).id
        self.before = graph.groups.snapshot()
        self.setText(f"Ungroup {graph.groups.get(group_id).name}")

    def redo(self) -> None:
        self.graph.groups.remove(self.group_id)

    def undo(self) -> None:
        self.graph.groups.restore(self.before)


class RenameGroupCommand(QUndoCommand):
    def __init__(self, graph: Graph, group_id: str, name: str):
        super().__init__()
        self.graph = graph
        group = graph.groups.get(group_id)
        self.group_id, self.old, self.new = group.id, group.name, name.strip()
        graph.groups.check(replace(group, name=self.new))
        self.setText(f"Rename group {self.old} to {self.new}")

    def redo(self) -> None:
        self.graph.groups.rename(self.group_id, self.new)

    def undo(self) -> None:
        self.graph.groups.rename(self.group_id, self.old)


class CollapseGroupCommand(QUndoCommand):
    """Collapse a group to one card, or expand it again."""

    def __init__(self, graph: Graph, group_id: str, collapsed: bool):
        super().__init__()
        self.graph = graph
        group = graph.groups.get(group_id)
        self.group_id, self.collapsed = group.id, bool(collapsed)
        self.setText(f"{'Collapse' if collapsed else 'Expand'} {group.name}")

    def redo(self) -> None:
        self.graph.groups.set_collapsed(self.group_id, self.collapsed)

    def undo(self) -> None:
        self.graph.groups.set_collapsed(self.group_id, not self.collapsed)
