"""Where the Python API draws a graph's cards: laid out as Auto Layout lays it out, or with the
graph's own places (placed), and whether a card the API added would stand on another."""

from __future__ import annotations

from ..core import card_size
from ..core.autolayout import apply_layout
from ..core.graph import Graph as CoreGraph


def placed(core: CoreGraph, added: set[str]) -> CoreGraph:
    """A copy of the graph as it is drawn, shown and saved: laid out as Auto Layout lays it out
    (core.autolayout.apply_layout) when all its nodes share one place, or when a card in `added`
    (the nodes a ga.Graph added by variable, constant, op: they have no place, all (0, 0)) would
    stand on another (_added_card_on_another); else with its own places. So a graph built by hand
    is laid out, a node added to a traced or loaded graph is placed apart from the card it would
    cover, and a loaded file with nothing added keeps the user's arrangement, as the window keeps
    it. A copy: the graph's own places stay as they are, so a node added later is laid out with
    the rest."""
    graph = core.copy()
    added = added.intersection(graph.node_ids())
    if len({graph.node(nid).pos for nid in graph.node_ids()}) == 1 or _added_card_on_another(graph, added):
        apply_layout(graph)
    return graph


def _added_card_on_another(graph: CoreGraph, added: set[str]) -> bool:
    """Whether the card of a node in `added` would be drawn on (or touching the glow of) another
    card: both nearer than a card's width across and its height down."""
    if not added:
        return False
    across, down = card_size.WIDTH + card_size.MARGIN, card_size.card_height(0) + card_size.MARGIN
    places = sorted((graph.node(nid).pos, nid) for nid in graph.node_ids())
    for i, ((x, y), nid) in enumerate(places):
        for (other_x, other_y), other in places[i + 1 :]:
            if other_x - x >= across:
                break  # (sorted by x: every place further on is as far across)
            if abs(other_y - y) < down and (nid in added or other in added):
                return True
    return False
