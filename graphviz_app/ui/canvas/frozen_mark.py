"""The mark of a frozen variable (one that training leaves as it is): a small snowflake and
"frozen" at the right of its card's footer, in the muted ink."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPen

from .theme import Theme, ui_font

TEXT = "frozen"
FLAKE = 4.0  # the snowflake's radius


def is_frozen(node) -> bool:
    return node.kind == "variable" and not node.trainable


def paint_frozen_mark(painter, area: QRectF, theme: Theme) -> None:
    """Right-aligned in `area` (the footer's text area)."""
    font = ui_font(7.5)
    painter.setFont(font)
    painter.setPen(theme.muted)
    width = QFontMetricsF(font).horizontalAdvance(TEXT)
    painter.drawText(area, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, TEXT)
    centre = QPointF(area.right() - width - FLAKE - 4, area.center().y())
    painter.setPen(QPen(theme.muted, 1.1))
    for k in range(3):  # three strokes through the centre: six spokes
        angle = math.pi / 2 + k * math.pi / 3
        dx, dy = FLAKE * math.cos(angle), FLAKE * math.sin(angle)
        painter.drawLine(QPointF(centre.x() - dx, centre.y() - dy), QPointF(centre.x() + dx, centre.y() + dy))
