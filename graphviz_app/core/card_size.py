"""A card's size on the canvas, in scene units: the one source for the canvas's cards
(ui/canvas/node_item.py) and for what must know where cards stand without Qt (the Python API's
check that a card it added is not drawn on another)."""

from __future__ import annotations

WIDTH = 132.0
HEADER = 24.0
FOOTER = 22.0
PORT_STEP = 24.0
MIN_BODY = 42.0
MARGIN = 10.0  # room around the card for the glow of an animation role


def card_height(arity: int) -> float:
    """A card's height: its header, a body with room for its input ports, its footer."""
    return HEADER + max(MIN_BODY, arity * PORT_STEP + 10) + FOOTER
