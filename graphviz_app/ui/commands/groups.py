"""Undoable edits of groups: group, ungroup, rename, collapse or expand."""

from __future__ import annotations

from dataclasses import replace

from ...core.entry_names import subscript
from ...core.errors import GraphError
from ...core.graph import Graph
from ...core.groups import Group
from .common import Command, plural


def _free_group_name(graph: Graph) -> str:
    """group₁, group₂, ...: numbered as the cards number their ops (add₁, add₂)."""
    taken = {g.name for g in graph.groups}
    return next(name for i in range(1, len(taken) + 2) if (name := "group" + subscript(i)) not in taken)


class GroupCommand(Command):
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
        self.setText(f"Group {plural(len(self.node_ids), 'node')} as {self.name}")

    def redo(self) -> None:
        self.graph.groups.add(self.node_ids, self.name, group_id=self.group_id)

    def undo(self) -> None:
        self.graph.groups.remove(self.group_id)


class UngroupCommand(Command):
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


class RenameGroupCommand(Command):
    def __init__(self, graph: Graph, group_id: str, name: str):
        super().__init__()
        self.graph = graph
        group = graph.groups.get(group_id)
        self.group_id, self.old, self.new = group.id, group.name, name.strip()
        graph.groups.check(replace(group, name=self.new))
        self.setText(f"Rename the group {self.old} to {self.new}")

    def redo(self) -> None:
        self.graph.groups.rename(self.group_id, self.new)

    def undo(self) -> None:
        self.graph.groups.rename(self.group_id, self.old)


class CollapseGroupCommand(Command):
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
