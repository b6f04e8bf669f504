"""What the graph model tells its listeners after each change (core.graph.Graph.notify): one small
frozen dataclass per kind, and the edges they carry. Views follow the model through these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from .groups import GroupCollapsed, GroupsChanged


class Edge(NamedTuple):
    """An edge: src feeds input `port` of dst."""

    src: str
    dst: str
    port: int


# What the model tells its listeners after each change: one small frozen dataclass per kind.


@dataclass(frozen=True)
class NodeAdded:
    node_id: str


@dataclass(frozen=True)
class NodeRemoved:
    node_id: str


@dataclass(frozen=True)
class NodeChanged:
    """Its name, value, parameters or kind changed."""

    node_id: str


@dataclass(frozen=True)
class NodeMoved:
    node_id: str


@dataclass(frozen=True)
class EdgeAdded:
    edge: Edge


@dataclass(frozen=True)
class EdgeRemoved:
    edge: Edge


@dataclass(frozen=True)
class OutputChanged:
    node_id: str | None


@dataclass(frozen=True)
class Reset:
    """The whole content was replaced (a file opened, the graph cleared)."""


GraphEvent = (
    NodeAdded
    | NodeRemoved
    | NodeChanged
    | NodeMoved
    | EdgeAdded
    | EdgeRemoved
    | OutputChanged
    | Reset
    | GroupsChanged
    | GroupCollapsed
)
# events that change the graph's structure (its version): names and kinds bump it themselves
STRUCTURAL = (NodeAdded, NodeRemoved, EdgeAdded, EdgeRemoved, Reset)
Listener = Callable[[GraphEvent], None]
