"""A node's connection point: inputs on the left edge, the output on the right.

The port item is for hit-testing, hover and the cursor only; its node paints it (in the
node's cache) with paint_port, so a repaint of the canvas costs one paint per node
instead of one per node and per port.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath
from PySide6.QtWidgets import QGraphicsItem

from .hover import Hoverable
from .theme import cached_pen

RADIUS = 5.5
TINY = 0.12  # the zoom below which ports are not drawn (node_item.TINY)
HIT_RADIUS = 11.0  # easier to grab than to see
HALO = 2.5  # a highlighted port's halo: it stays inside its node's margin (node_item.MARGIN)
BOUNDS = QRectF(-HIT_RADIUS, -HIT_RADIUS, 2 * HIT_RADIUS, 2 * HIT_RADIUS)
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents  # (looked up once: a large graph has many ports)
_CROSS = Qt.CursorShape.CrossCursor


class PortItem(Hoverable, QGraphicsItem):
    def __init__(self, node_item, is_output: bool, index: int = 0, name: str = ""):
        super().__init__(node_item)
        self.node_item = node_item
        self.is_output = is_output
        self.index = index
        self.name = name
        self.highlighted = False
        self.connected = False
        self.setAcceptHoverEvents(True)
        self.setFlag(_NO_CONTENTS, True)  # the node draws it
        self.setZValue(2)
        self.setCursor(_CROSS)

    @property
    def node_id(self) -> str:
        return self.node_item.node_id

    def scene_center(self) -> QPointF:
        return self.mapToScene(QPointF(0, 0))

    def boundingRect(self) -> QRectF:
        return BOUNDS

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self.boundingRect())
        return path

    def redraw(self) -> None:
        """What the port looks like changed: it is part of its node's drawing."""
        self.node_item.redraw()

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.redraw()

    def set_connected(self, on: bool) -> None:
        if on != self.connected:
            self.connected = on
            self.redraw()

    def paint(self, painter, option, widget=None) -> None:
        """Never called (ItemHasNoContents): the node paints its ports with paint_port."""


def paint_port(painter, port: PortItem, theme, lod: float, clean: bool, centre: QPointF) -> None:
    """One port at centre (in the painter's coordinates)."""
    if not port.highlighted and lod < TINY:
        return  # a dot of a pixel or two says nothing; the edges show the connections
    colour = theme.category_colour(port.node_item.category)
    hovering = port._hover and not clean
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
