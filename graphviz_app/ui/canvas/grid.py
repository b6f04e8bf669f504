"""The background grid: fine lines every cell, stronger ones every fifth (drawn in the view only,
so exports of the scene stay free of it)."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QTransform

MAJOR_EVERY = 5


def draw_grid(painter: QPainter, rect: QRectF, theme, cell: float, scale: float) -> None:
    """Grid lines over `rect` (scene coordinates) for a view that scales and scrolls, never rotates.

    Each line is one device pixel wide, filled as a rectangle on whole pixels: the same picture as
    a hairline, at a fraction of the cost (the raster engine fills rectangles with plain copies,
    where it walks every line through its line rasteriser). A zoom step repaints the whole grid."""
    # too dense to be useful when zoomed far out: draw only the major lines
    step = cell if cell * scale >= 8 else cell * MAJOR_EVERY
    if step * scale < 8:
        return
    to_device = painter.deviceTransform()  # scene to device pixels, the screen's pixel ratio included
    sx, sy, dx, dy = to_device.m11(), to_device.m22(), to_device.dx(), to_device.dy()
    area = to_device.mapRect(rect)
    left, top = math.floor(area.left()), math.floor(area.top())
    width, height = math.ceil(area.right()) - left, math.ceil(area.bottom()) - top
    minor, major = [], []
    for index in range(math.floor(rect.left() / step), math.floor(rect.right() / step) + 1):
        lines = major if index % MAJOR_EVERY == 0 or step != cell else minor
        lines.append(QRect(_pixel(index * step * sx + dx), top, 1, height))
    for index in range(math.floor(rect.top() / step), math.floor(rect.bottom() / step) + 1):
        lines = major if index % MAJOR_EVERY == 0 or step != cell else minor
        lines.append(QRect(left, _pixel(index * step * sy + dy), width, 1))
    painter.save()
    ratio = painter.device().devicePixelRatioF()
    painter.setWorldTransform(QTransform.fromScale(1 / ratio, 1 / ratio))  # draw in device pixels
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.grid_minor)
    painter.drawRects(minor)
    # zoomed out only the major lines are left: drawn faint, or they crowd the graph
    painter.setBrush(theme.grid_major if step == cell else theme.grid_minor)
    painter.drawRects(major)
    painter.restore()


def _pixel(x: float) -> int:
    """The pixel column (or row) Qt fills for an aliased hairline at x: x in Qt's fixed point (1/64
    pixel, truncated), rounded down."""
    return int(x * 64) >> 6
