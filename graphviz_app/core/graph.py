"""The composition graph: variables, constants and operation nodes.

A thin layer over a networkx MultiDiGraph (several edges may join the same
two nodes, e.g. mul(x, x)); the edge key is the input port of the consumer.
The model emits typed events (NodeAdded, EdgeRemoved, ...: core.graph_events) so views can follow it:
views never change the model except through these methods.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import networkx
import numpy as np

from .errors import GraphError, ValueParseError
from .graph_events import (  # (re-exported: views import the events from here)
    STRUCTURAL,
    Edge,
    EdgeAdded,
    EdgeRemoved,
    GraphEvent,
    Listener,
    NodeAdded,
    NodeChanged,
    NodeMoved,
    NodeRemoved,
    OutputChanged,
    Reset,
)
from .groups import Groups
from .naming import describe, display_labels, find_node, node_name_problem
from .ops import get_op  # (at the top: an import inside add_node cost a 10,000-node file 25 ms)
from .values import check_value_shape

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
    trainable: bool = True  # gradient descent updates it; meaningful for variables only

    @property
    def is_trainable(self) -> bool:
        """Training changes this node's value: a variable marked trainable (never a constant)."""
        return self.kind == "variable" and self.trainable

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def is_input(self) -> bool:
        return self.kind in ("variable", "constant")

    def clone(self) -> Node:
        value = None if self.value is None else self.value.copy()
        return replace(self, value=value, params=dict(self.params))


@dataclass
class RemovedNode:
    """Everything needed to put a removed node back exactly (undo)."""

    node: Node
    edges: list[Edge]
    was_output: bool
    order: int  # position in insertion order, so undo restores drawing order


def as_value(value: Any) -> np.ndarray:
    """Numbers and nested lists become float arrays, of the shapes files, --set and the Python API
    accept (values.check_value_shape, one rule: at most 2 dimensions, not empty, not too many
    numbers); a GraphError otherwise."""
    try:
        arr = np.array(value, dtype=float)
    except OverflowError:  # (an integer no float can hold)
        raise GraphError("a number is too large: numbers must lie within ±1.8e308") from None
    except (TypeError, ValueError):  # (rows of different lengths, text, objects)
        raise GraphError("a value is a number or an array of numbers (rows of equal length)") from None
    try:
        check_value_shape(arr.shape)
    except ValueParseError as exc:
        raise GraphError(exc.message) from None
    return arr


class Graph:
    """A composition graph. Node ids are stable strings ("n1", "n2", ...)."""

    def __init__(self, *, labels_as_names: bool = False) -> None:
        # labels_as_names: a scratch graph whose nodes bear another graph's card labels as names
        # (core.composite: sin(x), matmul₂(…)); never opened, saved or named by a person, so the
        # name rule (naming.node_name_problem) is not its: only that a name is taken once
        self.labels_as_names = labels_as_names
        self.nx = networkx.MultiDiGraph()  # nodes (with their Node) and edges (keyed by input port)
        self._names: dict[str, str] = {}  # name -> node id: a name is taken once (check_name_free)
        self.output: str | None = None
        self._listeners: list[Listener] = []
        self._counter = itertools.count(1)
        # bumped by every change of structure, names or kinds (not of values or positions):
        # the engine caches its plan on it, the UI the names it shows
        self.version = 0
        self.groups = Groups(self)  # named groups of nodes (core/groups.py)

    # ---------------------------------------------------------------- events
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def listener_count(self) -> int:
        """How many follow this graph's changes (a closed window leaves none behind)."""
        return len(self._listeners)

    def notify(self, event: GraphEvent) -> None:
        """Tell the subscribers of a change: the graph's own, and its groups' (core/groups.py)."""
        if isinstance(event, STRUCTURAL):
            self.version += 1
        self._tell(event)

    def _tell(self, event: GraphEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

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
            # a GraphError for an unknown op, or a parameter it does not take
            params = get_op(op).check_params(params, f'{op} "{name}"' if name else op)
        elif params:
            raise GraphError(f'{kind} "{name}" has no parameters' if name else f"a {kind} takes no parameters")
        elif value is None:
            value = 0.0
        node_id = node_id or self.new_id()
        if node_id in self:
            raise GraphError(f'a node with id "{node_id}" already exists', node_id)
        if name:
            self.check_name_free(name, node_id)
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
        if node.name:
            self._names[node.name] = node_id
        self.notify(NodeAdded(node_id))
        return node_id

    def node(self, node_id: str) -> Node:
        try:
            return self.nx.nodes[node_id]["node"]
        except KeyError:
            raise GraphError("no such node in the graph (it may have been deleted)", node_id) from None

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nx

    def __len__(self) -> int:
        return self.nx.number_of_nodes()

    def nodes(self) -> list[Node]:
        return [data["node"] for _, data in self.nx.nodes(data=True)]

    def node_ids(self) -> list[str]:
        return list(self.nx.nodes)

    def number_of_edges(self) -> int:
        return self.nx.number_of_edges()

    def find(self, name: str) -> str:
        """The id of the node a person means by `name`: as written, as its card shows it, or typed
        with plain digits (matmul1 for matmul₁); an id only when no node is named so
        (naming.find_node: the one lookup of --output, --set and the Python API)."""
        return find_node(self, name)

    def named(self, name: str) -> str | None:
        """The id of the node named `name` as written (theta, not θ: `find` reads the cards' names
        too), None when none is; a lookup, not a pass over the nodes."""
        return self._names.get(name)

    def node_id(self, id_or_name: str) -> str:
        """For code that holds ids (the window, the engine's callers): an id as it is, else a name
        as `find` reads it (tests and scripts write names). User-facing lookups call `find`."""
        return id_or_name if id_or_name in self else find_node(self, id_or_name)

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
        if node.name:
            self._names.pop(node.name, None)
        self.groups.discard_node(node_id)
        self.notify(NodeRemoved(node_id))
        return RemovedNode(node, edges, was_output, order)

    def restore_node(self, removed: RemovedNode) -> None:
        """Undo of remove_node: same id, same place in the order, same edges."""
        self.restore_nodes([removed])

    def restore_nodes(self, removed: list[RemovedNode]) -> None:
        """Undo of remove_node for nodes removed one after another (given in the order they were
        removed): each back with its id, its place in the order and its edges. The graph is rebuilt
        once for them all, as one change of structure (one version: the names people see are worked
        out once), then the listeners are told of each node and edge; their edges, which stood
        before, are not searched for a cycle again. (A rebuild, a search and new names per node made
        undoing a large delete O(n²).)"""
        for r in removed:
            if r.node.id in self:
                raise GraphError(f'a node with id "{r.node.id}" already exists', r.node.id)
        # networkx keeps insertion order: each node back in its slot (the last removed first)
        order = list(self.nx.nodes)
        for r in reversed(removed):
            order.insert(min(r.order, len(order)), r.node.id)
        nodes = {r.node.id: r.node for r in removed}
        items = [(nid, {"node": nodes[nid]} if nid in nodes else self.nx.nodes[nid]) for nid in order]
        kept = list(self.nx.edges(keys=True, data=True))
        self.nx = networkx.MultiDiGraph()
        self.nx.add_nodes_from(items)
        self.nx.add_edges_from(kept)
        edges = [Edge(*e) for r in reversed(removed) for e in r.edges]
        for e in edges:
            self.disconnect(e.dst, e.port)  # (an undo finds the port free: it was this edge's)
            self.nx.add_edge(e.src, e.dst, key=e.port)
        for r in removed:
            if r.node.name:
                self._names[r.node.name] = r.node.id
        self.version += 1
        for r in reversed(removed):
            self._tell(NodeAdded(r.node.id))
        for e in edges:
            self._tell(EdgeAdded(e))
        for r in removed:
            if r.was_output:
                self.set_output(r.node.id)

    def set_value(self, node_id: str, value: Any) -> None:
        node = self.node(node_id)
        if not node.is_input:
            raise GraphError(
                f"{describe(self, node_id)} is an operation; only variables and constants hold values", node_id
            )
        node.value = as_value(value)
        self.notify(NodeChanged(node_id))

    def rename(self, node_id: str, name: str | None) -> None:
        node = self.node(node_id)
        name = (name or "").strip() or None
        if name:
            self.check_name_free(name, node_id)
        if node.name:
            self._names.pop(node.name, None)
        node.name = name
        if name:
            self._names[name] = node_id
        self.version += 1
        self.notify(NodeChanged(node_id))

    def set_params(self, node_id: str, params: dict[str, Any]) -> None:
        node = self.node(node_id)
        if node.kind != "op":
            raise GraphError(f"{describe(self, node_id)} has no parameters", node_id)
        node.params = get_op(node.op).check_params(params, describe(self, node_id))
        self.version += 1
        self.notify(NodeChanged(node_id))

    def set_kind(self, node_id: str, kind: str) -> None:
        """Turn a variable into a constant or back (both hold a value)."""
        node = self.node(node_id)
        if kind not in ("variable", "constant") or not node.is_input:
            raise GraphError(f"{describe(self, node_id)} cannot become a {kind}", node_id)
        node.kind = kind
        self.version += 1
        self.notify(NodeChanged(node_id))

    def set_trainable(self, node_id: str, trainable: bool) -> None:
        """Let gradient descent update a variable, or freeze it (constants never train)."""
        node = self.node(node_id)
        if node.kind != "variable":
            raise GraphError(f"{describe(self, node_id)} is not a variable; only variables can be trained", node_id)
        node.trainable = bool(trainable)
        self.notify(NodeChanged(node_id))

    def move(self, node_id: str, pos: tuple[float, float]) -> None:
        self.node(node_id).pos = (float(pos[0]), float(pos[1]))
        self.notify(NodeMoved(node_id))

    def set_output(self, node_id: str | None) -> None:
        if node_id is not None:
            self.node(node_id)
        self.output = node_id
        self.notify(OutputChanged(node_id))

    def unique_name(self, base: str, taken: set[str] | None = None) -> str:
        """base, or the next free name of its series (y -> y_2, y_2 -> y_3: not y_2_2), free of
        the graph's names and of `taken` (names handed out but not in the graph yet)."""
        taken = self._names.keys() | (taken or set())
        if base not in taken:
            return base
        stem, _, number = base.rpartition("_")
        if not (stem and number.isdigit()):
            stem = base
        for i in itertools.count(2):
            if f"{stem}_{i}" not in taken:
                return f"{stem}_{i}"
        raise AssertionError("unreachable")

    def check_name_free(self, name: str, node_id: str = "") -> None:
        """A name is taken once in a graph: formulas, --set NAME=VALUE and the animation use it.
        GraphError when another node than node_id ("": a node not added yet) has it, or when it is
        not spelt as a name or longer than any card shows (naming.node_name_problem: whatever way it
        came, file, paste, API or expression; an operation's name is refused by the ways a name is
        given, not here: a file keeps one)."""
        problem = None if self.labels_as_names else node_name_problem(name, op_names=False)
        if problem is not None:
            raise GraphError(problem, node_id)
        other_id = self._names.get(name)
        if other_id is not None and other_id != node_id:
            other = self.node(other_id)
            what = other.op if other.kind == "op" else other.kind
            raise GraphError(f'the name "{name}" is already used by another node (a {what})', node_id)

    # ----------------------------------------------------------------- edges
    def edges(self) -> list[Edge]:
        return [Edge(u, v, k) for u, v, k in self.nx.edges(keys=True)]

    def edges_of(self, node_id: str) -> list[Edge]:
        ins = [Edge(u, v, k) for u, v, k in self.nx.in_edges(node_id, keys=True)]
        outs = [Edge(u, v, k) for u, v, k in self.nx.out_edges(node_id, keys=True)]
        return ins + outs

    def inputs_of(self, node_id: str) -> dict[int, str]:
        """port -> producer id, for the ports that are connected."""
        return {k: u for u, _, k in self.nx.in_edges(node_id, keys=True)}

    def consumers_of(self, node_id: str) -> list[Edge]:
        return [Edge(u, v, k) for u, v, k in self.nx.out_edges(node_id, keys=True)]

    def would_create_cycle(self, src: str, dst: str) -> bool:
        return src == dst or networkx.has_path(self.nx, dst, src)

    def connect(self, src: str, dst: str, port: int) -> Edge | None:
        """Connect src's output to dst's input port; returns the edge it replaced."""
        dst_node = self.node(dst)
        self.node(src)  # (an unknown id raises here)
        if dst_node.kind != "op":
            raise GraphError(f"{describe(self, dst)} has no inputs", dst)
        arity = get_op(dst_node.op).arity
        if not 0 <= port < arity:
            raise GraphError(f"{describe(self, dst)} has no input port {port}", dst)
        if self.would_create_cycle(src, dst):
            raise GraphError(f"connecting {describe(self, src)} to {describe(self, dst)} would close a cycle", dst)
        old = self.disconnect(dst, port)
        self.nx.add_edge(src, dst, key=port)
        self.notify(EdgeAdded(Edge(src, dst, port)))
        return old

    def add_edges_unchecked(self, edges: Iterable[Edge]) -> None:
        """Add many edges at once, checked by the caller: ends that exist, free ports in range and
        no cycle (a file reader checks them itself, a part of a graph without cycles needs none).
        No cycle search per edge, as connect makes (slow on a large graph), and one Reset event
        for them all: meant for a graph being built, before anyone draws it."""
        for src, dst, port in edges:  # (add_edges_from is slower: it tries each port as a dict first)
            self.nx.add_edge(src, dst, key=port)
        self.notify(Reset())

    def disconnect(self, dst: str, port: int) -> Edge | None:
        for u, _, k in list(self.nx.in_edges(dst, keys=True)):
            if k == port:
                self.nx.remove_edge(u, dst, key=port)
                edge = Edge(u, dst, port)
                self.notify(EdgeRemoved(edge))
                return edge
        return None

    # ------------------------------------------------------------- structure
    def topological_order(self) -> list[str]:
        try:
            return list(networkx.topological_sort(self.nx))
        except networkx.NetworkXUnfeasible:
            cycle = networkx.find_cycle(self.nx)
            labels = display_labels(self)
            names = [labels[u] for u, *_ in cycle]
            raise GraphError("the graph has a cycle: " + " -> ".join(names + names[:1])) from None

    def ancestors(self, node_id: str) -> set[str]:
        return networkx.ancestors(self.nx, node_id)

    def copy(self) -> Graph:
        """A deep copy without listeners."""
        g = Graph(labels_as_names=self.labels_as_names)
        g.groups = self.groups.copy_for(g)
        for node in self.nodes():
            g.nx.add_node(node.id, node=node.clone())
        g.nx.add_edges_from(self.nx.edges(keys=True))
        g._names = dict(self._names)
        g.output = self.output
        g._counter = itertools.count(len(self) + 1)
        return g

    def clear(self) -> None:
        self.nx = networkx.MultiDiGraph()
        self._names = {}
        self.output = None
        self.groups.take(Groups(self))
        self.notify(Reset())

    def replace_with(self, other: Graph, copy: bool = True) -> None:
        """Take over another graph's content (open a file, undo a whole change); one Reset event.

        copy=True takes a copy: other stays the caller's (an undo command keeps it to redo).
        copy=False takes other's content itself, without the cost of copying (a graph just read
        from a file): other shares it afterwards and must not be used any more."""
        fresh = other.copy() if copy else other
        self.nx = fresh.nx
        self._names = fresh._names
        self.output = fresh.output
        self._counter = fresh._counter
        self.groups.take(fresh.groups)
        self.notify(Reset())
