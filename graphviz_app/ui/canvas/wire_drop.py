"""A wire released on the empty canvas opens quick add there, offering only what fits the wire.

Dragged from an output: the ops with an input that takes the output's shape (by the registry's
shape rules); the new node is connected at the first such input. Dragged from a free input: the
variables, constants and ops whose output that input takes; the new node feeds it. Choosing adds
and connects in one undo step; closing the popup (Esc, a click elsewhere) changes nothing.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF
from PySide6.QtWidgets import QGraphicsPathItem

from ...core import port_fit
from ...core.naming import display_label
from ...core.ops import get_op
from ..catalog import CatalogEntry, catalog
from ..commands.common import try_push
from ..commands.wiring import AddAndConnectCommand
from .drop_place import kept_in_view, on_screen
from .edge_item import curve, wire_preview
from .group_card_item import GroupCardItem
from .node_item import NodeItem, port_offset
from .port_item import PortItem

GAP = 16.0  # between the drop point and the new card's near edge
POPUP_OFFSET = QPoint(10, -22)  # the popup just beside the drop point: the wire's end stays in sight


def shape_of(scene, node_id: str) -> tuple[int, ...] | None:
    """The node's shape in the latest evaluation (None: not known, e.g. an input is missing)."""
    evaluation = scene.evaluator.evaluation
    value = evaluation.values.get(node_id) if evaluation is not None else None
    return None if value is None else tuple(value.shape)


def input_shapes(scene, node_id: str, skip: int | None = None) -> dict[int, tuple[int, ...]]:
    """port -> the known shape of what feeds it (ports whose source's shape is unknown, and `skip`, left out)."""
    found = {}
    for port, src in scene.graph.inputs_of(node_id).items():
        shape = shape_of(scene, src)
        if port != skip and shape is not None:
            found[port] = shape
    return found


def is_empty_canvas(scene, scene_pos: QPointF) -> bool:
    """No card, port or collapsed group under the point (edges and group frames do not count)."""
    for item in scene.items(scene_pos):
        while item is not None:
            if isinstance(item, (NodeItem, PortItem, GroupCardItem)):
                return False
            item = item.parentItem()
    return True


class WireDrop(QObject):
    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.scene = scene
        self.popup = None
        self.anchor: tuple[str, bool, int] | None = None  # (node id, is output, input port) of the wire
        self.at = QPointF()
        self.view = None  # the view the wire was dropped in
        self.preview: QGraphicsPathItem | None = None  # the wire, kept while the popup is open

    def open(self, port: PortItem, scene_pos: QPointF, screen_pos, widget) -> bool:
        """Quick add at the drop point, filtered to what fits the wire; False if not on empty canvas."""
        scene = self.scene
        if not is_empty_canvas(scene, scene_pos):
            return False
        view = next((v for v in scene.views() if v.viewport() is widget), None) or next(iter(scene.views()), None)
        if view is None:
            return False
        self.anchor = (port.node_id, port.is_output, port.index)
        self.at = QPointF(scene_pos)
        self.view = view
        name = display_label(scene.graph, port.node_id)
        if port.is_output:
            entries, hint = self._takers(port.node_id), f"Add a node fed by {name}…"
        else:
            entries, hint = self._feeders(port.node_id, port.index), f"Add a node feeding {name}.{port.name}…"
        if self.popup is None:
            from ..quick_add import QuickAddPopup

            self.popup = QuickAddPopup(view)
            self.popup.chosen.connect(self._chosen)
            self.popup.installEventFilter(self)
        self._show_wire(port, scene_pos)
        self.popup.popup_at(screen_pos + POPUP_OFFSET, entries, hint)
        return True

    # ----------------------------------------------------------- what is offered
    def _takers(self, src: str) -> list[CatalogEntry]:
        shape = shape_of(self.scene, src)
        return [
            e
            for e in catalog()
            if e.kind == "op" and (shape is None or port_fit.port_taking(get_op(e.op), shape) is not None)
        ]

    def _feeders(self, dst: str, port: int) -> list[CatalogEntry]:
        consumer, others, params = self._consumer(dst, port)
        return [
            e for e in catalog() if e.kind != "op" or port_fit.can_feed(get_op(e.op), consumer, port, others, params)
        ]

    def _consumer(self, dst: str, port: int):
        """The op waiting at the input, the known shapes of its other inputs, its parameters."""
        node = self.scene.graph.node(dst)
        return get_op(node.op), input_shapes(self.scene, dst, skip=port), node.params

    # -------------------------------------------------------------- choosing
    def _chosen(self, kind: str, op) -> None:
        if self.anchor is None:
            return
        scene, graph = self.scene, self.scene.graph
        node_id, from_output, port = self.anchor
        if node_id not in graph:
            return  # (gone meanwhile: an undo while the popup was open)
        new_op = op if kind == "op" else None
        if from_output:
            shape = shape_of(scene, node_id)
            into = (port_fit.port_taking(get_op(op), shape) if shape is not None else 0) or 0
            where = self._place(kind, new_op, port_offset(new_op, False, into), GAP)
            make = lambda: AddAndConnectCommand(graph, kind, op, pos=where, source=node_id, into=into)  # noqa: E731
        else:
            where = self._place(kind, new_op, port_offset(new_op, True), -GAP)
            value = None
            if kind != "op":  # an input of the shape the waiting port takes (a vector for W @ ·)
                consumer, others, params = self._consumer(node_id, port)
                fitting = port_fit.fitting_shape(consumer, port, others, params)
                value = np.zeros(fitting) if fitting else None
            make = lambda: AddAndConnectCommand(graph, kind, op, pos=where, target=(node_id, port), value=value)  # noqa: E731
        command = try_push(scene.undo_stack, make, scene.statusMessage.emit)
        if command is not None:
            scene.select_nodes([command.node_id])

    def _place(self, kind: str, op: str | None, port: QPointF, gap: float) -> tuple[float, float]:
        """Where the new card goes: its connected port (at `port` from its centre) level with the
        drop point, its near edge `gap` beyond it (snapping on: the nearest grid point instead);
        moved inward, as little as it takes, when that would leave part of the card off screen
        (a drop near the view's edge)."""
        pos = self.at + QPointF(gap - port.x(), -port.y())
        if self.view is not None and on_screen(self.view, self.at):
            pos = kept_in_view(self.view, kind, op, pos)
        elif self.scene.snap_enabled:
            pos = self.scene.snap(pos)
        return (pos.x(), pos.y())

    # ------------------------------------------------- the wire while choosing
    def _show_wire(self, port: PortItem, scene_pos: QPointF) -> None:
        self._hide_wire()
        self.preview = wire_preview(self.scene.theme)
        a = port.scene_center()
        self.preview.setPath(curve(a, scene_pos) if port.is_output else curve(scene_pos, a))
        self.scene.addItem(self.preview)

    def _hide_wire(self) -> None:
        if self.preview is not None:
            if self.preview.scene() is not None:
                self.scene.removeItem(self.preview)
            self.preview = None

    def eventFilter(self, watched, event) -> bool:
        if watched is self.popup and event.type() == QEvent.Type.Hide:
            self._hide_wire()
        return False
