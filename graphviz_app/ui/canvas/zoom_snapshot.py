"""While the view zooms, one picture of the scene's items stands in for them.

Qt adds its own cost per item to the cards' (15-130 µs each, replayed: card_face): a frame
that draws a few hundred cards at a new zoom takes 20-50 ms. While the user zooms, the view
draws instead one picture of the items, scaled to each step: one smooth copy. The picture is
filled lazily, so that no step draws much:

- the gesture's first picture starts from what the view showed (the cards' own device caches,
  copied in a few ms: GraphView.copy_into), and the ring a zoom out's first step shows; both
  are drawn while the program rests, before the gesture (ready_picture). Its memory is the
  view's, reused from picture to picture (PictureMemory);
- a step draws what it shows that the picture lacks (a zoom out: a thin ring), each side of
  the ring grown to whole cards; between steps the view draws ahead while idle, nearest ring
  first (GraphView._draw_ahead), and steps that come back to back draw ahead with their spare time;
- a zoom 2× away from the picture, or a view beyond it, makes a new picture at the new zoom,
  started from the old one scaled (a few ms); those scaled parts are then drawn again properly
  a band at a time while idle or while a step has time to spare (until then they may show a card with more
  or less detail than the new zoom calls for).

Whatever changes meanwhile (hover, an animation step, an edit) is reported by the scene's
`changed` signal, and that part of the picture is drawn again before the next frame, so the
picture never shows stale items. A moment after the last step the view draws its items again,
sharp at the new zoom (GraphView._end_gesture).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QRegion, QTransform

MAX_RATIO = 2.0  # zoomed this far from the picture's scale either way, a new picture is made
ROOM = 2.0  # a picture covers the view grown this much about its centre: room to zoom out
MAX_PIXELS = 16_000_000  # 64 MB of picture at most
MANY_RECTS = 16  # more changed rectangles than this are drawn again as their union (take_changes)
BAND = 192  # device pixels: the tallest band drawn at once while a step has time to spare (refine)
MIN_BAND = 24  # device pixels: a band thinner than this is not worth a step's spare time
AHEAD = (1.25, 1.6, ROOM)  # spare time draws the picture ahead of the view, nearest rings first
STEP_BUDGET = 0.008  # seconds: a zoom step that took less so far draws such bands until then
IDLE_SLICE = 0.004  # seconds: between the steps of a gesture, bands are drawn ahead this long at a time
SLACK = 64  # pixels across and down: picture memory is made this much larger, to suit the next picture
COST_MEMORY = 0.5  # the weight of the latest drawing in the cost per square scene unit expected next


def view_scale(to_view: QTransform) -> tuple[float, float]:
    """Logical pixels per scene unit, across and down, of a view that scales and scrolls."""
    return max(abs(to_view.m11()), 1e-3), max(abs(to_view.m22()), 1e-3)


def fits(visible: QRectF, scale: tuple[float, float], ratio: float) -> bool:
    """Whether a picture of `visible` at `scale` and `ratio` stays within the memory allowed."""
    return visible.width() * visible.height() * scale[0] * scale[1] * ratio * ratio <= MAX_PIXELS


def _wanted(visible: QRectF, scale: tuple[float, float], ratio: float) -> QRectF:
    """What a picture for a view showing `visible` covers: room to zoom out, memory allowing (its
    empty parts cost little: drawing nothing is quick)."""
    wanted = grown(visible, ROOM)
    return wanted if fits(wanted, scale, ratio) else visible


def picture_size(visible: QRectF, scale: tuple[float, float], ratio: float) -> tuple[int, int]:
    """About the device pixels of a picture made for a view showing `visible` at `scale`."""
    wanted = _wanted(visible, scale, ratio)
    return math.ceil(wanted.width() * scale[0] * ratio), math.ceil(wanted.height() * scale[1] * ratio)


class ZoomSnapshot:
    """A picture of the scene's items (no background: the view draws it, with its grid, beneath)
    over `area` (scene coordinates) at the view's `scale` (logical pixels per scene unit, across
    and down) and its screen's pixel `ratio`. `done` holds the pixels drawn (or copied), `stale`
    those scaled from an earlier picture and not yet drawn again."""

    def __init__(
        self,
        scene,
        to_view: QTransform,
        ratio: float,
        visible: QRectF,
        hints: QPainter.RenderHint,
        memory: PictureMemory | None = None,
    ):
        """`to_view` maps the scene to the view's logical pixels; `visible` is what it shows.
        The picture starts empty: see start_from_view, start_from and fill. Its pixels come from
        `memory` (a view's, reused from picture to picture; see release)."""
        self.scene = scene
        self.scale = sx, sy = view_scale(to_view)
        self.ratio = ratio
        self.hints = hints
        wanted = _wanted(visible, self.scale, ratio)
        # the picture's pixels on the screen's pixels: unscaled, it is the items' own image
        to_device = to_view * QTransform.fromScale(ratio, ratio)
        corner = to_device.map(wanted.topLeft())
        corner = to_device.inverted()[0].map(QPointF(math.floor(corner.x()), math.floor(corner.y())))
        width = max(1, math.ceil((wanted.right() - corner.x()) * sx * ratio))
        height = max(1, math.ceil((wanted.bottom() - corner.y()) * sy * ratio))
        self.area = QRectF(corner.x(), corner.y(), width / (sx * ratio), height / (sy * ratio))
        # drawn at the screen's ratio, so the items choose their level of detail as on screen
        self._memory = memory if memory is not None else PictureMemory(keep=0)
        self.image, self._block = self._memory.image(width, height, ratio)
        self.done = QRegion()
        self.stale = QRegion()
        self._cost: float | None = None  # seconds per square scene unit drawn, lately
        self.look: int | None = None  # the scene's count of changes when drawn ahead at rest (ready_picture)

    # ------------------------------------------------------------ filling
    def start_from_view(self, draw_view: Callable[[QPainter], None], size: QSize, visible: QRectF) -> None:
        """What the view shows of its items (at this picture's scale, the view showing `visible`,
        `size` device pixels), drawn by `draw_view` onto a painter at the view's top left corner."""
        at = self._to_pixels(visible).topLeft()
        where = QRect(QPoint(round(at.x()), round(at.y())), size).intersected(self.image.rect())
        r = self.ratio
        painter = QPainter(self.image)
        try:
            if self.done.intersects(where):  # drawn while the program rested, the view since panned (ready_picture)
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
                painter.fillRect(
                    QRectF(where.x() / r, where.y() / r, where.width() / r, where.height() / r),
                    Qt.GlobalColor.transparent,
                )
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            painter.translate(round(at.x()) / r, round(at.y()) / r)
            draw_view(painter)
        finally:
            painter.end()
        self.done = self.done.united(where)

    def start_from(self, older: ZoomSnapshot) -> None:
        """What an earlier picture holds, scaled to this one: exact where the scale is the same and
        the pixels line up, otherwise to be drawn again (stale)."""
        target = self._to_pixels(older.area)
        aligned = QRectF(target.toRect())
        exact = (
            abs(older.scale[0] - self.scale[0]) < 1e-9
            and abs(older.scale[1] - self.scale[1]) < 1e-9
            and older.ratio == self.ratio
            and abs(aligned.x() - target.x()) < 1e-3
            and abs(aligned.y() - target.y()) < 1e-3
        )
        self._cost = older._cost
        painter = QPainter(self.image)
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.scale(1 / self.ratio, 1 / self.ratio)  # device pixels
            painter.drawImage(target, older.image, QRectF(older.image.rect()))
        finally:
            painter.end()
        to_here = older._scene_to_pixels().inverted()[0] * self._scene_to_pixels()
        for rect in older.done:
            inner = _rounded(to_here.mapRect(QRectF(rect))).intersected(self.image.rect())
            if not inner.isEmpty():
                self.done = self.done.united(inner)
                if not exact:
                    self.stale = self.stale.united(inner)

    def fill(self, visible: QRectF) -> None:
        """Draw the shown parts the picture lacks (a zoom out shows a thin ring more at each step).
        Each part is grown to the whole of every card it touches: drawing a part of a card costs
        all of it, and a card cut by this step's ring would be drawn again at the next (cards
        touched by two parts are still drawn twice: about 1.7 draws per card shown, measured,
        against 2.1 for the plain ring)."""
        shown = self._visible_pixels(visible)
        for side in _sides(QRegion(shown).subtracted(self.done), shown.center()):
            missing = QRegion(side).subtracted(self.done)
            if not missing.isEmpty():
                self._render(self._whole_cards(missing.boundingRect()))

    def refine(self, visible: QRectF, deadline: float, at_least_one: bool = False) -> bool:
        """Until `deadline` (time.perf_counter): draw again, a band at a time, shown parts that were
        scaled from an earlier picture; then draw ahead the parts not shown yet, nearest first
        (where the next steps of a zoom out will look). With `at_least_one`, one band is drawn
        even if it takes longer (idle time: a band of whole cards can cost more than a slice).
        False when nothing is left to draw."""
        for box in self._todo(self._visible_pixels(visible)):
            if not self._band(box, deadline, force=at_least_one):
                return True
            at_least_one = False
        return False

    def draw_ring(self, visible: QRectF, deadline: float) -> bool:
        """At rest, before any zoom (ready_picture): until `deadline`, and at least one band, the
        ring the first step of a zoom out shows around the view (the nearest of AHEAD). False
        when the ring is all drawn."""
        shown = self._visible_pixels(visible)
        if shown.isEmpty():
            return False
        ring = grown(QRectF(shown), AHEAD[0]).toAlignedRect().intersected(self.image.rect())
        force = True
        for box in self._ring_todo(ring, shown):
            if not self._band(box, deadline, force=force):
                return True
            force = False
        return False

    def holds(self, visible: QRectF) -> bool:
        """Whether all that a view showing `visible` shows is drawn (or copied) already."""
        return QRegion(self._visible_pixels(visible)).subtracted(self.done).isEmpty()

    def _todo(self, shown: QRect):
        """The boxes refine draws, one band at a time, in order (a generator: each box is taken
        from what is left after the bands drawn before it): the nearest ring ahead (what the next
        step of a zoom out shows, which it would otherwise draw itself), the shown parts scaled
        from an earlier picture, then the rings further ahead."""
        if shown.isEmpty():
            return
        rings = [grown(QRectF(shown), grow).toAlignedRect().intersected(self.image.rect()) for grow in AHEAD]
        yield from self._ring_todo(rings[0], shown)
        todo = self.stale.intersected(shown)
        while not todo.isEmpty():
            yield next(iter(todo))
            todo = todo.intersected(self.stale)
        for ring in rings[1:]:
            yield from self._ring_todo(ring, shown)

    def _ring_todo(self, ring: QRect, shown: QRect):
        """What `ring` lacks, one side of it at a time (the side is taken again after each band)."""
        todo = QRegion(ring).subtracted(self.done)
        while not todo.isEmpty():
            yield _sides(todo, shown.center())[0]
            todo = todo.subtracted(self.done)

    def _band(self, box: QRect, deadline: float, force: bool = False) -> bool:
        """Draw the top band of `box`, grown to whole cards, if it fits in the time left as judged
        by what drawing cost so far (or, with `force`, the thinnest band anyway); False when not
        even a thin band fits."""
        height = min(BAND, box.height())
        while True:
            band = self._whole_cards(QRect(box.left(), box.top(), box.width(), height))
            expected = 0.0 if self._cost is None else self._cost * self._scene_area(band)
            if expected <= deadline - time.perf_counter() or (force and height <= MIN_BAND):
                self._render(band)
                return True
            if height <= MIN_BAND or (time.perf_counter() >= deadline and not force):
                return False
            height = max(MIN_BAND, height // 2)

    def _whole_cards(self, pixels: QRect) -> QRect:
        """`pixels` grown to the whole of every card they touch (within the picture)."""
        to_scene = self._scene_to_pixels().inverted()[0]
        grown = self.scene.cards_around(to_scene.mapRect(QRectF(pixels)))
        return self._to_pixels(grown).toAlignedRect().united(pixels).intersected(self.image.rect())

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
        painter.drawImage(self.area, self.image, QRectF(self.image.rect()))

    def release(self) -> None:
        """The picture is no longer drawn: its memory goes back for the next one (it is empty from now)."""
        if self._block is not None:
            self.image = QImage()
            self._memory.give_back(self._block)
            self._block = None
            self.done, self.stale = QRegion(), QRegion()

    def _visible_pixels(self, visible: QRectF) -> QRect:
        part = visible.intersected(self.area)
        if part.isEmpty():
            return QRect()
        return self._to_pixels(part).toAlignedRect().intersected(self.image.rect())

    def _to_pixels(self, rect: QRectF) -> QRectF:
        """A scene rectangle in the picture's pixels."""
        return self._scene_to_pixels().mapRect(rect)

    def _scene_to_pixels(self) -> QTransform:
        (sx, sy), r, origin = self.scale, self.ratio, self.area.topLeft()
        return QTransform.fromTranslate(-origin.x(), -origin.y()) * QTransform.fromScale(sx * r, sy * r)

    def _render(self, pixels: QRect) -> None:
        """Clear these pixels of the picture and draw the items there."""
        pixels = pixels.intersected(self.image.rect())
        if pixels.isEmpty():
            return
        r = self.ratio
        source = self._scene_to_pixels().inverted()[0].mapRect(QRectF(pixels))
        logical = QRectF(pixels.x() / r, pixels.y() / r, pixels.width() / r, pixels.height() / r)
        started = time.perf_counter()
        painter = QPainter(self.image)
        try:
            painter.setClipRect(logical)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            painter.fillRect(logical, Qt.GlobalColor.transparent)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            painter.setRenderHints(self.hints)
            with self.scene.items_only(), self.scene.uncached(source):
                self.scene.render(painter, logical, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        finally:
            painter.end()
        self.done = self.done.united(pixels)
        self.stale = self.stale.subtracted(pixels)
        cost = (time.perf_counter() - started) / max(self._scene_area(pixels), 1e-9)
        self._cost = cost if self._cost is None else COST_MEMORY * cost + (1 - COST_MEMORY) * self._cost

    def _scene_area(self, pixels: QRect) -> float:
        (sx, sy), r = self.scale, self.ratio
        return pixels.width() * pixels.height() / (sx * sy * r * r)


class PictureMemory:
    """The pixels of a view's pictures, kept for its next one. A new 16 MB picture costs 5-9 ms
    before anything is drawn on it (the system hands out its pages one fault at a time), in the
    middle of a zoom step; clearing one that is already in memory costs well under 1 ms. `keep`
    blocks are kept, in use or spare: the picture in use (or kept ready at rest: ready_picture)
    and the next one (the view's `picture_memory`: 2 × 17 MB for a 1280×800 view)."""

    def __init__(self, keep: int = 2):
        self.keep = keep
        self._spare: list[bytearray] = []
        self._lent: set[int] = set()  # (ids of) the blocks that pictures draw in

    def image(self, width: int, height: int, ratio: float) -> tuple[QImage, bytearray]:
        """A transparent picture of `width` × `height` device pixels, and the memory it draws in
        (to be given back once the picture is no longer drawn: see give_back)."""
        need = width * height * 4
        fits_in = [block for block in self._spare if len(block) >= need]
        if fits_in:
            block = min(fits_in, key=len)
            self._spare.remove(block)
        else:
            block = _new_block(width, height)
        self._lent.add(id(block))
        image = QImage(block, width, height, width * 4, QImage.Format.Format_ARGB32_Premultiplied)
        if fits_in:
            image.fill(0)
        image.setDevicePixelRatio(ratio)
        return image, block

    def reserve(self, width: int, height: int) -> None:
        """Have memory ready for a picture of this size (made while the program is idle, so that
        the first zoom does not make it)."""
        while sum(len(block) >= width * height * 4 for block in self._spare) + len(self._lent) < self.keep:
            self.give_back(_new_block(width, height))

    def give_back(self, block: bytearray) -> None:
        self._lent.discard(id(block))
        self._spare.append(block)
        self._spare.sort(key=len, reverse=True)
        del self._spare[max(self.keep - len(self._lent), 0) :]  # the largest kept: it suits any picture up to its size


def _new_block(width: int, height: int) -> bytearray:
    """Memory for a picture of about this size (zeroed: transparent), with room to spare: the next
    picture of the view is a pixel or two larger."""
    return bytearray((width + SLACK) * (height + SLACK) * 4)


def grown(rect: QRectF, factor: float) -> QRectF:
    """`rect` scaled by `factor` about its centre."""
    dx, dy = rect.width() * (factor - 1) / 2, rect.height() * (factor - 1) / 2
    return rect.adjusted(-dx, -dy, dx, dy)


def _sides(region: QRegion, centre: QPoint) -> list[QRect]:
    """A region around a centre (the ring a zoom out shows, ragged where whole cards were drawn)
    as at most four boxes, one per side: the top, bottom, left and right of the ring."""
    boxes: dict[str, QRect] = {}
    for rect in region:
        mid = rect.center() - centre
        side = (
            ("bottom" if mid.y() > 0 else "top")
            if abs(mid.y()) >= abs(mid.x())
            else ("right" if mid.x() > 0 else "left")
        )
        boxes[side] = boxes[side].united(rect) if side in boxes else rect
    return list(boxes.values())


def _rounded(rect: QRectF) -> QRect:
    """The pixels of `rect`, each edge rounded to the nearest pixel boundary: two rectangles that
    share an edge still do (whole pixels inside each would leave a seam between them, drawn again
    a card at a time)."""
    left, top = round(rect.left()), round(rect.top())
    return QRect(left, top, max(0, round(rect.right()) - left), max(0, round(rect.bottom()) - top))
