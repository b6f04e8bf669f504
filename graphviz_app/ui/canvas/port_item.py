"""A node's connection point: inputs on the left edge, the output on the right."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

RADIUS = 5.5
TINY = 0.12  # the zoom below which ports are not drawn (node_item.TINY)
HIT_RADIUS = 11.0  # easier to grab than to see
BOUNDS = QRectF(-HIT_RADIUS, -HIT_RADIUS, 2 * HIT_RADIUS, 2 * HIT_RADIUS)


class PortItem(QGraphicsItem):
    def __init__(self, node_item, is_output: bool, index: int = 0, name: str = ""):
        super().__init__(node_item)
        self.node_item = node_item
        self.is_output = is_output
        self.index = index
        self.name = name
        self.highlighted = False
        self.connected = False
        self._hover = False
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        self.setCursor(Qt.CursorShape.CrossCursor)

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

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.update()

    def set_connected(self, on: bool) -> None:
        if on != self.connected:
            self.connected = on
            self.update()

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()

    def paint(self, painter, option, widget=None) -> None:
        if not self.highlighted and option.levelOfDetailFromTransform(painter.worldTransform()) < TINY:
            return  # a dot of a pixel or two says nothing; the edges show the connections
        theme = self.node_item.theme
        colour = theme.category_colour(self.node_item.category)
        hovering = self._hover and not self.node_item.scene_clean()
        r = RADIUS + (2.0 if self.highlighted or hovering else 0.0)
        if self.highlighted:
            painter.setPen(Qt.PenStyle.NoPen)
            halo = theme.port_highlight.__class__(theme.port_highlight)
            halo.setAlpha(70)
            painter.setBrush(halo)
            painter.drawEllipse(QPointF(0, 0), r + 4, r + 4)
        painter.setPen(QPen(theme.port_highlight if self.highlighted else colour, 2.0))
        filled = self.connected or self.is_output
        painter.setBrush(QBrush(colour if filled else theme.node_body))
        painter.drawEllipse(QPointF(0, 0), r, r)
