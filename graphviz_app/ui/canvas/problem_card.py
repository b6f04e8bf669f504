"""The card a problem names, and the cards that feed it, as the canvas shows them: a diagram opened
with an error is framed on them (ui/opened_problem.py), Backward refused over a shape problem
brings them into view (animation/setup.py)."""

from __future__ import annotations

from PySide6.QtCore import QRectF


def shown_item(scene, node: str | None, hidden: dict[str, str] | None = None):
    """What shows node on the canvas: its card, or the collapsed group's card that stands for it
    (hidden: groups.shown_as(), found when not given); None when neither shows."""
    item = scene.node_item(node or "")
    if item is not None and not item.isVisible():
        hidden = scene.graph.groups.shown_as() if hidden is None else hidden
        if node in hidden:
            item = scene.groups.card_item(hidden[node])
    return item if item is not None and item.isVisible() else None


def card_and_inputs(scene, node: str | None) -> tuple[QRectF, list[QRectF]] | None:
    """The rect of the card showing node and those of the cards wired into it (scene coordinates);
    None when node is not on the canvas."""
    if node is None or node not in scene.graph:
        return None
    hidden = scene.graph.groups.shown_as()
    card = shown_item(scene, node, hidden)
    if card is None:
        return None
    inputs = {shown_item(scene, src, hidden) for src in scene.graph.inputs_of(node).values()} - {None, card}
    return card.sceneBoundingRect(), [item.sceneBoundingRect() for item in inputs]
