"""CanvasEditor: turns the user's gestures on the canvas (add a node here, in sight, delete the selection,
nudge it with the arrow keys, cut, paste, duplicate, arrange) into undo commands. The view only
handles input; the scene only shows what the model says."""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QUndoStack

from ...core.autolayout import layered_layout
from .. import clipboard
from ..commands.common import plural, try_push
from ..commands.document import LayoutCommand
from ..commands.nodes import AddNodeCommand, MoveNodesCommand, RemoveNodesCommand
from ..key_text import key_text
from .drop_place import GAP, around, free_offset, inside_view, search_step
from .empty_hint import EMPTY_GRAPH
from .node_item import card_scene_rect


class CanvasEditor:
    def __init__(self, view, scene, undo_stack: QUndoStack):
        self.view = view  # (the GraphView whose edits these are: it shows what a duplicate adds)
        self.scene = scene
        self.undo_stack = undo_stack

    def add_node_at(self, kind: str, op: str | None, pos: QPointF, **extra) -> str | None:
        """Add a node at pos (on the grid when snapping is on) and select it; its id, or None
        when refused (said in the status bar)."""
        scene = self.scene
        if scene.snap_enabled:
            pos = scene.snap(pos)
        command = try_push(
            self.undo_stack,
            lambda: AddNodeCommand(scene.graph, kind, op, pos=(pos.x(), pos.y()), **extra),
            scene.statusMessage.emit,
        )
        if command is None:
            return None
        scene.select_nodes([command.node_id])
        return command.node_id

    def add_node_inside(self, kind: str, op: str | None, pos: QPointF) -> str | None:
        """Add a node at pos, moved inward if its card would stick out of the view (or beside the
        view, brought into sight, when the view has no free room left)."""
        return self.add_node_and_show(kind, op, inside_view(self.view, kind, op, pos))

    def add_node_and_show(self, kind: str, op: str | None, pos: QPointF) -> str | None:
        """Add a node at pos (add_node_at) and scroll the view to its card."""
        node_id = self.add_node_at(kind, op, pos)
        item = self.scene.node_item(node_id) if node_id is not None else None
        if item is not None:
            self.view.show_rect(item.sceneBoundingRect())
        return node_id

    def selected_nodes(self) -> list[str]:
        """The nodes an edit of the selection takes (delete, cut, copy, duplicate): the selected
        cards' and those a selected frame or collapsed card stands for."""
        return self.scene.groups.selection_nodes()

    def delete_selection(self) -> None:
        scene = self.scene
        nodes = self.selected_nodes()
        edges = scene.selected_edge_keys()
        if nodes or edges:
            try_push(self.undo_stack, lambda: RemoveNodesCommand(scene.graph, nodes, edges), scene.statusMessage.emit)

    def nudge_selection(self, dx: float, dy: float, snap: bool = False) -> None:
        """Move the selected cards by (dx, dy); with `snap`, onto the grid point nearest to that."""
        scene = self.scene
        moves = {}
        for nid in scene.selected_node_ids():
            x, y = scene.graph.node(nid).pos
            to = scene.snap(QPointF(x + dx, y + dy)) if snap else QPointF(x + dx, y + dy)
            moves[nid] = ((x, y), (to.x(), to.y()))
        if moves:
            self.undo_stack.push(MoveNodesCommand(scene.graph, moves, nudge=True))

    # ------------------------------------------------------------ clipboard
    def copy(self) -> bool:
        """Copy the selected nodes (and their groups) to the clipboard (no undo step: the graph does not change)."""
        nodes = self.selected_nodes()
        copied = clipboard.copy_nodes(self.scene.graph, nodes)
        if copied:
            self.scene.statusMessage.emit(
                f"Copied {plural(len(nodes), 'node')}: {key_text('paste')} pastes {'it' if len(nodes) == 1 else 'them'}"
            )
        return copied

    def cut(self) -> bool:
        """Copy the selected nodes, then delete them (one undo step)."""
        scene = self.scene
        return clipboard.cut_nodes(scene.graph, self.undo_stack, self.selected_nodes(), scene.statusMessage.emit)

    def paste(self, at: QPointF | None = None) -> None:
        """Paste what was copied (here or in another window) around `at`, and select it."""
        scene = self.scene
        point = (at.x(), at.y()) if at is not None else None
        self._select(clipboard.paste(scene.graph, self.undo_stack, point, scene.statusMessage.emit))

    def duplicate(self) -> None:
        """Copy and paste the selection in one undo step, the copies beside the originals on no
        card (the originals' titles stay in sight); the copies are selected and shown."""
        scene = self.scene
        node_ids = self.selected_nodes()
        command = clipboard.duplicate_nodes(
            scene.graph, self.undo_stack, node_ids, scene.statusMessage.emit, offset=self._clear_offset(node_ids)
        )
        self._select(command)
        if command is not None:
            shown = [item for n in command.new_ids if (item := scene.node_item(n)) is not None and item.isVisible()]
            rects = [item.mapRectToScene(item.boundingRect()) for item in shown]
            if rects:
                self.view.show_rect(functools.reduce(QRectF.united, rects))

    def _select(self, pasted) -> None:
        """Select what a paste added: its cards, and the cards of its collapsed groups."""
        if pasted is None:
            return
        self.scene.select_nodes(pasted.new_ids)  # (a card hidden in a collapsed group is not selected)
        for gid in pasted.new_group_ids:
            card = self.scene.groups.card_item(gid)
            if card is not None:
                card.setSelected(True)

    def _clear_offset(self, node_ids) -> tuple[float, float]:
        """How far copies of these cards go so that none lands on a card: the nearest such move,
        below or to the right first (drop_place's search); past the whole graph's bottom when
        there is none near."""
        scene = self.scene
        items = [item for nid in node_ids if (item := scene.node_item(nid)) is not None and item.isVisible()]
        rects = [card_scene_rect(item) for item in items]
        if not rects:
            return (clipboard.STEP, clipboard.STEP)
        step = search_step(scene)
        offset = free_offset(scene, rects, around(step))
        if offset is None:
            below = scene.itemsBoundingRect().bottom() + GAP - min(rect.top() for rect in rects)
            offset = QPointF(0, math.ceil(below / step) * step)
        return (offset.x(), offset.y())

    def auto_layout(self) -> bool:
        """Arrange the graph left to right (one undo step); False when every node is already in place
        or there is none (the status bar says so)."""
        scene = self.scene
        if len(scene.graph) == 0:
            scene.statusMessage.emit(EMPTY_GRAPH)
            return False
        positions = layered_layout(scene.graph)
        changed = {n: p for n, p in positions.items() if tuple(scene.graph.node(n).pos) != tuple(map(float, p))}
        if not changed:
            scene.statusMessage.emit("Auto Layout: every node is already in place")
            return False
        return (
            try_push(self.undo_stack, lambda: LayoutCommand(scene.graph, changed), scene.statusMessage.emit) is not None
        )
