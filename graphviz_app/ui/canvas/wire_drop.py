"""A wire released on the empty canvas opens quick add there, offering only what fits the wire.

Dragged from an output: the ops with an input that takes the output's shape (by the registry's
shape rules); the new node is connected at the first such input. Dragged from a free input: the
variables, constants and ops whose output that input takes; the new node feeds it. Choosing adds
and connects in one undo step; closing the popup (Esc, a click elsewhere) changes nothing.

Tab with one card selected is the same wire from the keyboard (`open_beside`): the ops that take
the card's output, the new card one layout column to its right (at the nearest free spot), fed by
it and selected, so Tab, Tab, Tab builds a chain. A variable or constant is offered too (the next
input of a formula): it takes no input, so it comes unconnected, in the inputs' column. A card
whose output no op takes gets the whole catalog there, unconnected.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSizeF
from PySide6.QtWidgets import QGraphicsPathItem

from ...core import port_fit
from ...core.autolayout import LAYER_SPACING
from ...core.naming import display_label
from ...core.ops import get_op
from ...core.shape_guess import new_input_value
from ..actions_table import BY_ID
from ..catalog import CatalogEntry, catalog
from ..commands.common import try_push
from ..commands.nodes import AddNodeCommand
from ..commands.wiring import AddAndConnectCommand
from ..key_text import shortcut_texts
from .drop_place import card_size, free_in_view, free_spot, input_spot, on_screen
from .edge_item import curve, wire_preview
from .group_card_item import GroupCardItem
from .node_item import WIDTH, NodeItem, port_offset
from .port_item import Port

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
    """No card (or its ports) or collapsed group under the point (edges and group frames do not count)."""
    for item in scene.items(scene_pos):
        while item is not None:
            if isinstance(item, (NodeItem, GroupCardItem)):
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
        self.beside = False  # opened by Tab beside a card (no drop point): placed right of it
        self.connect = True  # (beside a card whose output no op takes: added unconnected)

    def open(self, port: Port, scene_pos: QPointF, screen_pos, widget) -> bool:
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
        self.beside, self.connect = False, True
        name = display_label(scene.graph, port.node_id)
        if port.is_output:
            entries, hint = self._takers(port.node_id), f"Add a node fed by {name}…"
        else:
            entries, hint = self._feeders(port.node_id, port.index), f"Add a node feeding {name}.{port.name}…"
        self._show_wire(port, scene_pos)
        empty = "No node that fits this wire matches."
        self._popup(view).popup_at(screen_pos + POPUP_OFFSET, entries, hint, empty)
        return True

    def open_beside(self, view) -> bool:
        """Tab with one card selected: quick add offering what takes its output, the new card to
        come right of it, connected; False (nothing opened) unless exactly one card is selected."""
        scene = self.scene
        selected = scene.selected_node_ids()
        if len(selected) != 1 or scene.groups.selected_group_nodes():
            return False
        source = selected[0]
        self.anchor = (source, True, 0)
        self.view = view
        self.beside = True
        name = display_label(scene.graph, source)
        entries = self._takers(source)
        self.connect = bool(entries)
        if self.connect:  # (and the inputs, which take nothing: added unconnected, see _add_input)
            entries += [e for e in catalog() if e.kind != "op"]
            hint = f"Add a node fed by {name}…"
        else:  # (no op takes its output: anything, unconnected, as plain quick add)
            entries, hint = catalog(), f"Add a node (nothing takes {name}'s output)…"
        port = scene.node_item(source).output
        self.at = port.scene_center() + QPointF(LAYER_SPACING - WIDTH, 0)  # where the new card's input goes
        # the place in view first: the wire, the popup beside it, and then the card all show there
        view.show_rect(QRectF(self.at, QSizeF(WIDTH, 0)).adjusted(0, -WIDTH / 2, 0, WIDTH / 2))
        if self.connect:
            self._show_wire(port, self.at)
        local = view.mapFromScene(self.at)
        local.setX(min(max(local.x(), 0), view.viewport().width() - 1))  # (off screen: at the view's edge)
        local.setY(min(max(local.y(), 0), view.viewport().height() - 1))
        empty = f"No node that takes {name}'s output matches.\n(Esc, Esc, then Tab: any node, on its own)"
        self._popup(view).popup_at(view.viewport().mapToGlobal(local) + POPUP_OFFSET, entries, hint, empty)
        return True

    def _popup(self, view):
        if self.popup is None:
            from ..quick_add import QuickAddPopup

            self.popup = QuickAddPopup(view)
            self.popup.chosen.connect(self._chosen)
            self.popup.installEventFilter(self)
        return self.popup

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
        if self.beside and kind != "op" and self.connect:
            self._add_input(kind, node_id)
            return
        if self.beside:
            self._add_beside(kind, op, node_id)
            return
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
                value = new_input_value(graph, fitting) if fitting else None
            make = lambda: AddAndConnectCommand(graph, kind, op, pos=where, target=(node_id, port), value=value)  # noqa: E731
        command = try_push(scene.undo_stack, make, scene.statusMessage.emit)
        if command is not None:
            scene.select_nodes([command.node_id])

    def _add_beside(self, kind: str, op, source: str) -> None:
        """The card chosen after Tab: one layout column right of the source, its input level with
        the source's output (the nearest free spot when a card is there); connected, selected and
        brought into view."""
        scene, graph = self.scene, self.scene.graph
        new_op = op if kind == "op" else None
        size = card_size(kind, new_op)
        if size is None:
            return
        into = 0
        if self.connect:
            shape = shape_of(scene, source)
            into = (port_fit.port_taking(get_op(op), shape) if shape is not None else 0) or 0
        level = port_offset(new_op, False, into).y() if new_op is not None else 0.0
        x, y = graph.node(source).pos
        wanted = QPointF(x + LAYER_SPACING, self.at.y() - level)
        where = free_spot(scene, size, wanted)
        pos = (where.x(), where.y())
        if self.connect:
            make = lambda: AddAndConnectCommand(graph, kind, op, pos=pos, source=source, into=into)  # noqa: E731
        else:
            make = lambda: AddNodeCommand(graph, kind, op, pos=pos)  # noqa: E731
        command = try_push(scene.undo_stack, make, scene.statusMessage.emit)
        if command is None:
            return
        scene.select_nodes([command.node_id])
        if self.view is not None:
            item = scene.node_item(command.node_id)
            self.view.show_rect(item.mapRectToScene(item.boundingRect()))

    def _add_input(self, kind: str, source: str) -> None:
        """A variable or constant chosen after Tab beside a card: it takes no input, so it comes
        unconnected, in the inputs' column next to the cards (as Tab with nothing selected puts it),
        selected, and the status bar says how to wire it."""
        scene, graph = self.scene, self.scene.graph
        size = card_size(kind, None)
        if size is None:
            return
        x, y = graph.node(source).pos
        where = input_spot(scene, kind, None) or free_spot(scene, size, QPointF(x, y))
        pos = (where.x(), where.y())
        command = try_push(
            scene.undo_stack, lambda: AddNodeCommand(graph, kind, None, pos=pos), scene.statusMessage.emit
        )
        if command is None:
            return
        scene.select_nodes([command.node_id])
        if self.view is not None:
            item = scene.node_item(command.node_id)
            self.view.show_rect(item.mapRectToScene(item.boundingRect()))
        name = display_label(graph, command.node_id)
        keys = shortcut_texts(BY_ID["connect_input"])  # (the key as the actions table gives it)
        connect = keys[0] if keys else "Edit → Connect Input…"
        scene.statusMessage.emit(
            f"Added {name}, unconnected: a {kind} takes no input (to wire it: select a card, {connect}, {name})"
        )

    def _place(self, kind: str, op: str | None, port: QPointF, gap: float) -> tuple[float, float]:
        """Where the new card goes: its connected port (at `port` from its centre) level with the
        drop point, its near edge `gap` beyond it (snapping on: the nearest grid point instead);
        moved inward, as little as it takes, when that would leave part of the card off screen
        (a drop near the view's edge), and to the nearest free spot in view when it would land on a card."""
        pos = self.at + QPointF(gap - port.x(), -port.y())
        if self.view is not None and on_screen(self.view, self.at):
            pos = free_in_view(self.view, kind, op, pos)
        elif self.scene.snap_enabled:
            pos = self.scene.snap(pos)
        return (pos.x(), pos.y())

    # ------------------------------------------------- the wire while choosing
    def _show_wire(self, port: Port, scene_pos: QPointF) -> None:
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
