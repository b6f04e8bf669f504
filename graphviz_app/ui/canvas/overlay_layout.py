"""Where the animation's badges and edge labels go, so that none hides another or a node card.

Badges go under their card unless that covers another card (then above it, then shifted
sideways); the active step's edge labels then slide along their curve to the first free point.
Deterministic: the same graph, layout and step always give the same picture.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF

LABEL_FRACTIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)  # along the curve, middle first
LABEL_SHIFTS = (0.0, -1.0, 1.0)  # label heights off the curve, only when no point on it is free
BADGE_STEPS = (0.0, 30.0, -30.0, 60.0, -60.0, 90.0, -90.0, 120.0, -120.0)  # sideways moves, px
MARGIN = 2.0  # a label just touching a badge still reads as a collision


def _hits(rect: QRectF, others) -> int:
    grown = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    return sum(1 for other in others if grown.intersects(other))


def card_rects(nodes: dict) -> dict[str, QRectF]:
    """Every node's card in scene coordinates (the card only: ports and footers poke out of it)."""
    return {nid: item.mapRectToScene(item.card_rect()) for nid, item in nodes.items()}


def place_badges(badges: dict, cards: dict[str, QRectF]) -> list[QRectF]:
    """Puts every badge where it covers no other node's card and, if possible, no other badge.
    Returns the badges' scene rectangles."""
    placed: list[QRectF] = []
    for nid in sorted(badges):
        badge = badges[nid]
        others = [rect for key, rect in cards.items() if key != nid]
        best, best_cost = (False, 0.0), None
        for above in (False, True):
            for dx in BADGE_STEPS:
                rect = badge.scene_rect_at(above, dx)
                cost = (_hits(rect, others), _hits(rect, placed))
                if best_cost is None or cost < best_cost:
                    best, best_cost = (above, dx), cost
                if cost == (0, 0):
                    break
            if best_cost == (0, 0):
                break
        badge.place(*best)
        placed.append(badge.scene_rect_at(*best))
    return placed


def place_labels(edges: list, badge_rects: list[QRectF], cards: dict[str, QRectF]) -> None:
    """Slides each labelled edge's label along its curve to the first point clear of badges,
    cards and the labels placed before it; off the curve only when the whole curve is crowded."""
    placed: list[QRectF] = []
    card_list = list(cards.values())
    for edge in sorted(edges, key=lambda e: e.key):
        best, best_cost = (0.5, 0.0), None
        for shift in LABEL_SHIFTS:
            for fraction in LABEL_FRACTIONS:
                rect = edge.label_rect_at(fraction, shift)
                if rect.isNull():
                    continue
                cost = (_hits(rect, badge_rects), _hits(rect, placed), _hits(rect, card_list))
                if best_cost is None or cost < best_cost:
                    best, best_cost = (fraction, shift), cost
                if cost == (0, 0, 0):
                    break
            if best_cost == (0, 0, 0):
                break
        edge.set_label_place(*best)
        placed.append(edge.label_rect())
