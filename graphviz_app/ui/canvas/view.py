"""GraphView: zoom, pan, rubber-band selection, keyboard editing, drops from the palette (palette_drop)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QCursor, QKeySequence, QPainter
from PySide6.QtWidgets import QGraphicsView, QWidget

from ..actions_table import BY_ID, PLAYBACK
from . import framing, node_actions, palette_drop
from .card_finder import CardFinder
from .card_order import select_card_after
from .connect_input import InputConnector
from .edge_item import EdgeItem
from .editing import CanvasEditor
from .empty_hint import EmptyHint
from .grid import draw_grid
from .group_card_item import GroupCardItem
from .group_frame import GroupFrameItem
from .knife import Knife
from .node_item import NodeItem
from .pan import Pan
from .quick_add_opener import QuickAddOpener
from .title_editor import TitleEditor, editor_takes, title_rect
from .zoom import FIT_MIN_ZOOM, MIN_ZOOM, ZOOM_STEP, ZoomGesture, clamp_zoom

# the animation's playback keys (window shortcuts): while an overlay is shown the canvas leaves
# them to the window (its own Space pans, its arrows move cards)
ANIMATION_KEYS = frozenset(QKeySequence(key)[0].key() for a in PLAYBACK for key in BY_ID[a].shortcuts)
ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}


class GraphView(QGraphicsView):
    # a right-click (not the knife's) on item (a card, an edge, a group; None: the empty canvas),
    # at a scene point and a screen point: the window shows its menu (ui/canvas_menus.py)
    menuRequested = Signal(object, QPointF, QPoint)
    zoomed = Signal()  # the user zoomed (the keys, the wheel, Zoom to Fit, Actual Size)

    def __init__(self, scene, parent=None):
        # (first: events arrive while the view is being set up)
        self.knife = Knife(self)  # Ctrl + right-drag cuts edges
        self.title_editor = TitleEditor(self)  # a double-click on a card's title renames it in place
        self.input_connector = InputConnector(self)  # Connect Input… (Shift+Tab): a card's input from the keyboard
        self.card_finder = CardFinder(self)  # Find Card… (Ctrl+F): a card by its name
        super().__init__(scene, parent)
        self.card_finder.setParent(self)
        self.input_connector.setParent(self)  # (destroyed with the view: never left to the garbage collector)
        # Qt's view does not own its scene, nor does PySide keep it alive for the view: a scene
        # collected while shown would be deleted in the middle of a paint
        self._scene_kept = scene
        self.editor: CanvasEditor | None = CanvasEditor(
            self, scene, scene.undo_stack
        )  # what keys, menus and drops edit
        self.grid_visible = True
        self.pan = Pan(self)  # a middle drag, or a left drag while Space is held
        self.quick_add = QuickAddOpener(self)  # a double-click on the empty canvas, or Tab: add a node there
        # after opening a document the whole graph should show; until the user zooms or pans,
        # later resizes (window shown, maximised, docks restored) fit it again
        self._fit_pending = False
        self._readable_fit = False  # fitting an opened graph: not below READABLE_ZOOM
        self._fit_focus: QRectF | None = None  # and on this card when it is too large to read whole
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
        # palette colour too would cost a whole-window fill at every frame
        self.viewport().setAutoFillBackground(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.gesture = ZoomGesture(self)  # (zoom.py: everything that depends on the zoom)
        self.empty_hint = EmptyHint(self)  # (on the viewport made above)
        self.empty_hint.follow(scene)

    def setScene(self, scene) -> None:
        self.gesture.settle()  # (on the scene it began on)
        super().setScene(scene)
        self.gesture.show_detail()
        self._scene_kept = scene
        self.editor = CanvasEditor(self, scene, scene.undo_stack) if scene is not None else None
        self.empty_hint.follow(scene)

    # ================================================================= drawing
    def drawBackground(self, painter, rect) -> None:
        super().drawBackground(painter, rect)
        if self.grid_visible:
            draw_grid(painter, rect, self.scene().theme, self.scene().grid_size, self.zoom())

    def set_grid_visible(self, on: bool) -> None:
        self.grid_visible = on
        self.refresh_background()

    def refresh_background(self) -> None:
        self.resetCachedContent()
        self.viewport().update()

    def paintEvent(self, event) -> None:
        scene = self.scene()
        if scene is not None and scene.overlay_presenter.overlay is not None:  # (the animation's title stays in view)
            scene.overlay_presenter.view_moved(self.mapToScene(self.viewport().rect()).boundingRect(), self.zoom())
        super().paintEvent(event)

    # ==================================================================== zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def zooming(self) -> bool:
        """Whether a zoom gesture is in progress (until it settles)."""
        return self.gesture.active

    def set_zoom(self, factor: float) -> None:
        """Zoom to factor, as a step of a gesture (the wheel, the zoom keys): not below MIN_ZOOM,
        unless the graph fits only further out (then down to where it fits, as Zoom to Fit)."""
        self._fit_pending = False
        current = self.zoom()
        if factor >= MIN_ZOOM or factor >= current:  # (a zoom in below MIN_ZOOM stays below it)
            floor = min(MIN_ZOOM, current)
        else:  # only a zoom out below MIN_ZOOM reads the graph's extent (a pass over every card and edge)
            floor = min(MIN_ZOOM, current, max(self.fit_zoom(), FIT_MIN_ZOOM))
        factor = clamp_zoom(factor, floor)
        if current > 0 and abs(factor - current) > 1e-9:
            self.gesture.step(factor / current)
            self.refresh_background()
            self.zoomed.emit()

    def jump_to(self, factor: float, floor: float = MIN_ZOOM) -> None:
        """Zoom to factor in one jump: drawn sharp at once."""
        factor, current = clamp_zoom(factor, floor), self.zoom()
        if current > 0 and abs(factor - current) > 1e-9:
            self.scale(factor / current, factor / current)
        self.gesture.settle()
        self.refresh_background()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def zoom_reset(self) -> None:
        """Actual size, about the selection when there is one (it is what the user works on), else
        about the view's centre."""
        self._fit_pending = False
        selected = framing.selection_rect(self)
        middle = framing.shown_rect(self).center() if selected is None else selected.center()
        self.jump_to(1.0)
        self.centerOn(middle)
        self.zoomed.emit()

    def zoom_to_fit(self) -> None:
        self._readable_fit, self._fit_focus = False, None  # asked for: the whole graph, however small
        self._fit()
        self._fit_pending = False
        self.zoomed.emit()

    def zoom_to_selection(self) -> None:
        """The selected cards (and wires) as large as the viewport shows them whole, up to
        FIT_MAX_ZOOM (actual size); without a selection, the whole graph."""
        selected = framing.selection_rect(self)
        if selected is None:
            self.zoom_to_fit()
            return
        self._fit_pending = False
        self.jump_to(framing.fit_zoom(self, selected), FIT_MIN_ZOOM)
        self.centerOn(selected.center())
        self.zoomed.emit()

    def fit_document(self, focus: QRectF | None = None) -> None:
        """Show a newly opened graph whole if it fits at a readable zoom, else at that zoom on its
        inputs (on `focus`, a card's rect, when given); again when the viewport gets its real size."""
        self._readable_fit, self._fit_focus = True, focus
        self._fit()
        self._fit_pending = True

    def fit_zoom(self, rect: QRectF | None = None) -> float:
        """The zoom that shows the whole graph (rect: its bounding rect) with FIT_MARGIN around it,
        at most FIT_MAX_ZOOM; it may be below FIT_MIN_ZOOM, where Zoom to Fit stops."""
        return framing.fit_zoom(self, self.scene().items_bounding_rect() if rect is None else rect)

    def fits_whole(self) -> bool:
        """Whether Zoom to Fit shows the whole graph (a graph too large even at FIT_MIN_ZOOM does not)."""
        return self.fit_zoom() >= FIT_MIN_ZOOM

    def _fit(self) -> None:
        framing.fit(self, self._readable_fit, self._fit_focus)

    def shows_whole_graph(self) -> bool:
        """Whether every card is in view (an opened graph too large to read whole is not)."""
        return framing.shown_rect(self).contains(self.scene().items_bounding_rect())

    def show_rect(self, rect: QRectF) -> None:
        """Bring rect (scene coordinates) into view, with a margin, by the least pan; a rect already
        shown whole moves nothing (the view stays where the user put it)."""
        if framing.show_rect(self, rect):
            self._fit_pending = False  # the user now sees this part of the graph: a resize keeps it

    def show_found(self, rect: QRectF) -> None:
        """Bring a card found by name into view, readably (framing.show_found)."""
        if framing.show_found(self, rect):
            self._fit_pending = False

    def show_step(
        self, current: QRectF, connected: list[QRectF], zoom_in: bool = False, labels: list[QRectF] = ()
    ) -> None:
        """Bring an animation step into view (framing.show_step): its current card with the cards
        its arrows connect, centred below the banner, when they all fit at a readable zoom, else the
        current card centred. Zoomed in to
        read it, when too far out, on a pass's first step (zoom_in) or while the view is as opened;
        else a zoom the user chose stays, however far out (to watch a large pass run as a whole).
        `labels`: the connected cards' badges, brought in with them when they fit."""
        if framing.show_step(self, current, connected, zoom_in or self._fit_pending, labels):
            self._fit_pending = False

    def show_group(self, group: QRectF, downstream: list[QRectF], upstream: list[QRectF]) -> None:
        """Bring a group dived into into view, with the cards wired to it when they fit at a
        readable zoom (framing.show_group)."""
        framing.show_group(self, group, downstream, upstream)
        self._fit_pending = False

    def _cancel_pending_fit(self, *_args) -> None:
        self._fit_pending = False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.empty_hint.place()
        if self._fit_pending:
            self._fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.empty_hint.place()  # (its resize came before: the hint was not placed in a view not shown)
        if self._fit_pending:
            self._fit()

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
        if self.knife.press(event):
            self.title_editor.commit()  # a press elsewhere ends a rename
            return
        if self.pan.press(event):
            self._fit_pending = False
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self.knife.move(event):
            return
        if self.pan.move(event):
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self.knife.release(event):
            return
        if self.pan.release(event):
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.title_editor.editing:
            return super().mouseDoubleClickEvent(event)  # (in the title editor: selects a word)
        group = self._group_at(event.position().toPoint())
        if group is not None:  # a group's title or its card: collapse or expand it
            self.scene().groups.toggle(group.group_id)
            event.accept()
            return
        item = self._node_at(event.position().toPoint())
        if item is not None and title_rect(item).contains(self.mapToScene(event.position().toPoint())):
            self.title_editor.open(item)
        elif item is None:
            self.quick_add.open(self.mapToGlobal(event.position().toPoint()))
        elif item.kind in ("variable", "constant"):
            node_actions.edit_value(self, self.scene(), item.node_id)
        elif node_actions.has_params(self.scene(), item.node_id):
            node_actions.edit_params(self, self.scene(), item.node_id)
        else:
            self.title_editor.open(item)  # an op with nothing else to edit: its name
        event.accept()

    def _node_at(self, view_pos) -> NodeItem | None:
        item = self.itemAt(view_pos)
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        return item

    def _group_at(self, view_pos) -> GroupFrameItem | GroupCardItem | None:
        item = self.itemAt(view_pos)
        return item if isinstance(item, (GroupFrameItem, GroupCardItem)) else None

    def contextMenuEvent(self, event) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse and self.knife.takes_menu(event):
            return  # Ctrl + right button: the knife's, even without a drag
        item = self.itemAt(event.pos())
        if item is not None and not isinstance(item, (NodeItem, EdgeItem, GroupFrameItem, GroupCardItem)):
            item = item.parentItem()  # a badge belongs to its node
        self.menuRequested.emit(item, self.mapToScene(event.pos()), event.globalPos())

    # ================================================================ keyboard
    def _animation_key(self, event) -> bool:
        return self.scene().overlay_presenter.overlay is not None and event.key() in ANIMATION_KEYS

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:  # (moved to another screen)
            self.gesture.show_detail()
        if self.title_editor.editing and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            if event.type() == QEvent.Type.ShortcutOverride and editor_takes(event):
                event.accept()  # the title editor's, not the window's (Ctrl+D would duplicate the card)
                return True
            return super().event(event)  # (the scene hands keys to the editor)
        if event.type() == QEvent.Type.ShortcutOverride and self.knife.active and event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc cancels the cut (not the animation)
            return True
        if event.type() == QEvent.Type.ShortcutOverride and self._animation_key(event):
            event.ignore()
            return False
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Tab
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # (Ctrl+Tab: the panes')
            and not self.scene().connector.active
        ):
            if not self.scene().gestures.wire_drop.open_beside(self):  # one card selected: what takes its output
                self.quick_add.open(QCursor.pos(), pointed=False)
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if self.title_editor.editing:
            return super().keyPressEvent(event)  # typing a name: Space, arrows and Backspace edit it
        if self._animation_key(event):
            event.ignore()
            return
        key = event.key()
        if key in ARROWS and self.scene().overlay_presenter.overlay is not None:
            event.accept()  # the arrows are the animation's: ↑/↓ (and ←/→ at either end) move no card
            return
        if key == Qt.Key.Key_Escape and self.knife.active:
            self.knife.cancel()
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self.scene().selectedItems():
            self.scene().clearSelection()  # (so Tab adds a node fed by nothing)
            event.accept()
            return
        if self.pan.key_press(event):  # Space held: a left drag pans
            return
        if key in ARROWS and self.scene().selected_node_ids():
            dx, dy = ARROWS[key]
            scene = self.scene()
            fine = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            # with snapping on, a step is a whole grid cell, so the cards stay on the grid
            step = 1.0 if fine else scene.grid_size if scene.snap_enabled else scene.grid_size / 2
            self.editor.nudge_selection(dx * step, dy * step, snap=scene.snap_enabled and not fine)
            event.accept()
            return
        super().keyPressEvent(event)  # (Delete, the zoom keys: the window's actions, actions_table)

    def keyReleaseEvent(self, event) -> None:
        if self.title_editor.editing:
            return super().keyReleaseEvent(event)
        if self._animation_key(event):
            event.ignore()
            return
        if self.pan.key_release(event):
            return
        super().keyReleaseEvent(event)

    # ============================================================ selection
    def select_following_card(self) -> None:
        select_card_after(self, 1)

    def select_preceding_card(self) -> None:
        select_card_after(self, -1)

    def select_all(self) -> None:
        scene = self.scene()
        # (not the cards hidden in a collapsed group: Qt selects no hidden item)
        scene.select_items([*scene.node_items().values(), *scene.groups.cards.values()])

    def auto_layout(self) -> None:
        """Arrange the graph (the editor's undo step); the view follows it (layout_view), as it
        follows its Undo and Redo."""
        if self.editor is not None:
            self.editor.auto_layout()

    # =================================================================== drops
    def dragEnterEvent(self, event) -> None:
        if not palette_drop.enter(self, event):
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if not palette_drop.move(self, event):
            super().dragMoveEvent(event)

    def dragLeaveEvent(self, event) -> None:
        palette_drop.leave(self)
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:
        if not palette_drop.drop(self, event):
            super().dropEvent(event)
