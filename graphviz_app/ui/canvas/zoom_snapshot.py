"""While a view of many cards zooms, one picture of the scene's items stands in for them.

With hundreds of cards on screen, Qt's cost per item (its transform, clip and a call into
Python for each card, edge and port) makes a frame that draws every item take 20-50 ms. While
the user zooms, the view draws instead one picture of the items, taken when the gesture starts
and scaled to each step: one smooth copy. Whatever changes meanwhile (hover, an animation step,
an edit) is reported by the scene's `changed` signal, and that part of the picture is drawn
again before the next frame, so the picture never shows stale items. A moment after the last
step the view draws its items again, sharp at the new zoom (GraphView._end_zoom_cache).
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap, QTransform

MIN_CARDS = 100  # with fewer cards on screen, drawing the items is fast enough
MAX_RATIO = 2.0  # zoomed this far from the picture's scale either way, a new picture is taken
MAX_PIXELS = 16_000_000  # 64 MB of picture at most (a picture is up to 4 windows' area)
MANY_CHANGES = 16  # more changed rectangles than this are drawn again as one


def view_scale(to_view: QTransform) -> tuple[float, float]:
    """Logical pixels per scene unit, across and down, of a view that scales and scrolls."""
    return max(abs(to_view.m11()), 1e-3), max(abs(to_view.m22()), 1e-3)


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
    over `area` (scene coordinates), at the view's `scale` (logical pixels per scene unit, across
    and down) and its screen's pixel `ratio`."""

    def __init__(self, scene, to_view: QTransform, ratio: float, visible: QRectF, hints: QPainter.RenderHint):
        """`to_view` maps the scene to the view's logical pixels; `visible` is what it shows."""
        self.scene = scene
        self.scale = sx, sy = view_scale(to_view)
        self.ratio = ratio
        self.hints = hints
        self.items_rect = scene.items_bounding_rect()
        # room to zoom out about the window's centre (1.5x about a corner) before a new picture
        wanted = _grown(visible, 2.0).intersected(self.items_rect)
        if not self.fits(wanted, self.scale, ratio):
            wanted = visible.intersected(self.items_rect)
        # the picture's pixels on the screen's pixels: drawn before the zoom changes, it is the
        # items' own image
        to_device = to_view * QTransform.fromScale(ratio, ratio)
        corner = to_device.map(wanted.topLeft())
        corner = to_device.inverted()[0].map(QPointF(math.floor(corner.x()), math.floor(corner.y())))
        width = max(1, math.ceil((wanted.right() - corner.x()) * sx * ratio))
        height = max(1, math.ceil((wanted.bottom() - corner.y()) * sy * ratio))
        self.area = QRectF(corner.x(), corner.y(), width / (sx * ratio), height / (sy * ratio))
        # drawn at the screen's ratio, so the items choose their level of detail as on screen
        self.pixmap = QPixmap(width, height)
        self.pixmap.setDevicePixelRatio(ratio)
        self.pixmap.fill(Qt.GlobalColor.transparent)
        self._render(QRect(0, 0, width, height))

    @staticmethod
    def fits(visible: QRectF, scale: tuple[float, float], ratio: float) -> bool:
        """Whether a picture of `visible` at `scale` and `ratio` stays within the memory allowed."""
        return visible.width() * visible.height() * scale[0] * scale[1] * ratio * ratio <= MAX_PIXELS

    def usable(self, visible: QRectF, scale: tuple[float, float]) -> bool:
        """Whether the picture still looks right for a view showing `visible` at `scale`: not
        scaled too far, and covering every item the view shows."""
        for now, taken in zip(scale, self.scale):
            if not 1 / MAX_RATIO <= now / taken <= MAX_RATIO:
                return False
        shown = visible.intersected(self.items_rect)
        return shown.isEmpty() or self.area.contains(shown)

    def take_changes(self, changed: list[QRectF], visible: QRectF) -> bool:
        """The scene changed in these rectangles (scene coordinates): draw the items there again.
        False when a change shows outside the picture (a card dragged beyond it): a new one is needed."""
        for rect in changed:
            self.items_rect = self.items_rect.united(rect)
            shown = rect.intersected(visible)
            if not shown.isEmpty() and not self.area.contains(shown):
                return False
        if len(changed) > MANY_CHANGES:
            united = QRectF()
            for rect in changed:
                united = united.united(rect)
            changed = [united]
        for rect in changed:
            self._redraw(rect)
        return True

    def draw(self, painter: QPainter) -> None:
        """Onto a painter in scene coordinates (the view's transform)."""
        painter.drawPixmap(self.area, self.pixmap, QRectF(self.pixmap.rect()))

    def _redraw(self, changed: QRectF) -> None:
        part = changed.intersected(self.area)
        if part.isEmpty():
            return
        pixels = self._to_pixels(part).toAlignedRect().intersected(self.pixmap.rect())
        if not pixels.isEmpty():
            self._render(pixels)

    def _to_pixels(self, rect: QRectF) -> QRectF:
        """A scene rectangle in the picture's pixels."""
        return self._scene_to_pixels().mapRect(rect)

    def _scene_to_pixels(self) -> QTransform:
        (sx, sy), r, origin = self.scale, self.ratio, self.area.topLeft()
        return QTransform.fromTranslate(-origin.x(), -origin.y()) * QTransform.fromScale(sx * r, sy * r)

    def _render(self, pixels: QRect) -> None:
        """Clear these pixels of the picture and draw the items there."""
        r = self.ratio
        source = self._scene_to_pixels().inverted()[0].mapRect(QRectF(pixels))
        logical = QRectF(pixels.x() / r, pixels.y() / r, pixels.width() / r, pixels.height() / r)
        painter = QPainter(self.pixmap)
        try:
            painter.setClipRect(logical)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            painter.fillRect(logical, Qt.GlobalColor.transparent)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            painter.setRenderHints(self.hints)
            with self.scene.items_only():
                self.scene.render(painter, logical, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        finally:
            painter.end()


def _grown(rect: QRectF, factor: float) -> QRectF:
    """`rect` scaled by `factor` about its centre."""
    dx, dy = rect.width() * (factor - 1) / 2, rect.height() * (factor - 1) / 2
    return rect.adjusted(-dx, -dy, dx, dy)
