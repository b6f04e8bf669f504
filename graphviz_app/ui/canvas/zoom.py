"""Zooming the canvas with Qt's own means: item caches and level of detail.

At rest every card is drawn from a device cache (a picture at the view's zoom, in screen pixels):
a pan copies pictures, nothing is drawn again. A zoom step would redraw every such picture, so
while the zoom changes step by step (a gesture: the wheel, the zoom keys) the cards are drawn
from pictures in their own coordinates instead (ItemCoordinateCache, one pixel per scene unit),
each drawn once, with the detail of the zoom the gesture began at (`gesture_lod`: a far-out
card is a box), and scaled by Qt at each step. A moment after the last step the cards go back
to device caches, drawn sharp at the new zoom with the detail it calls for (the cards choose it
in paint, from the painter's level of detail). A jump (zoom to fit, actual size) ends a gesture
at once.

The view tells the scene its zoom when it paints at a new one outside a gesture (edges take a
thinner pen far out, and hide their shape labels): see GraphView.paintEvent.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QGraphicsItem

MIN_ZOOM, MAX_ZOOM = 0.08, 4.0
ZOOM_STEP = 1.2  # one wheel notch, one press of Ctrl+= or Ctrl+-
SETTLE_MS = 250  # this long after the last step, the cards are drawn sharp again
RESCALE = 0.6  # zoomed out this far from the detail chosen, cards still to come take a lower one

_DEVICE = QGraphicsItem.CacheMode.DeviceCoordinateCache
_ITEM = QGraphicsItem.CacheMode.ItemCoordinateCache


def clamp_zoom(zoom: float) -> float:
    return min(max(zoom, MIN_ZOOM), MAX_ZOOM)


class ZoomGesture(QObject):
    """The cards' caches while a view zooms step by step (see the module's note)."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self._view = view
        self._items: list[QGraphicsItem] = []  # switched to item caches: what settle switches back
        self._lod = 1.0  # the detail of the cards still to be drawn in this gesture
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.settle)

    @property
    def active(self) -> bool:
        return bool(self._items) or self._settle.isActive()

    def step(self, factor: float) -> None:
        """Zoom the view by `factor`, as a step of a gesture."""
        view = self._view
        scene = view.scene()
        if not self.active and scene is not None:
            self._items = list(scene.cached_items())
            for item in self._items:
                item.setCacheMode(_ITEM)
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
        for item in self._items:
            if not shown.intersects(item.sceneBoundingRect()):
                item.gesture_lod = self._lod * RESCALE
            elif item.gesture_lod is None:
                item.gesture_lod = self._lod

    def settle(self) -> None:
        """The gesture is over: device caches again, drawn at the view's zoom when next painted."""
        self._settle.stop()
        items, self._items = self._items, []
        for item in items:
            item.gesture_lod = None
            item.setCacheMode(_DEVICE)
        if items:
            self._view.viewport().update()
