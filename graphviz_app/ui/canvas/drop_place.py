"""Where a new node goes: a node dropped (or added by quick-add) so near the view's edge that its
card would stick out is moved inward until the whole card, ports included, is on screen, and a
card that would land on another card goes to the nearest free spot instead (`free_offset`: the
one search for a free place, also used by quick add from the keyboard, Duplicate and a card
inserted into an edge)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QCursor

from ...core.errors import UserError
from ...core.ops import get_op
from .group_card_item import GroupCardItem
from .node_item import MARGIN, WIDTH, NodeItem, card_height, card_scene_rect

ROOM = 8.0  # screen pixels kept between the card (with its ports) and the view's edge
GAP = 16.0  # scene px kept free between a placed card and the cards around it
STEP = 20.0  # scene px between the places tried around a wanted spot (a grid step when snapping)
RINGS = 40  # as far as RINGS steps from it


def card_size(kind: str, op: str | None) -> QSizeF | None:
    """The size of a new card of that kind (None: an unknown op, which the scene refuses anyway)."""
    try:
        arity = get_op(op).arity if kind == "op" else 0
    except UserError:
        return None
    return QSizeF(WIDTH, card_height(arity))


def centred(pos: QPointF, size: QSizeF) -> QRectF:
    return QRectF(pos.x() - size.width() / 2, pos.y() - size.height() / 2, size.width(), size.height())


def is_free(scene, rect: QRectF, skip: Iterable[str] = ()) -> bool:
    """No shown card (a node's, or a collapsed group's) within GAP of rect; the nodes in `skip` do not count."""
    room = rect.adjusted(-GAP, -GAP, GAP, GAP)
    for item in scene.items(room, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
        if isinstance(item, NodeItem) and item.node_id in skip:
            continue
        if isinstance(item, (NodeItem, GroupCardItem)) and item.isVisible():
            if card_scene_rect(item).intersects(room):
                return False
    return True


def search_step(scene) -> float:
    """STEP, or a whole number of grid steps when snapping is on (a card moved by it stays on the grid)."""
    if not scene.snap_enabled:
        return STEP
    return scene.grid_size * max(1, round(STEP / scene.grid_size))


@cache
def around(step: float = STEP, rings: int = RINGS) -> tuple[QPointF, ...]:
    """(0, 0), then offsets on square rings around it, nearest first; of two as near, the lower,
    then the one further right (a card goes below or right of a taken spot rather than above or left)."""
    offsets = [QPointF(i * step, j * step) for i in range(-rings, rings + 1) for j in range(-rings, rings + 1)]
    offsets.sort(key=lambda p: (round(math.hypot(p.x(), p.y()), 3), -p.y(), -p.x()))
    return tuple(offsets)


def free_offset(
    scene,
    rects: list[QRectF],
    offsets: Iterable[QPointF],
    within: QRectF | None = None,
    skip: Iterable[str] = (),
) -> QPointF | None:
    """The first of `offsets` that moves every one of `rects` (cards, scene coordinates) onto a free
    place (inside `within` when given), or None when none does."""
    skip = set(skip)
    for offset in offsets:
        moved = [rect.translated(offset) for rect in rects]
        if within is not None and not all(within.contains(rect) for rect in moved):
            continue
        if all(is_free(scene, rect, skip) for rect in moved):
            return offset
    return None


def free_spot(scene, size: QSizeF, pos: QPointF, within: QRectF | None = None, skip: Iterable[str] = ()) -> QPointF:
    """pos (a card's centre) if a card of that size there overlaps no card, else the nearest place
    (on the grid when snapping is on) where it overlaps none: inside `within` when it has one, else
    beside it; pos itself when there is none near."""
    start = scene.snap(pos) if scene.snap_enabled else pos
    card, offsets = [centred(start, size)], around(search_step(scene))
    offset = free_offset(scene, card, offsets, within, skip)
    if offset is None and within is not None:
        offset = free_offset(scene, card, offsets, skip=skip)
    return pos if offset is None else start + offset


def input_spot(scene, kind: str, op: str | None) -> QPointF | None:
    """Where a new input goes when no place was pointed at (Tab with nothing selected): in the
    inputs' column, as the layout puts inputs (the leftmost card's, when that is an input; else a
    column left of all cards), level with the cards' middle or at the nearest free place to it
    (free_spot: below rather than above), so wiring it into the cards runs left to right. None
    when the canvas shows no card (the caller's place then)."""
    size = card_size(kind, op)
    cards = [item for item in scene.items() if isinstance(item, (NodeItem, GroupCardItem)) and item.isVisible()]
    if size is None or not cards:
        return None
    rects = {item: card_scene_rect(item) for item in cards}
    box = QRectF()
    for rect in rects.values():
        box = box.united(rect)
    leftmost = min(cards, key=lambda item: rects[item].left())
    if isinstance(leftmost, NodeItem) and leftmost.kind in ("variable", "constant"):
        x = rects[leftmost].center().x()
    else:
        x = box.left() - 3 * GAP - size.width() / 2
    return free_spot(scene, size, QPointF(x, box.center().y()))


def _inside(centre: float, half: float, low: float, high: float) -> float:
    """centre moved so [centre - half, centre + half] lies in [low, high] (centred when it cannot)."""
    if high - low < 2 * half:
        return (low + high) / 2
    return min(max(centre, low + half), high - half)


def inside_view(view, kind: str, op: str | None, pos: QPointF) -> QPointF:
    """pos (the card's centre, scene coordinates), a point of the view, moved so the new card
    shows whole in view, on no other card (the nearest free spot in view; when the view has none,
    the nearest beside it)."""
    if not on_screen(view, pos):
        return pos  # not a point the user pointed at on screen (a script's, a test's): as asked
    return free_in_view(view, kind, op, pos)


def free_in_view(view, kind: str, op: str | None, pos: QPointF) -> QPointF:
    """pos (the new card's centre, anywhere) moved so the card shows whole in view on no other card;
    when the view has no free room (a small window, a full view), the nearest free place beside it
    (the caller brings the new card into view)."""
    kept = kept_in_view(view, kind, op, pos)
    size = card_size(kind, op)
    if size is None:
        return kept
    return free_spot(view.scene(), size, kept, within=shown_room(view))


def shown_room(view) -> QRectF:
    """Where a card shows whole in view (scene coordinates): the view less ROOM pixels and its ports."""
    room = ROOM / max(view.zoom(), 1e-6) + MARGIN  # MARGIN: the ports stick out of the card
    return view.mapToScene(view.viewport().rect()).boundingRect().adjusted(room, room, -room, -room)


def on_screen(view, pos: QPointF) -> bool:
    """pos (scene coordinates) is a point of what the view shows."""
    return view.mapToScene(view.viewport().rect()).boundingRect().contains(pos)


def kept_in_view(view, kind: str, op: str | None, pos: QPointF) -> QPointF:
    """pos (the new card's centre, scene coordinates, anywhere) moved just enough that the card
    shows whole in view (snapped to the grid when snapping is on)."""
    try:
        arity = get_op(op).arity if kind == "op" else 0
    except UserError:  # (an unknown op: the scene refuses it with its own message)
        return pos
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    room = ROOM / max(view.zoom(), 1e-6) + MARGIN  # MARGIN: the ports stick out of the card
    half_w, half_h = WIDTH / 2 + room, card_height(arity) / 2 + room
    scene = view.scene()
    x = _inside(pos.x(), half_w, shown.left(), shown.right())
    y = _inside(pos.y(), half_h, shown.top(), shown.bottom())
    if scene.snap_enabled:  # on the grid, and still inside: a grid step inward when snapping pushed it out
        g = scene.grid_size
        snapped = scene.snap(QPointF(x, y))
        sx, sy = snapped.x(), snapped.y()
        if sx - half_w < shown.left():
            sx += g
        elif sx + half_w > shown.right():
            sx -= g
        if sy - half_h < shown.top():
            sy += g
        elif sy + half_h > shown.bottom():
            sy -= g
        return QPointF(sx, sy)
    return QPointF(x, y)


def under_cursor(view) -> QPointF:
    """The scene point under the mouse pointer, or the middle of the view when the pointer is
    elsewhere (where Paste puts what it adds when no menu gave a point)."""
    local = view.viewport().mapFromGlobal(QCursor.pos())
    if not view.viewport().rect().contains(local):
        local = view.viewport().rect().center()
    return view.mapToScene(local)
