"""A drag of a group's frame by its title: the group's cards follow the mouse, and when released
the model moves them in one undo step (collapsed cards and frames inside follow their nodes)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from ..commands.nodes import MoveNodesCommand
from .group_frame import GroupFrameItem


class FrameDrag:
    def __init__(self, scene) -> None:
        self.scene = scene
        self.frame: GroupFrameItem | None = None
        self._origin = QPointF()
        self._starts: dict[str, QPointF] = {}

    @property
    def active(self) -> bool:
        return self.frame is not None

    def press(self, event) -> bool:
        """A left press on a frame's title (not its button): select the group, start dragging it."""
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = event.scenePos()
        top = next(iter(self.scene.items(pos)), None)
        if not isinstance(top, GroupFrameItem) or top.button_rect().contains(top.mapFromScene(pos)):
            return False
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            top.setSelected(not top.isSelected())
        else:
            self.scene.clearSelection()
            top.setSelected(True)
        self.frame, self._origin = top, QPointF(pos)
        nodes = self.scene.graph.groups.get(top.group_id).nodes
        items = self.scene.node_items()
        self._starts = {nid: QPointF(items[nid].pos()) for nid in nodes if nid in items}
        event.accept()
        return True

    def move(self, pos: QPointF) -> None:
        scene, items = self.scene, self.scene.node_items()
        delta = pos - self._origin
        if scene.snap_enabled:
            delta = scene.snap(delta)
        for nid, start in self._starts.items():
            item = items.get(nid)
            if item is not None:
                item.setPos(start + delta)
                scene.node_item_moved(item)

    def finish(self, pos: QPointF) -> None:
        self.move(pos)
        scene, items = self.scene, self.scene.node_items()
        moves = {}
        for nid in self._starts:
            if nid in items:
                old, new = scene.graph.node(nid).pos, (items[nid].pos().x(), items[nid].pos().y())
                if old != new:
                    moves[nid] = (old, new)
        self.frame, self._starts = None, {}
        if moves:
            scene.undo_stack.push(MoveNodesCommand(scene.graph, moves))
