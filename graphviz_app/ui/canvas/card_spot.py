"""Where a collapsed group's card stands: in the middle of its nodes, moved right or left so that
its wires come in from the left and leave to the right (card_centre), then moved straight up or
down until it covers no other card and none of its wires runs behind one (card_clear_spot).
Before, the wire x -> layer 1 of a 2-layer net ran under b1's card, and x seemed to feed b1.
GroupPresenter asks these plain functions and places the card where they say.

A wire is (its port on the card, from the card's centre: negative x for an input; its far end in
the scene; what that end is: a node id or a group id). It is drawn as edge_item.curve draws it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPathStroker

from .edge_item import curve
from .group_card_item import WIDTH as CARD_WIDTH
from .group_card_item import GroupCardItem
from .group_frame import PAD
from .node_item import NodeItem, card_scene_rect

STEP = 12.0  # the card is tried this much further up or down each time
MAX_SHIFT = 300.0  # and no further (a tall group's card would be tried far from its nodes)
CLEARANCE = 4.0  # the least gap between a card and a wire that is not its own
# the least run from an input's port to the card's: an edge into a collapsed card comes in from the
# left, as into any card, never looping back round from a node right of the card's ports
INPUT_RUN = 40.0


def members_rect(scene, nodes) -> QRectF:
    """The region these nodes' cards cover, in scene coordinates."""
    rect = QRectF()
    for nid in nodes:
        item = scene.node_item(nid)
        if item is not None:
            rect = rect.united(card_scene_rect(item))
    return rect


def card_centre(
    scene, cards: dict[str, GroupCardItem], group_id: str, hidden: dict[str, str]
) -> tuple[QPointF, QRectF]:
    """Where a collapsed card stands before it steps clear of other cards, and its nodes' region:
    in the middle of its nodes, moved right when an input's port is not INPUT_RUN left of the
    card's input ports (b2 beside layer2's last node), moved left when its output ports would not
    be INPUT_RUN left of a reader's input port (midway between the two when there is no room for
    both). cards: the collapsed cards by group id (those left of this one placed already); hidden:
    graph.groups.shown_as(), node id -> the card standing for it (worked out once for all cards)."""
    graph = scene.graph
    nodes = graph.groups.get(group_id).nodes
    members = members_rect(scene, nodes)
    centre = members.center()
    sources = graph.groups.inputs(group_id)
    ports = [x for x in (output_port_x(scene, cards, src, hidden) for src in sources) if x is not None]
    lo = max(ports) + INPUT_RUN + CARD_WIDTH / 2 if ports else None
    readers = [  # (by each node's consumers: a walk over all edges per card made every move slow)
        input_port_x(scene, e.dst, e.port) for n in nodes for e in graph.consumers_of(n) if e.dst not in nodes
    ]
    readers = [x for x in readers if x is not None]
    hi = min(readers) - INPUT_RUN - CARD_WIDTH / 2 if readers else None
    x = centre.x() if lo is None else max(centre.x(), lo)
    if hi is not None and x > hi:  # its outputs would run past a reader's input port
        x = hi if lo is None or hi >= lo else (lo + hi) / 2  # (squeezed: both runs alike)
    centre.setX(x)
    return centre, members


def card_clear_spot(
    scene,
    cards: dict[str, GroupCardItem],
    group_id: str,
    centre: QPointF,
    members: QRectF,
    answers: dict,
    hidden: dict[str, str],
) -> tuple[QPointF, tuple[QRectF, set] | None]:
    """Where near the given centre the group's card covers no card and its wires run behind none
    (clear_spot); members: its nodes' region. answers: group id -> (what was asked, the spot found)
    from before, kept up to date here: the same question (as after an evaluation that changed no
    shape) gets the same answer without a search. hidden: as card_centre's. Returns the spot and where it was looked for: the
    region and the cards found there (None when the card has no size yet: its centre as given)."""
    card = cards.get(group_id)
    if card is None or card.rect.isEmpty():
        return centre, None
    reach = max(card.rect.height(), members.height())
    found = wires(scene, cards, group_id, card, hidden)
    region = card.rect.translated(centre).adjusted(-1, -reach, 1, reach)
    for _local, far, _key in found:
        region = region.united(QRectF(far.x() - 1, far.y() - 1, 2, 2))  # (a null rectangle unites to nothing)
    near = scene.items(region, Qt.ItemSelectionMode.IntersectsItemBoundingRect)  # (not each wire's stroked shape)
    cards_near = obstacles(near, group_id)
    asked = (centre.x(), centre.y(), card.rect.height(), reach, *((f.x(), f.y(), p.y()) for p, f, _k in found))
    asked += tuple(rect.getCoords() for _key, rect, _wide in cards_near)
    answered = answers.get(group_id)
    if answered is None or answered[0] != asked:
        answered = (asked, clear_spot(card.rect, centre, reach, found, cards_near))
        answers[group_id] = answered
    return QPointF(answered[1]), (region, {key for key, _rect, _wide in cards_near})


def wires(scene, cards: dict[str, GroupCardItem], group_id: str, card: GroupCardItem, hidden: dict[str, str]) -> list:
    """The card's wires whose far ends stand (visible cards, placed group cards): each as its
    port on the card (from the card's centre, negative x: an input), its far end in the scene,
    and what that end is (a node id, or a group card's id). hidden: as card_centre's."""
    graph = scene.graph
    found = []
    for src, port in card.inputs.items():
        other = cards.get(hidden.get(src))
        end = other.outputs.get(src) if other is not None else None
        if end is not None:
            found.append((QPointF(port.x, port.y), end.scene_center(), other.group_id))
        elif src not in hidden and (item := scene.node_item(src)) is not None:
            found.append((QPointF(port.x, port.y), item.port(True).scene_center(), src))
    for nid, port in card.outputs.items():
        for edge in graph.consumers_of(nid):
            gid = hidden.get(edge.dst)
            if gid == group_id:
                continue
            other = cards.get(gid)
            end = other.inputs.get(nid) if other is not None else None
            if end is not None:
                found.append((QPointF(port.x, port.y), end.scene_center(), other.group_id))
            elif gid is None and (item := scene.node_item(edge.dst)) is not None:
                found.append((QPointF(port.x, port.y), item.port(False, edge.port).scene_center(), edge.dst))
    return found


def input_port_x(scene, node_id: str, port: int) -> float | None:
    """The x of a visible card's input port (a reader of a collapsed card's output)."""
    item = scene.node_item(node_id)
    return item.port(False, port).scene_center().x() if item is not None and item.isVisible() else None


def output_port_x(scene, cards: dict[str, GroupCardItem], node_id: str, hidden: dict[str, str]) -> float | None:
    """The x of the port an edge from this node leaves by: its card's, or the collapsed card's
    standing for it (hidden: node -> that card's group; placed already, left to right)."""
    gid = hidden.get(node_id)
    card = cards.get(gid) if gid is not None else None
    if card is not None:
        port = card.outputs.get(node_id)
        return port.scene_center().x() if port is not None else card.pos().x() + CARD_WIDTH / 2
    item = scene.node_item(node_id)
    return None if item is None else item.port(True).scene_center().x()


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
        rect = card_scene_rect(item)
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
