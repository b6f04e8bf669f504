"""While the view zooms, one picture of the scene's items stands in for them.

Drawing a card costs 50-300 µs (its text above all), and Qt adds its own cost per item: a
frame that draws a few hundred cards at a new zoom takes 20-50 ms. While the user zooms, the
view draws instead one picture of the items, scaled to each step: one smooth copy. The picture
is filled lazily, so that no step draws much:

- the gesture's first picture starts from what the view showed (the cards' own device caches,
  copied in a few ms: GraphView._start_snapshot); the rest of it is empty;
- the first step that shows parts the picture lacks (zooming out) draws all it lacks;
- a zoom 2× away from the picture, or a view beyond it, makes a new picture at the new zoom,
  started from the old one scaled (a few ms); those scaled parts are then drawn again properly
  a band at a time while a step has time to spare (until then they may show a card with more
  or less detail than the new zoom calls for).

Whatever changes meanwhile (hover, an animation step, an edit) is reported by the scene's
`changed` signal, and that part of the picture is drawn again before the next frame, so the
picture never shows stale items. A moment after the last step the view draws its items again,
sharp at the new zoom (GraphView._end_gesture).
"""
from __future__ import annotations

import math
import time

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap, QRegion, QTransform

MAX_RATIO = 2.0  # zoomed this far from the picture's scale either way, a new picture is made
ROOM = 2.0  # a picture covers the view grown this much about its centre: room to zoom out
MAX_PIXELS = 16_000_000  # 64 MB of picture at most
MANY_RECTS = 16  # more rectangles than this to draw (changes, strips) are drawn as their union
BAND = 192  # device pixels: parts scaled from the previous picture are drawn again in bands this tall
STEP_BUDGET = 0.008  # seconds: a zoom step that took less so far draws such bands until then


def view_scale(to_view: QTransform) -> tuple[float, float]:
    """Logical pixels per scene unit, across and down, of a view that scales and scrolls."""
    return max(abs(to_view.m11()), 1e-3), max(abs(to_view.m22()), 1e-3)


def fits(visible: QRectF, scale: tuple[float, float], ratio: float) -> bool:
    """Whether a picture of `visible` at `scale` and `ratio` stays within the memory allowed."""
    return visible.width() * visible.height() * scale[0] * scale[1] * ratio * ratio <= MAX_PIXELS


class ZoomSnapshot:
    """A picture of the scene's items (no background: the view draws it, with its grid, beneath)
    over `area` (scene coordinates) at the view's `scale` (logical pixels per scene unit, across
    and down) and its screen's pixel `ratio`. `done` holds the pixels drawn (or copied), `stale`
    those scaled from an earlier picture and not yet drawn again."""

    def __init__(self, scene, to_view: QTransform, ratio: float, visible: QRectF, hints: QPainter.RenderHint):
        """`to_view` maps the scene to the view's logical pixels; `visible` is what it shows.
        The picture starts empty: see start_from_view, start_from and fill."""
        self.scene = scene
        self.scale = sx, sy = view_scale(to_view)
        self.ratio = ratio
        self.hints = hints
        wanted = _grown(visible, ROOM)  # (its empty parts cost little: drawing nothing is quick)
        if not fits(wanted, self.scale, ratio):
            wanted = visible
        # the picture's pixels on the screen's pixels: unscaled, it is the items' own image
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
        self.done = QRegion()
        self.stale = QRegion()

    # ------------------------------------------------------------ filling
    def start_from_view(self, image: QPixmap, visible: QRectF) -> None:
        """The view's own image of its items (at this picture's scale, the view showing `visible`)."""
        at = self._to_pixels(visible).topLeft()
        self._copy(image, QRect(QPoint(round(at.x()), round(at.y())), image.size()))

    def start_from(self, older: ZoomSnapshot) -> None:
        """What an earlier picture holds, scaled to this one: exact where the scale is the same and
        the pixels line up, otherwise to be drawn again (stale)."""
        target = self._to_pixels(older.area)
        aligned = QRectF(target.toRect())
        exact = (abs(older.scale[0] - self.scale[0]) < 1e-9 and abs(older.scale[1] - self.scale[1]) < 1e-9
                 and older.ratio == self.ratio and abs(aligned.x() - target.x()) < 1e-3
                 and abs(aligned.y() - target.y()) < 1e-3)
        painter = QPainter(self.pixmap)
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.scale(1 / self.ratio, 1 / self.ratio)  # device pixels
            painter.drawPixmap(target, older.pixmap, QRectF(older.pixmap.rect()))
        finally:
            painter.end()
        to_here = older._scene_to_pixels().inverted()[0] * self._scene_to_pixels()
        for rect in older.done:
            inner = _inner(to_here.mapRect(QRectF(rect))).intersected(self.pixmap.rect())
            if not inner.isEmpty():
                self.done = self.done.united(inner)
                if not exact:
                    self.stale = self.stale.united(inner)

    def _copy(self, image: QPixmap, where: QRect) -> None:
        """Pixels copied as they are (device pixels of this picture)."""
        r = self.ratio
        painter = QPainter(self.pixmap)
        try:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.drawPixmap(QPointF(where.x() / r, where.y() / r), image)  # (image: at pixel ratio r)
        finally:
            painter.end()
        self.done = self.done.united(where.intersected(self.pixmap.rect()))

    def fill(self, visible: QRectF) -> None:
        """When the view shows parts the picture does not hold yet, draw all it lacks: each part
        drawn costs the whole of every card it touches, so one large part (the rest of the
        picture) costs far less than a thin strip at every step of a zoom out."""
        if QRegion(self._visible_pixels(visible)).subtracted(self.done).isEmpty():
            return
        missing = QRegion(self.pixmap.rect()).subtracted(self.done)
        rects = list(missing)
        if len(rects) > MANY_RECTS:
            rects = [missing.boundingRect()]
        for rect in rects:
            self._render(rect)

    def refine(self, visible: QRectF, deadline: float) -> None:
        """Draw again, a band at a time until `deadline` (time.perf_counter), shown parts that were
        scaled from an earlier picture."""
        todo = self.stale.intersected(self._visible_pixels(visible))
        while not todo.isEmpty() and time.perf_counter() < deadline:
            box = todo.boundingRect()
            band = todo.intersected(QRect(box.left(), box.top(), box.width(), BAND)).boundingRect()
            self._render(band)
            todo = todo.subtracted(band)

    def stale_shown(self, visible: QRectF) -> bool:
        return not self.stale.intersected(self._visible_pixels(visible)).isEmpty()

    # ------------------------------------------------------------ questions
    def usable(self, visible: QRectF, scale: tuple[float, float]) -> bool:
        """Whether the picture suits a view showing `visible` at `scale`: not scaled too far, and
        covering all of the view."""
        for now, taken in zip(scale, self.scale):
            if not 1 / MAX_RATIO <= now / taken <= MAX_RATIO:
                return False
        return self.area.contains(visible)

    def take_changes(self, changed: list[QRectF], visible: QRectF) -> bool:
        """The scene changed in these rectangles (scene coordinates): draw the items there again.
        False when a change shows outside the picture (a card dragged beyond it): a new one is needed."""
        for rect in changed:
            shown = rect.intersected(visible)
            if not shown.isEmpty() and not self.area.contains(shown):
                return False
        many = len(changed) > MANY_RECTS
        if many:
            united = QRectF()
            for rect in changed:
                united = united.united(rect)
            changed = [united]
        # a part not drawn yet is drawn when it shows; with many changes at once (the edges restyled
        # for a new picture's zoom, a theme) the parts to be drawn again anyway are left to refine
        keep = self.done.subtracted(self.stale) if many else self.done
        for rect in changed:
            part = rect.intersected(self.area)
            if not part.isEmpty():
                pixels = keep.intersected(self._to_pixels(part).toAlignedRect()).boundingRect()
                if not pixels.isEmpty():
                    self._render(pixels)
        return True

    # ------------------------------------------------------------ drawing
    def draw(self, painter: QPainter) -> None:
        """Onto a painter in scene coordinates (the view's transform)."""
        painter.drawPixmap(self.area, self.pixmap, QRectF(self.pixmap.rect()))

    def _visible_pixels(self, visible: QRectF) -> QRect:
        part = visible.intersected(self.area)
        if part.isEmpty():
            return QRect()
        return self._to_pixels(part).toAlignedRect().intersected(self.pixmap.rect())

    def _to_pixels(self, rect: QRectF) -> QRectF:
        """A scene rectangle in the picture's pixels."""
        return self._scene_to_pixels().mapRect(rect)

    def _scene_to_pixels(self) -> QTransform:
        (sx, sy), r, origin = self.scale, self.ratio, self.area.topLeft()
        return QTransform.fromTranslate(-origin.x(), -origin.y()) * QTransform.fromScale(sx * r, sy * r)

    def _render(self, pixels: QRect) -> None:
        """Clear these pixels of the picture and draw the items there."""
        pixels = pixels.intersected(self.pixmap.rect())
        if pixels.isEmpty():
            return
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
        self.done = self.done.united(pixels)
        self.stale = self.stale.subtracted(pixels)


def _grown(rect: QRectF, factor: float) -> QRectF:
    """`rect` scaled by `factor` about its centre."""
    dx, dy = rect.width() * (factor - 1) / 2, rect.height() * (factor - 1) / 2
    return rect.adjusted(-dx, -dy, dx, dy)


def _inner(rect: QRectF) -> QRect:
    """The whole pixels inside `rect`."""
    left, top = math.ceil(rect.left() - 1e-6), math.ceil(rect.top() - 1e-6)
    right, bottom = math.floor(rect.right() + 1e-6), math.floor(rect.bottom() + 1e-6)
    return QRect(left, top, max(0, right - left), max(0, bottom - top))
