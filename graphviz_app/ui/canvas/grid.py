"""The background grid: fine lines every cell, stronger ones every fifth (drawn in the view only,
so exports of the scene stay free of it)."""
from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainter, QPen

MAJOR_EVERY = 5


def draw_grid(painter, rect: QRectF, theme, cell: float, scale: float) -> None:
    # too dense to be useful when zoomed far out: draw only the major lines
    step = cell if cell * scale >= 8 else cell * MAJOR_EVERY
    if step * scale < 8:
        return
    left = math.floor(rect.left() / step)
    top = math.floor(rect.top() / step)
    minor, major = [], []
    x_index = left
    while x_index * step <= rect.right():
        x = x_index * step
        (major if x_index % MAJOR_EVERY == 0 or step != cell else minor).append(QLineF(x, rect.top(), x, rect.bottom()))
        x_index += 1
    y_index = top
    while y_index * step <= rect.bottom():
        y = y_index * step
        (major if y_index % MAJOR_EVERY == 0 or step != cell else minor).append(QLineF(rect.left(), y, rect.right(), y))
        y_index += 1
    # hairlines along the axes: antialiasing adds nothing to see but costs several milliseconds
    antialiased = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    pen = QPen(theme.grid_minor, 0)
    painter.setPen(pen)
    painter.drawLines(minor)
    # zoomed out only the major lines are left: drawn faint, or they crowd the graph
    painter.setPen(QPen(theme.grid_major if step == cell else theme.grid_minor, 0))
    painter.drawLines(major)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)
