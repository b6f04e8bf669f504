"""Making and changing connections with the mouse.

Drag from an output port to an input port (or onto a node: its nearest input),
or from a free input port back to an output. Dragging the end of an existing
edge off its input port detaches it: dropped elsewhere it reconnects there,
dropped on nothing it is removed. Every outcome is one undo step. A new wire
dropped on no port is handed back to the caller (quick add: wire_drop.py).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QGraphicsPathItem

from ...core.naming import display_label
from ..commands.common import try_push
from ..commands.edges import ConnectCommand, DisconnectCommand
from .edge_item import curve, wire_preview
from .node_item import NodeItem
from .port_item import Port


class ConnectDrag:
    def __init__(self, scene):
        self.scene = scene
        self.anchor: Port | None = None
        self.detached: tuple[str, str, int] | None = None
        self.preview: QGraphicsPathItem | None = None
        self.candidates: list[Port] = []

    @property
    def active(self) -> bool:
        return self.anchor is not None

    # ------------------------------------------------------------------ steps
    def start(self, port: Port, scene_pos: QPointF) -> None:
        graph = self.scene.graph
        self.detached = None
        if not port.is_output:
            src = graph.inputs_of(port.node_id).get(port.index)
            if src is not None:  # pick up the end of an existing edge
                self.detached = (src, port.node_id, port.index)
                edge = self.scene.edge_item(self.detached)
                if edge is not None:
                    edge.setVisible(False)
                port = self.scene.node_item(src).output
        self.anchor = port
        self._light_candidates()
        self.preview = wire_preview(self.scene.theme)
        self.scene.addItem(self.preview)
        self.move(scene_pos)

    def move(self, scene_pos: QPointF) -> None:
        if self.anchor is None or self.preview is None:
            return
        target = self.target_at(scene_pos)
        end = target.scene_center() if target is not None else scene_pos
        a = self.anchor.scene_center()
        self.preview.setPath(curve(a, end) if self.anchor.is_output else curve(end, a))

    def finish(self, scene_pos: QPointF) -> Port | None:
        """Connect (or detach) as the drop says; a new wire dropped on no port: its port (loose)."""
        if self.anchor is None:
            return None
        target = self.target_at(scene_pos)
        anchor, detached = self.anchor, self.detached
        wrong = self._same_side_port_at(scene_pos)
        self.cancel()
        if wrong is not None:  # (the card's nearest input would be a guess, and seldom the one meant)
            self.scene.statusMessage.emit(_wrong_port_message(self.scene.graph, wrong))
            return None
        if target is None:
            if detached is None:
                return anchor
            self._push(lambda: DisconnectCommand(self.scene.graph, detached[1], detached[2]))
        elif anchor.is_output:
            self._connect(anchor.node_id, target.node_id, target.index, detached)
        else:
            self._connect(target.node_id, anchor.node_id, anchor.index, None)
        return None

    def cancel(self) -> None:
        for port in self.candidates:
            port.set_highlighted(False)
        self.candidates = []
        if self.preview is not None:
            self.scene.removeItem(self.preview)
            self.preview = None
        if self.detached is not None:
            edge = self.scene.edge_item(self.detached)
            if edge is not None:
                edge.setVisible(True)
        self.anchor = None
        self.detached = None

    # ---------------------------------------------------------------- helpers
    def _connect(self, src: str, dst: str, port: int, detached) -> None:
        graph = self.scene.graph
        if detached == (src, dst, port) or graph.inputs_of(dst).get(port) == src:
            return  # dropped back where it was
        if graph.would_create_cycle(src, dst):
            a, b = display_label(graph, src), display_label(graph, dst)
            why = "a node cannot feed itself" if src == dst else f"{b} already feeds {a}"
            self.scene.statusMessage.emit(f"Not connected: {a} → {b} would close a cycle ({why})")
            return
        stack = self.scene.undo_stack
        if detached is None:
            self._push(lambda: ConnectCommand(graph, src, dst, port))
            return
        stack.beginMacro("Reconnect")
        stack.push(DisconnectCommand(graph, detached[1], detached[2]))
        self._push(lambda: ConnectCommand(graph, src, dst, port))
        stack.endMacro()

    def _push(self, make) -> None:
        try_push(self.scene.undo_stack, make, self.scene.statusMessage.emit)

    def _light_candidates(self) -> None:
        graph = self.scene.graph
        anchor = self.anchor
        if anchor.is_output:
            src = anchor.node_id
            banned = graph.ancestors(src) | {src}
            ports = [p for nid, item in self.scene.node_items().items() if nid not in banned for p in item.inputs]
        else:
            dst = anchor.node_id
            banned = set(_descendants(graph, dst)) | {dst}
            ports = [item.output for nid, item in self.scene.node_items().items() if nid not in banned]
        self.candidates = ports
        for port in ports:
            port.set_highlighted(True)

    def _same_side_port_at(self, scene_pos: QPointF) -> Port | None:
        """Another card's port of the drag's own side under the cursor (an output dropped on an
        output, a free input on an input): a mistake said as such, not connected."""
        for item in self.scene.items(scene_pos):
            if isinstance(item, NodeItem) and item is not self.anchor.node_item:
                port = item.port_at(item.mapFromScene(scene_pos))
                if port is not None and port.is_output == self.anchor.is_output:
                    return port
        return None

    def target_at(self, scene_pos: QPointF) -> Port | None:
        """The port under the cursor that suits this drag, or the best port of the card under it."""
        want_input = self.anchor.is_output
        for item in self.scene.items(scene_pos):
            if not isinstance(item, NodeItem):
                continue
            local = item.mapFromScene(scene_pos)
            port = item.port_at(local)
            if port is not None and port.is_output != want_input and port is not self.anchor:
                return port
            if not item.rect.contains(local):
                continue  # (on a port's grab circle outside the card: not the card itself)
            if item is self.anchor.node_item:
                return None
            if not want_input:
                return item.output
            if not item.inputs:
                return None
            return min(item.inputs, key=lambda p: abs(p.y - local.y()))
        return None


def _wrong_port_message(graph, port: Port) -> str:
    name = display_label(graph, port.node_id)
    if port.is_output:
        return f"Not connected: that is {name}'s output; an output connects to an input (the ports on a card's left)"
    return f"Not connected: that is {name}'s input {port.name}; an input takes an output (the port on a card's right)"


def _descendants(graph, node_id: str):
    import networkx as nx

    return nx.descendants(graph.nx, node_id)
