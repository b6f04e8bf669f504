"""GraphScene: the items of a core Graph, kept in step with the model's events.

Its parts, one job each:
- the scene itself mirrors the model (a card per node, a curve per edge) and shows on each card
  what the latest evaluation says (shape, value preview, error);
- `evaluator` (ui.evaluator.Evaluator, made by the window and passed in; a scene made alone, for
  an export or a test, makes its own) evaluates the graph after changes and publishes results;
- `overlay_presenter` (OverlayPresenter) presents what the animation shows (`overlay_presenter.show`);
- `gestures` (MouseGestures) handles connect drags and card drags;
- edits made on the canvas are the view's `editor` (editing.CanvasEditor);
- exports render it inside `scene.clean_render()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtWidgets import QGraphicsScene

from ...core.graph import (
    EdgeAdded,
    EdgeRemoved,
    Graph,
    GraphEvent,
    NodeAdded,
    NodeChanged,
    NodeMoved,
    NodeRemoved,
    OutputChanged,
    Reset,
)
from ...core.naming import display_labels
from ...core.ops import get_op
from ..evaluator import Evaluator
from . import gc_freeze
from .collapse_selection import CollapseSelection
from .edge_item import EdgeItem
from .group_presenter import GroupPresenter
from .labels import COMPARED, first_entry, same_numbers, shape_text, value_preview
from .mouse_gestures import MouseGestures
from .node_item import NodeItem, NodeState
from .overlay_presenter import OverlayPresenter
from .theme import Theme, current_theme

EdgeKey = tuple[str, str, int]
GROW = 1500.0  # free room kept around the graph so it can be panned and extended
FREEZE_FROM = 2000  # nodes: a document this large is left out of the garbage collector's passes (gc_freeze)


class GraphScene(QGraphicsScene):
    selectedNodeChanged = Signal(object)
    selectedGroupChanged = Signal(object)  # the one group selected (its frame or card), or None
    statusMessage = Signal(str)

    def __init__(self, graph: Graph, undo_stack, parent=None, evaluator: Evaluator | None = None):
        super().__init__(parent)
        self.graph = graph
        self.undo_stack = undo_stack
        self.theme: Theme = current_theme()
        self._clean = False  # drawn for an export (clean_render)
        self._titled: int | None = None  # the graph's version when the cards' titles were given
        self.snap_enabled = False
        self.grid_size = 20.0
        self._nodes: dict[str, NodeItem] = {}
        self._edges: dict[EdgeKey, EdgeItem] = {}
        self._selected: str | None = None
        self._selected_group: str | None = None
        # as last selected: Qt selects an edge without telling it, and its curve shows it (_on_selection_changed)
        self._selected_edges: set[EdgeItem] = set()
        self.overlay_presenter = OverlayPresenter(self)
        self.groups = GroupPresenter(self)  # frames and collapsed cards of graph.groups
        self.collapse_selection = CollapseSelection(self)  # a collapse done, undone or redone selects its group
        undo_stack.indexChanged.connect(self._command_done)
        self.gestures = MouseGestures(self)
        self.connector = self.gestures.connector
        # items move only while dragged, and every repaint asks "what is in this rectangle?":
        # a BSP index answers without calling each item's Python boundingRect()
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setSceneRect(QRectF(-2000, -1500, 4000, 3000))
        self.setBackgroundBrush(self.theme.canvas)
        self.selectionChanged.connect(self._on_selection_changed)
        graph.subscribe(self._on_model)
        self._rebuild()
        self.evaluator = evaluator if evaluator is not None else Evaluator(graph, self)
        self.evaluator.evaluated.connect(self.show_evaluation)
        if evaluator is None:  # (a window says its evaluator's problems itself, after the edit's own words)
            # (signal to signal, the fix dropped: a lambda holding self would keep the scene alive)
            self.evaluator.problem.connect(self.statusMessage)

    def detach(self) -> None:
        """Stop following the model, the scene and its evaluator (the window is closing)."""
        self.graph.unsubscribe(self._on_model)
        self.evaluator.detach()
        if gc_freeze.release(self):  # (its document can be collected: see _rebuild)
            gc_freeze.collect()  # (here on the GUI thread, not by a collection that a file's reading thread runs)

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
        self.select_items(item for nid in node_ids if (item := self._nodes.get(nid)) is not None)

    def select_items(self, items) -> None:
        """Select these items too, as one selection change: Qt says selectionChanged for each
        setSelected, and each one costs its listeners a pass over the selection (O(n²) for n cards)."""
        self._set_selected(items, True)

    def deselect_items(self, items) -> None:
        """Deselect these items, as one selection change (see select_items; a card hidden while
        selected is deselected by Qt, saying selectionChanged for each one)."""
        self._set_selected(items, False)

    def _set_selected(self, items, selected: bool) -> None:
        """Each item selected (or not), and selectionChanged said once if any of them changed."""
        blocked = self.blockSignals(True)
        try:
            changed = False
            for item in items:
                changed = changed or item.isSelected() != selected
                item.setSelected(selected)
        finally:
            self.blockSignals(blocked)
        if changed and not blocked:
            self.selectionChanged.emit()

    # ============================================================ model events
    def _on_model(self, event: GraphEvent) -> None:
        match event:
            case NodeAdded(node_id):
                self._add_node_item(node_id)
            case NodeRemoved(node_id):
                item = self._nodes.pop(node_id, None)
                self.overlay_presenter.node_removed(node_id)
                if item is not None:
                    if item.isSelected():  # one selection change for a delete, not one per card (O(n²))
                        self.clearSelection()
                    self.removeItem(item)
            case EdgeAdded(edge):
                self._add_edge_item(tuple(edge))
            case EdgeRemoved(edge):
                self._remove_edge_item(tuple(edge))
            case NodeChanged(node_id):
                item = self._nodes.get(node_id)
                if item is not None:
                    item.refresh()
            case NodeMoved(node_id):
                item = self._nodes.get(node_id)
                if item is not None:
                    x, y = self.graph.node(node_id).pos
                    if (item.pos().x(), item.pos().y()) != (x, y):
                        item.setPos(x, y)
                        self.node_item_moved(item)
                    self._grow_to(item.sceneBoundingRect())
            case OutputChanged(node_id):
                for nid, item in self._nodes.items():
                    item.set_output(nid == node_id)
            case Reset():
                self._rebuild()
        if not isinstance(event, (NodeMoved, NodeChanged, OutputChanged, Reset)):
            self.groups.model_changed(event)  # groups and the edges crossing them follow what it touches

    def _add_node_item(self, node_id: str) -> NodeItem:
        item = NodeItem(self, node_id)
        item.set_output(self.graph.output == node_id)
        self._nodes[node_id] = item
        self.overlay_presenter.items_changed()
        self.addItem(item)
        self._grow_to(item.sceneBoundingRect())
        return item

    def _add_edge_item(self, key: EdgeKey) -> EdgeItem:
        src, dst, port = key
        item = EdgeItem(self, key, self._nodes[src], self._nodes[dst])
        self._edges[key] = item
        item.src_item.edge_items.add(item)
        item.dst_item.edge_items.add(item)
        self.addItem(item)  # (its animation label's item joins when first made)
        self.overlay_presenter.wires_changed()
        self._nodes[dst].inputs[port].set_connected(True)
        return item

    def _remove_edge_item(self, key: EdgeKey) -> None:
        item = self._edges.pop(key, None)
        if item is not None:
            item.src_item.edge_items.discard(item)
            item.dst_item.edge_items.discard(item)
            if item.isSelected():  # (as for a card: one selection change per delete)
                self.clearSelection()
            item.remove_from(self)
            self.overlay_presenter.wires_changed()
        dst = self._nodes.get(key[1])
        if dst is not None:
            dst.inputs[key[2]].set_connected(False)

    def _rebuild(self) -> None:
        # A large document, once built, is left out of the collector's passes (gc_freeze):
        # the scene holds it until it is replaced here, or the window closes (detach).
        released = gc_freeze.release(self)
        had_selection = self._drop_selection()
        self._remove_items()
        if released:
            gc_freeze.collect()  # (the replaced document's cycles, which no pass has seen)
        large = len(self.graph) >= FREEZE_FROM
        if large:
            gc_freeze.hold(self)  # (the passes while it is built walk only what is new)
        for nid in self.graph.node_ids():
            self._add_node_item(nid)
        for edge in self.graph.edges():
            self._add_edge_item(tuple(edge))
        self.overlay_presenter.rebuilt()
        self.groups.refresh()
        if large:
            gc_freeze.hold(self)
        if had_selection:  # once, now that the scene shows the new graph
            self.selectionChanged.emit()

    def _drop_selection(self) -> bool:
        """Nothing selected, quietly (the graph was replaced): each card removed while selected would
        say selectionChanged with ids the new graph does not have. True when something was selected."""
        if not self.selectedItems():
            return False
        blocked = self.blockSignals(True)
        try:
            self.clearSelection()
        finally:
            self.blockSignals(blocked)
        return True

    def _remove_items(self) -> None:
        """Every card and edge taken away (a separate call: no local variable outlives it, which
        would keep the old items, linked to each other, from being collected)."""
        self.connector.cancel()
        for item in self._edges.values():
            item.remove_from(self)
        for item in self._nodes.values():
            self.removeItem(item)
        self._nodes.clear()
        self._edges.clear()

    def node_item_moved(self, item: NodeItem) -> None:
        """A node item moved (dragged, or following the model): its edges and the overlay follow."""
        for edge in item.edge_items:
            edge.update_path()
        self.groups.node_moved(item.node_id)  # (first: the labels placed next keep off the frames where they now are)
        self.overlay_presenter.node_moved(item.node_id)

    def _grow_to(self, rect: QRectF) -> None:
        current = self.sceneRect()
        if not current.contains(rect):
            self.setSceneRect(current.united(rect.adjusted(-GROW, -GROW, GROW, GROW)))

    def _command_done(self, _index: int) -> None:
        self.groups.later.place_held_cards()  # (the collapsed cards, once for all the command's moves)
        self.collapse_selection.moved(_index)

    # ============================================================== evaluation
    def show_evaluation(self, ev) -> None:
        """The cards and edges show what an evaluation says (most show the same again: unchanged)."""
        self._refresh_titles()
        values = ev.values
        for nid, item in self._nodes.items():
            state = NodeState()
            value = values.get(nid)
            if value is not None:
                state.shape, shown = value.shape, item.state
                if same_numbers(value, shown.value):  # (most cards after an edit: their texts stand)
                    state.preview, state.first = shown.preview, shown.first
                else:
                    state.preview, state.first = value_preview(value), first_entry(value)
                state.value = value if value.size <= COMPARED else None  # (a large one is never compared)
            state.error = ev.errors.get(nid)
            state.problem = ev.short_problems.get(nid)
            if nid in ev.blocked:
                state.blocked = ev.problem(nid)
            state.warning = ev.warnings.get(nid)
            state.note, state.short_note = ev.notes.get(nid), ev.short_notes.get(nid)
            item.set_state(state)
        clashing = {nid for nid in ev.errors if self._refused_its_inputs(nid)}
        changed = False
        texts = {None: ""}  # a shape -> its text (written once: most wires carry one of a few shapes)
        for (src, dst, _), edge in self._edges.items():
            value = values.get(src)
            shape = value.shape if value is not None else None
            if shape not in texts:
                texts[shape] = shape_text(shape)
            changed |= edge.set_shape_label(texts[shape])
            edge.set_clash(dst in clashing)
        self.groups.evaluated(ev)
        self.overlay_presenter.labels_changed(changed)

    def _refused_its_inputs(self, nid: str) -> bool:
        """A node in error with every port wired: what its wires carry is the problem (shapes that
        clash), not a missing input, so they are drawn in the error colour too."""
        node = self.graph.node(nid)
        return node.kind == "op" and len(self.graph.inputs_of(nid)) == get_op(node.op).arity

    def _refresh_titles(self) -> None:
        """Unnamed cards show their op, numbered when several share it (add₁, add₂: the names the
        messages and the animation use); adding or removing one can renumber the others."""
        if self._titled == self.graph.version:
            return
        self._titled = self.graph.version
        titles = display_labels(self.graph)
        for nid, item in self._nodes.items():
            item.set_title(titles.get(nid, nid))

    # ================================================================= drawing
    def cards_rect(self) -> QRectF:
        """The cards shown (not those a collapsed group's card stands for)."""
        rect = QRectF()
        for item in self._nodes.values():
            if item.isVisible():
                rect |= item.sceneBoundingRect()  # (in place: no new rectangle per card)
        return rect

    def items_bounding_rect(self) -> QRectF:
        """What Zoom to Fit and export show: the graph as drawn, its edges and the overlay (not the
        drag preview, nor the cards and edges hidden inside collapsed groups)."""
        rect = self.cards_rect()
        for item in self._edges.values():
            if item.isVisible():
                rect |= item.sceneBoundingRect()
        return rect.united(self.overlay_presenter.extent()).united(self.groups.extent())

    def repaint_all(self) -> None:
        for item in self._nodes.values():
            item.redraw()
        for edge in self._edges.values():
            edge.redraw()

    def apply_theme(self, theme: Theme | None = None) -> None:
        self.theme = theme or current_theme()
        self.setBackgroundBrush(self.theme.canvas)
        self.repaint_all()
        self.overlay_presenter.restyle()
        self.update()

    @property
    def clean_mode(self) -> bool:
        """Drawn for an export (inside clean_render): no selection, hover or zoom-dependent look."""
        return self._clean

    @contextmanager
    def clean_render(self) -> Iterator[GraphScene]:
        """While inside, the scene draws as an export shows it; afterwards as before."""
        selected = self.selectedItems()
        self.connector.cancel()
        try:  # (a failure while drawing for the export, or while getting ready to, leaves the window as it was)
            self._clean = True
            self.deselect_items(selected)  # one selection change each way, not one a card
            self.repaint_all()
            self.overlay_presenter.drawn_for_export_changed()
            yield self
        finally:
            self._clean = False
            self.select_items(item for item in selected if item.scene() is self)
            self.repaint_all()
            self.overlay_presenter.drawn_for_export_changed()

    # ==================================================================== grid
    def snap(self, pos: QPointF) -> QPointF:
        """The grid point nearest to pos (cards dragged or added while snapping is on)."""
        g = self.grid_size
        return QPointF(round(pos.x() / g) * g, round(pos.y() / g) * g)

    # =============================================================== selection
    def _on_selection_changed(self) -> None:
        edges = {item for item in self.selectedItems() if isinstance(item, EdgeItem)}
        # (a set kept here: an itemChange override on every edge would cost 28 µs an edge when built)
        for edge in edges ^ self._selected_edges:
            edge.redraw()
        self._selected_edges = edges
        ids = self.selected_node_ids()
        current = ids[0] if len(ids) == 1 else None
        if current != self._selected:
            self._selected = current
            self.selectedNodeChanged.emit(current)
        groups = self.groups.selected_group_ids()
        group = groups[0] if len(groups) == 1 and not ids else None
        if group != self._selected_group:
            self._selected_group = group
            self.selectedGroupChanged.emit(group)

    # ============================================== mouse events (see MouseGestures)
    def mousePressEvent(self, event) -> None:
        if not self.gestures.press(event):
            super().mousePressEvent(event)
            self.gestures.pressed(event)

    def mouseMoveEvent(self, event) -> None:
        self.gestures.move(event, super().mouseMoveEvent)

    def mouseReleaseEvent(self, event) -> None:
        self.gestures.release(event, super().mouseReleaseEvent)

    def keyPressEvent(self, event) -> None:
        if not self.gestures.key(event):
            super().keyPressEvent(event)
