"""A card dropped onto an edge is inserted into it: A → B becomes A → card → B, one undo step.

While a free op card (its output feeds nothing, it has a free input) is dragged, or an op is
dragged from the palette, the edge under the cursor is marked: in the selection colour when the
insert fits the shapes (a held card also shows the two wires the edge becomes), dashed in the
error colour when it would not (the op refuses A's shape, or B refuses what the op gives; the
status bar says so at once). Released on a fitting edge the card is inserted; on a refused
one it only moves, and the status bar says why, naming the nodes as their cards do. As in Blender and ComfyUI, an inserted
card goes between the edge's two cards, where it was dropped if there is room; when there is
not, the downstream card and every card it feeds move right to make room (in the same undo
step). An edge that does not run left to right, or no free place between (another card in the
way): the card lands at the nearest free spot along the edge or below it, the others stay put.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from ...core import port_fit
from ...core.errors import UserError
from ...core.naming import display_label
from ...core.ops import get_op
from ..commands.common import Steps, done_text, try_push
from ..commands.nodes import MoveNodesCommand
from ..commands.wiring import AddIntoEdgeCommand, InsertNodeCommand
from .drop_place import GAP, centred, free_offset, is_free
from .edge_item import EdgeItem, curve, wire_preview
from .node_item import WIDTH, NodeItem, card_height, card_scene_rect
from .wire_drop import input_shapes, shape_of

REACH = 12.0  # screen pixels: how near the cursor an edge counts as under it
PRECISION = 0.25  # screen pixels: two edges nearer the cursor than this to each other are as near
ALONG = 24  # places along the edge tried for an inserted card that would overlap a card
BELOW_STEP, BELOW_STEPS = 20.0, 40  # and places below them, as far as 800 px
WIRE_ROOM = 48.0  # scene px of wire kept between an inserted card and each of the edge's cards


class EdgeInsert:
    def __init__(self, scene) -> None:
        self.scene = scene
        self.edge: EdgeItem | None = None  # the edge marked now
        self.into: int | None = None  # the op's input the edge's source would feed
        self.problem: str | None = None  # why the marked edge would refuse the op, said while held (None: it fits)
        self.refused: str | None = None  # the same, said as it is when the card is dropped there
        self.marker: QGraphicsPathItem | None = None
        self.fitted: tuple | None = None  # what into and problem were worked out for
        self.wires: QGraphicsPathItem | None = None  # what the edge becomes, while a card is held on it

    # ------------------------------------------------------------- tracking
    def track_card(self, dragged: list, scene_pos: QPointF) -> None:
        """During a card drag: mark the edge under the cursor if one free op card is dragged."""
        item = dragged[0] if len(dragged) == 1 and isinstance(dragged[0], NodeItem) else None
        if item is None or not self._insertable(item.node_id):
            self.clear()
            return
        self._track(scene_pos, item.op, item.node_id)

    def track_new(self, kind: str, op: str | None, scene_pos: QPointF) -> None:
        """During a palette drag: mark the edge under the cursor for an op with inputs."""
        if kind != "op" or op is None or not get_op(op).arity:
            self.clear()
            return
        self._track(scene_pos, get_op(op), None)

    def _track(self, scene_pos: QPointF, op, node_id: str | None) -> None:
        edge = self._edge_at(scene_pos, node_id)
        if edge is None:
            self.clear()
            return
        if edge is not self.edge or self.marker is None:
            self.clear()
            self.edge = edge
            self.marker = QGraphicsPathItem()
            self.marker.setZValue(0.5)  # over the edges, under the cards
            self.scene.addItem(self.marker)
        fitted = (edge.key, node_id or op.name, self.scene.graph.version)
        if fitted != self.fitted:  # (the same edge under the same card: already known)
            self.fitted = fitted
            self.into, why = self._fit(edge.key, op, node_id)
            self.problem = self._refusal(edge.key, op, node_id, why, "cannot go") if why else None
            self.refused = self._refusal(edge.key, op, node_id, why, "was not inserted") if why else None
            if self.problem is not None:  # said once when the edge is reached, again if dropped there
                self.scene.statusMessage.emit(self.problem)
        self.marker.setPath(edge.path())
        theme = self.scene.theme
        if self.problem is None:
            colour = QColor(theme.selection)
            colour.setAlpha(170)
            pen = QPen(colour, 7.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        else:
            pen = QPen(QColor(theme.error), 3.0, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap)
        self.marker.setPen(pen)
        self._show_wires(edge, node_id)

    def _show_wires(self, edge: EdgeItem, node_id: str | None) -> None:
        """A dragged card that fits: the two wires the edge becomes, dashed, over the card."""
        card = self.scene.node_item(node_id) if node_id else None
        if card is None or self.problem is not None or self.into is None:
            self._hide_wires()
            return
        if self.wires is None:
            self.wires = wire_preview(self.scene.theme)
            self.scene.addItem(self.wires)
        path = curve(edge.src_item.output.scene_center(), card.inputs[self.into].scene_center())
        path.addPath(curve(card.output.scene_center(), edge.dst_item.inputs[edge.port].scene_center()))
        self.wires.setPath(path)

    def _hide_wires(self) -> None:
        if self.wires is not None and self.wires.scene() is not None:
            self.scene.removeItem(self.wires)
        self.wires = None

    def clear(self) -> None:
        self._hide_wires()
        if self.marker is not None and self.marker.scene() is not None:
            self.scene.removeItem(self.marker)
        self.marker, self.edge, self.into, self.problem, self.fitted = None, None, None, None, None
        self.refused = None

    # --------------------------------------------------------------- dropping
    def drop_card(self, node_id: str) -> bool:
        """The dragged card is released: True if it was inserted (its move is part of that step)."""
        edge, into, problem = self.edge, self.into, self.refused
        self.clear()
        if edge is None:
            return False
        if problem is not None:
            self.scene.statusMessage.emit(problem)
            return False
        scene = self.scene
        item = scene.node_item(node_id)
        where, room = self._place(edge, item.pos(), item.card_rect().size(), node_id)
        move = (scene.graph.node(node_id).pos, (where.x(), where.y()))
        command = self._push(lambda: InsertNodeCommand(scene.graph, node_id, edge.key, into, move), room)
        return command is not None

    def drop_new(self, kind: str, op: str | None, pos: QPointF) -> str | None:
        """A palette drop: the new node's id if it was inserted into the marked edge, else None
        (a refused insert is reported; the caller then adds the node where it was dropped)."""
        edge, into, problem = self.edge, self.into, self.refused
        self.clear()
        if edge is None or kind != "op":
            return None
        if problem is not None:
            self.scene.statusMessage.emit(problem)
            return None
        scene = self.scene
        where = scene.snap(pos) if scene.snap_enabled else pos
        size = QSizeF(WIDTH, card_height(get_op(op).arity))
        where, room = self._place(edge, where, size, None)
        command = self._push(
            lambda: AddIntoEdgeCommand(scene.graph, op, edge.key, pos=(where.x(), where.y()), into=into), room
        )
        return None if command is None else command.node_id

    def _push(self, make, room: dict):
        """The insert, and the cards moved to make room for it, as one undo step."""
        scene = self.scene
        if not room:
            return try_push(scene.undo_stack, make, scene.statusMessage.emit)
        try:
            command = make()  # (refused before anything moves)
        except UserError as exc:
            scene.statusMessage.emit(exc.message)
            return None
        moves = MoveNodesCommand(scene.graph, room)
        scene.undo_stack.push(Steps(command.text(), done_text(command), [moves, command]))
        return command

    # ---------------------------------------------------------------- helpers
    def _place(self, edge: EdgeItem, pos: QPointF, size: QSizeF, node_id: str | None) -> tuple[QPointF, dict]:
        """Where the inserted card goes, and the cards moved to make room for it ({node: (old, new)})."""
        between = self._between(edge, pos, size, node_id)
        return between if between is not None else (self._free_spot(edge, pos, size, node_id), {})

    def _between(self, edge: EdgeItem, pos: QPointF, size: QSizeF, node_id: str | None) -> tuple[QPointF, dict] | None:
        """Between the edge's cards at pos's height (as near pos as the room allows), the downstream
        card and all it feeds moved right when the gap is narrower than the card and its wires. None:
        the edge does not run left to right, or other cards are in the way."""
        scene, graph = self.scene, self.scene.graph
        a = card_scene_rect(edge.src_item)
        b = card_scene_rect(edge.dst_item)
        if b.center().x() <= a.right():
            return None  # (a card below or left of its source: no left-to-right gap to open)
        shift = max(0.0, size.width() + 2 * WIRE_ROOM - (b.left() - a.right()))
        if shift and scene.snap_enabled:
            shift = math.ceil(shift / scene.grid_size) * scene.grid_size  # (the moved cards stay on the grid)
        lo, hi = a.right() + WIRE_ROOM + size.width() / 2, b.left() + shift - WIRE_ROOM - size.width() / 2
        x = min(max(pos.x(), lo), hi)
        moved = self._downstream(edge.dst) if shift else set()
        skip = moved | ({node_id} if node_id else set())
        after = [
            card_scene_rect(item).translated(shift, 0)
            for item in (scene.node_item(n) for n in moved)
            if item is not None and item.isVisible()
        ]
        if not all(is_free(scene, r, skip) for r in after):
            return None  # (a moved card would land on another card)
        for k in range(BELOW_STEPS + 1):  # at pos's height, else the nearest free height, up or down
            for dy in (0.0,) if k == 0 else (k * BELOW_STEP, -k * BELOW_STEP):
                where = QPointF(x, pos.y() + dy)
                if scene.snap_enabled:
                    where = QPointF(where.x(), scene.snap(where).y())
                rect = centred(where, size)
                room = rect.adjusted(-GAP, -GAP, GAP, GAP)
                if is_free(scene, rect, skip) and not any(room.intersects(r) for r in after):
                    moves = {
                        n: (graph.node(n).pos, (graph.node(n).pos[0] + shift, graph.node(n).pos[1])) for n in moved
                    }
                    return where, moves
        return None

    def _downstream(self, node_id: str) -> set[str]:
        """The node and every node it feeds, directly or not."""
        graph, found, todo = self.scene.graph, {node_id}, [node_id]
        while todo:
            for edge in graph.consumers_of(todo.pop()):
                if edge.dst not in found:
                    found.add(edge.dst)
                    todo.append(edge.dst)
        return found

    def _free_spot(self, edge: EdgeItem, pos: QPointF, size: QSizeF, node_id: str | None) -> QPointF:
        """Where an inserted card (centred on its node's pos) of this size goes: `pos` if it
        overlaps no other card there, else the nearest place along the edge, or below the edge or
        `pos`, where it overlaps none (the neighbours are not moved; drop_place's search)."""
        starts = [pos] + [edge.point_at(i / ALONG) for i in range(ALONG + 1)]
        places = [QPointF(p.x(), p.y() + k * BELOW_STEP) for k in range(BELOW_STEPS + 1) for p in starts]
        snap = self.scene.snap if self.scene.snap_enabled else None
        if snap is not None:
            places = [snap(p) for p in places]
        places.sort(key=lambda p: (p.x() - pos.x()) ** 2 + (p.y() - pos.y()) ** 2)
        skip = () if node_id is None else (node_id,)
        offset = free_offset(self.scene, [centred(pos, size)], [p - pos for p in places], skip=skip)
        return pos if offset is None else pos + offset  # (none: a wall of cards 800 px tall, as dropped)

    def _insertable(self, node_id: str) -> bool:
        """An op whose output feeds nothing and with a free input: it can go into an edge."""
        graph = self.scene.graph
        node = graph.node(node_id)
        if node.kind != "op" or graph.consumers_of(node_id):
            return False
        return len(graph.inputs_of(node_id)) < get_op(node.op).arity

    def _edge_at(self, scene_pos: QPointF, node_id: str | None) -> EdgeItem | None:
        """The visible edge nearest the cursor within REACH screen pixels, not one of the node's own:
        the edges whose stroke (round-capped, as wide as twice the distance) holds the cursor; of
        several, the nearest, by halving the distance between too near and near enough."""
        views = self.scene.views()
        zoom = views[0].zoom() if views else 1.0
        reach = REACH / max(zoom, 0.05)
        stroker = QPainterPathStroker()
        stroker.setCapStyle(Qt.PenCapStyle.RoundCap)

        def within(item: EdgeItem, distance: float) -> bool:
            stroker.setWidth(2 * distance)
            return stroker.createStroke(item.path()).contains(scene_pos)

        box = QRectF(scene_pos.x() - reach, scene_pos.y() - reach, 2 * reach, 2 * reach)
        near = [
            item
            for item in self.scene.items(box)
            if isinstance(item, EdgeItem)
            and item.isVisible()
            and node_id not in (item.src, item.dst)
            # (not an edge drawn to a collapsed group's card)
            and item.src_item.isVisible()
            and item.dst_item.isVisible()
            and within(item, reach)
        ]
        closer, farther = 0.0, reach
        while len(near) > 1 and farther - closer > PRECISION / max(zoom, 0.05):
            middle = (closer + farther) / 2
            nearer = [item for item in near if within(item, middle)]
            if nearer:
                near, farther = nearer, middle
            else:
                closer = middle
        return near[0] if near else None

    def _fit(self, key, op, node_id: str | None) -> tuple[int | None, str | None]:
        """(the op's input the edge's source would feed, why the insert is refused or None)."""
        src, dst, port = key
        scene, graph = self.scene, self.scene.graph
        params = graph.node(node_id).params if node_id else None
        connected = graph.inputs_of(node_id) if node_id else {}
        fixed = input_shapes(scene, node_id) if node_id else {}
        free = [p for p in range(op.arity) if p not in connected]
        if not free:
            return None, "no free input"
        if node_id is not None and (graph.would_create_cycle(src, node_id) or graph.would_create_cycle(node_id, dst)):
            return None, "that would close a cycle"
        shape = shape_of(scene, src)
        if shape is None:
            return free[0], None  # the source's shape is not known: nothing to check
        consumer_node = graph.node(dst)
        consumer = get_op(consumer_node.op)
        others = input_shapes(scene, dst, skip=port)
        first_taker, made = None, set()
        for into in free:
            made = port_fit.outputs(op, {**fixed, into: shape}, params)
            if not made:
                continue
            first_taker = into if first_taker is None else first_taker
            if any(port_fit.outputs(consumer, {**others, port: out}, consumer_node.params) for out in made):
                return into, None
        if first_taker is None:
            return None, (port_fit.refusal(op, {**fixed, free[0]: shape}, params) or "the shapes do not fit")
        made = port_fit.outputs(op, {**fixed, first_taker: shape}, params)
        out = min(made, key=len)
        reason = port_fit.refusal(consumer, {**others, port: out}, consumer_node.params) or "the shapes do not fit"
        return None, reason

    def _refusal(self, key, op, node_id: str | None, why: str, verb: str) -> str:
        """The status bar's words for a refused insert: "sin cannot go between x and out: …" while
        the card is held over the edge, "… was not inserted …" once it is dropped there."""
        graph = self.scene.graph
        name = display_label(graph, node_id) if node_id else op.name
        a, b = display_label(graph, key[0]), display_label(graph, key[1])
        return f"{name} {verb} between {a} and {b}: {why}"
