"""Where drawn wires run behind cards: shared by the tests that keep wires clear of cards."""

from __future__ import annotations

from PySide6.QtGui import QPainterPathStroker

from graphviz_app.core.naming import display_labels
from graphviz_app.ui.canvas.node_item import card_scene_rect

INSET = 4.0  # scene px: a wire's stroke may touch its end's card this far in, where it meets the port


def crossings(window) -> list[tuple[str, str, str]]:
    """Each (wire's source, wire's destination, card) where a drawn wire passes over a card (a node's,
    or a collapsed group's standing for its hidden ends): over any card but its two ends, or into
    the inside of one of its ends (a wire meets its ends' ports on the cards' edges, and no more)."""
    graph, scene = window.graph, window.scene
    hidden = graph.groups.shown_as()
    cards = {n: card_scene_rect(item) for n, item in scene.node_items().items() if item.isVisible()}
    for group in graph.groups.visible_collapsed():
        card = scene.groups.card_item(group.id)
        cards[group.id] = card_scene_rect(card)
    stroker = QPainterPathStroker()
    stroker.setWidth(2)
    found = []
    for edge in scene.edge_items().values():
        if not edge.isVisible():
            continue
        wire = stroker.createStroke(edge.mapToScene(edge.path()))
        ends = {hidden.get(edge.src, edge.src), hidden.get(edge.dst, edge.dst)}
        found += [
            (edge.src, edge.dst, key)
            for key, rect in cards.items()
            if wire.intersects(rect.adjusted(INSET, INSET, -INSET, -INSET) if key in ends else rect)
        ]
    return found


def named(window, found: list[tuple[str, str, str]]) -> list[str]:
    """The crossings as a person reads them: "h → matmul₂ runs under W2"."""
    labels = display_labels(window.graph)
    groups = {group.id: group.name for group in window.graph.groups}

    def name(key: str) -> str:
        return labels.get(key) or groups.get(key, key)

    return [f"{name(s)} → {name(d)} runs under {name(c)}" for s, d, c in found]
