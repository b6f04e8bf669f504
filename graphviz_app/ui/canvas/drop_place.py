"""Where a new node goes: a node dropped (or added by quick-add) so near the view's edge that its
card would stick out is moved inward until the whole card, ports included, is on screen."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from ...core.errors import UserError
from ...core.ops import get_op
from .node_item import MARGIN, WIDTH, card_height

ROOM = 8.0  # screen pixels kept between the card (with its ports) and the view's edge


def _inside(centre: float, half: float, low: float, high: float) -> float:
    """centre moved so [centre - half, centre + half] lies in [low, high] (centred when it cannot)."""
    if high - low < 2 * half:
        return (low + high) / 2
    return min(max(centre, low + half), high - half)


def inside_view(view, kind: str, op: str | None, pos: QPointF) -> QPointF:
    """pos (the card's centre, scene coordinates), a point of the view, moved so the new card
    shows whole in view."""
    if not on_screen(view, pos):
        return pos  # not a point the user pointed at on screen (a script's, a test's): as asked
    return kept_in_view(view, kind, op, pos)


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
