"""A collapsed group drawn as one card: its name, the inputs feeding it on the left and the
outputs read from it on the right, each with its shape (core.group_card says what).

Edges crossing the group's boundary end on its ports (GroupPresenter attaches them).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsItem

from ...core.group_card import CardPort, GroupCard
from .group_frame import BUTTON, GroupItem, paint_collapse_button
from .labels import shape_text
from .theme import Theme, symbol_font, ui_font

WIDTH = 190.0
HEADER = 26.0
FOOTER = 20.0
ROW = 24.0
RADIUS = 8.0
PORT_R = 5.5


class CardPortPoint:
    """Where an edge ends on a group card, from the card's centre (drawn by the card)."""

    __slots__ = ("card", "x", "y")

    def __init__(self, card, x: float, y: float):
        self.card, self.x, self.y = card, x, y

    def scene_center(self) -> QPointF:
        return self.card.mapToScene(self.x, self.y)


class GroupCardItem(GroupItem):
    def __init__(self, presenter, group_id: str):
        super().__init__(presenter, group_id)
        self.card: GroupCard | None = None
        self.rect = QRectF()
        self.inputs: dict[str, CardPortPoint] = {}  # outside node id -> its port on the card
        self.outputs: dict[str, CardPortPoint] = {}  # inside node id -> its port
        self.role: str | None = None  # the animation's, for the nodes it stands for
        self.placed = QPointF()  # where its group's nodes put it (a drag moves them by the difference)
        self.problems: list[str] = []  # its nodes' own errors, each naming its node (`add₂: input b is …`)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)

    def set_card(self, card: GroupCard, problems: list[str] = ()) -> None:
        """What the card shows (its size and ports: where it stands depends on them, see place), and
        its hidden nodes' errors (it shows them as a node's card shows its own: red border, the
        message in the footer and the tooltip)."""
        rows = max(len(card.inputs), len(card.outputs), 1)
        height = HEADER + rows * ROW + 8 + FOOTER
        rect = QRectF(-WIDTH / 2, -height / 2, WIDTH, height)
        if rect != self.rect:
            self.prepareGeometryChange()
            self.rect = rect
        self.card = card
        self.inputs = self._ports(self.inputs, card.inputs, rect.left())
        self.outputs = self._ports(self.outputs, card.outputs, rect.right())
        self.problems = list(problems)
        tip = (
            f"group {card.name} ({card.size} nodes): double-click or click + to expand; "
            "select it to see its composite Jacobian in the Inspector"
        )
        self.setToolTip("\n".join([*self.problems, "", tip]) if self.problems else tip)
        self.update()

    def place(self, centre: QPointF) -> None:
        """Where its middle is, as its group's nodes put it."""
        self.placed = QPointF(centre)
        self.setPos(centre)

    def set_role(self, role: str | None) -> None:
        if role != self.role:
            self.role = role
            self.update()

    def _ports(self, old: dict, ports: list[CardPort], x: float) -> dict[str, CardPortPoint]:
        new = {}
        for i, port in enumerate(ports):
            point = old.get(port.node) or CardPortPoint(self, x, 0.0)  # (the same one: edges keep it)
            point.x, point.y = x, self._row_y(i)
            new[port.node] = point
        return new

    def _row_y(self, i: int) -> float:
        return self.rect.top() + HEADER + 4 + (i + 0.5) * ROW

    def button_rect(self) -> QRectF:
        r = self.rect
        return QRectF(r.right() - BUTTON - 6, r.top() + (HEADER - BUTTON) / 2, BUTTON, BUTTON)

    def card_rect(self) -> QRectF:
        return QRectF(self.rect)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-10, -10, 10, 10)

    def paint(self, painter, option, widget=None) -> None:
        card, theme, rect = self.card, self.theme, self.rect
        if card is None:
            return
        clean = bool(self.scene() is not None and self.scene().clean_mode)
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        colour = QColor(theme.selection)
        if self.role is not None:  # as a node's card glows (node_item.py)
            glow = QColor(theme.roles.get(self.role, theme.selection))
            for width, alpha in ((14, 50), (8, 110), (4, 230)):
                glow.setAlpha(alpha)
                painter.setPen(QPen(glow, width))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect, RADIUS, RADIUS)
        # a stack: a second card peeks out behind, it stands for several
        painter.setPen(QPen(theme.node_border, 1.0))
        painter.setBrush(theme.node_body)
        painter.drawRoundedRect(rect.translated(5, 5), RADIUS, RADIUS)
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), rect.width(), HEADER), RADIUS, RADIUS)
        painter.drawRect(QRectF(rect.left(), rect.top() + HEADER / 2, rect.width(), HEADER / 2))
        font = ui_font(9.5, bold=True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        head = QRectF(rect.left() + 10, rect.top(), rect.width() - BUTTON - 24, HEADER)
        name = QFontMetricsF(font).elidedText(card.name, Qt.TextElideMode.ElideRight, head.width())
        painter.drawText(head, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
        if not clean:
            paint_collapse_button(painter, self.button_rect(), theme, collapsed=True)
        self._paint_rows(painter, card.inputs, theme, left=True)
        self._paint_rows(painter, card.outputs, theme, left=False)
        foot = QRectF(rect.left() + 10, rect.bottom() - FOOTER, rect.width() - 20, FOOTER)
        if self.problems:  # the first error inside, naming its node; the tooltip has them all
            more = f" (+{len(self.problems) - 1})" if len(self.problems) > 1 else ""
            foot_font = ui_font(7.5, bold=True)
            text = QFontMetricsF(foot_font).elidedText(
                f"⚠ {self.problems[0]}", Qt.TextElideMode.ElideRight, foot.width() - len(more) * 6
            )
            painter.setFont(foot_font)
            painter.setPen(theme.error)
            painter.drawText(foot, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text + more)
        else:
            painter.setFont(ui_font(7.5))
            painter.setPen(theme.muted)
            painter.drawText(
                foot, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"group of {card.size} nodes"
            )
        selected = self.isSelected() and not clean
        if self.problems:  # border: error > selection > plain, as a node's card
            painter.setPen(QPen(theme.error, 2.5))
        else:
            painter.setPen(QPen(theme.selection if selected else theme.node_border, 2.5 if selected else 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, RADIUS, RADIUS)

    def _paint_rows(self, painter, ports: list[CardPort], theme: Theme, left: bool) -> None:
        rect = self.rect
        half = rect.width() / 2 - 14
        for i, port in enumerate(ports):
            y = self._row_y(i)
            x = rect.left() if left else rect.right()
            painter.setPen(QPen(theme.selection, 2.0))
            painter.setBrush(theme.selection)
            painter.drawEllipse(QPointF(x, y), PORT_R, PORT_R)
            text_rect = (
                QRectF(rect.left() + 12, y - ROW / 2, half, ROW)
                if left
                else QRectF(rect.right() - 12 - half, y - ROW / 2, half, ROW)
            )
            align = Qt.AlignmentFlag.AlignVCenter | (
                Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignRight
            )
            label = f"{port.label} {shape_text(port.shape) if port.shape is not None else '?'}"
            font = symbol_font(8.5)
            painter.setFont(font)
            painter.setPen(theme.text)
            shown = QFontMetricsF(font).elidedText(label, Qt.TextElideMode.ElideRight, half)
            painter.drawText(text_rect, align, shown)
