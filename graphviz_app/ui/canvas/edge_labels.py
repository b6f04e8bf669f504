"""How an edge's label is drawn: its box, the leader line to its curve when it is moved off it, and
the shared pictures of shape labels blitted on screen (few distinct texts, many edges)."""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPixmap

from .theme import symbol_font, ui_font

LEADER_DOT = 1.8  # radius of the dot the leader ends in, on the curve
LABEL_CACHE_SIZE = 256  # pictures of shape labels: few distinct texts, times the zoom levels passed through
_LABEL_PIXMAPS: dict[tuple, QPixmap] = {}
_ROUND_CAP = Qt.PenCapStyle.RoundCap
_SOLID = Qt.PenStyle.SolidLine

LABEL_PAD = 1.0  # room around a cached label for its antialiased border


def label_area(rect: QRectF, leader: QLineF | None) -> QRectF:
    area = rect.adjusted(-2, -2, 2, 2)
    if leader is not None:
        end = leader.p2()
        r = LEADER_DOT + 1
        area = area.united(QRectF(end.x() - r, end.y() - r, 2 * r, 2 * r))
    return area


def draw_leader(painter, leader: QLineF, colour: QColor) -> None:
    """A thin line from a label moved off its edge to its point on the edge, ending in a dot there:
    which edge the label belongs to. Subtle: the label's own border colour, half see-through."""
    colour = QColor(colour)
    colour.setAlpha(170)
    painter.setPen(QPen(colour, 1.0, _SOLID, _ROUND_CAP))
    painter.drawLine(leader)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(leader.p2(), LEADER_DOT, LEADER_DOT)


@functools.cache
def label_metrics(overlay: bool) -> QFontMetricsF:
    """The metrics of an animation label's font (True) or a shape label's (False)."""
    return QFontMetricsF(ui_font(8.5, bold=True) if overlay else symbol_font(8.0))


@functools.lru_cache(maxsize=1024)
def label_size(overlay: bool, text: str) -> tuple[float, float]:
    """A label's box: few distinct texts, asked for by every edge each time labels are placed."""
    metrics = label_metrics(overlay)
    return metrics.horizontalAdvance(text) + 10, metrics.height() + 4


def draw_label(painter, rect: QRectF, text: str, font, theme, ink: QColor) -> None:
    border = QColor(theme.node_border)
    border.setAlpha(120)
    painter.setPen(QPen(border, 1.0))
    painter.setBrush(theme.edge_label_bg)
    painter.drawRoundedRect(rect, 4, 4)
    painter.setFont(font)
    painter.setPen(ink)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def label_pixmap(text: str, width: float, height: float, scale: float, ratio: float, theme, ink: QColor) -> QPixmap:
    """A shape label drawn at `scale` logical pixels per scene unit on a screen of device pixel
    ratio `ratio` (shared by every edge showing the same text)."""
    key = (
        text,
        round(width, 2),
        round(height, 2),
        round(scale, 4),
        ratio,
        theme.dark,
        theme.edge_label_bg.rgba(),
        ink.rgba(),
        theme.node_border.rgba(),
    )
    pixmap = _LABEL_PIXMAPS.get(key)
    if pixmap is not None:
        return pixmap
    pixels = scale * ratio
    pixmap = QPixmap(math.ceil((width + 2 * LABEL_PAD) * pixels), math.ceil((height + 2 * LABEL_PAD) * pixels))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.scale(pixels, pixels)
    draw_label(painter, QRectF(LABEL_PAD, LABEL_PAD, width, height), text, symbol_font(8.0), theme, ink)
    painter.end()
    if len(_LABEL_PIXMAPS) >= LABEL_CACHE_SIZE:
        _LABEL_PIXMAPS.pop(next(iter(_LABEL_PIXMAPS)))  # oldest first: zoom levels long left behind
    pixmap.setDevicePixelRatio(ratio)
    _LABEL_PIXMAPS[key] = pixmap
    return pixmap
