"""The scene's mouse gestures: a drag from a port connects (ConnectDrag), a drag of cards moves
them (snapped to the grid when asked, one undo step when released), a drag of a group's title
moves the group (FrameDrag), Escape cancels a connection. A wire dropped on the empty canvas
opens quick add for it (WireDrop); one card dropped onto an edge is inserted there (EdgeInsert).

The view handles what belongs to the viewport: panning, the rubber band, zoom, drops and menus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from ..commands.nodes import MoveNodesCommand
from .connect_drag import ConnectDrag
from .edge_insert import EdgeInsert
from .frame_drag import FrameDrag
from .group_card_item import GroupCardItem
from .node_item import NodeItem, port_under
from .wire_drop import WireDrop


class MouseGestures:
    def __init__(self, scene) -> None:
        self.scene = scene
        self.connector = ConnectDrag(scene)
        self.dragging_items = False
        self.frame_drag = FrameDrag(scene)  # a group moved by its frame's title
        self.wire_drop = WireDrop(scene)
        self.edge_insert = EdgeInsert(scene)

    def press(self, event) -> bool:
        """Before Qt's own handling: True if the press started a connection (and is taken)."""
        if event.button() == Qt.MouseButton.LeftButton:
            port = port_under(self.scene, event.scenePos())
            if port is not None:
                self.connector.start(port, event.scenePos())
                event.accept()
                return True
        return self.frame_drag.press(event)

    def pressed(self, event) -> None:
        """After Qt's own handling: a card grabbed by the left button is being dragged."""
        grabber = self.scene.mouseGrabberItem()
        self.dragging_items = event.button() == Qt.MouseButton.LeftButton and isinstance(
            grabber, (NodeItem, GroupCardItem)
        )

    def move(self, event, qt_move) -> None:
        """A connection follows the mouse; dragged cards move (by Qt: `qt_move`), their edges follow."""
        if self.connector.active:
            self.connector.move(event.scenePos())
            event.accept()
            return
        if self.frame_drag.active:
            self.frame_drag.move(event.scenePos())
            event.accept()
            return
        scene = self.scene
        movable = (NodeItem, GroupCardItem)
        dragged = [item for item in scene.selectedItems() if isinstance(item, movable)] if self.dragging_items else []
        qt_move(event)
        for item in dragged:
            if scene.snap_enabled:
                item.setPos(scene.snap(item.pos()))
            if isinstance(item, NodeItem):
                scene.node_item_moved(item)
            else:  # a collapsed group: its nodes follow when released
                scene.groups.card_moved(item)
        if self.dragging_items:
            self.edge_insert.track_card(dragged, event.scenePos())

    def release(self, event, qt_release) -> None:
        if self.connector.active and event.button() == Qt.MouseButton.LeftButton:
            loose = self.connector.finish(event.scenePos())
            if loose is not None:
                self.wire_drop.open(loose, event.scenePos(), event.screenPos(), event.widget())
            event.accept()
            return
        if self.frame_drag.active and event.button() == Qt.MouseButton.LeftButton:
            self.frame_drag.finish(event.scenePos())
            event.accept()
            return
        qt_release(event)
        if self.dragging_items and event.button() == Qt.MouseButton.LeftButton:
            self.dragging_items = False
            dragged = self.scene.selected_node_ids()
            inserted = len(dragged) == 1 and self.edge_insert.drop_card(dragged[0])  # (its move included)
            self.edge_insert.clear()
            if not inserted:
                self._commit_moves()

    def key(self, event) -> bool:
        """True if the key was taken (Escape during a connection)."""
        if event.key() == Qt.Key.Key_Escape and self.connector.active:
            self.connector.cancel()
            event.accept()
            return True
        return False

    def _commit_moves(self) -> None:
        """After a drag: the items moved, now the model follows in one undo step."""
        scene = self.scene
        moves = {}
        for item in scene.selectedItems():
            if isinstance(item, NodeItem):
                old = scene.graph.node(item.node_id).pos
                new = (item.pos().x(), item.pos().y())
                if old != new:
                    moves[item.node_id] = (old, new)
        moves.update(scene.groups.drag_moves())
        if moves:
            scene.undo_stack.push(MoveNodesCommand(scene.graph, moves))
