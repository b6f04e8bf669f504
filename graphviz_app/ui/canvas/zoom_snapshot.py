"""While a view of many cards zooms, one picture of the scene's items stands in for them.

With hundreds of cards on screen, Qt's cost per item (its transform, clip and a call into
Python for each card, edge and port) makes a frame that draws every item take 20-50 ms. While
the user zooms, the view draws instead one picture of the items, taken when the gesture starts
and scaled to each step: one smooth copy. Whatever changes meanwhile (hover, an animation step,
an edit) reaches the view as a partial repaint, and that part of the picture is drawn again
first, so the picture never shows stale items. A moment after the last step the view draws its
items again, sharp at the new zoom (GraphView._end_zoom_cache).
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap, QTransform

MIN_CARDS = 100  # with fewer cards on screen, drawing the items is fast enough
MAX_RATIO = 2.0  # zoomed this far from the picture's scale either way, a new picture is taken
MAX_PIXELS = 16_000_000  # 64 MB of picture at most; most pictures are the size of the window


def device_scale(to_device: QTransform) -> tuple[float, float]:
    """Device pixels per scene unit, across and down, of a view that scales and scrolls."""
    return max(abs(to_device.m11()), 1e-3), max(abs(to_device.m22()), 1e-3)


def cards_on_screen(scene, visible: QRectF, enough: int = MIN_CARDS) -> bool:
    """Whether at least `enough` cards have their centre in `visible` (scene coordinates)."""
    items = scene.node_items()
    if len(items) < enough:
        return False
    left, top, right, bottom = visible.left(), visible.top(), visible.right(), visible.bottom()
    count = 0
    for item in items.values():
        x, y = item.x(), item.y()
        if left <= x <= right and top <= y <= bottom:
            count += 1
            if count >= enough:
                return True
    return False


class ZoomSnapshot:
    """A picture of the scene's items (no background: the view draws it, with its grid, beneath)
    over `area` (scene coordinates), at `scale` = (x, y) device pixels per scene unit."""

    def __init__(self, scene, to_device: QTransform, visible: QRectF, hints: QPainter.RenderHint):
        """`to_device` maps the scene to the view's device pixels; `visible` is what it shows."""
        self.scene = scene
        self.scale = scale = device_scale(to_device)
        self.hints = hints
        sx, sy = scale
        self.items_rect = scene.items_bounding_rect()
        # room to zoom out around any point of the window before the picture falls short
        wanted = _grown(visible, 2.0).intersected(self.items_rect)
        if wanted.width() * wanted.height() * sx * sy > MAX_PIXELS:
            wanted = visible.intersected(self.items_rect)
        # the picture's pixels on the view's pixels: drawn before the zoom changes, it is as sharp
        # as the items themselves
        corner = to_device.map(wanted.topLeft())
        corner = to_device.inverted()[0].map(QPointF(math.floor(corner.x()), math.floor(corner.y())))
        width = max(1, math.ceil((wanted.right() - corner.x()) * sx))
        height = max(1, math.ceil((wanted.bottom() - corner.y()) * sy))
        self.area = QRectF(corner.x(), corner.y(), width / sx, height / sy)
        self.pixmap = QPixmap(width, height)
        self.pixmap.fill(Qt.GlobalColor.transparent)
        self._render(QRect(0, 0, width, height))

    @staticmethod
    def fits(visible: QRectF, scale: tuple[float, float]) -> bool:
        """Whether a picture of `visible` at `scale` stays within the memory allowed."""
        return visible.width() * visible.height() * scale[0] * scale[1] <= MAX_PIXELS

    def usable(self, visible: QRectF, scale: tuple[float, float]) -> bool:
        """Whether the picture still looks right for a view showing `visible` at `scale`: not
        scaled too far, and covering every item the view shows."""
        for now, taken in zip(scale, self.scale):
            if not 1 / MAX_RATIO <= now / taken <= MAX_RATIO:
                return False
        shown = visible.intersected(self.items_rect)
        return shown.isEmpty() or self.area.contains(shown)

    def redraw(self, changed: QRectF) -> None:
        """Part of the scene changed (scene coordinates): draw the items there again."""
        part = changed.intersected(self.area)
        if part.isEmpty():
            return
        (sx, sy), origin = self.scale, self.area.topLeft()
        pixels = QRectF((part.left() - origin.x()) * sx, (part.top() - origin.y()) * sy,
                        part.width() * sx, part.height() * sy).toAlignedRect().intersected(self.pixmap.rect())
        if pixels.isEmpty():
            return
        painter = QPainter(self.pixmap)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        painter.fillRect(pixels, Qt.GlobalColor.transparent)
        painter.end()
        self._render(pixels)

    def draw(self, painter: QPainter) -> None:
        """Onto a painter in scene coordinates (the view's transform)."""
        painter.drawPixmap(self.area, self.pixmap, QRectF(self.pixmap.rect()))

    def _render(self, pixels: QRect) -> None:
        (sx, sy), origin = self.scale, self.area.topLeft()
        source = QRectF(origin.x() + pixels.x() / sx, origin.y() + pixels.y() / sy,
                        pixels.width() / sx, pixels.height() / sy)
        painter = QPainter(self.pixmap)
        painter.setRenderHints(self.hints)
        painter.setClipRect(pixels)
        with self.scene.items_only():
            self.scene.render(painter, QRectF(pixels), source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()


def _grown(rect: QRectF, factor: float) -> QRectF:
    """`rect` scaled by `factor` about its centre."""
    dx, dy = rect.width() * (factor - 1) / 2, rect.height() * (factor - 1) / 2
    return rect.adjusted(-dx, -dy, dx, dy)
