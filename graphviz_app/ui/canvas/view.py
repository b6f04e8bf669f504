"""GraphView: zoom, pan, rubber-band selection, keyboard editing, drops from the palette."""

from __future__ import annotations

import json
import time

from PySide6.QtCore import SIGNAL, SLOT, QCoreApplication, QEvent, QObject, QPoint, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QCursor, QKeySequence, QPainter, QPixmapCache, QRegion, QTransform
from PySide6.QtWidgets import QGraphicsView, QMenu, QWidget

from .. import clipboard
from ..catalog import MIME_TYPE
from ..commands import LayoutCommand, try_push
from . import node_actions
from .add_menu import fill_add_menu
from .context_menu import build_context_menu
from .edge_item import EdgeItem
from .grid import draw_grid
from .node_item import NodeItem
from .port_item import PortItem
from .ready_picture import ReadyPicture
from .zoom_snapshot import IDLE_SLICE, STEP_BUDGET, PictureMemory, ZoomSnapshot, fits, grown, picture_size, view_scale

NODE_MIME = MIME_TYPE  # what the palette's drags carry
MIN_ZOOM, MAX_ZOOM = 0.08, 4.0
ZOOM_STEP = 1.2
FIT_MAX_ZOOM = 1.0  # zoom to fit never blows a small graph up beyond its natural size
FIT_MARGIN = 40.0
# keys the animation binds as window shortcuts while an overlay is shown
ZOOM_SETTLE_MS = 250  # this long after the last zoom step, nodes are drawn sharp again
RENEW_TIME = 0.004  # seconds: about what making a new picture from the old one takes
RESERVE_MS = 1000  # this long after the view shows or resizes, memory for its first zoom picture is made
# the node caches live in QPixmapCache; Qt's default 10 MB holds about a hundred cards at 100 %,
# so a larger graph on screen would evict and repaint its cards at every frame
PIXMAP_CACHE_KB = 96 * 1024
ANIMATION_KEYS = {Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End}
ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}


class GraphView(QGraphicsView):
    def __init__(self, scene, parent=None):
        super().__init__(scene, parent)
        # Qt's view does not own its scene, nor does PySide keep it alive for the view: a scene
        # collected while shown would be deleted in the middle of a paint
        self._scene_kept = scene
        self.grid_visible = True
        self._pan_from: QPointF | None = None
        self._space_held = False
        self._quick_add = None
        # after opening a document the whole graph should show; until the user zooms or pans,
        # later resizes (window shown, maximised, docks restored) fit it again
        self._fit_pending = False
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(self._cancel_pending_fit)  # only user actions emit it
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        # A viewport made here, not the one Qt makes: the first Python wrapper of a widget Qt made
        # itself costs PySide a search for its class (about 10 ms, and the window shows that much later).
        self.setViewport(QWidget())
        # the scene's opaque background brush covers the viewport: filling it first with the
        # palette colour too would cost a whole-window fill at every zoom step
        self.viewport().setAutoFillBackground(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
        self._snapshot: ZoomSnapshot | None = None  # while the view zooms: drawn in the items' place
        self.picture_memory = PictureMemory()  # the pixels of its pictures, from one to the next
        self._reserve_memory = QTimer(self)  # made a while after the view shows or resizes, while idle
        self._reserve_memory.setSingleShot(True)
        self._reserve_memory.setInterval(RESERVE_MS)
        self._reserve_memory.timeout.connect(self._reserve_picture_memory)
        self.ready_picture = ReadyPicture(self)  # drawn while the program rests, for the next zoom's first step
        self._gesture = False  # a zoom gesture in progress (the scene hears of its zoom when it settles)
        self._items_only = False  # painting the items alone: see _draw_items
        self._zoom_settle = QTimer(self)
        self._zoom_settle.setSingleShot(True)
        self._zoom_settle.setInterval(ZOOM_SETTLE_MS)
        self._zoom_settle.timeout.connect(self._end_gesture)
        self._ahead = QTimer(self)  # between the steps of a gesture, while idle: the picture is drawn ahead
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(0)
        self._ahead.timeout.connect(self._draw_ahead)
        self._idle_since_step = False  # whether the picture was drawn ahead while idle since the last step
        self._zoom_changed()

    # ================================================================= drawing
    def drawBackground(self, painter, rect) -> None:
        if self._items_only:
            return  # the zoom snapshot's picture of the items alone (see _draw_items)
        super().drawBackground(painter, rect)
        if self.grid_visible:
            draw_grid(painter, rect, self.scene().theme, self.scene().grid_size, self.zoom())

    def set_grid_visible(self, on: bool) -> None:
        self.grid_visible = on
        self.refresh_background()

    def refresh_background(self) -> None:
        self.resetCachedContent()
        self.viewport().update()

    # ==================================================================== zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def scale(self, sx: float, sy: float) -> None:
        """Zooming, as a step of a gesture: the view shows a picture of its items, scaled (see
        zoom_snapshot), and draws them sharp again a moment after the last step."""
        started = time.perf_counter()
        self._zoom_settle.start()
        picture = self._snapshot is not None or self._start_snapshot()
        super().scale(sx, sy)
        if picture:
            # a step draws ahead itself only while the steps come back to back: when the program was
            # idle since the last one, it drew ahead then, and will again before the next
            budget = 0.0 if self._idle_since_step else STEP_BUDGET
            self._idle_since_step = False
            self._snapshot_step(started + budget)  # the scene hears of the new zoom when the gesture settles
        else:
            self._zoom_changed()

    # every way Python code changes the zoom tells the scene (edges look different zoomed far out)
    def setTransform(self, matrix, combine: bool = False) -> None:
        super().setTransform(matrix, combine)
        self._jumped()

    def resetTransform(self) -> None:
        super().resetTransform()
        self._jumped()

    def fitInView(self, *args) -> None:
        super().fitInView(*args)
        self._jumped()

    def _jumped(self) -> None:
        """The zoom changed in one jump, not as a step of a gesture: a gesture in progress ends,
        and the scene hears of the new zoom."""
        self._end_gesture()
        self._zoom_changed()

    def setScene(self, scene) -> None:
        self._end_gesture()  # (on the scene it began on)
        self.ready_picture.drop()
        super().setScene(scene)
        self._scene_kept = scene
        self._zoom_changed()

    def _zoom_changed(self) -> None:
        scene = self.scene()
        if scene is not None:
            scene.set_view_zoom(self.zoom(), self.devicePixelRatioF())

    def zooming(self) -> bool:
        """Whether a zoom gesture is in progress (until it settles)."""
        return self._gesture

    def _start_snapshot(self) -> bool:
        """A gesture's first step, before the zoom changes: the picture is the one made while the
        program rested, if it still suits (ready_picture), or a new one. What it lacks of the view
        is copied from the view's own image of its items, which the cards draw from their device
        caches (a few ms, where drawing a few hundred cards afresh takes 20-50)."""
        scene = self.scene()
        if scene is None or not self.rubberBandRect().isNull():
            return False
        visible, to_view = self._on_screen()
        scale, ratio = view_scale(to_view), self.devicePixelRatioF()
        snapshot = self.ready_picture.take()
        if snapshot is not None:
            self._idle_since_step = True  # the ring this step shows was drawn ahead
        elif not scene.node_items() or not fits(visible, scale, ratio):
            return False
        else:
            snapshot = ZoomSnapshot(scene, to_view, ratio, visible, self.renderHints(), self.picture_memory)
        if not snapshot.holds(visible):
            self.copy_into(snapshot, visible)
        self._gesture = True
        self._set_snapshot(snapshot)
        return True

    def copy_into(self, snapshot: ZoomSnapshot, visible: QRectF) -> None:
        """What the view shows of its items, into a picture at its zoom (`visible`: what it shows)."""
        snapshot.start_from_view(self._draw_items, self._device_size(), visible)

    def _draw_items(self, painter: QPainter) -> None:
        """What the viewport shows of its items alone (no background, no grid), onto `painter`."""
        mode = self.cacheMode()
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)  # the cached background holds the grid
        self._items_only = True
        try:
            with self.scene().items_only():
                self.viewport().render(painter, QPoint(), QRegion(), QWidget.RenderFlag(0))
        finally:
            self._items_only = False
            self.setCacheMode(mode)
            self.resetCachedContent()

    def _device_size(self) -> QSize:
        ratio, size = self.devicePixelRatioF(), self.viewport().size()
        return QSize(round(size.width() * ratio), round(size.height() * ratio))

    def _snapshot_step(self, deadline: float | None = None) -> None:
        """The view zoomed or scrolled: the picture is made to suit it (a new one, started from the
        old, when it is 2x off or does not reach), then what it lacks of the view is drawn, and
        until `deadline`, what refine draws (the next ring ahead, parts scaled from an older
        picture, rings further ahead); the rest is drawn ahead while idle (_draw_ahead)."""
        snapshot = self._snapshot
        visible, to_view = self._on_screen()
        scale, ratio = view_scale(to_view), self.devicePixelRatioF()
        if not snapshot.usable(visible, scale):
            if not fits(visible, scale, ratio):
                self._drop_snapshot()  # too large a picture: the items draw themselves
                return
            if scale[0] > snapshot.scale[0] and not self._restyle_edges_for(snapshot):
                return  # a change went beyond the picture: the items draw themselves
            # zooming out, edges keep their look until the gesture settles: restyling a thousand
            # costs a frame, and their pens scaled down look like the thin pens they would take
            # (thin_edge_pen), their labels hiding at paint time when small
            snapshot = self._renew_snapshot(visible, to_view, ratio)
        snapshot.fill(visible)
        if deadline is not None:
            if deadline - time.perf_counter() >= RENEW_TIME and self._renew_ahead(visible, to_view, ratio):
                snapshot = self._snapshot
            snapshot.refine(visible, deadline)
            self._ahead.start()

    def _renew_snapshot(self, visible: QRectF, to_view: QTransform, ratio: float) -> ZoomSnapshot:
        """A new picture at the view's zoom, started from the old one."""
        older = self._snapshot
        newer = ZoomSnapshot(self.scene(), to_view, ratio, visible, self.renderHints(), self.picture_memory)
        newer.start_from(older)
        self._set_snapshot(newer)  # (the old one gives its memory back)
        return newer

    def _draw_ahead(self) -> None:
        """While the program waits for the gesture's next step: a slice of drawing ahead (the steps
        of a gesture come tens of ms apart; a step that finds its ring drawn costs little). Zooming
        out, a picture that the next step (ZOOM_STEP) would take too far is made anew now."""
        snapshot = self._snapshot
        if snapshot is None:
            return
        self._idle_since_step = True
        visible, to_view = self._on_screen()
        if self._renew_ahead(visible, to_view, self.devicePixelRatioF()):
            self._ahead.start()  # (a slice taken)
            return
        if snapshot.refine(visible, time.perf_counter() + IDLE_SLICE, at_least_one=True):
            self._ahead.start()

    def _renew_ahead(self, visible: QRectF, to_view: QTransform, ratio: float) -> bool:
        """Zooming out, a picture that the next step (ZOOM_STEP) would take too far is made anew
        now, while there is time (the step that needs it would make it and draw its ring at once):
        True if it was."""
        snapshot = self._snapshot
        scale = view_scale(to_view)
        farther = (scale[0] / ZOOM_STEP, scale[1] / ZOOM_STEP)
        if (
            scale[0] < snapshot.scale[0]
            and not snapshot.usable(grown(visible, ZOOM_STEP), farther)
            and snapshot.usable(visible, scale)
            and fits(visible, scale, ratio)
        ):
            self._renew_snapshot(visible, to_view, ratio).fill(visible)
            return True
        return False

    def _restyle_edges_for(self, snapshot: ZoomSnapshot) -> bool:
        """Zooming in to a new picture: edges take their look at the new zoom (thin pens and hidden
        labels far out would show too faint, or missing, closer in). The changes made so far go to
        the old picture, which the new one starts from; the restyle's own are not taken, as the
        new picture draws all it shows anyway (what it copies at another scale is drawn again).
        False when a change went beyond the old picture, which is then dropped."""
        scene = self.scene()
        QCoreApplication.sendPostedEvents(scene, QEvent.Type.MetaCall)
        if self._snapshot is not snapshot:
            return False
        self._snapshot = None
        try:
            self._zoom_changed()
            QCoreApplication.sendPostedEvents(scene, QEvent.Type.MetaCall)
        finally:
            self._snapshot = snapshot
        return True

    def _set_snapshot(self, snapshot: ZoomSnapshot | None) -> None:
        """While a snapshot is in use the view follows the scene's `changed` signal, which reports
        every changed part of the scene. Qt sends item updates straight to the views only while
        nothing is connected to that signal (and then connects the views to it, which makes each
        keyboard step of the animation about 3x slower to draw): so the view connects only for the
        gesture, passes the changes on itself, and undoes Qt's connection afterwards."""
        scene = self.scene()
        if scene is not None and (snapshot is None) != (self._snapshot is None):
            if snapshot is not None:
                scene.changed.connect(self._scene_changed)
            else:
                scene.changed.disconnect(self._scene_changed)
                QObject.disconnect(scene, SIGNAL("changed(QList<QRectF>)"), self, SLOT("updateScene(QList<QRectF>)"))
        if self._snapshot is not None and self._snapshot is not snapshot:
            self._snapshot.release()
        self._snapshot = snapshot

    def _drop_snapshot(self) -> None:
        """The items are drawn again, all of the view."""
        self._set_snapshot(None)
        self.viewport().update()

    def _on_screen(self) -> tuple[QRectF, QTransform]:
        """What the view shows (scene coordinates) and the map from the scene to its pixels."""
        return self.mapToScene(self.viewport().rect()).boundingRect(), self.viewportTransform()

    def _scene_changed(self, rects) -> None:
        """Items changed (the scene says where, once per event-loop turn, before the view repaints):
        the zoom snapshot draws them again, or gives way to the items if they went beyond it."""
        if self._snapshot is not None and rects and not self._snapshot.take_changes(rects, self._on_screen()[0]):
            self._drop_snapshot()
        self.updateScene(rects)  # what Qt's own connection would do (undone when the gesture ends)

    def _end_gesture(self) -> None:
        """The gesture settled: the items are drawn sharp at the new zoom, from fresh device caches,
        and the scene hears of the zoom (deferred while the picture stood in for the items)."""
        self._zoom_settle.stop()
        self._ahead.stop()
        self._idle_since_step = False
        if not self._gesture:
            return
        self._gesture = False
        if self._snapshot is not None:
            self._drop_snapshot()
        self._zoom_changed()

    def paintEvent(self, event) -> None:
        if self._snapshot is not None and self.rubberBandRect().isNull():  # (a snapshot implies a scene)
            # the scene reports changed items one event-loop turn late: changes made since then
            # (this turn's, before a repaint or a grab) are taken into the picture first
            QCoreApplication.sendPostedEvents(self.scene(), QEvent.Type.MetaCall)
            if self._snapshot is not None:  # (unless a change went beyond it)
                self._snapshot_step()  # scrolled or resized since the last step: draw what it lacks
        snapshot = self._snapshot
        if snapshot is None or not self.rubberBandRect().isNull():
            super().paintEvent(event)
            return
        region = event.region()
        exposed = self.mapToScene(region.boundingRect()).boundingRect()
        painter = QPainter(self.viewport())
        try:
            painter.setClipRegion(region)
            painter.setRenderHints(self.renderHints())
            painter.setWorldTransform(self.viewportTransform())
            self.drawBackground(painter, exposed)
            snapshot.draw(painter)
            self.drawForeground(painter, exposed)
        finally:
            painter.end()

    def set_zoom(self, factor: float) -> None:
        self._fit_pending = False
        self._apply_zoom(factor)

    def _apply_zoom(self, factor: float, gesture: bool = True) -> None:
        """Zoom to factor: as a step of a gesture (pictures scaled until it settles), or as one jump."""
        factor = min(max(factor, MIN_ZOOM), MAX_ZOOM)
        current = self.zoom()
        if current > 0 and abs(factor - current) > 1e-9:
            if gesture:
                self.scale(factor / current, factor / current)
            else:
                super().scale(factor / current, factor / current)
                self._jumped()
            self.refresh_background()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def zoom_reset(self) -> None:
        """Actual size: one jump, as zoom to fit (no gesture's scaled picture, sharp at once)."""
        self._fit_pending = False
        self._apply_zoom(1.0, gesture=False)

    def zoom_to_fit(self) -> None:
        self._fit()
        self._fit_pending = False

    def fit_document(self) -> None:
        """Fit a newly opened graph now, and again when the viewport gets its real size."""
        self._fit()
        self._fit_pending = True

    def _fit(self) -> None:
        rect = self.scene().items_bounding_rect()
        if rect.isNull():
            self._apply_zoom(1.0, gesture=False)
            self.centerOn(0, 0)
            return
        # the margin is in screen pixels, so a large graph zoomed far out still keeps clear of the edges
        port = self.viewport().rect()
        room_w, room_h = port.width() - 2 * FIT_MARGIN, port.height() - 2 * FIT_MARGIN
        zoom = (
            min(room_w / max(rect.width(), 1.0), room_h / max(rect.height(), 1.0))
            if room_w > 0 and room_h > 0
            else MIN_ZOOM
        )
        self._apply_zoom(min(max(zoom, MIN_ZOOM), FIT_MAX_ZOOM), gesture=False)
        self.centerOn(rect.center())
        self.refresh_background()
        self._end_gesture()  # one jump, not a gesture: draw sharp at the new zoom at once

    def _cancel_pending_fit(self, *_args) -> None:
        self._fit_pending = False

    def _reserve_picture_memory(self) -> None:
        visible, to_view = self._on_screen()
        self.picture_memory.reserve(*picture_size(visible, view_scale(to_view), self.devicePixelRatioF()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._reserve_memory.start()
        if self._fit_pending:
            self._fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._reserve_memory.start()
        self.ready_picture.start()
        if self._fit_pending:
            self._fit()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.ready_picture.stop()

    def wheelEvent(self, event) -> None:
        self._fit_pending = False
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.set_zoom(self.zoom() * (ZOOM_STEP**steps))
            event.accept()
            return
        super().wheelEvent(event)

    # ============================================================ mouse / pan
    def mousePressEvent(self, event) -> None:
        panning = event.button() == Qt.MouseButton.MiddleButton or (
            self._space_held and event.button() == Qt.MouseButton.LeftButton
        )
        if panning:
            self._fit_pending = False
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan_from is not None and event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._pan_from = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space_held else Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mouseDoubleClickEvent(event)
        item = self._node_at(event.position().toPoint())
        if item is None:
            self.open_quick_add(self.mapToGlobal(event.position().toPoint()))
        elif item.kind in ("variable", "constant"):
            node_actions.edit_value(self, self.scene(), item.node_id)
        elif node_actions.has_params(self.scene(), item.node_id):
            node_actions.edit_params(self, self.scene(), item.node_id)
        else:
            node_actions.rename_node(self, self.scene(), item.node_id)
        event.accept()

    def _node_at(self, view_pos) -> NodeItem | None:
        item = self.itemAt(view_pos)
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        return item

    def contextMenuEvent(self, event) -> None:
        item = self.itemAt(event.pos())
        if item is not None and not isinstance(item, (NodeItem, EdgeItem, PortItem)):
            item = item.parentItem()  # a badge belongs to its node
        menu = build_context_menu(self, item, self.mapToScene(event.pos()))
        menu.exec(event.globalPos())

    # ================================================================ keyboard
    def _animation_key(self, event) -> bool:
        return self.scene().overlay is not None and event.key() in ANIMATION_KEYS

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._animation_key(event):
            event.ignore()
            return False
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab and not self.scene().connector.active:
            self.open_quick_add(QCursor.pos())
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if self._animation_key(event):
            event.ignore()
            return
        key = event.key()
        if key == Qt.Key.Key_Control and not event.isAutoRepeat():
            self.ready_picture.prepare()  # Ctrl+wheel zooms: the first step's picture is drawn now
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.setDragMode(QGraphicsView.DragMode.NoDrag)
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if key in ARROWS and self.scene().selected_node_ids():
            dx, dy = ARROWS[key]
            scene = self.scene()
            fine = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            # with snapping on, a step is a whole grid cell, so the cards stay on the grid
            step = 1.0 if fine else scene.grid_size if scene.snap_enabled else scene.grid_size / 2
            scene.nudge_selection(dx * step, dy * step, snap=scene.snap_enabled and not fine)
            event.accept()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):  # (in a window, its Delete action takes these first)
            self.scene().delete_selection()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
            key == Qt.Key.Key_Equal and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.zoom_in()
            return
        if event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if self._animation_key(event):
            event.ignore()
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self._pan_from = None
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    # ========================================================== add / edit
    def scene_pos_under_cursor(self) -> QPointF:
        local = self.viewport().mapFromGlobal(QCursor.pos())
        if not self.viewport().rect().contains(local):
            local = self.viewport().rect().center()
        return self.mapToScene(local)

    def open_quick_add(self, global_pos) -> None:
        """Helper E's searchable popup when present; the full add menu otherwise."""
        local = self.viewport().mapFromGlobal(global_pos)
        if not self.viewport().rect().contains(local):
            local = self.viewport().rect().center()
            global_pos = self.viewport().mapToGlobal(local)
        scene_pos = self.mapToScene(local)
        try:
            from ..quick_add import QuickAddPopup
        except ImportError:
            QuickAddPopup = None
        if QuickAddPopup is None:
            menu = QMenu(self)
            fill_add_menu(menu, lambda kind, op: self.scene().add_node_at(kind, op, scene_pos))
            menu.exec(global_pos)
            return
        if self._quick_add is None:
            self._quick_add = QuickAddPopup(self)
            self._quick_add.chosen.connect(self._quick_add_chosen)
        self._quick_add_pos = scene_pos
        self._quick_add.popup_at(global_pos)

    def _quick_add_chosen(self, kind: str, op) -> None:
        self.scene().add_node_at(kind, op or None, self._quick_add_pos)

    def select_all(self) -> None:
        for item in self.scene().node_items().values():
            item.setSelected(True)

    def copy(self) -> bool:
        return clipboard.copy_nodes(self.scene().graph, self.scene().selected_node_ids())

    def cut(self) -> bool:
        scene = self.scene()
        return clipboard.cut_nodes(scene.graph, scene.undo_stack, scene.selected_node_ids(), scene.statusMessage.emit)

    def paste(self, at: QPointF | None = None) -> None:
        scene = self.scene()
        point = (at.x(), at.y()) if at is not None else None
        command = clipboard.paste(scene.graph, scene.undo_stack, point, scene.statusMessage.emit)
        if command is not None:
            scene.select_nodes(command.new_ids)

    def duplicate(self) -> None:
        scene = self.scene()
        command = clipboard.duplicate_nodes(
            scene.graph, scene.undo_stack, scene.selected_node_ids(), scene.statusMessage.emit
        )
        if command is not None:
            scene.select_nodes(command.new_ids)

    def auto_layout(self) -> None:
        from ...core.autolayout import layered_layout

        scene = self.scene()
        positions = layered_layout(scene.graph)
        changed = {n: p for n, p in positions.items() if tuple(scene.graph.node(n).pos) != tuple(map(float, p))}
        if changed:
            try_push(scene.undo_stack, lambda: LayoutCommand(scene.graph, changed), scene.statusMessage.emit)
        self.zoom_to_fit()

    # =================================================================== drops
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(NODE_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(NODE_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        if not mime.hasFormat(NODE_MIME):
            return super().dropEvent(event)
        try:
            spec = json.loads(bytes(mime.data(NODE_MIME)).decode("utf-8"))
            kind, op = spec["kind"], spec.get("op")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            self.scene().statusMessage.emit("The dropped item is not a node")
            event.ignore()
            return
        self.scene().add_node_at(kind, op, self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()
        self.setFocus()
