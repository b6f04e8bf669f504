"""Undoable edits of the whole document: auto layout, pasting a copied fragment, replacing the graph."""

from __future__ import annotations

from ...core.errors import GraphError
from ...core.graph import Edge, Graph, as_value
from ...core.groups import Group
from ...core.ops import get_op
from .common import Command, plural

Pos = tuple[float, float]


class LayoutCommand(Command):
    def __init__(self, graph: Graph, positions: dict[str, Pos], text: str = "Auto layout"):
        super().__init__(text)
        self.graph = graph
        self.new = {n: (float(p[0]), float(p[1])) for n, p in positions.items()}
        self.old = {n: graph.node(n).pos for n in self.new}
        self.said = f"Auto Layout moved {plural(len(self.new), 'node')}"

    def redo(self) -> None:
        for nid, pos in self.new.items():
            self.graph.move(nid, pos)

    def undo(self) -> None:
        for nid, pos in self.old.items():
            self.graph.move(nid, pos)


class PasteCommand(Command):
    """Add a copied fragment (see clipboard.py): fresh ids, free names, shifted positions; its
    groups come too, under free names, collapsed as they were."""

    def __init__(self, graph: Graph, payload: dict, offset: Pos = (0, 0), text: str = "Paste"):
        super().__init__()
        self.graph = graph
        self.nodes: list[dict] = []
        self.mapping: dict[str, str] = {}
        self.frozen: list[str] = []  # pasted variables that training leaves alone
        taken = {n.name for n in graph.nodes() if n.name}
        reserved: set[str] = set()
        for item in payload.get("nodes", []):
            kind, op, params = item["kind"], item.get("op"), item.get("params") or {}
            if kind == "op":
                params = get_op(op).check_params(params, op)  # (a hand-edited fragment: refused here, not in redo)
            elif kind not in ("variable", "constant"):
                raise GraphError(f"unknown node kind {kind!r}")
            elif params:
                raise GraphError(f"a {kind} takes no parameters")
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
                    params=dict(params),
                )
            )
        self.edges = [
            Edge(self.mapping[s], self.mapping[d], int(p))
            for s, d, p in payload.get("edges", [])
            if s in self.mapping and d in self.mapping
        ]
        self.groups = self._groups(graph, payload.get("groups") or [])
        counted = plural(len(self.nodes), "node")
        self.setText(
            f"{text} {counted} and {plural(len(self.groups), 'group')}" if self.groups else f"{text} {counted}"
        )

    def _groups(self, graph: Graph, items: list) -> list[Group]:
        """The fragment's groups on the pasted nodes, with fresh ids and free names; refused when
        one names a node not pasted or two overlap without nesting (a fragment edited by hand)."""
        groups: list[Group] = []
        taken = {g.name for g in graph.groups}
        reserved = set()
        for item in items:
            if not isinstance(item, dict):
                raise GraphError("the copied groups are not readable")
            name = str(item.get("name") or "").strip() or "group"
            nodes = [self.mapping.get(n) for n in item["nodes"]]
            if not nodes or None in nodes:
                raise GraphError(f'the copied group "{name}" names a node that was not copied')
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
                    raise GraphError(f'the copied groups "{other.name}" and "{name}" overlap: groups must nest')
            groups.append(group)
        return groups

    @property
    def new_group_ids(self) -> list[str]:
        return [g.id for g in self.groups]

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
        for group in self.groups:
            self.graph.groups.add(group.nodes, group.name, collapsed=group.collapsed, group_id=group.id)

    def undo(self) -> None:
        for group in reversed(self.groups):
            self.graph.groups.remove(group.id)
        for spec in reversed(self.nodes):
            self.graph.remove_node(spec["node_id"])


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
