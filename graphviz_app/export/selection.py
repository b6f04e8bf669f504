"""What "Selection only" (and Copy Image of a selection) draws: the selected cards, the wires
between them and what belongs to them (badges, the labels of those wires), and the animation's
title above them (its step and layout), nothing else.

Measured and hidden from the selection as it is before `clean_render` deselects everything.
Cards lying between the selected ones are hidden, not drawn, so the picture shows exactly
what the status text says, and no wire runs off its edge.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QRectF


def selected_items(scene) -> set:
    """The top-level items a selection picture draws: the selected items (cards, collapsed
    cards, group frames, wires), the cards of the nodes the selected groups stand for, and the
    wires (with their animation labels) whose two ends are both drawn."""
    kept = {item for item in scene.selectedItems() if item.parentItem() is None}
    nodes = set(scene.groups.selection_nodes())
    for nid in nodes:
        item = scene.node_item(nid)
        if item is not None and item.isVisible():
            kept.add(item)
    for key, edge in scene.edge_items().items():
        if edge.isVisible() and key[0] in nodes and key[1] in nodes:
            kept.add(edge)
    for item in scene.items():
        edge = getattr(item, "edge", None)  # an edge's animation label (OverlayLabelItem)
        if item.parentItem() is None and edge is not None and edge in kept:
            kept.add(item)
    return kept


def selection_rect(scene) -> QRectF:
    """The region of what a selection picture draws (children such as badges included), and the
    animation's title above it ("Backward · step 4 / 10 · denominator layout"), as a picture of the
    whole diagram has it: a picture that shows gradients says their layout and step."""
    rect = _drawn_rect(scene)
    return rect.united(scene.overlay_presenter.title_rect_above(rect))


def _drawn_rect(scene) -> QRectF:
    rect = QRectF()
    for item in selected_items(scene):
        if item.isVisible():
            rect = rect.united(item.sceneBoundingRect())
            rect = rect.united(item.mapRectToScene(item.childrenBoundingRect()))
    return rect


@contextlib.contextmanager
def only_selection(scene, on: bool = True) -> Iterator[None]:
    """While inside, every top-level item outside the selection is hidden (when `on`)."""
    if not on:
        yield
        return
    kept = selected_items(scene)
    presenter = scene.overlay_presenter
    kept.add(presenter.title)  # (above the selection while inside)
    region = _drawn_rect(scene)
    hidden = [item for item in scene.items() if item.parentItem() is None and item.isVisible() and item not in kept]
    for item in hidden:
        item.setVisible(False)
    try:
        with presenter.title_above(region):
            yield
    finally:
        for item in hidden:
            if item.scene() is scene:
                item.setVisible(True)
