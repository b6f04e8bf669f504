"""A zoom picture drawn while the program rests, for the first step of the next zoom.

A gesture's first step needs a picture of what the view shows (a copy of the view: 4-8 ms) and,
zooming out, of a ring of the scene around it that nothing has drawn yet (10-17 ms at 100 %, a
few dozen cards), on top of the repaint. So once the view and its scene have not changed for a
moment (REST_MS), or as soon as Ctrl is pressed (Ctrl+wheel zooms), the view copies itself into
a picture at its zoom and draws that ring, a slice at a time (ZoomSnapshot.draw_ring). The first
step takes the picture if it still suits:

- nothing in the scene looks different since, but items changed in place (a card or an edge
  hovered, selected, or showing a new state) and cards moved (where they and their edges were
  and are), which it draws again: the scene counts the other changes and lists these
  (GraphScene.look_changed, GraphScene.moving);
- the view has the same zoom and screen, and shows a part of the scene the picture covers (a
  part it has not drawn, after a pan, is copied or drawn then).

Otherwise it is dropped and its memory goes back to the view's.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from .zoom_snapshot import IDLE_SLICE, ZoomSnapshot, fits, view_scale

REST_MS = 200  # the view and its scene looked the same at two looks this far apart: the program rests


class ReadyPicture:
    """The picture a view keeps ready for its next zoom (GraphView._start_snapshot takes it)."""

    def __init__(self, view):
        self.view = view
        self.picture: ZoomSnapshot | None = None
        self._looked = 0  # how many of the scene's items changed in place the picture shows (_repaired)
        self._seen = None  # the view and scene at the last look (see _look)
        self._rest = QTimer(view)  # running while the view is shown
        self._rest.setInterval(REST_MS)
        self._rest.timeout.connect(self._look)
        self._slice = QTimer(view)  # the picture is drawn a slice per idle event-loop turn
        self._slice.setSingleShot(True)
        self._slice.setInterval(0)
        self._slice.timeout.connect(self._draw)

    def start(self) -> None:
        """The view shows: it looks for rest from now on."""
        self._rest.start()

    def stop(self) -> None:
        """The view is hidden (or its scene replaced): no picture is kept."""
        self._rest.stop()
        self._seen = None
        self.drop()

    def prepare(self) -> None:
        """Draw the picture from now (a zoom is near), unless one that suits is there or on its way."""
        if self.picture is not None and self._suits():
            return
        self.drop()
        view, scene = self.view, self.view.scene()
        if scene is None or view.zooming() or not scene.node_items():
            return
        visible, to_view = view._on_screen()
        scale, ratio = view_scale(to_view), view.devicePixelRatioF()
        if not fits(visible, scale, ratio):
            return
        self.picture = ZoomSnapshot(scene, to_view, ratio, visible, view.renderHints(), view.picture_memory)
        self.picture.look = scene.look
        self._looked = scene.watch()  # the scene lists the items changed in place from now
        self._slice.start()

    def take(self) -> ZoomSnapshot | None:
        """The picture, if it suits the view as it is now (a gesture's first step: the view
        owns it from then on); None otherwise."""
        picture = self.picture if self._suits() and self._repaired() else None
        if picture is None:
            self.drop()
        self.picture = None
        self._slice.stop()
        return picture

    def drop(self) -> None:
        self._slice.stop()
        if self.picture is not None:
            self.picture.release()
            self.picture = None

    def _look(self) -> None:
        """Every REST_MS: when the view and its scene look as they did at the last look, the
        program rests, and the picture is drawn unless one that suits is there."""
        view = self.view
        scene = view.scene()
        if scene is None or view.zooming():
            self._seen = None
            return
        visible, to_view = view._on_screen()
        seen = (scene, scene.look, visible, view_scale(to_view), view.devicePixelRatioF())
        rested, self._seen = seen == self._seen, seen
        if self.picture is not None and not (self._suits() and self._repaired()):
            self.drop()  # out of date: drawn again at the next rest
        if rested and self.picture is None:
            self.prepare()

    def _draw(self) -> None:
        """A slice of drawing, while the picture still suits."""
        if self.picture is None:
            return
        if not (self._suits() and self._repaired()):
            self.drop()
            return
        visible = self.view._on_screen()[0]
        if not self.picture.holds(visible):
            self.view.copy_into(self.picture, visible)  # (a slice)
            self._slice.start()
        elif self.picture.draw_ring(visible, time.perf_counter() + IDLE_SLICE):
            self._slice.start()
        else:
            # the cards at the view's edges that the picture drew have fresh device caches (see
            # GraphScene.uncached): the view draws them now, not when it copies itself at the first step
            self.view.viewport().update()

    def _repaired(self) -> bool:
        """The items changed in place since the picture was drawn are drawn again in it (a few
        cards: a ms or two); False if one went beyond it."""
        scene, picture = self.view.scene(), self.picture
        changed = scene.looked_since(self._looked)
        self._looked = len(scene.looked)
        return not changed or picture.take_changes(scene.looked_at(changed), self.view._on_screen()[0])

    def _suits(self) -> bool:
        picture, view = self.picture, self.view
        scene = view.scene()
        if picture is None or scene is None or picture.scene is not scene or picture.look != scene.look:
            return False
        visible, to_view = view._on_screen()
        return (
            picture.scale == view_scale(to_view)
            and picture.ratio == view.devicePixelRatioF()
            and picture.area.contains(visible)
        )
