"""How a node is drawn: a card with a coloured header (name), the op symbol, ports and its value.

The item reads the model node and the latest evaluation through the scene; it
never changes the model itself (moves are turned into commands by the scene).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from ...core.card_size import FOOTER, HEADER, MARGIN, WIDTH, card_height
from ...core.naming import display_label
from ...core.ops import get_op
from .card_text import advance, draw_text, elided, fitted_value, font
from .card_text_fit import footer_lines, header_texts
from .frozen_mark import is_frozen, paint_frozen_mark
from .hover import Hoverable
from .labels import first_entry, shape_text, value_preview
from .port_item import HIT_RADIUS, Port, paint_port
from .port_tip import port_tip
from .theme import LIGHT, Theme, cached_pen
from .zoom import LOW_DETAIL, TINY

FOOTER_TWO = 30.0  # a footer whose problem takes two lines: it grows up into the body, clear of the border
RADIUS = 8.0
FLAG = 16.0  # room above the card for the "output" flag
_HEADER_PATHS: dict[float, QPainterPath] = {}
# Looked up once: a zoom gesture's first step paints every card on screen, and Python's lookups of
# Qt's enums and the combining of flags were a sixth of a card's paint.
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_TEXT_ANTIALIASING = QPainter.RenderHint.TextAntialiasing
_WHITE = QColor("white")
_CARD_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
_DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache
_HEADER_TINT = QColor(255, 255, 255, 200)
_CROSS = Qt.CursorShape.CrossCursor  # over a port: a wire starts here


def _header_path(rect: QRectF) -> QPainterPath:
    """The top band of a card with rounded top corners (one per card height, shared)."""
    path = _HEADER_PATHS.get(rect.height())
    if path is None:
        card = QPainterPath()
        card.addRoundedRect(rect, RADIUS, RADIUS)
        band = QPainterPath()
        band.addRect(QRectF(rect.left(), rect.top(), rect.width(), HEADER))
        path = _HEADER_PATHS[rect.height()] = card.intersected(band)
    return path


@functools.cache
def _card_shape(arity: int) -> QPainterPath:
    """A card's outline with its ports' grab circles (one per number of inputs, shared)."""
    height = card_height(arity)
    path = QPainterPath()
    path.addRoundedRect(QRectF(-WIDTH / 2, -height / 2, WIDTH, height), RADIUS, RADIUS)
    circles = QPainterPath()
    for x, y in [_port_xy(arity, True)] + [_port_xy(arity, False, i) for i in range(arity)]:
        circles.addEllipse(QPointF(x, y), HIT_RADIUS, HIT_RADIUS)
    return path.united(circles)


def port_under(scene, scene_pos: QPointF) -> Port | None:
    """The port of any card grabbed at this scene point (the topmost card's first)."""
    for item in scene.items(scene_pos):
        if isinstance(item, NodeItem):
            port = item.port_at(item.mapFromScene(scene_pos))
            if port is not None:
                return port
    return None


def port_offset(op: str | None, is_output: bool, index: int = 0) -> QPointF:
    """Where a port sits on a card, from the card's centre (its node's pos): an input of op `op`
    (None: a variable or constant, which have only an output) on the left edge, spread over the
    body; the output on the right edge, at the body's middle."""
    return QPointF(*_port_xy(_arity(op), is_output, index))


def _arity(op: str | None) -> int:
    return get_op(op).arity if op else 0


@functools.cache
def _port_xy(arity: int, is_output: bool, index: int = 0) -> tuple[float, float]:
    """port_offset as numbers, worked out once per number of inputs and port (a large graph's
    cards share a few; keyed by arity, not op name, as an op may be declared again in a test registry)."""
    height = card_height(arity)
    body = height - HEADER - FOOTER
    body_top = -height / 2 + HEADER
    if is_output:
        return WIDTH / 2, body_top + body / 2
    return -WIDTH / 2, body_top + (index + 0.5) * body / arity


def card_scene_rect(item) -> QRectF:
    """A card's rect (a node's NodeItem or a collapsed group's GroupCardItem) in scene coordinates:
    the card itself, without the glow and badge room of its bounding rect."""
    return item.mapRectToScene(item.card_rect())


@dataclass
class NodeState:
    """What the last evaluation says about a node (equal states: the card need not change)."""

    shape: tuple[int, ...] | None = None
    preview: str = ""
    first: float | None = None  # the true value of the preview's first number (labels.first_entry)
    error: str | None = None  # own problem, as the messages say it (`add₂: input b is not connected`)
    problem: str | None = None  # the same as the card has room for it (Evaluation.short_problems)
    blocked: str | None = None  # a problem upstream
    warning: str | None = None  # nan or inf made here
    note: str | None = None  # computed, but seldom as meant (Evaluation.notes: X @ w − y broadcast to n×n)
    short_note: str | None = None  # the same as the footer has room for it (Evaluation.short_notes)
    # the value preview and first were written from (not compared: equal texts make equal states)
    value: np.ndarray | None = field(default=None, compare=False, repr=False)


class NodeItem(Hoverable, QGraphicsItem):
    """A plain item, not a QGraphicsObject: it has no signals or properties, and a QObject per card
    was a tenth of building a 10,000-card scene."""

    gesture_lod: float | None = None  # while a zoom gesture draws it into an item cache (ui/canvas/zoom.py)

    def __init__(self, scene, node_id: str):
        super().__init__()
        self._scene_ref = scene
        self.node_id = node_id
        self.state = NodeState()
        self.role: str | None = None
        self.edge_items: set = set()  # edges to update when this node moves
        self.is_output = False
        node = scene.graph.node(node_id)
        self.kind = node.kind
        self.op = get_op(node.op) if node.kind == "op" else None
        self.category = self.op.category if self.op else node.kind
        self.title = display_label(scene.graph, node_id)  # renumbered by GraphScene._refresh_titles
        arity = self.op.arity if self.op else 0
        self.height = card_height(arity)
        # the card around its pos, (x, y, width, height), as numbers (card_index reads them: Qt's calls cost more)
        self.box = (-WIDTH / 2, -self.height / 2, WIDTH, self.height)
        self.rect = QRectF(*self.box)
        self._bounds = self.rect.adjusted(-MARGIN, -MARGIN - FLAG, MARGIN, MARGIN)  # ports fit in MARGIN
        names = self.op.inputs if self.op else ()
        self.inputs = [Port(self, False, i, name, _port_xy(arity, False, i)) for i, name in enumerate(names)]
        self.output = Port(self, True, 0, "", _port_xy(arity, True))
        self.hovered_port: Port | None = None  # the port under the mouse (drawn larger, cross cursor)
        self.setFlags(_CARD_FLAGS)
        # No itemChange override: PySide6 can corrupt refcounts there (None returned to C++);
        # the scene moves edges itself, while dragging and when the model moves a node.
        self.setAcceptHoverEvents(True)
        self.setCacheMode(_DEVICE_CACHE)
        self.setZValue(1)
        self.setPos(*node.pos)

    # --------------------------------------------------------------- access
    @property
    def theme(self) -> Theme:
        scene = self.scene()
        return scene.theme if scene is not None else LIGHT

    def scene_clean(self) -> bool:
        scene = self.scene()
        return bool(scene is not None and scene.clean_mode)

    def node(self):
        return self._scene_ref.graph.node(self.node_id)

    def port(self, is_output: bool, index: int = 0) -> Port:
        return self.output if is_output else self.inputs[index]

    def port_at(self, local: QPointF) -> Port | None:
        """The port grabbed at this point of the card (card coordinates), if any."""
        return next((port for port in (self.output, *self.inputs) if port.hit(local)), None)

    def card_rect(self) -> QRectF:
        return QRectF(self.rect)

    # -------------------------------------------------------------- updates
    def redraw(self) -> None:
        """What the card shows changed (its node, its state, a port): draw it afresh."""
        self.update()

    def set_state(self, state: NodeState) -> None:
        if state == self.state:  # (every edit evaluates the whole graph: most cards show the same again)
            self.state.value = state.value  # (the value the texts stand for now: not an older array kept alive)
            return
        self.state = state
        self.setToolTip(self.card_tip() if self.hovered_port is None else port_tip(self._scene_ref, self.hovered_port))
        self.redraw()

    def set_role(self, role: str | None) -> None:
        if role != self.role:
            self.role = role
            self.update()

    def set_output(self, on: bool) -> None:
        if on != self.is_output:
            self.is_output = on
            self.update()

    def set_title(self, title: str) -> None:
        """What the header says: the node's name as every label writes it (θ for theta), or for an
        unnamed card its op, numbered when several share it (core.naming.display_labels)."""
        if title != self.title:
            self.title = title
            if not (self.state.error or self.state.warning or self.state.note or self.state.blocked):
                self.setToolTip(self._describe())  # (it names the card as its title does)
            self.redraw()

    def refresh(self) -> None:
        """The model node changed (name, value, kind)."""
        node = self.node()
        self.title = display_label(self._scene_ref.graph, self.node_id)  # a new name shows at once
        if node.kind != self.kind:
            self.kind = self.category = node.kind  # (its output port's colour too: drawn by the card)
        self.setToolTip(self._describe())
        self.redraw()

    def _describe(self) -> str:
        node = self.node()
        if self.op is not None:  # (named first: the title may show the name cut)
            named = f"{self.title} · " if node.name else ""
            return f"{named}{self.op.name}: {self.op.description}"
        frozen = " (frozen: training leaves it as it is)" if is_frozen(node) else ""
        return f"{node.kind} {self.title}{frozen}"

    # ------------------------------------------------------------- geometry
    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        """The card and its ports' grab circles (the mouse finds, hovers and menus them as the card)."""
        return _card_shape(len(self.inputs))

    # ---------------------------------------------------------------- hover
    def hoverEnterEvent(self, event) -> None:
        self._hover_port(self.port_at(event.pos()))
        super().hoverEnterEvent(event)

    def hoverMoveEvent(self, event) -> None:
        self._hover_port(self.port_at(event.pos()))

    def hoverLeaveEvent(self, event) -> None:
        self._hover_port(None)
        super().hoverLeaveEvent(event)

    def _hover_port(self, port: Port | None) -> None:
        if port is not self.hovered_port:
            self.hovered_port = port
            if port is None:
                self.unsetCursor()
            else:
                self.setCursor(_CROSS)
            self.setToolTip(self.card_tip() if port is None else port_tip(self._scene_ref, port))
            self.redraw()

    def card_tip(self) -> str:
        """The card's tooltip: its problem when it has one, else what it is (a port hovered has its own)."""
        state = self.state
        tip = state.error or "\n".join(t for t in (state.note, state.warning) if t) or None
        if tip is None and state.blocked:
            tip = f"no value: {state.blocked}"
        if tip is not None and self.title_cut():
            tip = f"{self.title}\n{tip}"  # (the whole name, which the title shows cut)
        return tip or self._describe()

    def title_cut(self) -> bool:
        """Whether the card's title bar shows its name shortened (a name too long for it even alone)."""
        return self.header_texts()[0] != self.title

    # ---------------------------------------------------------------- paint
    def paint(self, painter, option, widget=None) -> None:
        """The card, with the detail its size on screen can show (Qt caches the drawing)."""
        lod = self.gesture_lod or option.levelOfDetailFromTransform(painter.worldTransform())
        theme = self.theme
        colour = theme.category_colour(self.category)
        clean = self.scene_clean()
        rect = self.rect
        painter.setRenderHint(_ANTIALIASING)

        if lod < TINY and self.role is None:  # (first: a whole large graph paints thousands of these)
            self._paint_tiny(painter, rect, theme, colour, clean)
            self._paint_ports(painter, theme, lod, clean)  # only highlighted ones show this small
            return

        node = self.node()
        painter.setRenderHint(_TEXT_ANTIALIASING)
        if self.role is not None:
            glow = QColor(theme.roles.get(self.role, theme.selection))
            for width, alpha in ((14, 50), (8, 110), (4, 230)):
                glow.setAlpha(alpha)
                painter.setPen(cached_pen(glow, width))
                painter.setBrush(_NO_BRUSH)
                painter.drawRoundedRect(rect, RADIUS, RADIUS)

        # the card
        painter.setPen(_NO_PEN)
        painter.setBrush(theme.node_body)
        painter.drawRoundedRect(rect, RADIUS, RADIUS)

        # header band in the category colour
        painter.setBrush(colour)
        painter.drawPath(_header_path(rect))

        if lod < LOW_DETAIL:
            self._paint_overview(painter, node, rect, theme)
        else:
            said = self._footer_problem()
            footer = FOOTER_TWO if said is not None and len(said[0]) > 1 else FOOTER
            self._paint_header(painter, node, rect)
            self._paint_body(painter, node, rect, theme, colour, footer)
            self._paint_footer(painter, node, rect, theme, said, footer)

        # border: error > selection > output > hover > plain
        selected = self.isSelected() and not clean
        if self.state.error:
            pen = cached_pen(theme.error, 2.5)
        elif selected:
            pen = cached_pen(theme.selection, 2.5)
        elif self.is_output:
            pen = cached_pen(theme.output, 2.2)
        elif self._hover and not clean:
            pen = cached_pen(theme.hover, 2.0)
        else:
            pen = cached_pen(theme.node_border, 1.2)
        painter.setPen(pen)
        painter.setBrush(_NO_BRUSH)
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        if self.is_output:
            self._paint_output_flag(painter, rect, theme, selected)
        self._paint_ports(painter, theme, lod, clean)

    def _paint_ports(self, painter, theme: Theme, lod: float, clean: bool) -> None:
        hovered = None if clean else self.hovered_port
        for port in (*self.inputs, self.output):
            paint_port(painter, port, theme, lod, port is hovered)

    def _paint_tiny(self, painter, rect: QRectF, theme: Theme, colour: QColor, clean: bool) -> None:
        """A whole large graph on screen: each card is a few pixels, so draw it in three calls."""
        painter.setPen(_NO_PEN)
        painter.setBrush(theme.node_body)
        painter.drawRect(rect)
        painter.setBrush(colour)
        painter.drawRect(QRectF(rect.left(), rect.top(), rect.width(), HEADER * 1.5))
        if self.state.error:
            pen = cached_pen(theme.error, 6.0)
        elif self.isSelected() and not clean:
            pen = cached_pen(theme.selection, 6.0)
        elif self.is_output:
            pen = cached_pen(theme.output, 6.0)
        else:
            pen = cached_pen(theme.node_border, 0)
        painter.setPen(pen)
        painter.setBrush(_NO_BRUSH)
        painter.drawRect(rect)

    def _paint_overview(self, painter, node, rect: QRectF, theme: Theme) -> None:
        """Zoomed far out, small text is noise: one large label (name or symbol) per node."""
        text = self.title if node.name else (self.op.symbol if self.op else node.kind)
        painter.setFont(font(True, 26.0, True))
        painter.setPen(theme.error if self.state.error else theme.text)
        body = QRectF(rect.left(), rect.top() + HEADER, rect.width(), rect.height() - HEADER)
        draw_text(painter, body, 1, elided(text, body.width() - 8, True, 26.0, True), True, 26.0, True)

    def _paint_header(self, painter, node, rect: QRectF) -> None:
        painter.setPen(_WHITE)
        inner = QRectF(rect.left() + 9, rect.top(), rect.width() - 18, HEADER)
        painter.setFont(font(False, 9.0, True))
        title, kind, tag = self.header_texts()
        draw_text(painter, inner, 0, title, False, 9.0, True)
        if tag is not None:
            painter.setFont(font(False, tag))
            painter.setPen(_HEADER_TINT)
            draw_text(painter, inner, 2, kind, False, tag)

    def header_texts(self) -> tuple[str, str, float | None]:
        """What the title bar reads: the name (shortened only when too long for the bar alone), the
        kind tag of a named card ("variable", "cos") and its point size, None when the bar shows no
        tag. The name wins the room: the tag shrinks, then goes (card_text_fit)."""
        kind = (self.op.name if self.op else self.kind) if self.node().name else ""
        return header_texts(self.title, kind, WIDTH - 18)

    def _paint_body(self, painter, node, rect: QRectF, theme: Theme, colour: QColor, footer: float) -> None:
        top = rect.top() + HEADER
        body = QRectF(rect.left(), top, rect.width(), rect.height() - HEADER - footer)
        if self.op is not None:
            text = self.op.symbol_for(node.params)
            size = 20.0 if len(text) <= 3 and not self.op.defaults else 14.0  # parameters shown smaller
            painter.setFont(font(True, size))
            painter.setPen(theme.text)
            draw_text(painter, body, 1, text, True, size)
            if self.op.arity > 1:
                painter.setFont(font(False, 7.5))
                painter.setPen(theme.muted)
                for port in self.inputs:
                    y = port.y
                    draw_text(painter, QRectF(rect.left() + 10, y - 8, 40, 16), 0, port.name, False, 7.5)
        else:
            # inputs show their value large: it is what the user edits
            value = value_preview(node.value, 16)
            sizes = (13.0, 9.0) if len(value) <= 10 else (10.5, 9.0)
            shown, size = fitted_value(value, body.width() - 16, sizes, first_entry(node.value))
            painter.setFont(font(True, size))
            painter.setPen(theme.text)
            draw_text(painter, body, 1, shown, True, size)

    def _footer_problem(self) -> tuple[tuple[str, ...], bool] | None:
        """The footer's problem as its lines, and whether bold (an error); None: it shows the shape."""
        state = self.state
        if not (state.error or state.blocked or state.note):
            return None
        bold = bool(state.error)  # (a note is a warning in its colour: the value is there)
        if state.error:
            text = "⚠ " + (state.problem or state.error)
        else:
            text = "no value" if state.blocked else "⚠ " + (state.short_note or state.note or "")
        return footer_lines(text, WIDTH - 18, bold), bold

    def _paint_footer(self, painter, node, rect: QRectF, theme: Theme, said, footer: float) -> None:
        top = rect.bottom() - footer
        painter.setPen(_footer_line_pen(theme))
        painter.drawLine(QPointF(rect.left() + 1, top), QPointF(rect.right() - 1, top))
        area = QRectF(rect.left() + 9, top, rect.width() - 18, footer)
        state = self.state
        if said is not None:
            lines, bold = said
            painter.setPen(theme.error if state.error else theme.muted if state.blocked else theme.warning)
            size = 7.5 if len(lines) == 1 else 7.0
            painter.setFont(font(False, size, bold))
            if len(lines) > 1:  # (clear of the line above and of the border below, which is thick when selected)
                area = area.adjusted(0, 2, 0, -3)
            half = area.height() / len(lines)
            for k, line in enumerate(lines):
                row = QRectF(area.left(), area.top() + k * half, area.width(), half)
                draw_text(painter, row, 0, elided(line, area.width(), False, size, bold), False, size, bold)
            return
        shape = shape_text(state.shape)
        painter.setFont(font(True, 9.0, True))
        painter.setPen(_shape_colour(theme, self.category))
        draw_text(painter, area, 0, shape, True, 9.0, True)
        if self.op is not None and state.preview:
            room = area.width() - (advance(shape, True, 9.0, True) + 8)
            shown, size = fitted_value("= " + state.preview, room, (8.0, 7.0), state.first)
            painter.setFont(font(True, size))
            painter.setPen(theme.warning if state.warning else theme.muted)
            draw_text(painter, area, 2, shown, True, size)
        if is_frozen(node):  # training leaves it as it is (frozen_mark.py)
            paint_frozen_mark(painter, area, theme)

    def _paint_output_flag(self, painter, rect: QRectF, theme: Theme, selected: bool) -> None:
        text = "OUTPUT"
        w = advance(text, False, 7.0, True) + 12
        chip = QRectF(rect.right() - w - 6, rect.top() - FLAG + 1, w, FLAG - 2)
        painter.setPen(_NO_PEN)
        painter.setBrush(theme.output)
        painter.drawRoundedRect(chip, 4, 4)
        painter.setFont(font(False, 7.0, True))
        painter.setPen(theme.node_body)  # (the chip is ink: the card's own paper colour reads on it)
        draw_text(painter, chip, 1, text, False, 7.0, True)


_FOOTER_PENS: dict[int, QPen] = {}
_SHAPE_COLOURS: dict[tuple[int, bool], QColor] = {}


def _footer_line_pen(theme: Theme) -> QPen:
    """The thin line above the footer: the border's colour, faded (made once per theme)."""
    pen = _FOOTER_PENS.get(theme.node_border.rgba())
    if pen is None:
        line = QColor(theme.node_border)
        line.setAlpha(110)
        pen = _FOOTER_PENS[theme.node_border.rgba()] = QPen(line, 1.0)
    return pen


def _shape_colour(theme: Theme, category: str) -> QColor:
    """The shape's ink in the footer: the category colour, darker on light, lighter on dark (once each)."""
    colour = theme.category_colour(category)
    key = (colour.rgba(), theme.dark)
    ink = _SHAPE_COLOURS.get(key)
    if ink is None:
        ink = _SHAPE_COLOURS[key] = colour.lighter(125) if theme.dark else colour.darker(115)
    return ink
