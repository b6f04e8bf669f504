"""Named groups of nodes: a layer drawn as one frame, collapsible to one card.

A group has an id ("g1"), a name people see, a set of node ids and a collapsed flag.
Groups nest: two groups are either disjoint or one holds all the nodes of the
other (a laminar family, so they form a tree); any other overlap is refused.
The collection lives on the graph (`graph.groups`); every change goes through its
methods, which emit the graph's events (GroupsChanged, or GroupCollapsed for
the flag alone) so views follow the model as for nodes.
`inputs` and `outputs` say how a group connects to the rest of the graph; the
composite Jacobians are in core/composite.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from .errors import GraphError, shortened

Graph = Any  # core.graph.Graph, which imports this module (named here for the annotations only)


@dataclass(frozen=True)
class GroupsChanged:
    """A group was added, removed, renamed or lost nodes (None: several at once)."""

    group_id: str | None


@dataclass(frozen=True)
class GroupCollapsed:
    """Only a group's collapsed flag changed (values and gradients stay valid)."""

    group_id: str


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    nodes: frozenset[str]
    collapsed: bool = False


class Groups:
    """The groups of one graph, in the order they were made (outer groups before inner ones
    when two have the same nodes)."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._groups: dict[str, Group] = {}
        self._counter = itertools.count(1)

    # ------------------------------------------------------------ reading
    def __iter__(self) -> Iterator[Group]:
        return iter(list(self._groups.values()))

    def __len__(self) -> int:
        return len(self._groups)

    def __contains__(self, group_id: object) -> bool:
        return group_id in self._groups

    def get(self, group_id: str) -> Group:
        try:
            return self._groups[group_id]
        except KeyError:
            raise GraphError(f'no group "{group_id}"') from None

    def find(self, name_or_id: str) -> Group:
        """The group with this id or name."""
        if name_or_id in self._groups:
            return self._groups[name_or_id]
        for group in self._groups.values():
            if group.name == name_or_id:
                return group
        raise GraphError(f'no group named "{name_or_id}"')

    def ordered(self) -> list[Group]:
        """Outer groups before the groups they hold (bigger first; ties in the order made)."""
        index = {gid: i for i, gid in enumerate(self._groups)}
        return sorted(self._groups.values(), key=lambda g: (-len(g.nodes), index[g.id]))

    def parent(self, group_id: str) -> Group | None:
        """The smallest group that holds this one, None for a top-level group."""
        group = self.get(group_id)
        found = None
        for other in self.ordered():
            if other.id == group_id:
                break
            if group.nodes <= other.nodes:
                found = other
        return found

    def children(self, group_id: str | None) -> list[Group]:
        """The groups directly inside this one (None: the top-level groups)."""
        found = []
        for group in self.ordered():
            parent = self.parent(group.id)
            if (parent.id if parent else None) == group_id:
                found.append(group)
        return found

    def tree(self) -> list[tuple[Group, list]]:
        """The nesting as nested (group, children) pairs, outer groups first."""

        def build(parent: str | None) -> list[tuple[Group, list]]:
            return [(g, build(g.id)) for g in self.children(parent)]

        return build(None)

    def visible_collapsed(self) -> list[Group]:
        """The collapsed groups not inside another collapsed group: the ones drawn as one card."""
        shown = []
        for group in self.ordered():
            if group.collapsed and not any(group.nodes <= outer.nodes for outer in shown):
                shown.append(group)
        return shown

    def shown_as(self) -> dict[str, str]:
        """node id -> the id of the collapsed group whose card stands for it (nodes not hidden are absent)."""
        return {nid: group.id for group in self.visible_collapsed() for nid in group.nodes}

    def depth(self, group_id: str) -> int:
        """0 for a top-level group, 1 for a group inside one, ... (frames inside frames get drawn smaller)."""
        depth, parent = 0, self.parent(group_id)
        while parent is not None:
            depth, parent = depth + 1, self.parent(parent.id)
        return depth

    def inputs(self, group_id: str) -> list[str]:
        """Ids of the nodes outside the group that feed it, in the graph's order."""
        nodes = self.get(group_id).nodes
        graph = self._graph
        feeding = {src for n in nodes for src in graph.inputs_of(n).values() if src not in nodes}
        return [nid for nid in graph.node_ids() if nid in feeding]

    def outputs(self, group_id: str) -> list[str]:
        """Ids of the group's nodes read from outside it (or the graph's output), in the graph's order."""
        nodes = self.get(group_id).nodes
        graph = self._graph
        read = {n for n in nodes if any(e.dst not in nodes for e in graph.consumers_of(n))}
        if graph.output in nodes:
            read.add(graph.output)
        return [nid for nid in graph.node_ids() if nid in read]

    # ----------------------------------------------------------- changing
    def new_id(self) -> str:
        while True:
            candidate = f"g{next(self._counter)}"
            if candidate not in self._groups:
                return candidate

    def unique_name(self, base: str = "group", taken: Iterable[str] = ()) -> str:
        """base, or the next free name of its series as nodes are named (layer1 -> layer1_2,
        layer1_2 -> layer1_3), free of the groups' names and of `taken` (handed out, not added yet)."""
        taken = {g.name for g in self._groups.values()} | set(taken)
        if base not in taken:
            return base
        stem, _, number = base.rpartition("_")
        if not (stem and number.isdigit()):
            stem = base
        return next(f"{stem}_{i}" for i in itertools.count(2) if f"{stem}_{i}" not in taken)

    def add(
        self, nodes: Iterable[str], name: str | None = None, *, collapsed: bool = False, group_id: str | None = None
    ) -> str:
        """Make a group of these nodes; returns its id. GraphError says why one cannot be made."""
        group_id = group_id or self.new_id()
        if group_id in self._groups:
            raise GraphError(f'a group with id "{group_id}" already exists')
        name = self.unique_name() if name is None else name.strip()
        group = Group(group_id, name, frozenset(nodes), bool(collapsed))
        self.check(group)
        self._groups[group_id] = group
        self._graph.notify(GroupsChanged(group_id))
        return group_id

    def check(self, group: Group) -> None:
        """Refuse a group that cannot join the collection: no nodes, unknown nodes, a name taken,
        or nodes shared with a group without one holding the other."""
        if not group.name:
            raise GraphError("a group needs a name")
        from .naming import length_problem  # (naming reads graphs; late, as below)

        too_long = length_problem(group.name)
        if too_long is not None:
            raise GraphError(f'the group "{shortened(group.name)}": {too_long}')
        if not group.nodes:
            raise GraphError(f'the group "{group.name}" has no nodes')
        missing = [n for n in group.nodes if n not in self._graph]
        if missing:  # (it has no card: no name to show)
            raise GraphError(f'the group "{group.name}" names a node that is not in the graph')
        for other in self._groups.values():
            if other.id == group.id:
                continue
            if other.name == group.name:
                raise GraphError(f'the name "{group.name}" is already used by another group')
            shared = group.nodes & other.nodes
            if shared and not (group.nodes <= other.nodes or other.nodes <= group.nodes):
                from .naming import display_label

                node = display_label(self._graph, sorted(shared)[0])
                raise GraphError(
                    f'the groups "{group.name}" and "{other.name}" share the node "{node}" but neither holds '
                    "the other: groups must nest"
                )

    def remove(self, group_id: str) -> Group:
        """Ungroup: the nodes stay, the group goes. Returns it (for undo: add it back with restore)."""
        group = self.get(group_id)
        del self._groups[group_id]
        self._graph.notify(GroupsChanged(group_id))
        return group

    def rename(self, group_id: str, name: str) -> None:
        group = replace(self.get(group_id), name=(name or "").strip())
        self.check(group)
        self._groups[group_id] = group
        self._graph.notify(GroupsChanged(group_id))

    def set_collapsed(self, group_id: str, collapsed: bool) -> None:
        group = self.get(group_id)
        if group.collapsed != bool(collapsed):
            self._groups[group_id] = replace(group, collapsed=bool(collapsed))
            self._graph.notify(GroupCollapsed(group_id))

    # ------------------------------------------------- undo and the graph
    def snapshot(self) -> list[Group]:
        """Everything, for undo (groups are immutable: the list is a full copy)."""
        return list(self._groups.values())

    def restore(self, snapshot: list[Group]) -> None:
        """Put a snapshot back (undo of any change, node removals included)."""
        self._groups = {g.id: g for g in snapshot}
        self._graph.notify(GroupsChanged(None))

    def discard_node(self, node_id: str) -> None:
        """A node is leaving the graph: it leaves its groups, and a group left empty goes."""
        changed = False
        for group in list(self._groups.values()):
            if node_id in group.nodes:
                changed = True
                rest = group.nodes - {node_id}
                if rest:
                    self._groups[group.id] = replace(group, nodes=rest)
                else:
                    del self._groups[group.id]
        if changed:
            self._graph.notify(GroupsChanged(None))

    def copy_for(self, graph: Graph) -> Groups:
        """The same groups on another graph (Graph.copy); no events."""
        other = Groups(graph)
        other._groups = dict(self._groups)
        other._counter = itertools.count(len(self._groups) + 1)
        return other

    def take(self, other: Groups) -> None:
        """Take over another collection's groups without an event (the graph emits its reset)."""
        self._groups = dict(other._groups)
        self._counter = itertools.count(len(self._groups) + 1)
