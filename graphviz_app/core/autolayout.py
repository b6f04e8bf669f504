"""Layered left-to-right layout: inputs on the left, the output on the right.

Each node's layer is its topological generation; a variable or constant is
then pulled right to sit just before its first consumer, so a bias added late
in a network does not start at the far left. Within a layer, nodes are ordered
by a few barycenter sweeps (the Sugiyama heuristic) to reduce edge crossings.
Everything is linear in the size of the graph per sweep.

A graph of several disconnected parts has each laid out on its own, and the parts packed in rows
(`pack_components`) so the whole drawing is about the shape of a window rather than one tall
column of parts. A part that is a long strip (a deep network: hundreds of layers, a few rows) is
wrapped like a line of text (`wrap_strip`): cut into bands of consecutive layers, one under the
other, cut only between groups (a group cut in two would have its frame stretched over both
bands). A part that is tall (many rows in a few layers) stays as it is.

Groups: each outermost group's nodes are then stacked as one block (its layers' rows, one under
the other), and blocks sharing a layer are stacked apart with room for a frame's title band, so no
group's frame is drawn over another's or over a card not in it.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    import networkx as nx

from .graph import Graph

LAYER_SPACING = 240.0
ROW_SPACING = 140.0
SWEEPS = 4
PORT_SHIFT = 0.3  # in rows
FRAME_ROOM = 0.5  # in rows: more between a group's block and what stands above or below it (its frame, its title)
PACK_ASPECT = 16 / 10  # packed parts fill rows about this much wider than their stack is tall
PACK_GAP = 2 * LAYER_SPACING  # more room between parts side by side than between layers: no flow across
WRAP_MIN_LAYERS = 40  # a strip shorter than this stays one strip (every bundled example does)
WRAP_GAP = 2 * ROW_SPACING  # between the bands of a wrapped strip


def layered_layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """node id -> (x, y); layers 240 px apart, rows 140 px apart, each layer centred on y = 0
    (a graph of several disconnected parts: each part so, the parts packed in rows)."""
    if len(graph) == 0:
        return {}
    g = graph.nx
    layer = _layers(g)
    parts = _components(g)
    if len(parts) == 1:
        return _wrapped(graph, _layered(graph, g, list(g.nodes), layer))
    return pack_components([_wrapped(graph, _layered(graph, g, part, layer)) for part in parts])


def _wrapped(graph: Graph, pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """wrap_strip, never cutting through an outermost group: each group's layers stay in one band."""
    spans = []
    for group in graph.groups.ordered():
        if graph.groups.parent(group.id) is None:
            layers = [round(pos[nid][0] / LAYER_SPACING) for nid in group.nodes if nid in pos]
            if layers:
                spans.append((min(layers), max(layers)))
    return wrap_strip(pos, spans)


def wrap_strip(
    pos: dict[str, tuple[float, float]], spans: list[tuple[int, int]] = ()
) -> dict[str, tuple[float, float]]:
    """A laid-out part (its first layer at x = 0) of at least WRAP_MIN_LAYERS layers that is far
    wider than a window's shape, cut into bands of consecutive layers placed one under the other,
    so the whole is about PACK_ASPECT; each band reads left to right as before, and the edges at
    a cut go back from the end of one band to the start of the next. spans: (first, last) layers
    that must stay in one band (a group's, so its frame is not stretched over two bands and all
    between): each cut moves to the nearest layer boundary outside them. Else pos as it is."""
    layers = round(max(x for x, _ in pos.values()) / LAYER_SPACING) + 1
    ys = [y for _, y in pos.values()]
    band_height = max(ys) - min(ys) + ROW_SPACING + WRAP_GAP
    width = layers * LAYER_SPACING
    bands = round((width / (PACK_ASPECT * band_height)) ** 0.5)
    if layers < WRAP_MIN_LAYERS or bands < 2:
        return pos
    per_band = -(-layers // bands)  # layers in a band (the last may have fewer)
    # a cut before layer k is allowed when no span holds both k - 1 and k
    free = [k for k in range(1, layers) if not any(first < k <= last for first, last in spans)]
    cuts: list[int] = []
    for wanted in range(per_band, layers, per_band):
        nearest = min(free, key=lambda k: abs(k - wanted), default=None)
        if nearest is not None and (not cuts or nearest > cuts[-1]):
            cuts.append(nearest)
    if not cuts:
        return pos
    starts = [0, *cuts]  # the first layer of each band
    wrapped = {}
    for nid, (x, y) in pos.items():
        band = bisect_right(cuts, round(x / LAYER_SPACING))  # (cuts ascend: those at or before its layer)
        wrapped[nid] = (x - starts[band] * LAYER_SPACING, y + band * band_height)
    return wrapped


def pack_components(parts: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Place the laid-out parts of a graph in rows, in their order (a shelf packing): each row as
    wide as about PACK_ASPECT times the height of all rows (but at least the widest part), parts
    top-aligned in a row, PACK_GAP and a row's spacing between them. The first part starts at
    (0, its own top)."""
    boxes = []
    for pos in parts:
        xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
        # a part's box: its cards' places plus room for the cards and the gap after them
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + PACK_GAP, max(ys) - min(ys) + ROW_SPACING))
    area = sum(w * h for _, _, w, h in boxes)
    row_width = max(max(w for _, _, w, _ in boxes), (area * PACK_ASPECT) ** 0.5)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    top = boxes[0][1]
    for pos, (left, up, width, height) in zip(parts, boxes):
        if x > 0 and x + width > row_width:  # this part starts the next row
            x, y, row_height = 0.0, y + row_height, 0.0
        dx, dy = x - left, top + y - up
        for nid, (px, py) in pos.items():
            placed[nid] = (px + dx, py + dy)
        x += width
        row_height = max(row_height, height)
    return placed


def _components(g: nx.MultiDiGraph) -> list[list[str]]:
    """The graph's disconnected parts, each in insertion order, in the order of their first nodes."""
    import networkx as nx

    part_of = {}
    for index, part in enumerate(nx.weakly_connected_components(g)):
        for nid in part:
            part_of[nid] = index
    parts: dict[int, list[str]] = {}
    for nid in g.nodes:
        parts.setdefault(part_of[nid], []).append(nid)
    return list(parts.values())


def _layered(
    graph: Graph, g: nx.MultiDiGraph, nodes: list[str], layer: dict[str, int]
) -> dict[str, tuple[float, float]]:
    """The layered layout of one part of the graph (nodes in insertion order, with all their
    neighbours among them), its first layer at x = 0."""
    first = min(layer[nid] for nid in nodes)
    count = max(layer[nid] for nid in nodes) - first + 1
    layers: list[list[str]] = [[] for _ in range(count)]
    for nid in nodes:  # insertion order: the initial order within a layer
        layers[layer[nid] - first].append(nid)
    # an input port's row sits a little above or below its node's centre: port 0 on top
    preds = {n: [(u, 0.0) for u, _, _ in g.in_edges(n, keys=True)] for n in nodes}
    succs = {
        n: [(v, PORT_SHIFT * (port - (g.in_degree(v) - 1) / 2)) for _, v, port in g.out_edges(n, keys=True)]
        for n in nodes
    }
    coord = _coordinates(layers)
    for _ in range(SWEEPS):
        for lay in layers[1:]:
            _sort_by_barycenter(lay, preds, coord)
        for lay in reversed(layers[:-1]):
            _sort_by_barycenter(lay, succs, coord)
    if len(graph.groups):
        _keep_groups_apart(graph, layers, layer, coord)
    return {nid: ((layer[nid] - first) * LAYER_SPACING, coord[nid] * ROW_SPACING) for nid in nodes}


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
