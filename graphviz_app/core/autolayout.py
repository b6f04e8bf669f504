"""Layered left-to-right layout: inputs on the left, the output on the right.

Each node's layer is its topological generation; a variable or constant is
then pulled right to sit just before its first consumer, so a bias added late
in a network does not start at the far left. Rows are those of a tree drawn from
the output back: each node's main input (the one ending the longest chain, of
equals the last port; but an input two layers back or more, whose wire would cross the cards
between, before any) stays on its row, so the main path is one straight line
(but where a node on it also feeds one further along than the next, as x in 7x − x
feeds both mul and sub, the nodes between go above as a side input: that wire
would run along the row under their cards); its other inputs, each with what feeds it, are stacked above, port 0 on top, the
inputs of nodes nearer the output round those of nodes further back, so the
tree's edges do not cross. A node feeding several goes with the first that
reaches it. A graph of several ends (nodes nothing reads) has a tree for each, the
output's first, each above those before it (above its cards and the rows its wires take). No
wire runs along a row under a card it does not feed: a tree reading a card placed before it from
two layers on or more goes above that card, and a side input sits on its path's row, left of the
path, only if it feeds the path's first node and nothing else on that row. A later end's tree
reading a card of an earlier one from two layers on or more is laid out first (once), so that card
goes on its row: the wire would cross the cards between.
Its price is height: the 300 random graphs of tests/test_autolayout.py lay out 27 % taller in sum
than without these rules (1.34 -> 1.70 times the least their layers allow), with as many crossings;
that test bounds their height.
Linear in the size of the graph times the nesting of side branches.

A graph of several disconnected parts has each laid out on its own, and the parts packed in
rows (`layout_packing.pack_components`) so the whole drawing is about the shape of a window
rather than one tall column of parts. A part that is a long strip (a deep network: hundreds of
layers, a few rows) is wrapped like a line of text (`layout_packing.wrap_strip`): cut into bands
of consecutive layers, one under the other, cut only between groups (a group cut in two would have its frame stretched over both
bands). A part that is tall (many rows in a few layers) stays as it is.

Groups: rows are then FRAME_ROOM further apart, room for a frame's title band, so a chain of
groups along the main path has its frames level and the inputs above them clear of them. Only if
an outermost group's frame would still hold a card not in it or meet another's, are each outermost
group's nodes stacked as one block (its layers' rows, one under the other), and blocks sharing a
layer stacked apart.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    import networkx as nx

from .graph import Graph
from .layout_packing import pack_components, wrap_strip

LAYER_SPACING = 240.0
ROW_SPACING = 140.0
FRAME_ROOM = 0.5  # in rows: more between a group's block and what stands above or below it (its frame, its title)


def layered_layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """node id -> (x, y); layers 240 px apart, rows 140 px apart, each layer centred on y = 0
    (a graph of several disconnected parts: each part so, the parts packed in rows)."""
    if len(graph) == 0:
        return {}
    if graph.groups.visible_collapsed():
        return _with_collapsed_groups(graph)
    return _expanded_layout(graph)


def _expanded_layout(graph) -> dict[str, tuple[float, float]]:
    """layered_layout with every group drawn as a frame round its nodes (graph: a Graph, or the
    stand-in _Contracted for one with collapsed groups)."""
    g = graph.nx
    generation = _generations(g)
    layer = _layers(g, generation)
    parts = _components(g)
    parts = [_wrapped(graph, _layered(graph, g, part, layer, generation)) for part in parts]
    return pack_components(parts, LAYER_SPACING, ROW_SPACING)


def _with_collapsed_groups(graph: Graph) -> dict[str, tuple[float, float]]:
    """layered_layout of a graph with collapsed groups: each collapsed group (drawn as one card) laid
    out as one node, the card on its row like any other card, its inputs and readers wired to it.
    So that expanding it shows no card on another, it stands for a row of as many layers as its
    nodes span laid out expanded, the card in the middle; its nodes keep their places relative to
    one another from the expanded layout, moved as one so that their middle (where the canvas draws
    the card) is there."""
    import networkx as nx

    expanded = _expanded_layout(graph)
    shown_as = graph.groups.shown_as()
    chains: dict[str, list[tuple[str, int]]] = {}  # group id -> the row of layers standing for it
    for group in graph.groups.visible_collapsed():
        xs = [expanded[n][0] for n in group.nodes]
        chains[group.id] = [(group.id, k) for k in range(round((max(xs) - min(xs)) / LAYER_SPACING) + 1)]
    ports = {gid: sorted(graph.groups.inputs(gid), key=lambda n: expanded[n][1]) for gid in chains}
    g = nx.MultiDiGraph()
    for nid in graph.node_ids():  # (in the graph's order: a group's row where its first node comes)
        gid = shown_as.get(nid)
        if gid is None:
            g.add_node(nid)
        elif chains[gid][0] not in g:
            g.add_nodes_from(chains[gid])
            g.add_edges_from((a, b, 0) for a, b in zip(chains[gid], chains[gid][1:]))
    for edge in graph.edges():
        into, out_of = shown_as.get(edge.dst), shown_as.get(edge.src)
        if into is not None and into == out_of:
            continue  # (inside the card)
        src = edge.src if out_of is None else chains[out_of][-1]
        if into is None:
            g.add_edge(src, edge.dst, key=edge.port)
        else:  # (as ports of the card, in the order its inputs stand laid out expanded: port 0 on top)
            g.add_edge(src, chains[into][0], key=ports[into].index(edge.src))
    if not nx.is_directed_acyclic_graph(g):
        return expanded  # a path leaves a collapsed group and comes back in: no row stands for it
    output = shown_as.get(graph.output)
    contracted = _expanded_layout(
        _Contracted(g, graph.output if output is None else chains[output][-1], _Frames(graph, shown_as, chains))
    )
    pos = {nid: xy for nid, xy in contracted.items() if nid not in shown_as and not isinstance(nid, tuple)}
    for gid, chain in chains.items():
        (first, row), (last, _) = contracted[chain[0]], contracted[chain[-1]]
        members = graph.groups.get(gid).nodes
        xs, ys = [expanded[n][0] for n in members], [expanded[n][1] for n in members]
        dx, dy = (first + last - min(xs) - max(xs)) / 2, row - (min(ys) + max(ys)) / 2
        for nid in members:
            pos[nid] = (expanded[nid][0] + dx, expanded[nid][1] + dy)
    # (in the graph's order: a group's members are a set, and their order would follow the hash seed)
    return {nid: pos[nid] for nid in graph.node_ids() if nid in pos}


class _Contracted:
    """What _expanded_layout asks of a graph, for one whose collapsed groups are each a row of stand-ins."""

    def __init__(self, g: nx.MultiDiGraph, output, groups: _Frames) -> None:
        self.nx, self.output, self.groups = g, output, groups


class _Frames:
    """The groups of a contracted graph (see _Contracted), their nodes the stand-ins: those drawn as
    frames, and the collapsed ones drawn as cards (expanded, they are frames)."""

    def __init__(self, graph: Graph, shown_as: dict[str, str], chains: dict[str, list]) -> None:
        self._graph = graph
        self._groups = {}
        for group in graph.groups.ordered():
            inside_card = any(gid != group.id and graph.groups.get(gid).nodes >= group.nodes for gid in chains)
            if not inside_card:
                nodes = {n for n in group.nodes if n not in shown_as}
                nodes.update(
                    s for gid, chain in chains.items() if graph.groups.get(gid).nodes <= group.nodes for s in chain
                )
                self._groups[group.id] = _Group(group.id, frozenset(nodes))

    def __len__(self) -> int:
        return len(self._groups)

    def __contains__(self, group_id: object) -> bool:
        return group_id in self._groups

    def ordered(self) -> list[_Group]:
        return list(self._groups.values())

    def parent(self, group_id: str) -> _Group | None:
        parent = self._graph.groups.parent(group_id)
        return None if parent is None else self._groups.get(parent.id)


class _Group:
    def __init__(self, group_id: str, nodes: frozenset) -> None:
        self.id, self.nodes = group_id, nodes


def _wrapped(graph: Graph, pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """wrap_strip, never cutting through an outermost group: each group's layers stay in one band."""
    spans = []
    for group in graph.groups.ordered():
        if graph.groups.parent(group.id) is None:
            layers = [round(pos[nid][0] / LAYER_SPACING) for nid in group.nodes if nid in pos]
            if layers:
                spans.append((min(layers), max(layers)))
    return wrap_strip(pos, LAYER_SPACING, ROW_SPACING, spans)


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
    graph: Graph, g: nx.MultiDiGraph, nodes: list[str], layer: dict[str, int], generation: dict[str, int]
) -> dict[str, tuple[float, float]]:
    """The layered layout of one part of the graph (nodes in insertion order, with all their
    neighbours among them), its first layer at x = 0, its output's main path at y = 0."""
    first = min(layer[nid] for nid in nodes)
    gap = 1 + FRAME_ROOM if len(graph.groups) else 1  # (room for frames' titles between rows)
    # the part's ends: the graph's output first, then the other nodes nothing consumes
    ends = sorted((n for n in nodes if g.out_degree(n) == 0), key=lambda n: n != graph.output)
    rows, late = _rows(ends, g, layer, generation, gap)
    if late:  # a tree reading a card of an earlier one from two layers on: laid out first, that card on its row
        rows, _ = _rows(late + [end for end in ends if end not in late], g, layer, generation, gap)
        rows = {nid: row - rows.get(graph.output, 0.0) for nid, row in rows.items()}  # (its output's row at 0)
    if len(graph.groups) and _frames_cross(graph, layer, rows):
        _keep_groups_apart(graph, layer, rows)
    return {nid: ((layer[nid] - first) * LAYER_SPACING, rows[nid] * ROW_SPACING) for nid in nodes}


def _rows(
    ends: list[str], g: nx.MultiDiGraph, layer: dict[str, int], generation: dict[str, int], gap: float
) -> tuple[dict[str, float], list[str]]:
    """The rows of the trees of `ends`, each above those before it; and the ends whose tree reads
    a card of an earlier tree from two layers on or more (that wire passes the cards between)."""
    claimed: set[str] = set()
    rows: dict[str, float] = {}
    top: dict[int, float] = {}  # layer -> the highest row taken so far
    late = []
    for end in ends:
        tree, tree_top, tree_bottom, outside = _tree(end, g, layer, generation, claimed, gap)
        if any(layer[v] - layer[u] > 1 for u, readers in outside.items() if u in rows for v in readers):
            late.append(end)
        _lift_over_long_wires(layer, rows, tree, tree_bottom, outside)
        shift = _above(top, tree_bottom, gap, 0.0 if not rows else -gap)
        rows.update((nid, row + shift) for nid, row in tree.items())
        for lay, row in tree_top.items():  # (its cards' rows, and those its wires take)
            top[lay] = min(top.get(lay, 0.0), row + shift)
    return rows, late


Wires = dict[str, list[str]]  # source -> its readers
Tree = tuple[
    dict[str, float], dict[int, float], dict[int, float], Wires
]  # rows; highest, lowest row per layer; wires in


def _lift_over_long_wires(
    layer: dict[str, int], rows: dict[str, float], tree: dict[str, float], bottom: dict[int, float], outside: Wires
) -> None:
    """A tree to place (a side input's, a later end's) reading a card placed before it (in rows)
    from a layer or more further on: that card's layer counted as the tree's, as low as the reader
    (in bottom, the tree's lowest row per layer), so the tree goes above it and the wire climbs to
    its reader instead of running along one row under the cards between. outside: the wires into
    the tree from cards placed before it (those from cards not in rows are left alone)."""
    for u, readers in outside.items():
        if u in rows:
            for v in readers:
                if layer[v] - layer[u] > 1:
                    bottom[layer[u]] = max(bottom.get(layer[u], tree[v]), tree[v])


def _tree(
    end: str,
    g: nx.MultiDiGraph,
    layer: dict[str, int],
    generation: dict[str, int],
    claimed: set[str],
    gap: float,
) -> Tree:
    """Rows of the nodes feeding `end` not yet placed (claimed), `end` at row 0: its main path
    (each node's deepest input: the longest chain; of equals, the last port) on row 0, every other
    input's own tree stacked above what is placed, port 0 topmost, so no two of these edges cross.
    Also its highest and lowest row in each layer, and the wires into it from cards placed before
    it. (Side trees nest as deep as the graph is long: grown on a stack of generators, not by
    recursion, which Python limits to about 1000.)"""
    stack = [_grow(end, g, layer, generation, claimed, gap)]
    done: Tree | None = None
    while True:
        try:
            side = stack[-1].send(done)
        except StopIteration as finished:
            stack.pop()
            if not stack:
                return finished.value
            done = finished.value
        else:
            stack.append(_grow(side, g, layer, generation, claimed, gap))
            done = None


def _grow(
    end: str,
    g: nx.MultiDiGraph,
    layer: dict[str, int],
    generation: dict[str, int],
    claimed: set[str],
    gap: float,
) -> Generator[str, Tree | None, Tree]:
    """_tree's work for one main path: yields each side input wanting a tree of its own, is sent that tree."""
    chain = [end]
    claimed.add(end)
    while (main := _main_input(chain[-1], g, generation, layer)) is not None and main not in claimed:
        claimed.add(main)
        chain.append(main)
    chain = _without_skipped(chain, g, claimed)
    rows = dict.fromkeys(chain, 0.0)
    # row 0 is taken in every layer the main path spans, by its cards or by its edges
    top = dict.fromkeys(range(layer[chain[-1]], layer[end] + 1), 0.0)
    bottom = dict(top)
    outside: Wires = {}
    for nid in reversed(chain):  # from the left: the inputs of later nodes go round those of earlier ones
        inputs = sorted(g.in_edges(nid, keys=True), key=lambda e: -e[2])  # last port first: port 0 ends on top
        for src, _, _ in inputs:
            if src in claimed:
                if src not in rows:
                    outside.setdefault(src, []).append(nid)
                continue
            sub, sub_top, sub_bottom, sub_outside = yield src
            _lift_over_long_wires(layer, rows, sub, sub_bottom, sub_outside)
            for u, readers in sub_outside.items():  # (from cards placed further out)
                if u not in rows:
                    outside.setdefault(u, []).extend(readers)
            shift = _above(top, sub_bottom, gap)  # (on row 0 only if it ends before the path starts)
            # (a card on row 0 here, not nid, reading one on row 0 of the tree: sought among the cards
            # here, few while the path's first card is placed, not the tree's: all the levels below it)
            on_row = (sub.get(n) == 0.0 for c, r in rows.items() if r == 0.0 and c != nid for n in g.predecessors(c))
            if shift == 0.0 and (nid != chain[-1] or any(on_row)):  # and feeds only the path's first card: a
                shift = _above(top, sub_bottom, gap, -gap)  # wire to another would run under those between
            rows.update(sub if shift == 0.0 else {n: row + shift for n, row in sub.items()})
            _merge(top, sub_top, shift, min)
            _merge(bottom, sub_bottom, shift, max)
            if shift == 0.0:  # its wire to the path takes row 0 in the layers between
                for lay in range(layer[src] + 1, layer[nid]):
                    top[lay], bottom[lay] = min(top.get(lay, 0.0), 0.0), max(bottom.get(lay, 0.0), 0.0)
    return rows, top, bottom, outside


def _merge(into: dict[int, float], rows: dict[int, float], shift: float, pick) -> None:
    """into[lay] = pick(into[lay], rows[lay] + shift) for each layer of rows (rows[lay] + shift where
    into has none); whole dicts at a time: a long chain's every level merges all the levels below it.
    rows (a finished tree's) is used up."""
    if shift != 0.0:
        rows = {lay: row + shift for lay, row in rows.items()}
    for lay in into.keys() & rows.keys():
        rows[lay] = pick(into[lay], rows[lay])
    into.update(rows)


def _without_skipped(chain: list[str], g: nx.MultiDiGraph, claimed: set[str]) -> list[str]:
    """The main path, but where a node on it also feeds a node further along than the next (x in
    7x − x: x → mul → sub, and x → sub), the nodes between left out (given back to be placed as a
    side input, above): that edge would run along the row under their cards, as if they fed it."""
    at = {nid: i for i, nid in enumerate(chain)}
    i = 0
    while i < len(chain) - 1:
        further = [at[src] for src, _ in g.in_edges(chain[i]) if at.get(src, -1) > i + 1]
        if further:
            j = max(further)
            claimed.difference_update(chain[i + 1 : j])
            chain = chain[: i + 1] + chain[j:]
            at = {nid: k for k, nid in enumerate(chain)}
        i += 1
    return chain


def _above(top: dict[int, float], bottom: dict[int, float], gap: float, highest: float = 0.0) -> float:
    """How far to shift a tree (its lowest row in each layer: bottom) so that it sits at least
    `gap` rows above what is placed (its highest row in each layer: top), and at `highest` or above."""
    if len(bottom) > len(top):
        return min([highest, *(top[lay] - gap - bottom[lay] for lay in top.keys() & bottom.keys())])
    return min([highest, *(top[lay] - gap - row for lay, row in bottom.items() if lay in top)])


def _main_input(nid: str, g: nx.MultiDiGraph, generation: dict[str, int], layer: dict[str, int]) -> str | None:
    """The input continuing nid's line: the one at the end of the longest chain, of equals the last port;
    but one two layers back or more (the furthest, of equals the last port) takes the row, so its
    wire runs along it rather than across the cards between, which go above with the nearer inputs."""
    edges = list(g.in_edges(nid, keys=True))
    if not edges:
        return None
    far = [e for e in edges if layer[nid] - layer[e[0]] > 1]
    if far:
        return min(far, key=lambda e: (layer[e[0]], -e[2]))[0]
    return max(edges, key=lambda e: (generation[e[0]], e[2]))[0]


def _frames_cross(graph: Graph, layer: dict[str, int], rows: dict[str, float]) -> bool:
    """Whether an outermost group's frame (the box of its nodes' layers and rows) holds a card not
    in it, or meets another's."""
    boxes = []
    for group in graph.groups.ordered():
        if graph.groups.parent(group.id) is None:
            members = [n for n in group.nodes if n in rows]
            if members:
                boxes.append(
                    (
                        set(members),
                        min(layer[n] for n in members),
                        max(layer[n] for n in members),
                        min(rows[n] for n in members),
                        max(rows[n] for n in members),
                    )
                )
    for members, first, last, high, low in boxes:
        for nid, row in rows.items():
            if nid not in members and first <= layer[nid] <= last and high - 1 < row < low + 1:
                return True
    return any(
        a[1] <= b[2] and b[1] <= a[2] and a[3] - FRAME_ROOM - 1 < b[4] and b[3] - FRAME_ROOM - 1 < a[4]
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
    )


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


def _generations(g: nx.MultiDiGraph) -> dict[str, int]:
    """node id -> the length of the longest chain of edges ending at it."""
    import networkx as nx  # here, not at the top: it is slow to import

    return {nid: depth for depth, nodes in enumerate(nx.topological_generations(g)) for nid in nodes}


def _layers(g: nx.MultiDiGraph, generation: dict[str, int]) -> dict[str, int]:
    """node id -> its layer: its generation, an input's pulled right to just before its first consumer."""
    layer = dict(generation)
    for nid in g.nodes:
        consumers = [layer[v] for v in g.successors(nid)]
        if g.in_degree(nid) == 0 and consumers:
            layer[nid] = min(consumers) - 1
    return layer


def _keep_groups_apart(graph: Graph, layer: dict[str, int], coord: dict[str, float]) -> None:
    """Rows again, each outermost group's nodes as one block (a node outside groups a block of
    its own): the blocks, in the order of their rows, each as high as it may go without sharing a
    row of any layer it spans with a block above it (FRAME_ROOM more where either is a group)."""
    top_groups = [g for g in graph.groups.ordered() if graph.groups.parent(g.id) is None]
    block_of = {nid: g.id for g in top_groups for nid in g.nodes}
    blocks: dict[str, list[str]] = {}
    for nid in sorted(coord, key=lambda n: (layer[n], coord[n])):  # each layer's nodes top to bottom
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
