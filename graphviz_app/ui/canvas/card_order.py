"""Which card the keyboard selects next (Edit → Select Following Card, Alt+Right; Select Preceding
Card, Alt+Left): the cards in graph order, inputs first, each card after the cards feeding it; of the
cards ready at once, the leftmost column first, top to bottom in a column, so the walk follows the
diagram's left-to-right flow (an input standing further right, near where it is used, is reached
there, not with every other input first). A collapsed group's card
stands where its first member would; the cards hidden inside it are skipped. From the last card it
wraps round to the first."""

from __future__ import annotations

import networkx as nx


def walk_order(scene) -> list:
    """The shown cards (node cards and collapsed groups' cards), inputs first (a topological order,
    ties by position: column, then top to bottom)."""
    graph = scene.graph

    def place(node_id: str) -> tuple[float, float]:
        x, y = graph.node(node_id).pos
        return (x, y)

    shown_as = graph.groups.shown_as() if len(graph.groups) else {}  # hidden node -> its collapsed card's group
    items, order, cards_met = scene.node_items(), [], set()
    for nid in nx.lexicographical_topological_sort(graph.nx, key=place):
        group = shown_as.get(nid)
        if group is None:
            item = items.get(nid)
        elif group not in cards_met:
            cards_met.add(group)
            item = scene.groups.card_item(group)
        else:
            continue
        if item is not None and item.isVisible():
            order.append(item)
    return order


def card_after(scene, step: int):
    """The card (its item) step (+1 or −1) places away from the selection: from the last selected
    card in graph order going forward, from the first going back; with nothing selected, the first
    card (forward) or the last (back)."""
    order = walk_order(scene)
    if not order:
        return None
    position = {item: i for i, item in enumerate(order)}  # (not order.index: a lookup per selected card)
    where = [position[item] for item in scene.selectedItems() if item in position]
    if not where:
        return order[0] if step > 0 else order[-1]
    start = max(where) if step > 0 else min(where)
    return order[(start + step) % len(order)]


def select_card_after(view, step: int) -> None:
    """The keyboard's way to another card: it is selected alone and shown in the view."""
    item = card_after(view.scene(), step)  # (a node's card or a collapsed group's)
    if item is None:
        return
    if view.title_editor.editing:  # (as a click elsewhere does: the name typed is applied, then the move)
        view.title_editor.commit()
    view.scene().clearSelection()
    item.setSelected(True)
    view.ensureVisible(item.sceneBoundingRect(), 40, 40)
