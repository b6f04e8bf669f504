"""A group drawn as a frame around its nodes' cards, its name in a title band.

The frame lies behind the cards and edges. Only its title band takes the mouse (a click
selects the group, a click on the small button or a double-click collapses it), so a
rubber band can still start anywhere inside the frame. GroupPresenter places it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject

from .theme import LIGHT, Theme, ui_font

TITLE = 22.0  # height of the title band
PAD = 14.0  # room between a frame and what it holds
RADIUS = 10.0
BUTTON = 14.0  # the collapse button, at the right end of the title band
FRAME_Z = -2.0  # behind edges (0) and cards (1); inner frames above outer ones
PLATE_X = 5.0  # the title's plate in a transparent export: room either side of the name


def frame_colour(theme: Theme, depth: int) -> QColor:
    """A light tint of the selection's blue, a little stronger for each level of nesting."""
    colour = QColor(theme.selection)
    colour.setAlpha(min(90, (22 if theme.dark else 16) + 10 * depth))
    return colour


def paint_collapse_button(painter, rect: QRectF, theme: Theme, collapsed: bool) -> None:
    """A small square with − (collapse) or + (expand)."""
    painter.setPen(QPen(theme.muted, 1.2))
    painter.setBrush(theme.node_body)
    painter.drawRoundedRect(rect, 3, 3)
    c = rect.center()
    h = rect.width() * 0.28
    painter.drawLine(QPointF(c.x() - h, c.y()), QPointF(c.x() + h, c.y()))
    if collapsed:
        painter.drawLine(QPointF(c.x(), c.y() - h), QPointF(c.x(), c.y() + h))


class GroupItem(QGraphicsObject):
    """A group as the canvas draws it, its frame or its collapsed card: both have a collapse
    button, and a left press on it collapses or expands the group. Each kind says where its button
    is with `button_rect()` (item coordinates)."""

    def __init__(self, presenter, group_id: str):
        super().__init__()
        self.presenter = presenter
        self.group_id = group_id

    @property
    def theme(self) -> Theme:
        scene = self.scene()
        return scene.theme if scene is not None else LIGHT

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.button_rect().contains(event.pos()):
            event.accept()
            self.presenter.toggle(self.group_id)
            return
        super().mousePressEvent(event)


class GroupFrameItem(GroupItem):
    def __init__(self, presenter, group_id: str):
        super().__init__(presenter, group_id)
        self.name = ""
        self.depth = 0
        self.rect = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)

    def set_frame(self, rect: QRectF, name: str, depth: int) -> None:
        if rect != self.rect:
            self.prepareGeometryChange()
            self.rect = QRectF(rect)
        if (name, depth) != (self.name, self.depth):
            self.name, self.depth = name, depth
            self.setToolTip(f"group {name}: double-click the title (or click its button) to collapse it")
        self.setZValue(FRAME_Z + 0.01 * depth)
        self.update()

    def title_rect(self) -> QRectF:
        return QRectF(self.rect.left(), self.rect.top(), self.rect.width(), TITLE)

    def button_rect(self) -> QRectF:
        t = self.title_rect()
        return QRectF(t.right() - BUTTON - 6, t.center().y() - BUTTON / 2, BUTTON, BUTTON)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def shape(self) -> QPainterPath:
        """Only the title band: the inside stays free for rubber bands and clicks on the canvas."""
        path = QPainterPath()
        path.addRect(self.title_rect())
        return path

    def _transparent(self) -> bool:
        """Drawn without a background (a transparent export): the canvas never is."""
        scene = self.scene()
        return scene is not None and scene.backgroundBrush().style() == Qt.BrushStyle.NoBrush

    def paint(self, painter, option, widget=None) -> None:
        theme = self.theme
        clean = bool(self.scene() is not None and self.scene().clean_mode)
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        border = QColor(theme.selection if self.isSelected() and not clean else theme.muted)
        if not (self.isSelected() and not clean):
            border.setAlpha(150)
        painter.setPen(QPen(border, 2.0 if self.isSelected() and not clean else 1.2, Qt.PenStyle.DashLine))
        painter.setBrush(frame_colour(theme, self.depth))
        painter.drawRoundedRect(self.rect, RADIUS, RADIUS)
        title = self.title_rect()
        font = ui_font(9.0, bold=True)
        painter.setFont(font)
        painter.setPen(theme.text)
        room = title.adjusted(10, 0, -BUTTON - 14, 0)
        metrics = QFontMetricsF(font)
        shown = metrics.elidedText(self.name, Qt.TextElideMode.ElideRight, room.width())
        if self._transparent():  # on a slide of either colour: the title on a plate, as the step title
            plate = QRectF(
                room.left() - PLATE_X, title.top() + 3, metrics.horizontalAdvance(shown) + 2 * PLATE_X, TITLE - 6
            )
            fill = QColor(theme.node_body)
            fill.setAlpha(235)
            painter.setPen(QPen(theme.node_border, 1.0))
            painter.setBrush(fill)
            painter.drawRoundedRect(plate, 4, 4)
            painter.setPen(theme.text)
        painter.drawText(room, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
        if not clean:
            paint_collapse_button(painter, self.button_rect(), theme, collapsed=False)
