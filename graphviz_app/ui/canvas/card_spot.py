"""Where a collapsed group's card stands clear: moved straight up or down from the middle of its
nodes until it covers no other card and none of its wires runs behind one. Before, the wire
x -> layer 1 of a 2-layer net ran under b1's card, and x seemed to feed b1.

A wire is (its port on the card, from the card's centre: negative x for an input; its far end in
the scene; what that end is: a node id or a group id). It is drawn as edge_item.curve draws it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPathStroker

from .edge_item import curve
from .group_card_item import GroupCardItem
from .group_frame import PAD
from .node_item import NodeItem

STEP = 12.0  # the card is tried this much further up or down each time
MAX_SHIFT = 300.0  # and no further (a tall group's card would be tried far from its nodes)
CLEARANCE = 4.0  # the least gap between a card and a wire that is not its own


def obstacles(items, group_id: str) -> list[tuple[object, QRectF, QRectF]]:
    """The visible cards among these scene items, but the group's own: each as what it is (a node
    id, a group id), its rectangle, and that rectangle with the clearance round it."""
    found = []
    for item in items:
        if isinstance(item, NodeItem) and item.isVisible():
            key = item.node_id
        elif isinstance(item, GroupCardItem) and item.group_id != group_id and item.isVisible():
            key = item.group_id
        else:
            continue
        rect = item.mapRectToScene(item.card_rect())
        found.append((key, rect, rect.adjusted(-CLEARANCE, -CLEARANCE, CLEARANCE, CLEARANCE)))
    return found


def clear_spot(rect: QRectF, centre: QPointF, reach: float, wires, cards) -> QPointF:
    """The centre nearest the given one, at most reach (and MAX_SHIFT) straight above or below it,
    where the card (rect, about its centre) covers none of the cards and none of its wires runs
    behind one; the fewest wires such if no spot is clear of them; the given centre if the card
    covers a card wherever it stands."""
    steps = int(min(reach, MAX_SHIFT) // STEP)
    margin = CLEARANCE + PAD
    free = []  # the spots where the card covers no other card, nearest first
    for dy in sorted((k * STEP for k in range(-steps, steps + 1)), key=abs):
        spot = QPointF(centre.x(), centre.y() + dy)
        covered = rect.translated(spot).adjusted(-margin, -margin, margin, margin)
        if not any(wide.intersects(covered) for _key, _rect, wide in cards):
            free.append(spot)
    best = (len(cards) * len(wires) + 1, centre)
    for spot in free:
        crossed = crossings(spot, wires, cards, best[0])
        if crossed < best[0]:
            best = (crossed, spot)
            if not crossed:
                break
    return best[1]


def crossings(spot: QPointF, wires, cards, limit: int) -> int:
    """How many cards the wires of a card at this spot run behind, but their own ends (counted up
    to limit: past the best spot's count, the rest does not matter)."""
    stroker = QPainterPathStroker()
    stroker.setWidth(2 * CLEARANCE)
    crossed = 0
    for local, far, key in wires:
        near = spot + local
        path = curve(near, far) if local.x() > 0 else curve(far, near)
        bounds, stroke = path.boundingRect(), None
        for other_key, other, wide in cards:
            if crossed >= limit:
                return crossed
            if other_key != key and bounds.intersects(wide):
                stroke = stroke or stroker.createStroke(path)
                crossed += stroke.intersects(other)
    return crossed
