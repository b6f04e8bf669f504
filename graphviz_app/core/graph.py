"""The composition graph: variables, constants and operation nodes.

A thin layer over a networkx MultiDiGraph (several edges may join the same
two nodes, e.g. mul(x, x)); the edge key is the input port of the consumer.
networkx is imported when the first node arrives, not with this module: an empty
graph (the window at launch) never needs it, and importing it costs a quarter second.
The model emits events so views can follow it (the Ryven pattern): views
never change the model except through these methods.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np

from .errors import GraphError
from .naming import describe, display_labels

KINDS = ("variable", "constant", "op")


@dataclass
class Node:
    id: str
    kind: str  # "variable" | "constant" | "op"
    op: str | None = None  # op name for kind == "op"
    name: str | None = None  # user-facing name; label falls back to id
    value: np.ndarray | None = None  # for variables and constants
    pos: tuple[float, float] = (0.0, 0.0)
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def is_input(self) -> bool:
        return self.kind in ("variable", "constant")

    def clone(self) -> Node:
        value = None if self.value is None else self.value.copy()
        return replace(self, value=value, params=dict(self.params))


def _networkx():
    import networkx

    return networkx


class Edge(NamedTuple):
    src: str
    dst: str
    port: int


@dataclass
class RemovedNode:
    """Everything needed to put a removed node back exactly (undo)."""

    node: Node
    edges: list[Edge]
    was_output: bool
    order: int  # position in insertion order, so undo restores drawing order


Listener = Callable[[str, Any], None]


def as_value(value: Any) -> np.ndarray:
    """Numbers and nested lists become float arrays of at most 2 dimensions."""
    try:
        arr = np.array(value, dtype=float)
    except OverflowError:  # (an integer no float can hold)
        raise GraphError("a number is too large: numbers must lie within ±1.8e308") from None
    if arr.ndim > 2:
        raise GraphError(f"values are scalars, vectors or matrices; got {arr.ndim} dimensions")
    return arr


class Graph:
    """A composition graph. Node ids are stable strings ("n1", "n2", ...)."""

    def __init__(self) -> None:
        self._nx = None  # built by the nx property on first use
        self.output: str | None = None
        self._listeners: list[Listener] = []
        self._counter = itertools.count(1)
        # bumped by every change of structure, names or kinds (not of values or positions):
        # the engine caches its plan on it, the UI the names it shows
        self.version = 0

    @property
    def nx(self):
        """The networkx MultiDiGraph holding nodes and edges."""
        if self._nx is None:
            self._nx = _networkx().MultiDiGraph()
        return self._nx

    @nx.setter
    def nx(self, value) -> None:
        self._nx = value

    # ---------------------------------------------------------------- events
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, event: str, payload: Any) -> None:
        if event not in ("node_changed", "node_moved", "output_changed"):
            self.version += 1
        for listener in list(self._listeners):
            listener(event, payload)

    # ----------------------------------------------------------------- nodes
    def new_id(self) -> str:
        while True:
            candidate = f"n{next(self._counter)}"
            if candidate not in self:
                return candidate

    def add_node(
        self,
        kind: str,
        op: str | None = None,
        *,
        name: str | None = None,
        value: Any = None,
        pos: tuple[float, float] = (0.0, 0.0),
        params: dict[str, Any] | None = None,
        node_id: str | None = None,
    ) -> str:
        if kind not in KINDS:
            raise GraphError(f"unknown node kind {kind!r} (expected one of {', '.join(KINDS)})")
        if kind == "op":
            from .ops import get_op  # late import: ops import nothing from here

            get_op(op)  # raises GraphError for an unknown op
        elif value is None:
            value = 0.0
        node_id = node_id or self.new_id()
        if node_id in self:
            raise GraphError(f'a node with id "{node_id}" already exists', node_id)
        if name:
            self._check_name_free(name, node_id)
        node = Node(
            id=node_id,
            kind=kind,
            op=op if kind == "op" else None,
            name=name or None,
            value=None if value is None else as_value(value),
            pos=(float(pos[0]), float(pos[1])),
            params=dict(params or {}),
        )
        self.nx.add_node(node_id, node=node)
        self._emit("node_added", node_id)
        return node_id

    def node(self, node_id: str) -> Node:
        try:
            if self._nx is None:
                raise KeyError(node_id)
            return self._nx.nodes[node_id]["node"]
        except KeyError:
            raise GraphError(f'no node "{node_id}"', node_id) from None

    def __contains__(self, node_id: object) -> bool:
        return self._nx is not None and node_id in self._nx

    def __len__(self) -> int:
        return 0 if self._nx is None else self._nx.number_of_nodes()

    def nodes(self) -> list[Node]:
        if self._nx is None:
            return []
        return [data["node"] for _, data in self._nx.nodes(data=True)]

    def node_ids(self) -> list[str]:
        return [] if self._nx is None else list(self._nx.nodes)

    def number_of_edges(self) -> int:
        return 0 if self._nx is None else self._nx.number_of_edges()

    def find(self, name_or_id: str) -> str:
        """The id of the node with this id or name."""
        if name_or_id in self:
            return name_or_id
        for node in self.nodes():
            if node.name == name_or_id:
                return node.id
        raise GraphError(f'no node named "{name_or_id}"')

    def variables(self) -> list[Node]:
        return [n for n in self.nodes() if n.kind == "variable"]

    def remove_node(self, node_id: str) -> RemovedNode:
        node = self.node(node_id)
        edges = self.edges_of(node_id)
        for edge in edges:
            self.disconnect(edge.dst, edge.port)
        order = self.node_ids().index(node_id)
        was_output = self.output == node_id
        if was_output:
            self.set_output(None)
        self.nx.remove_node(node_id)
        self._emit("node_removed", node_id)
        return RemovedNode(node, edges, was_output, order)

    def restore_node(self, removed: RemovedNode) -> None:
        """Undo of remove_node: same id, same place in the order, same edges."""
        node = removed.node
        if node.id in self:
            raise GraphError(f'a node with id "{node.id}" already exists', node.id)
        # networkx keeps insertion order; rebuild it so the node returns to its slot.
        items = list(self.nx.nodes(data=True))
        items.insert(min(removed.order, len(items)), (node.id, {"node": node}))
        edges = list(self.nx.edges(keys=True, data=True))
        self.nx = _networkx().MultiDiGraph()
        self.nx.add_nodes_from(items)
        self.nx.add_edges_from(edges)
        self._emit("node_added", node.id)
        for edge in removed.edges:
            self.connect(edge.src, edge.dst, edge.port)
        if removed.was_output:
            self.set_output(node.id)

    def set_value(self, node_id: str, value: Any) -> None:
        node = self.node(node_id)
        if not node.is_input:
            raise GraphError(
                f"{describe(self, node_id)} is an operation; only variables and constants hold values", node_id
            )
        node.value = as_value(value)
        self._emit("node_changed", node_id)

    def rename(self, node_id: str, name: str | None) -> None:
        node = self.node(node_id)
        name = (name or "").strip() or None
        if name:
            self._check_name_free(name, node_id)
        node.name = name
        self.version += 1
        self._emit("node_changed", node_id)

    def set_params(self, node_id: str, params: dict[str, Any]) -> None:
        node = self.node(node_id)
        node.params = dict(params)
        self.version += 1
        self._emit("node_changed", node_id)

    def set_kind(self, node_id: str, kind: str) -> None:
        """Turn a variable into a constant or back (both hold a value)."""
        node = self.node(node_id)
        if kind not in ("variable", "constant") or not node.is_input:
            raise GraphError(f"{describe(self, node_id)} cannot become a {kind}", node_id)
        node.kind = kind
        self.version += 1
        self._emit("node_changed", node_id)

    def move(self, node_id: str, pos: tuple[float, float]) -> None:
        self.node(node_id).pos = (float(pos[0]), float(pos[1]))
        self._emit("node_moved", node_id)

    def set_output(self, node_id: str | None) -> None:
        if node_id is not None:
            self.node(node_id)
        self.output = node_id
        self._emit("output_changed", node_id)

    def unique_name(self, base: str, taken: set[str] | None = None) -> str:
        """base, or the next free name of its series (y -> y_2, y_2 -> y_3: not y_2_2), free of
        the graph's names and of `taken` (names handed out but not in the graph yet)."""
        taken = {n.name for n in self.nodes() if n.name} | (taken or set())
        if base not in taken:
            return base
        stem, _, number = base.rpartition("_")
        if not (stem and number.isdigit()):
            stem = base
        for i in itertools.count(2):
            if f"{stem}_{i}" not in taken:
                return f"{stem}_{i}"
        raise AssertionError("unreachable")

    def _check_name_free(self, name: str, node_id: str) -> None:
        """A name is taken once in a graph: formulas, --set NAME=VALUE and the animation use it."""
        for other in self.nodes():
            if other.name == name and other.id != node_id:
                what = other.op if other.kind == "op" else other.kind
                raise GraphError(f'the name "{name}" is already used by another node (a {what})', node_id)

    # ----------------------------------------------------------------- edges
    def edges(self) -> list[Edge]:
        if self._nx is None:
            return []
        return [Edge(u, v, k) for u, v, k in self._nx.edges(keys=True)]

    def edges_of(self, node_id: str) -> list[Edge]:
        if self._nx is None:
            return []
        ins = [Edge(u, v, k) for u, v, k in self.nx.in_edges(node_id, keys=True)]
        outs = [Edge(u, v, k) for u, v, k in self.nx.out_edges(node_id, keys=True)]
        return ins + outs

    def inputs_of(self, node_id: str) -> dict[int, str]:
        """port -> producer id, for the ports that are connected."""
        if self._nx is None:
            return {}
        return {k: u for u, _, k in self.nx.in_edges(node_id, keys=True)}

    def consumers_of(self, node_id: str) -> list[Edge]:
        if self._nx is None:
            return []
        return [Edge(u, v, k) for u, v, k in self.nx.out_edges(node_id, keys=True)]

    def would_create_cycle(self, src: str, dst: str) -> bool:
        return src == dst or _networkx().has_path(self.nx, dst, src)

    def connect(self, src: str, dst: str, port: int) -> Edge | None:
        """Connect src's output to dst's input port; returns the edge it replaced."""
        dst_node = self.node(dst)
        self.node(src)  # (an unknown id raises here)
        if dst_node.kind != "op":
            raise GraphError(f"{describe(self, dst)} has no inputs", dst)
        from .ops import get_op

        arity = get_op(dst_node.op).arity
        if not 0 <= port < arity:
            raise GraphError(f"{describe(self, dst)} has no input port {port}", dst)
        if self.would_create_cycle(src, dst):
            raise GraphError(f"connecting {describe(self, src)} to {describe(self, dst)} would close a cycle", dst)
        old = self.disconnect(dst, port)
        self.nx.add_edge(src, dst, key=port)
        self._emit("edge_added", Edge(src, dst, port))
        return old

    def disconnect(self, dst: str, port: int) -> Edge | None:
        for u, _, k in list(self.nx.in_edges(dst, keys=True)):
            if k == port:
                self.nx.remove_edge(u, dst, key=port)
                edge = Edge(u, dst, port)
                self._emit("edge_removed", edge)
                return edge
        return None

    # ------------------------------------------------------------- structure
    def topological_order(self) -> list[str]:
        if self._nx is None:
            return []
        nx = _networkx()
        try:
            return list(nx.topological_sort(self.nx))
        except nx.NetworkXUnfeasible:
            cycle = nx.find_cycle(self.nx)
            labels = display_labels(self)
            names = [labels[u] for u, *_ in cycle]
            raise GraphError("the graph has a cycle: " + " -> ".join(names + names[:1])) from None

    def ancestors(self, node_id: str) -> set[str]:
        return _networkx().ancestors(self.nx, node_id)

    def copy(self) -> Graph:
        """A deep copy without listeners."""
        g = Graph()
        if self._nx is None:
            g.output = self.output
            return g
        for node in self.nodes():
            g.nx.add_node(node.id, node=node.clone())
        g.nx.add_edges_from(self.nx.edges(keys=True))
        g.output = self.output
        g._counter = itertools.count(len(self) + 1)
        return g

    def clear(self) -> None:
        self._nx = None
        self.output = None
        self._emit("reset", None)

    def replace_with(self, other: Graph) -> None:
        """Take over another graph's content (open a file, undo a whole change)."""
        fresh = other.copy()
        self.nx = fresh.nx
        self.output = fresh.output
        self._counter = fresh._counter
        self._emit("reset", None)
