"""An edge: a smooth cubic curve from an output port to an input port, labelled with its shape."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem

from .theme import symbol_font, ui_font

LABEL_DETAIL = 0.42  # below this zoom, shape labels are too small to read (node_item.LOW_DETAIL)


def curve(a: QPointF, b: QPointF) -> QPainterPath:
    """Leaves a to the right and enters b from the left; loops round when b is behind a."""
    dx = b.x() - a.x()
    reach = max(abs(dx) * 0.5, 40.0) if dx >= 0 else max(80.0, abs(b.y() - a.y()) * 0.3 + abs(dx) * 0.25)
    path = QPainterPath(a)
    path.cubicTo(QPointF(a.x() + reach, a.y()), QPointF(b.x() - reach, b.y()), b)
    return path


class EdgeItem(QGraphicsItem):
    def __init__(self, scene, key: tuple[str, str, int], src_item, dst_item):
        super().__init__()
        self._scene_ref = scene
        self.key = key
        self.src_item = src_item
        self.dst_item = dst_item
        self.shape_label = ""
        self.overlay_label = ""
        self.highlighted = False
        self._hover = False
        self._path = QPainterPath()
        self._label_rect = QRectF()
        self._bounds = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(0)
        self.update_path()

    @property
    def src(self) -> str:
        return self.key[0]

    @property
    def dst(self) -> str:
        return self.key[1]

    @property
    def port(self) -> int:
        return self.key[2]

    def path(self) -> QPainterPath:
        return QPainterPath(self._path)

    def point_at(self, fraction: float) -> QPointF:
        """A point at this fraction of the curve's length from the producer (0) to the consumer (1)."""
        fraction = min(max(fraction, 0.0), 1.0)
        return self._path.pointAtPercent(self._path.percentAtLength(self._path.length() * fraction))

    def update_path(self) -> None:
        a = self.src_item.output.scene_center()
        b = self.dst_item.inputs[self.port].scene_center()
        self.prepareGeometryChange()
        self._path = curve(a, b)
        self._place_label()

    def set_shape_label(self, text: str) -> None:
        if text != self.shape_label:
            self.shape_label = text
            self.prepareGeometryChange()
            self._place_label()
            self.update()

    def set_overlay(self, label: str, highlighted: bool) -> None:
        if label != self.overlay_label or highlighted != self.highlighted:
            self.overlay_label = label
            self.highlighted = highlighted
            self.prepareGeometryChange()
            self._place_label()
            self.update()

    def _label_text(self) -> str:
        return self.overlay_label or self.shape_label

    def _label_font(self):
        if self.overlay_label:
            return ui_font(8.5, bold=True)
        return symbol_font(8.0)

    def _place_label(self) -> None:
        text = self._label_text()
        if not text or self._path.isEmpty():
            self._label_rect = QRectF()
        else:
            metrics = QFontMetricsF(self._label_font())
            w = metrics.horizontalAdvance(text) + 10
            h = metrics.height() + 4
            mid = self._path.pointAtPercent(0.5)
            self._label_rect = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)
        # kept, not recomputed: Qt asks for it on every repaint and hit test
        rect = self._path.controlPointRect().adjusted(-8, -8, 8, 8)
        self._bounds = rect.united(self._label_rect.adjusted(-2, -2, 2, 2)) if not self._label_rect.isNull() else rect

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        path = stroker.createStroke(self._path)
        if not self._label_rect.isNull():
            path.addRect(self._label_rect)
        return path

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()

    def paint(self, painter, option, widget=None) -> None:
        scene = self.scene()
        theme = scene.theme
        clean = scene.clean_mode
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        width = 2.0
        colour = QColor(theme.edge)
        if self.highlighted:
            colour = QColor(theme.roles["active"])
            width = 3.5
        elif self.isSelected() and not clean:
            colour = QColor(theme.selection)
            width = 3.0
        elif self._hover and not clean:
            colour = QColor(theme.hover)
            width = 3.0
        painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        text = self._label_text()
        if not self.overlay_label and option.levelOfDetailFromTransform(painter.worldTransform()) < LABEL_DETAIL:
            return  # shape labels would be specks of a few pixels; the animation's labels always show
        if text and not self._label_rect.isNull():
            if self.overlay_label:
                bg = QColor(theme.badge_bg)
                fg = theme.badge_text
                border = QColor(colour)
            else:
                bg = QColor(theme.edge_label_bg)
                fg = theme.muted
                border = QColor(theme.node_border)
                border.setAlpha(120)
            painter.setPen(QPen(border, 1.0))
            painter.setBrush(bg)
            painter.drawRoundedRect(self._label_rect, 4, 4)
            painter.setFont(self._label_font())
            painter.setPen(fg)
            painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, text)
