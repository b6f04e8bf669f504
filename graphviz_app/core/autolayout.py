"""Layered left-to-right layout: inputs on the left, the output on the right.

Each node's layer is its topological generation; a variable or constant is
then pulled right to sit just before its first consumer, so a bias added late
in a network does not start at the far left. Within a layer, nodes are ordered
by a few barycenter sweeps (the Sugiyama heuristic) to reduce edge crossings.
Everything is linear in the size of the graph per sweep.

Groups: each outermost group's nodes are then stacked as one block (its layers' rows, one under
the other), and blocks sharing a layer are stacked apart with room for a frame's title band, so no
group's frame is drawn over another's or over a card not in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    import networkx as nx

from .graph import Graph

LAYER_SPACING = 240.0
ROW_SPACING = 140.0
SWEEPS = 4
PORT_SHIFT = 0.3  # in rows
FRAME_ROOM = 0.5  # in rows: more between a group's block and what stands above or below it (its frame, its title)


def layered_layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """node id -> (x, y); layers 240 px apart, rows 140 px apart, each layer centred on y = 0."""
    if len(graph) == 0:
        return {}
    g = graph.nx
    layer = _layers(g)
    count = max(layer.values()) + 1
    layers: list[list[str]] = [[] for _ in range(count)]
    for nid in g.nodes:  # insertion order: the initial order within a layer
        layers[layer[nid]].append(nid)
    # an input port's row sits a little above or below its node's centre: port 0 on top
    preds = {n: [(u, 0.0) for u, _, _ in g.in_edges(n, keys=True)] for n in g.nodes}
    succs = {
        n: [(v, PORT_SHIFT * (port - (g.in_degree(v) - 1) / 2)) for _, v, port in g.out_edges(n, keys=True)]
        for n in g.nodes
    }
    coord = _coordinates(layers)
    for _ in range(SWEEPS):
        for lay in layers[1:]:
            _sort_by_barycenter(lay, preds, coord)
        for lay in reversed(layers[:-1]):
            _sort_by_barycenter(lay, succs, coord)
    if len(graph.groups):
        _keep_groups_apart(graph, layers, layer, coord)
    return {nid: (layer[nid] * LAYER_SPACING, coord[nid] * ROW_SPACING) for nid in g.nodes}


def apply_layout(graph: Graph) -> None:
    """Move every node of the graph to its place in the layered layout."""
    for nid, pos in layered_layout(graph).items():
        graph.move(nid, pos)


def lay_out_if_piled(graph: Graph) -> bool:
    """Lay the graph out when all its nodes share one place (a file that gives none: "pos" left
    out, as a file written by hand or by a script does), so its cards do not open piled on one spot
    with all but one hidden. True if it did. A graph with any layout of its own keeps it."""
    if len(graph) < 2 or len({graph.node(nid).pos for nid in graph.node_ids()}) > 1:
        return False
    apply_layout(graph)
    return True


def _layers(g: nx.MultiDiGraph) -> dict[str, int]:
    import networkx as nx  # here, not at the top: it is slow to import

    layer: dict[str, int] = {}
    for depth, generation in enumerate(nx.topological_generations(g)):
        for nid in generation:
            layer[nid] = depth
    for nid in g.nodes:
        consumers = [layer[v] for v in g.successors(nid)]
        if g.in_degree(nid) == 0 and consumers:
            layer[nid] = min(consumers) - 1
    return layer


def _coordinates(layers: list[list[str]]) -> dict[str, float]:
    coord: dict[str, float] = {}
    for lay in layers:
        _place(lay, coord)
    return coord


def _place(lay: list[str], coord: dict[str, float]) -> None:
    """Rows of one layer, centred on 0."""
    middle = (len(lay) - 1) / 2
    for i, nid in enumerate(lay):
        coord[nid] = i - middle


def _sort_by_barycenter(
    lay: list[str], neighbours: dict[str, list[tuple[str, float]]], coord: dict[str, float]
) -> None:
    if len(lay) < 2:
        return
    keys = {}
    for nid in lay:
        near = neighbours[nid]
        # a node without neighbours on that side keeps its current row
        keys[nid] = sum(coord[n] + shift for n, shift in near) / len(near) if near else coord[nid]
    lay.sort(key=keys.__getitem__)  # stable: ties keep their order
    _place(lay, coord)


def _keep_groups_apart(graph: Graph, layers: list[list[str]], layer: dict[str, int], coord: dict[str, float]) -> None:
    """Rows again, each outermost group's nodes as one block (a node outside groups a block of
    its own): the blocks, in the order of their rows, each as high as it may go without sharing a
    row of any layer it spans with a block above it (FRAME_ROOM more where either is a group)."""
    top_groups = [g for g in graph.groups.ordered() if graph.groups.parent(g.id) is None]
    block_of = {nid: g.id for g in top_groups for nid in g.nodes}
    blocks: dict[str, list[str]] = {}
    for lay in layers:  # (each layer's nodes in their barycenter order)
        for nid in lay:
            blocks.setdefault(block_of.get(nid, nid), []).append(nid)
    # a block's rows: each of its layers' nodes one under the other, centred on the block's tallest layer
    shape: dict[str, tuple[dict[str, float], float]] = {}
    for key, nodes in blocks.items():
        per_layer: dict[int, list[str]] = {}
        for nid in nodes:
            per_layer.setdefault(layer[nid], []).append(nid)
        height = max(len(ns) for ns in per_layer.values()) - 1
        rows = {nid: i + (height - len(ns) + 1) / 2 for ns in per_layer.values() for i, nid in enumerate(ns)}
        shape[key] = (rows, height)
    wanted = {key: sum(coord[n] for n in nodes) / len(nodes) - shape[key][1] / 2 for key, nodes in blocks.items()}
    bottom: dict[int, tuple[float, bool]] = {}  # layer -> the lowest row taken so far, and whether by a group
    for key in sorted(blocks, key=wanted.__getitem__):
        grouped = key in graph.groups
        first, last = min(layer[n] for n in blocks[key]), max(layer[n] for n in blocks[key])
        spanned = set(range(first, last + 1))  # (a frame spans the layers between its nodes too)
        top = wanted[key]
        for lay in spanned & bottom.keys():
            row, other_grouped = bottom[lay]
            top = max(top, row + 1 + (FRAME_ROOM if grouped or other_grouped else 0))
        rows, height = shape[key]
        for nid, row in rows.items():
            coord[nid] = top + row
        for lay in spanned:
            bottom[lay] = (top + height, grouped)
