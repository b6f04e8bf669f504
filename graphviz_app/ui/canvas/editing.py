"""CanvasEditor: turns the user's gestures on the canvas (add a node here, delete the selection,
nudge it with the arrow keys) into undo commands. The scene only shows what the model says."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QUndoStack

from ..commands.common import try_push
from ..commands.nodes import AddNodeCommand, MoveNodesCommand, RemoveNodesCommand


class CanvasEditor:
    def __init__(self, scene, undo_stack: QUndoStack):
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

    def delete_selection(self) -> None:
        scene = self.scene
        nodes = scene.selected_node_ids() + scene.groups.selected_card_nodes()  # a collapsed card: its nodes
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
