"""Which card the keyboard selects next (Edit → Select Following Card, Alt+Right; Select Preceding
Card, Alt+Left): the cards in graph order, inputs first, each card after the cards feeding it; cards
side by side in that order are taken top to bottom, then left to right. Cards hidden in a collapsed
group are skipped. From the last card it wraps round to the first."""

from __future__ import annotations


def graph_order(scene) -> list[str]:
    """The shown cards' node ids, inputs first (a topological order, ties by position)."""
    import networkx as nx  # (slow to import: here, when a key asks)

    graph = scene.graph

    def place(node_id: str) -> tuple[float, float]:
        x, y = graph.node(node_id).pos
        return (y, x)

    shown = {nid for nid, item in scene.node_items().items() if item.isVisible()}
    order = nx.lexicographical_topological_sort(graph.nx, key=place)
    return [nid for nid in order if nid in shown]


def card_after(scene, step: int) -> str | None:
    """The card step (+1 or −1) places away from the selection: from the last selected card in
    graph order going forward, from the first going back; with nothing selected, the first card
    (forward) or the last (back)."""
    order = graph_order(scene)
    if not order:
        return None
    where = [order.index(nid) for nid in scene.selected_node_ids() if nid in order]
    if not where:
        return order[0] if step > 0 else order[-1]
    start = max(where) if step > 0 else min(where)
    return order[(start + step) % len(order)]
