"""Zooming the canvas with Qt's own means: item caches and level of detail, all in this module.

At rest every card is drawn from a device cache (a picture at the view's zoom): a pan copies
pictures. While the zoom changes step by step (the wheel, the zoom keys) the cards are drawn from
pictures in their own coordinates instead (ItemCoordinateCache), each drawn once with the detail
of the zoom the gesture began at (`gesture_lod`) and scaled by Qt at each step; a gesture begun
below 1/GESTURE_RESOLUTION draws without a cache (far out a card is a box, cheaper to draw again).
SETTLE_MS after the last step the cards go back to device caches, drawn sharp at the new zoom.
A jump (zoom to fit, actual size) ends a gesture at once.

Cards, ports and shape labels read the zoom from the painter as they paint (LOW_DETAIL, TINY,
LABEL_DETAIL). What Qt draws without calling into Python cannot: an edge's curve (far out, a faded
hairline pen) and whether an edge has a label at all; so when a zoom settles, `show_detail` gives
each edge the detail of the view's zoom (`edge_detail`). Nothing else keeps or is told the zoom.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPen, QPixmapCache
from PySide6.QtWidgets import QGraphicsItem

from .theme import EDGE_WIDTH

MIN_ZOOM, MAX_ZOOM = 0.08, 4.0
# zoom to fit goes below MIN_ZOOM down to this: a 10,000-card graph still shows whole (as boxes)
FIT_MIN_ZOOM = 0.002
ZOOM_STEP = 1.2  # one wheel notch, one press of Ctrl+= or Ctrl+-
SETTLE_MS = 250  # this long after the last step, the cards are drawn sharp again
RESCALE = 0.6  # zoomed out this far from the detail chosen, cards still to come take a lower one
# below 1/GESTURE_RESOLUTION a gesture draws without caches: thousands of 50 KB card pictures overflow
# the pixmap cache (5000 cards at 0.4 %: 0.3 s a step), and Qt draws smaller pictures unstretched
GESTURE_RESOLUTION = 4.0
PIXMAP_CACHE_KB = 96 * 1024  # the cards' caches: Qt's default 10 MB holds about a hundred cards at 100 %
# level of detail, from the painter's scale (the view's zoom, or an export's):
LOW_DETAIL = 0.42  # below this a card's small texts are unreadable: one large label instead
TINY = 0.12  # below this even that label is a few pixels high: a plain coloured box, and no ports
LABEL_DETAIL = 0.55  # below this zoom the 8-pt shape labels are under 6 pixels tall: specks, not text
THIN_LEVELS = 4  # shades of a thin edge's pen: few, as each change restyles every edge
FULL_DETAIL = (None, True)  # an export's edges, and a scene's without a view: full pen, labels
_THIN_PENS: dict[tuple[int, int], QPen] = {}

_DEVICE = QGraphicsItem.CacheMode.DeviceCoordinateCache
_ITEM = QGraphicsItem.CacheMode.ItemCoordinateCache
_NONE = QGraphicsItem.CacheMode.NoCache


def clamp_zoom(zoom: float, floor: float = MIN_ZOOM) -> float:
    return min(max(zoom, floor), MAX_ZOOM)


def edge_detail(zoom: float, pixel_ratio: float = 1.0) -> tuple[int | None, bool]:
    """What of an edge's look depends on the view's zoom: how many THIN_LEVELS of a device pixel
    its plain pen covers (None above one pixel), and whether shape labels show (they are read in
    logical pixels)."""
    width = zoom * pixel_ratio * EDGE_WIDTH
    thin = None if width > 1.0 else max(1, min(THIN_LEVELS, round(width * THIN_LEVELS)))
    return thin, zoom >= LABEL_DETAIL


def scene_detail(scene) -> tuple[int | None, bool]:
    """The edge detail of the view showing `scene` (full detail without one)."""
    views = scene.views()
    return edge_detail(views[0].zoom(), views[0].devicePixelRatioF()) if views else FULL_DETAIL


def thin_edge_pen(colour: QColor, level: int) -> QPen:
    """A plain edge zoomed out to at most one pixel wide: a one-pixel cosmetic pen, faded by how
    much thinner the edge really is. The same look, and Qt's raster engine draws such pens with
    its fast stroker, twice as fast as the 2-unit pen scaled down. (Made once per colour.)"""
    pen = _THIN_PENS.get((colour.rgba(), level))
    if pen is None:
        faded = QColor(colour)
        faded.setAlphaF(colour.alphaF() * level / THIN_LEVELS)
        pen = _THIN_PENS[(colour.rgba(), level)] = QPen(faded, 1.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setCosmetic(True)
    return pen


class ZoomGesture(QObject):
    """The cards' caches while a view zooms step by step (see the module's note)."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self._view = view
        self._items: list[QGraphicsItem] = []  # off device caches in this gesture: settle puts them back
        self._cards: list[QGraphicsItem] = []  # of those, the cards, drawn with `gesture_lod`
        self._lod = 1.0  # the detail of the cards still to be drawn in this gesture
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.settle)
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)

    @property
    def active(self) -> bool:
        return bool(self._items) or self._settle.isActive()

    def step(self, factor: float) -> None:
        """Zoom the view by `factor`, as a step of a gesture."""
        view = self._view
        scene = view.scene()
        if not self.active and scene is not None:  # the items drawn from caches: cards and their badges
            self._cards = list(scene.node_items().values())
            self._items = [*self._cards, *scene.overlay_presenter.badges.values()]
            mode = _ITEM if GESTURE_RESOLUTION * view.zoom() >= 1.0 else _NONE
            for item in self._items:
                item.setCacheMode(mode)
            self._give_detail()
        self._settle.start()
        view.scale(factor, factor)
        if self._items and view.zoom() < self._lod * RESCALE:
            self._give_detail()

    def _give_detail(self) -> None:
        """The cards on screen keep the detail they show; those off screen, drawn when a zoom out
        brings them in, take a lower one (a detailed card costs up to ten times a box): the detail
        of the zoom by which the next cards will come in. Cards drawn already keep their pictures."""
        view = self._view
        self._lod = view.zoom()
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        for card in self._cards:
            if not shown.intersects(card.sceneBoundingRect()):
                card.gesture_lod = self._lod * RESCALE
            elif card.gesture_lod is None:
                card.gesture_lod = self._lod

    def settle(self) -> None:
        """The gesture is over: device caches again, drawn at the view's zoom when next painted;
        edges take the detail of that zoom."""
        self._settle.stop()
        items, self._items = self._items, []
        for card in self._cards:
            card.gesture_lod = None
        self._cards = []
        for item in items:
            item.setCacheMode(_DEVICE)
        if items:
            self._view.viewport().update()
        self.show_detail()

    def show_detail(self) -> None:
        """Each edge of the view's scene takes the detail of its zoom (most have it already)."""
        view = self._view
        scene = view.scene()
        if scene is not None:
            detail = edge_detail(view.zoom(), view.devicePixelRatioF())
            for edge in scene.edge_items().values():
                edge.set_detail(detail)
