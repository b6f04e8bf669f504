"""Items that draw an animation overlay: node badges, the travelling marker, the title, the edges' labels.

A badge changes only when its step's gradient does, so it is cached like its node's card
(a step then repaints the few badges that changed, not all of them); the marker moves
every frame and is not cached.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsItem

from .theme import symbol_font, ui_font

OVERLAY_LABEL_Z = (
    5.5  # the active step's labels: above the badges (5) and the marker (5.4), so no dot covers their text
)


class BadgeItem(QGraphicsItem):
    """Text under a node (a gradient and its shape); a child of the node item, so it follows it."""

    GAP = 8.0  # px between the card and the badge, and between a badge's two rows

    def __init__(self, node_item, text: str):
        super().__init__(node_item)
        self.text = ""
        self._rect = QRectF()
        self.above = False  # under the card unless that would cover a neighbour (overlay_layout)
        self.dx = 0.0
        self.row = 0  # next to the card (0), or one badge further off (1): a neighbour's badge is beside it
        self.setZValue(5)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setToolTip(getattr(node_item, "title", ""))  # the card's full name (the badge shortens a long one)
        self.set_text(text)

    def set_text(self, text: str) -> None:
        if text == self.text:
            return
        self.prepareGeometryChange()
        self.text = text
        metrics = QFontMetricsF(symbol_font(8.5))
        lines = text.split("\n")
        w = max(metrics.horizontalAdvance(line) for line in lines) + 14
        h = metrics.height() * len(lines) + 8
        self._rect = self._rect_for(w, h, self.above, self.dx, self.row)
        self.update()

    def _rect_for(self, w: float, h: float, above: bool, dx: float, row: int) -> QRectF:
        card = self.parentItem().card_rect()
        off = self.GAP + row * (h + self.GAP)  # (a second row keeps the card's gap from the first)
        top = card.top() - off - h if above else card.bottom() + off
        return QRectF(card.center().x() - w / 2 + dx, top, w, h)

    def size(self) -> tuple[float, float]:
        return self._rect.width(), self._rect.height()

    def scene_rect_at(self, above: bool, dx: float = 0.0, row: int = 0) -> QRectF:
        """Where the badge would be, in scene coordinates, above or under its card, moved by dx,
        in the row next to the card (0) or the one beyond it (1)."""
        rect = self._rect_for(self._rect.width(), self._rect.height(), above, dx, row)
        return self.parentItem().mapRectToScene(rect)

    def place(self, above: bool, dx: float = 0.0, row: int = 0) -> None:
        if (above, dx, row) != (self.above, self.dx, self.row):
            self.prepareGeometryChange()
            self.above, self.dx, self.row = above, dx, row
            self._rect = self._rect_for(self._rect.width(), self._rect.height(), above, dx, row)
            self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter, option, widget=None) -> None:
        theme = self.scene().theme
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        border = QColor(theme.roles["active"])
        border.setAlpha(160)
        painter.setPen(QPen(border, 1.0))
        painter.setBrush(theme.badge_bg)
        painter.drawRoundedRect(self._rect, 5, 5)
        painter.setFont(symbol_font(8.5))
        painter.setPen(theme.badge_text)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.text)


class MarkerItem(QGraphicsItem):
    """The gradient travelling along an edge: a glowing dot. Labels keep off its path where there
    is room (overlay_layout); where there is none it passes under the step's labels, never over
    their text."""

    RADIUS = 7.0
    Z = 5.4  # above the badges (5), below the step's labels (OVERLAY_LABEL_Z)

    def __init__(self):
        super().__init__()
        self.setZValue(self.Z)

    def boundingRect(self) -> QRectF:
        r = self.RADIUS + 6
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter, option, widget=None) -> None:
        theme = self.scene().theme
        colour = QColor(theme.roles["active"])
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        halo = QColor(colour)
        halo.setAlpha(80)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(halo)
        painter.drawEllipse(QPointF(0, 0), self.RADIUS + 5, self.RADIUS + 5)
        painter.setBrush(colour)
        painter.setPen(QPen(QColor("white"), 2.0))
        painter.drawEllipse(QPointF(0, 0), self.RADIUS, self.RADIUS)


class TitleItem(QGraphicsItem):
    """The overlay's title, placed above the top-left corner of the graph.

    On a canvas narrower than the title it wraps between its parts ("Forward mode (JVP) · step
    1/7" over "numerator layout"), and a part still too wide ends in "…": never cut by the view."""

    PAD_X, PAD_Y = 12.0, 6.0
    SEPARATOR = " · "

    def __init__(self):
        super().__init__()
        self.text = ""
        self.lines: list[str] = []  # the text as drawn: one line, or its parts on several
        self._max_width: float | None = None  # scene units the title may take (None: any)
        self._rect = QRectF()
        self.setZValue(6)

    def set_text(self, text: str) -> None:
        self.text = text
        self._lay_out()

    def fit_width(self, width: float | None) -> None:
        """At most `width` wide (scene units) from now on; None: as wide as the text."""
        if width != self._max_width:
            self._max_width = width
            self._lay_out()

    def _lay_out(self) -> None:
        metrics = QFontMetricsF(ui_font(12.0, bold=True))
        self.lines = _wrapped(self.text, self.SEPARATOR, metrics, self._max_width, 2 * self.PAD_X)
        width = max((metrics.horizontalAdvance(line) for line in self.lines), default=0.0) + 2 * self.PAD_X
        rect = QRectF(0, 0, width, metrics.height() * max(len(self.lines), 1) + 2 * self.PAD_Y)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.setToolTip(self.text if self.lines != [self.text] else "")
        self.update()

    def one_line_size(self) -> QSizeF:
        """Its size on one line, as an export draws it (whatever width the view lets it have now)."""
        metrics = QFontMetricsF(ui_font(12.0, bold=True))
        return QSizeF(metrics.horizontalAdvance(self.text) + 2 * self.PAD_X, metrics.height() + 2 * self.PAD_Y)

    def text_width_of_parts(self) -> float:
        """The widest of its parts ("Backward", "step 3 / 9", "numerator layout"): as narrow as it wraps."""
        metrics = QFontMetricsF(ui_font(12.0, bold=True))
        return max((metrics.horizontalAdvance(part) for part in self.text.split(self.SEPARATOR)), default=0.0)

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, painter, option, widget=None) -> None:
        theme = self.scene().theme
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        bg = QColor(theme.node_body)
        bg.setAlpha(235)
        painter.setPen(QPen(theme.node_border, 1.0))
        painter.setBrush(bg)
        painter.drawRoundedRect(self._rect.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.setFont(ui_font(12.0, bold=True))
        painter.setPen(theme.text)
        align = Qt.AlignmentFlag.AlignCenter if len(self.lines) == 1 else Qt.AlignmentFlag.AlignLeft
        inner = self._rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        painter.drawText(inner, align | Qt.AlignmentFlag.AlignVCenter, "\n".join(self.lines))


class OverlayLabelItem(QGraphicsItem):
    """The animation's label of an edge ("∂L/∂u  1×3"), drawn above the node badges."""

    def __init__(self, edge):  # (the EdgeItem it labels)
        super().__init__()
        self.edge = edge
        self._rect = QRectF()
        self.setZValue(OVERLAY_LABEL_Z)
        self.setVisible(False)

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)
            self.setToolTip(self.edge.src_item.title)  # the source's full name (the label shortens a long one)
        self.setVisible(not rect.isNull() and self.edge.isVisible())  # (hidden inside a collapsed group)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1) if not self._rect.isNull() else QRectF()

    def paint(self, painter, option, widget=None) -> None:
        edge = self.edge
        if self._rect.isNull() or not edge.overlay_label:
            return
        theme = self.scene().theme
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge.label_colour(), 1.0))
        painter.setBrush(QColor(theme.badge_bg))
        painter.drawRoundedRect(self._rect, 4, 4)
        painter.setFont(edge.label_font())
        painter.setPen(theme.badge_text)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, edge.overlay_label)


def _wrapped(text: str, separator: str, metrics: QFontMetricsF, max_width: float | None, pad: float) -> list[str]:
    """`text` on one line if it fits in max_width (padding included), else its parts (split at
    `separator`) gathered greedily into lines, each elided if a part alone is too wide."""
    room = None if max_width is None else max(max_width - pad, metrics.horizontalAdvance("M…"))
    if room is None or metrics.horizontalAdvance(text) <= room:
        return [text] if text else []
    lines: list[str] = []
    for part in text.split(separator):
        joined = lines[-1] + separator + part if lines else part
        if lines and metrics.horizontalAdvance(joined) <= room:
            lines[-1] = joined
        else:
            lines.append(part)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, room) for line in lines]
