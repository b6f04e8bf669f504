"""Undoable edits of the whole document: auto layout, pasting a copied fragment, replacing the graph."""

from __future__ import annotations

import json

from ...core.errors import GraphError, UserError, shortened
from ...core.graph import Graph
from ...core.groups import Group, GroupsChanged
from ...core.naming import describe, length_problem, node_name_problem, op_name_problem
from ...core.values import from_json
from .common import Command, plural

Pos = tuple[float, float]


class LayoutCommand(Command):
    def __init__(self, graph: Graph, positions: dict[str, Pos], text: str = "Auto Layout"):
        super().__init__(text)
        self.graph = graph
        self.new = {n: (float(p[0]), float(p[1])) for n, p in positions.items()}
        self.old = {n: graph.node(n).pos for n in self.new}
        self.said = f"Auto Layout moved {plural(len(self.new), 'node')}"

    def redo(self) -> None:
        self._move(self.new)

    def undo(self) -> None:
        self._move(self.old)

    def _move(self, positions: dict[str, Pos]) -> None:
        for nid, pos in positions.items():
            self.graph.move(nid, pos)
        if self.graph.groups.visible_collapsed():  # their cards' ports again, in the order their inputs now stand
            self.graph.notify(GroupsChanged(None))


class PasteCommand(Command):
    """Add a copied fragment (see clipboard.py): fresh ids, free names, shifted positions; its
    groups come too, under free names, collapsed as they were.

    The fragment is built first in a graph of its own, through the graph's own checks (kinds, ops,
    values, ports, cycles), its parameters checked as a file's are: a fragment edited by hand is
    refused whole when the command is built, with a message, before anything is added."""

    def __init__(self, graph: Graph, payload: dict, offset: Pos = (0, 0), text: str = "Paste"):
        super().__init__()
        self.graph = graph
        self.fragment = Graph()  # the nodes and edges to add, under their new ids and names
        self.mapping: dict[str, str] = {}
        self.frozen: list[str] = []  # pasted variables that training leaves alone
        taken = {n.name for n in graph.nodes() if n.name}
        for item in payload.get("nodes", []):
            new_id = graph.new_id()
            while new_id in self.fragment:
                new_id = graph.new_id()
            if item["id"] in self.mapping:
                raise GraphError(f"{REFUSED}: two copied nodes have the same id")
            name = _pasted_name(graph, item, taken)
            self.mapping[item["id"]] = new_id
            _add(self.fragment, item, new_id, name, offset)
            trainable = item.get("trainable", True)
            if not isinstance(trainable, bool):
                found = json.dumps(trainable, default=str)
                raise GraphError(
                    f'{REFUSED}: "trainable" of {describe(self.fragment, new_id)} must be true or false, found {found}'
                )
            if item["kind"] == "variable" and not trainable:
                self.frozen.append(new_id)
        self._connect(payload.get("edges", []))
        self.groups = self._groups(graph, payload.get("groups") or [])
        counted = plural(len(self.fragment), "node")
        self.setText(
            f"{text} {counted} and {plural(len(self.groups), 'group')}" if self.groups else f"{text} {counted}"
        )

    def _connect(self, edges: list) -> None:
        """The fragment's edges, refused when one names a node not pasted, two go into one port,
        or the graph refuses one (a port the op has not, an input, a cycle)."""
        for src, dst, port in edges:
            if src not in self.mapping or dst not in self.mapping:
                raise GraphError(f"{REFUSED}: an edge names a node that was not copied")
            src, dst = self.mapping[src], self.mapping[dst]
            if isinstance(port, bool) or not isinstance(port, int):
                raise GraphError(f"{REFUSED}: an edge's port is {port!r}, not a whole number")
            if port in self.fragment.inputs_of(dst):
                raise GraphError(f"{REFUSED}: two edges go into port {port} of {describe(self.fragment, dst)}")
            try:
                self.fragment.connect(src, dst, port)
            except GraphError as exc:
                raise GraphError(f"{REFUSED}: {exc.message}") from None

    def _groups(self, graph: Graph, items: list) -> list[Group]:
        """The fragment's groups on the pasted nodes, with fresh ids and free names; refused when
        one names a node not pasted or two overlap without nesting (a fragment edited by hand)."""
        groups: list[Group] = []
        taken = {g.name for g in graph.groups}
        reserved = set()
        for item in items:
            if not isinstance(item, dict):
                raise GraphError(f"{REFUSED}: the copied groups are not readable")
            name = str(item.get("name") or "").strip() or "group"
            too_long = length_problem(name)
            if too_long is not None:
                raise GraphError(f'{REFUSED}: the copied group "{shortened(name)}": {too_long}')
            nodes = [self.mapping.get(n) for n in item["nodes"]]
            if not nodes or None in nodes:
                raise GraphError(f'{REFUSED}: group "{name}" names a node that was not copied')
            name = graph.groups.unique_name(name, taken)
            taken.add(name)
            group_id = graph.groups.new_id()
            while group_id in reserved:
                group_id = graph.groups.new_id()
            reserved.add(group_id)
            group = Group(group_id, name, frozenset(nodes), bool(item.get("collapsed", False)))
            for other in groups:
                shared = group.nodes & other.nodes
                if shared and not (group.nodes <= other.nodes or other.nodes <= group.nodes):
                    raise GraphError(f'{REFUSED}: groups "{other.name}" and "{name}" overlap: groups must nest')
            groups.append(group)
        return groups

    @property
    def new_group_ids(self) -> list[str]:
        return [g.id for g in self.groups]

    @property
    def new_ids(self) -> list[str]:
        return self.fragment.node_ids()

    def redo(self) -> None:
        for node in self.fragment.nodes():
            value = None if node.value is None else node.value.copy()
            self.graph.add_node(
                node.kind, node.op, name=node.name, value=value, pos=node.pos, params=node.params, node_id=node.id
            )
        for nid in self.frozen:
            self.graph.set_trainable(nid, False)
        for e in self.fragment.edges():
            self.graph.connect(e.src, e.dst, e.port)
        for group in self.groups:
            self.graph.groups.add(group.nodes, group.name, collapsed=group.collapsed, group_id=group.id)

    def undo(self) -> None:
        for group in reversed(self.groups):
            self.graph.groups.remove(group.id)
        for nid in reversed(self.fragment.node_ids()):
            self.graph.remove_node(nid)


REFUSED = "cannot paste"  # (the messages of a refused paste begin so)


def _pasted_name(graph: Graph, item: dict, taken: set[str]) -> str | None:
    """A copied node's name, or the next free one of its series (y -> y_2). An operation's name
    counts as taken (a variable named sin, from a file, pastes as sin_2: a new node never takes
    it); a name that is not text, or no node may bear (naming.node_name_problem: a b, x=1, 1x, too
    long), is refused."""
    name = item.get("name")
    if name is None or name == "":
        return None
    if not isinstance(name, str):
        raise GraphError(f"{REFUSED}: a copied node's name is {name!r}, not text")
    problem = node_name_problem(name, op_names=False)
    if problem is not None:
        raise GraphError(f'{REFUSED}: a copied node is named "{shortened(name)}": {problem}')
    own_op = item.get("op") if item["kind"] == "op" else None
    reserved = {name} if op_name_problem(name, own_op) is not None else set()
    name = graph.unique_name(name, taken | reserved)
    taken.add(name)
    return name


def _add(fragment: Graph, item: dict, node_id: str, name: str | None, offset: Pos) -> None:
    """Add a copied node to the fragment, its value and parameters checked as a file's are (its
    position was checked before, see clipboard.paste_payload)."""
    kind, op = item["kind"], item.get("op")
    x, y = (float(c) for c in item.get("pos", (0, 0)))
    value, params = item.get("value"), item.get("params") or {}
    title = op if kind == "op" else kind
    shown = f'{title} "{name}"' if name else str(title)  # (as describe names it once added)
    if kind == "op" and value is not None:
        raise GraphError(f"{REFUSED}: {shown} has a value, but an operation's value is worked out from its inputs")
    if not isinstance(params, dict):
        raise GraphError(f"{REFUSED}: the parameters of {shown} are not readable")
    try:
        value = None if value is None else from_json(value)
    except UserError as exc:  # (named as the file reader names a bad value)
        raise GraphError(f"{REFUSED}: {shown} has a bad value: {exc.message}") from None
    try:
        pos = (x + offset[0], y + offset[1])
        fragment.add_node(kind, op, name=name, value=value, pos=pos, params=dict(params), node_id=node_id)
    except UserError as exc:  # (an unknown kind or op, a bad value, a parameter the op refuses)
        raise GraphError(f"{REFUSED}: {exc.message}") from None


class ReplaceGraphCommand(Command):
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
