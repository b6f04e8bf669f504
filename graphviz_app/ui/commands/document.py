"""Undoable edits of the whole document: auto layout, pasting a copied fragment, replacing the graph."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ...core.errors import GraphError
from ...core.graph import Edge, Graph, as_value
from ...core.ops import get_op
from .common import plural

Pos = tuple[float, float]


class LayoutCommand(QUndoCommand):
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
        self.setText(f"{text} {plural(len(self.nodes), 'node')}")

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
