"""GraphScene: the items of a core Graph, kept in step with the model's events.

The scene re-evaluates the graph after every change (coalesced: one evaluation
per event-loop turn, or at once when `evaluation` is read) and shows on each
node its shape, a value preview and any error. The animation draws on top of
it through `set_overlay`; export renders it inside `clean_render()`.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import QGraphicsScene

from ...core.errors import UserError
from ...core.graph import Graph
from ...core.naming import describe, display_labels
from ..commands import AddNodeCommand, MoveNodesCommand, RemoveNodesCommand, try_push
from ..overlay import SceneOverlay
from . import overlay_layout
from .connect_drag import ConnectDrag
from .edge_item import EdgeItem, ViewZoom, view_detail
from .labels import shape_text, value_preview
from .node_item import NodeItem, NodeState
from .overlay_items import BadgeItem, MarkerItem, TitleItem
from .port_item import PortItem
from .theme import Theme, current_theme

EdgeKey = tuple[str, str, int]
GROW = 1500.0  # free room kept around the graph so it can be panned and extended


class GraphScene(QGraphicsScene):
    evaluated = Signal(object)
    selectedNodeChanged = Signal(object)
    statusMessage = Signal(str)

    def __init__(self, graph: Graph, undo_stack, parent=None):
        super().__init__(parent)
        self.graph = graph
        self.undo_stack = undo_stack
        self.theme: Theme = current_theme()
        self.clean_mode = False
        self.view_zoom: ViewZoom | None = None  # the view's, as edges were last told (set_view_zoom)
        self._titled: int | None = None  # the graph's version when the cards' titles were given
        self.snap_enabled = False
        self.grid_size = 20.0
        self.dragging_items = False
        self._nodes: dict[str, NodeItem] = {}
        self._edges: dict[EdgeKey, EdgeItem] = {}
        self._overlay: SceneOverlay | None = None
        self._badges: dict[str, BadgeItem] = {}
        # kept from step to step until a node moves: the cards' places, the graph's extent, where
        # each badge went (a step then re-places only the badges its changes touch)
        self._cards: overlay_layout.RectIndex | None = None
        self._cards_rect: QRectF | None = None
        self._badge_places: dict = {}
        self._shown: SceneOverlay | None = None  # the overlay the items show (None: redo all of it)
        self._marker: MarkerItem | None = None
        self._title: TitleItem | None = None
        self._evaluation = None
        self._dirty = False
        self._last_problem: str | None = None
        self._selected: str | None = None
        self.connector = ConnectDrag(self)
        self._eval_timer = QTimer(self)
        self._eval_timer.setSingleShot(True)
        self._eval_timer.setInterval(0)
        self._eval_timer.timeout.connect(self.refresh_evaluation)
        # items move only while dragged, and every repaint asks "what is in this rectangle?":
        # a BSP index answers without calling each item's Python boundingRect()
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setSceneRect(QRectF(-2000, -1500, 4000, 3000))
        self.setBackgroundBrush(self.theme.canvas)
        self.selectionChanged.connect(self._on_selection_changed)
        graph.subscribe(self._on_model)
        self._rebuild()

    def detach(self) -> None:
        """Stop following the model (the window is closing)."""
        self.graph.unsubscribe(self._on_model)
        self._eval_timer.stop()

    # ================================================================== lookup
    def node_item(self, node_id: str) -> NodeItem | None:
        return self._nodes.get(node_id)

    def edge_item(self, key) -> EdgeItem | None:
        return self._edges.get(tuple(key))

    def node_items(self) -> dict[str, NodeItem]:
        return self._nodes

    def edge_items(self) -> dict[EdgeKey, EdgeItem]:
        return self._edges

    def port_pos(self, node_id: str, is_output: bool, index: int = 0) -> QPointF:
        return self._nodes[node_id].port(is_output, index).scene_center()

    def selected_node_ids(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_edge_keys(self) -> list[EdgeKey]:
        return [i.key for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def select_nodes(self, node_ids) -> None:
        self.clearSelection()
        for nid in node_ids:
            item = self._nodes.get(nid)
            if item is not None:
                item.setSelected(True)

    # ============================================================ model events
    def _on_model(self, event: str, payload) -> None:
        if event == "node_added":
            self._add_node_item(payload)
        elif event == "node_removed":
            item = self._nodes.pop(payload, None)
            self._badges.pop(payload, None)
            self._forget_layout()
            self._shown = None  # the next overlay is given to every item afresh
            if item is not None:
                self.removeItem(item)
        elif event == "edge_added":
            self._add_edge_item(tuple(payload))
        elif event == "edge_removed":
            key = tuple(payload)
            item = self._edges.pop(key, None)
            if item is not None:
                item.src_item.edge_items.discard(item)
                item.dst_item.edge_items.discard(item)
                self.removeItem(item)
            dst = self._nodes.get(key[1])
            if dst is not None:
                dst.inputs[key[2]].set_connected(False)
        elif event == "node_changed":
            item = self._nodes.get(payload)
            if item is not None:
                item.refresh()
        elif event == "node_moved":
            item = self._nodes.get(payload)
            if item is not None:
                x, y = self.graph.node(payload).pos
                if (item.pos().x(), item.pos().y()) != (x, y):
                    item.setPos(x, y)
                    self.node_item_moved(item)
                self._grow_to(item.sceneBoundingRect())
            return  # positions do not change values
        elif event == "output_changed":
            for nid, item in self._nodes.items():
                item.set_output(nid == payload)
        elif event == "reset":
            self._rebuild()
        self._schedule_evaluation()

    def _add_node_item(self, node_id: str) -> NodeItem:
        item = NodeItem(self, node_id)
        item.set_output(self.graph.output == node_id)
        self._nodes[node_id] = item
        self._forget_layout()
        self._shown = None  # a new item shows no overlay yet: the next one is given to every item
        self.addItem(item)
        self._grow_to(item.sceneBoundingRect())
        return item

    def _add_edge_item(self, key: EdgeKey) -> EdgeItem:
        src, dst, port = key
        item = EdgeItem(self, key, self._nodes[src], self._nodes[dst], self.view_zoom)
        self._edges[key] = item
        item.src_item.edge_items.add(item)
        item.dst_item.edge_items.add(item)
        self.addItem(item)
        self._nodes[dst].inputs[port].set_connected(True)
        return item

    def _rebuild(self) -> None:
        self.connector.cancel()
        for item in list(self._nodes.values()) + list(self._edges.values()):
            self.removeItem(item)
        self._nodes.clear()
        self._edges.clear()
        self._badges.clear()
        self._forget_layout()
        self._shown = None  # new items: the overlay is given to every one of them
        for nid in self.graph.node_ids():
            self._add_node_item(nid)
        for edge in self.graph.edges():
            self._add_edge_item(tuple(edge))
        if self._overlay is not None:
            self._apply_overlay()
        self._schedule_evaluation()

    def node_item_moved(self, item: NodeItem) -> None:
        """A node item moved (dragged, or following the model): its edges follow."""
        nid = item.node_id
        self._forget_layout()
        for edge in item.edge_items:
            edge.update_path()
        if self._overlay is not None and (self._badges or self._overlay.edge_labels):
            self._place_overlay_texts()
        if self._overlay is not None and self._overlay.marker and nid in self._overlay.marker[0][:2]:
            self._place_marker()

    def _grow_to(self, rect: QRectF) -> None:
        current = self.sceneRect()
        if not current.contains(rect):
            self.setSceneRect(current.united(rect.adjusted(-GROW, -GROW, GROW, GROW)))

    # ============================================================== evaluation
    def _schedule_evaluation(self) -> None:
        self._dirty = True
        self._eval_timer.start()

    @property
    def evaluation(self):
        """The evaluation of the current graph (computed now if a change is pending)."""
        if self._dirty:
            self.refresh_evaluation()
        return self._evaluation

    def refresh_evaluation(self) -> None:
        self._eval_timer.stop()
        self._dirty = False
        if self._evaluation is None and len(self.graph) == 0:
            return  # nothing evaluated yet and nothing to evaluate: the empty window at launch
        from ...core import engine  # imported here: the window at launch is shown without it

        try:
            ev = engine.evaluate(self.graph)
        except UserError as exc:  # only a cycle, which the editor never creates
            self.statusMessage.emit(exc.message)
            return
        self._evaluation = ev
        self._refresh_titles()
        values = ev.values
        for nid, item in self._nodes.items():
            state = NodeState()
            value = values.get(nid)
            if value is not None:
                state.shape = value.shape
                state.preview = value_preview(value)
            state.error = ev.errors.get(nid)
            if state.error:  # (the engine's message names the node first: the card needs only the rest)
                state.problem = state.error.removeprefix(describe(self.graph, nid) + ": ")
            if nid in ev.blocked:
                state.blocked = ev.problem(nid)
            state.warning = ev.warnings.get(nid)
            item.set_state(state)
        for (src, _, _), edge in self._edges.items():
            value = values.get(src)
            edge.set_shape_label(shape_text(value.shape) if value is not None else "")
        problem = next(iter(ev.errors.values()), None)
        if problem != self._last_problem:
            self._last_problem = problem
            if problem:
                self.statusMessage.emit(problem)
        self.evaluated.emit(ev)

    def _refresh_titles(self) -> None:
        """Unnamed cards show their op, numbered when several share it (add₁, add₂: the names the
        messages and the animation use); adding or removing one can renumber the others."""
        if self._titled == self.graph.version:
            return
        self._titled = self.graph.version
        titles = display_labels(self.graph)
        for nid, item in self._nodes.items():
            item.set_title(titles.get(nid, nid))

    # ================================================================= overlay
    @property
    def overlay(self) -> SceneOverlay | None:
        return self._overlay

    def set_overlay(self, overlay: SceneOverlay | None) -> None:
        old, self._overlay = self._overlay, overlay
        if old is not None and overlay is not None and _without_marker(old) == _without_marker(overlay):
            self._place_marker()  # a marker frame: roles, badges and labels stay where they are
            return
        self._apply_overlay()

    def _apply_overlay(self) -> None:
        """Gives the items what changed since the overlay shown before (everything after a rebuild):
        a step touches a few roles, badges and edges out of hundreds."""
        new = self._overlay or SceneOverlay()
        old, self._shown = self._shown, new
        if old is None:
            roles, badge_ids, edge_keys = set(self._nodes), set(self._badges) | set(new.node_badges), set(self._edges)
        else:
            roles = _changed(old.node_roles, new.node_roles)
            badge_ids = _changed(old.node_badges, new.node_badges)
            edge_keys = _changed(old.edge_labels, new.edge_labels) | (old.edge_highlight ^ new.edge_highlight)
        for nid in roles:
            item = self._nodes.get(nid)
            if item is not None:
                item.set_role(new.node_roles.get(nid))
        for nid in badge_ids:
            text, node, badge = new.node_badges.get(nid), self._nodes.get(nid), self._badges.get(nid)
            if not text or node is None:
                if badge is not None:
                    del self._badges[nid]
                    if badge.scene() is not None:
                        self.removeItem(badge)
            elif badge is None:
                self._badges[nid] = BadgeItem(node, text)
            else:
                badge.set_text(text)
        for key in edge_keys:
            edge = self._edges.get(key)
            if edge is not None:
                edge.set_overlay(new.edge_labels.get(key, ""), key in new.edge_highlight)
        self._place_overlay_texts()
        self._place_marker()
        self._place_title()

    def _forget_layout(self) -> None:
        self._cards = self._cards_rect = None
        self._badge_places = {}

    def _place_overlay_texts(self) -> None:
        """Badges off the neighbours' cards, then the step's edge labels clear of the badges."""
        if self._cards is None:
            self._cards = overlay_layout.card_index(self._nodes)
        cards = self._cards
        badges, self._badge_places = overlay_layout.place_badges(self._badges, cards, self._badge_places)
        labelled = [edge for edge in self._edges.values() if edge.overlay_label]
        overlay_layout.place_labels(labelled, badges, cards)

    def _place_marker(self) -> None:
        marker = self._overlay.marker if self._overlay is not None else None
        edge = self._edges.get(tuple(marker[0])) if marker else None
        if edge is None:
            if self._marker is not None:
                self.removeItem(self._marker)
                self._marker = None
            return
        if self._marker is None:
            self._marker = MarkerItem()
            self.addItem(self._marker)
        fraction = marker[1]
        along = 1.0 - fraction if self._overlay.marker_backward else fraction
        self._marker.setPos(edge.point_at(along))

    def _place_title(self) -> None:
        text = self._overlay.title if self._overlay is not None else ""
        if not text:
            if self._title is not None:
                self.removeItem(self._title)
                self._title = None
            return
        if self._title is None:
            self._title = TitleItem()
            self.addItem(self._title)
        self._title.set_text(text)
        if self._cards_rect is None:
            self._cards_rect = self._graph_rect()
        graph_rect = self._cards_rect
        self._title.setPos(graph_rect.left(), graph_rect.top() - self._title.boundingRect().height() - 16)

    def _graph_rect(self) -> QRectF:
        rect = QRectF()
        for item in self._nodes.values():
            rect = rect.united(item.sceneBoundingRect())
        return rect

    def items_bounding_rect(self) -> QRectF:
        """What export should show: the graph, its edges and the overlay (not the drag preview)."""
        rect = self._graph_rect()
        for item in list(self._edges.values()) + list(self._badges.values()):
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        for item in (self._marker, self._title):
            if item is not None:
                rect = rect.united(item.sceneBoundingRect())
        return rect

    @contextmanager
    def clean_render(self):
        """Hide selection, hover and connection previews while rendering for export."""
        selected = self.selectedItems()
        self.connector.cancel()
        self.clean_mode = True
        for item in selected:
            item.setSelected(False)
        self._repaint_all()
        try:
            yield self
        finally:
            self.clean_mode = False
            for item in selected:
                if item.scene() is self:
                    item.setSelected(True)
            self._repaint_all()

    def cached_items(self):
        """The items drawn from caches: cards and their badges (a zoom gesture switches their caches)."""
        yield from self._nodes.values()
        yield from self._badges.values()

    def set_view_zoom(self, zoom: float, pixel_ratio: float = 1.0) -> None:
        """The view zoomed: edges restyle only when what depends on the zoom changes (a zoom step
        of a large graph must not touch every edge)."""
        view = (zoom, pixel_ratio)
        if self.view_zoom is not None and view_detail(view) == view_detail(self.view_zoom):
            return
        self.view_zoom = view
        for edge in self._edges.values():
            edge.set_view_zoom(view)

    def _repaint_all(self) -> None:
        for item in self._nodes.values():
            item.update()
            for port in item.inputs + [item.output]:
                port.update()
        for edge in self._edges.values():
            edge.update()

    def apply_theme(self, theme: Theme | None = None) -> None:
        self.theme = theme or current_theme()
        self.setBackgroundBrush(self.theme.canvas)
        self._repaint_all()
        self.update()

    # ================================================================= editing
    def snap(self, pos: QPointF) -> QPointF:
        g = self.grid_size
        return QPointF(round(pos.x() / g) * g, round(pos.y() / g) * g)

    def add_node_at(self, kind: str, op: str | None, pos: QPointF, **extra) -> str | None:
        if self.snap_enabled:
            pos = self.snap(pos)
        command = try_push(
            self.undo_stack,
            lambda: AddNodeCommand(self.graph, kind, op, pos=(pos.x(), pos.y()), **extra),
            self.statusMessage.emit,
        )
        if command is None:
            return None
        self.select_nodes([command.node_id])
        return command.node_id

    def delete_selection(self) -> None:
        nodes = self.selected_node_ids()
        edges = self.selected_edge_keys()
        if nodes or edges:
            try_push(self.undo_stack, lambda: RemoveNodesCommand(self.graph, nodes, edges), self.statusMessage.emit)

    def nudge_selection(self, dx: float, dy: float, snap: bool = False) -> None:
        """Move the selected cards by (dx, dy); with `snap`, onto the grid point nearest to that."""
        moves = {}
        for nid in self.selected_node_ids():
            x, y = self.graph.node(nid).pos
            to = self.snap(QPointF(x + dx, y + dy)) if snap else QPointF(x + dx, y + dy)
            moves[nid] = ((x, y), (to.x(), to.y()))
        if moves:
            self.undo_stack.push(MoveNodesCommand(self.graph, moves, nudge=True))

    def _commit_moves(self) -> None:
        """After a drag: the items moved, now the model follows in one undo step."""
        moves = {}
        for item in self.selectedItems():
            if isinstance(item, NodeItem):
                old = self.graph.node(item.node_id).pos
                new = (item.pos().x(), item.pos().y())
                if old != new:
                    moves[item.node_id] = (old, new)
        if moves:
            self.undo_stack.push(MoveNodesCommand(self.graph, moves))

    def _on_selection_changed(self) -> None:
        ids = self.selected_node_ids()
        current = ids[0] if len(ids) == 1 else None
        if current != self._selected:
            self._selected = current
            self.selectedNodeChanged.emit(current)

    # ============================================================ mouse events
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            port = next((i for i in self.items(event.scenePos()) if isinstance(i, PortItem)), None)
            if port is not None:
                self.connector.start(port, event.scenePos())
                event.accept()
                return
        super().mousePressEvent(event)
        grabber = self.mouseGrabberItem()
        self.dragging_items = event.button() == Qt.MouseButton.LeftButton and isinstance(grabber, NodeItem)

    def mouseMoveEvent(self, event) -> None:
        if self.connector.active:
            self.connector.move(event.scenePos())
            event.accept()
            return
        dragged = [item for item in self.selectedItems() if isinstance(item, NodeItem)] if self.dragging_items else []
        super().mouseMoveEvent(event)
        for item in dragged:
            if self.snap_enabled:
                item.setPos(self.snap(item.pos()))
            self.node_item_moved(item)

    def mouseReleaseEvent(self, event) -> None:
        if self.connector.active and event.button() == Qt.MouseButton.LeftButton:
            self.connector.finish(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if self.dragging_items and event.button() == Qt.MouseButton.LeftButton:
            self.dragging_items = False
            self._commit_moves()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.connector.active:
            self.connector.cancel()
            event.accept()
            return
        super().keyPressEvent(event)


def _changed(old: dict, new: dict) -> set:
    """The keys whose value differs between two dicts (missing counts as None)."""
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def _without_marker(overlay: SceneOverlay) -> SceneOverlay:
    return replace(overlay, marker=None, marker_backward=True)
