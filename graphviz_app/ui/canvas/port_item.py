"""A node's connection point: inputs on the left edge, the output on the right.

A port is not a scene item: its card draws it (paint_port) and says which port is under the
mouse (NodeItem.port_at, port_under), so a large graph's scene holds one item per card, not
three or four.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from .theme import cached_pen
from .zoom import TINY

RADIUS = 5.5
HIT_RADIUS = 10.0  # easier to grab than to see; within its card's margin (node_item.MARGIN)
HALO = 2.5  # a highlighted port's halo: it stays inside its node's margin (node_item.MARGIN)


class Port:
    """One input (by index) or the output of a card, at (x, y) from the card's centre."""

    __slots__ = ("node_item", "is_output", "index", "name", "x", "y", "highlighted", "connected", "clash")

    def __init__(self, node_item, is_output: bool, index: int, name: str, xy: tuple[float, float]):
        self.node_item = node_item
        self.is_output = is_output
        self.index = index
        self.name = name
        self.x, self.y = xy
        self.highlighted = False  # a connect drag could end here
        self.connected = False  # (an input) an edge feeds it
        self.clash = False  # (an input) its card refuses what the edge brings (shapes that do not fit)

    @property
    def node_id(self) -> str:
        return self.node_item.node_id

    def scene_center(self) -> QPointF:
        return self.node_item.mapToScene(self.x, self.y)

    def hit(self, local: QPointF) -> bool:
        """Whether this point of the card (card coordinates) grabs the port."""
        dx, dy = local.x() - self.x, local.y() - self.y
        return dx * dx + dy * dy <= HIT_RADIUS * HIT_RADIUS

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.node_item.redraw()

    def set_clash(self, on: bool) -> None:
        if on != self.clash:
            self.clash = on
            self.node_item.redraw()

    def set_connected(self, on: bool) -> None:
        if on != self.connected:
            self.connected = on
            self.clash = self.clash and on  # (an empty port refuses nothing)
            self.node_item.redraw()


def paint_port(painter, port: Port, theme, lod: float, hovering: bool) -> None:
    """One port, in its card's coordinates (hovering: the mouse is on it, and not an export)."""
    if not port.highlighted and lod < TINY:
        return  # a dot of a pixel or two says nothing; the edges show the connections
    centre = QPointF(port.x, port.y)
    colour = theme.error if port.clash else theme.category_colour(port.node_item.category)
    r = RADIUS + (2.0 if port.highlighted or hovering else 0.0)
    if port.highlighted:
        painter.setPen(Qt.PenStyle.NoPen)
        halo = QColor(theme.port_highlight)
        halo.setAlpha(70)
        painter.setBrush(halo)
        painter.drawEllipse(centre, r + HALO, r + HALO)
    # (pens made once per colour: every card paints its ports at each of its paints)
    painter.setPen(cached_pen(theme.port_highlight if port.highlighted else colour, 2.0))
    filled = port.connected or port.is_output
    painter.setBrush(colour if filled else theme.node_body)
    painter.drawEllipse(centre, r, r)
