"""Edit → Connect Input… (Shift+Tab on the canvas, or a card's right-click menu): wire an existing
card into the selected card's input from the keyboard, as a drag from port to port does.

A popup lists the other cards by the names they show, nearest first, filtered as the user types;
a dashed wire shows where the highlighted one would go. Enter connects its output to the selected
card's free input; with several free, a second list asks which (with none free, which one to
replace). Cards that would close a cycle or whose shape the input cannot take stay listed, dimmed,
saying why; choosing one says it in full, naming the nodes and the shapes. One undo step
(ConnectCommand, as the mouse's drag makes).
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF

from ...core import port_fit
from ...core.naming import display_label
from ...core.ops import get_op
from ...core.shape_text import shape_text
from ..card_chooser import CardChooserPopup, Choice
from ..commands.common import try_push
from ..commands.edges import ConnectCommand
from .edge_item import curve, wire_preview
from .node_item import card_scene_rect
from .wire_drop import input_shapes, shape_of


def connection_problem(scene, src: str, dst: str, port: int) -> tuple[str, str] | None:
    """Why src's output cannot go into input `port` of dst, as (a few words for a list, the full
    message naming the nodes and shapes); None when it can. The checks are the model's cycle test
    (the mouse's drag asks the same) and the op's own shape rule (port_fit, as an edge insert asks)."""
    graph = scene.graph
    a, b = display_label(graph, src), display_label(graph, dst)
    op = get_op(graph.node(dst).op)
    into = op.inputs[port]
    if graph.would_create_cycle(src, dst):
        why = "a node cannot feed itself" if src == dst else f"{b} already feeds {a}"
        return "would close a cycle", f"Not connected: {a} → {b} would close a cycle ({why})"
    if graph.inputs_of(dst).get(port) == src:
        return f"already goes into {into}", f"{a} already goes into {into} of {b}"
    shape = shape_of(scene, src)
    if shape is None:
        return None  # (not known yet: the card will say if it does not fit)
    others = input_shapes(scene, dst, skip=port)
    refusal = port_fit.refusal(op, {**others, port: shape}, graph.node(dst).params)
    if refusal is None:
        return None
    inputs = graph.inputs_of(dst)
    given = ", ".join(
        f"{op.inputs[p]} gets {display_label(graph, inputs[p])} ({shape_text(s)})" for p, s in sorted(others.items())
    )
    also = f", whose {given}" if given else ""
    return (
        f"{shape_text(shape)} does not fit {into}",
        f"Not connected: {a} ({shape_text(shape)}) does not fit {into} of {b}{also}: {refusal}",
    )


class InputConnector(QObject):
    """The keyboard's way to connect a card's input; one per view (`view.input_connector`)."""

    def __init__(self, view) -> None:
        super().__init__()
        self.view = view
        self.popup: CardChooserPopup | None = None
        self.target: str | None = None  # the card whose input is connected
        self.ports: list[int] = []  # the inputs offered (the free ones; none free: all of them)
        self.source: str | None = None  # chosen, while the user picks the input
        self.preview = None

    # ------------------------------------------------------------- opening
    def open_for_selection(self) -> None:
        scene = self.view.scene()
        selected = scene.selected_node_ids()
        if len(selected) != 1 or scene.groups.selected_group_nodes():
            scene.statusMessage.emit("Connect Input: select one card first (its input is what gets connected)")
            return
        self.open_for(selected[0])

    def open_for(self, dst: str) -> bool:
        """The list of cards that can feed dst; False (and why on the status bar) when dst has no input."""
        scene = self.view.scene()
        graph = scene.graph
        node = graph.node(dst)
        name = display_label(graph, dst)
        if node.kind != "op" or not get_op(node.op).arity:
            scene.statusMessage.emit(f"{name} is a {node.kind}: it has no inputs to connect (select an operation)")
            return False
        op = get_op(node.op)
        inputs = graph.inputs_of(dst)
        free = [p for p in range(op.arity) if p not in inputs]
        self.target, self.source, self.ports = dst, None, free or list(range(op.arity))
        choices = self._sources()
        if not choices:
            scene.statusMessage.emit(f"Connect Input: there is no other card to connect to {name}")
            return False
        if len(free) == 1 and op.arity > 1:
            title = f"Connect into {op.inputs[free[0]]} of <b>{html.escape(name)}</b>"
        elif free:
            title = f"Connect an input of <b>{html.escape(name)}</b>"
        else:
            title = f"Every input of <b>{html.escape(name)}</b> is connected: the one you choose next is replaced"
        self._open(title, choices, f"Which card feeds {name}? (type its name)")
        return True

    def _open(self, title: str, choices: list[Choice], placeholder: str) -> None:
        scene, view = self.view.scene(), self.view
        item = scene.node_item(self.target)
        card = card_scene_rect(item)
        view.show_rect(card)
        corner = view.viewport().mapToGlobal(view.mapFromScene(card.bottomLeft()))
        self._popup().open_at(corner + QPoint(0, 8), title, choices, placeholder)

    def _popup(self) -> CardChooserPopup:
        if self.popup is None:
            self.popup = CardChooserPopup(self.view)
            self.popup.chosen.connect(self._chosen)
            self.popup.current.connect(self._show_wire)
            self.popup.refused.connect(lambda text: self.view.scene().statusMessage.emit(text))
            self.popup.installEventFilter(self)
        return self.popup

    # --------------------------------------------------------------- lists
    def _sources(self) -> list[Choice]:
        """Every other card, the ones that fit first, each group nearest first."""
        scene = self.view.scene()
        graph, dst = scene.graph, self.target
        at = scene.port_pos(dst, False, self.ports[0])
        found = []
        for nid, item in scene.node_items().items():
            if nid == dst or not item.isVisible():
                continue  # (a collapsed group's nodes: their card is the group's)
            problems = [connection_problem(scene, nid, dst, p) for p in self.ports]
            fits = any(p is None for p in problems)
            shape = shape_text(shape_of(scene, nid))
            short, full = (None, None) if fits else problems[0]
            node = graph.node(nid)
            words = (node.name,) if node.name else ()
            out = item.output.scene_center()
            distance = math.hypot(out.x() - at.x(), out.y() - at.y())
            choice = Choice(nid, display_label(graph, nid), shape if fits else short, full, words)
            found.append((not fits, distance, choice))
        found.sort(key=lambda t: (t[0], t[1]))
        return [c for *_rest, c in found]

    def _ports(self, src: str) -> list[Choice]:
        scene = self.view.scene()
        graph, dst = scene.graph, self.target
        op = get_op(graph.node(dst).op)
        inputs = graph.inputs_of(dst)
        choices = []
        for port in self.ports:
            problem = connection_problem(scene, src, dst, port)
            feeding = inputs.get(port)
            detail = "free" if feeding is None else f"replaces {display_label(graph, feeding)}"
            short, full = (detail, None) if problem is None else problem
            choices.append(Choice(port, op.inputs[port], short, full))
        return choices

    # ------------------------------------------------------------ choosing
    def _chosen(self, key) -> None:
        scene = self.view.scene()
        graph = scene.graph
        if self.target is None or self.target not in graph:
            return  # (gone meanwhile: an undo while the popup was open)
        if self.source is None:
            if key not in graph:
                return
            if len(self.ports) > 1:
                self.source = key
                a, b = display_label(graph, key), display_label(graph, self.target)
                self._open(
                    f"Into which input of <b>{html.escape(b)}</b> does <b>{html.escape(a)}</b> go?",
                    self._ports(key),
                    "Type the input's name",
                )
                return
            src, port = key, self.ports[0]
        else:
            src, port = self.source, key
        dst, self.source = self.target, None
        if src not in graph:
            return
        problem = connection_problem(scene, src, dst, port)
        if problem is not None:  # (the graph changed while the popup was open)
            scene.statusMessage.emit(problem[1])
            return
        try_push(scene.undo_stack, lambda: ConnectCommand(graph, src, dst, port), scene.statusMessage.emit)

    # ------------------------------------------- the wire while choosing
    def _show_wire(self, key) -> None:
        self._hide_wire()
        scene = self.view.scene()
        graph = scene.graph
        if self.target is None or self.target not in graph:
            return
        if self.source is None:
            if key is None or key not in graph:
                return
            src = key
            port = next((p for p in self.ports if connection_problem(scene, src, self.target, p) is None), None)
        else:
            src, port = self.source, key
        if port is None or src not in graph:
            return
        self.preview = wire_preview(scene.theme)
        self.preview.setPath(curve(scene.port_pos(src, True), scene.port_pos(self.target, False, port)))
        scene.addItem(self.preview)

    def _hide_wire(self) -> None:
        if self.preview is not None:
            if self.preview.scene() is not None:
                self.preview.scene().removeItem(self.preview)
            self.preview = None

    def wire_shown(self) -> tuple[QPointF, QPointF] | None:
        """Where the dashed wire runs (from, to), None when none shows: what the user sees."""
        if self.preview is None:
            return None
        path = self.preview.path()
        return path.pointAtPercent(0), path.pointAtPercent(1)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.popup and event.type() == QEvent.Type.Hide:
            self._hide_wire()
        return False
