"""A derivative formula shown as mathematics: the op's LaTeX typeset by math_render.

The card's colours are read from the palette at each paint (tones.card), so it follows a
light / dark switch.

The one-line unicode form stays available as text() (tests, copy, screen
readers); it is drawn instead only when an op declares no LaTeX.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from .. import tones
from . import math_render

PAD = 6
LINE_GAP = 4  # between the lines of a formula drawn on several


def monospace_font(delta: float = 0.0) -> QFont:
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.Monospace)
    if delta:
        font.setPointSizeF(font.pointSizeF() + delta)
    return font


def clauses(latex: str) -> list[str]:
    """A formula's clauses: split at its top-level commas ("…, s = softmax(x)"), each but the last
    keeping its comma; a comma inside braces or brackets (f(x, y)) does not split."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(latex):
        ch = latex[i]
        if ch == "\\":
            i += 2  # (an escaped character, or the first letter of a command)
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(latex[start : i + 1].strip())
            start = i + 1
        i += 1
    parts.append(latex[start:].strip())
    return [_strip_space(p) for p in parts if _strip_space(p)]


def _strip_space(latex: str) -> str:
    """Without the spacing commands that led into a clause (\\; \\, \\quad)."""
    for space in ("\\;", "\\,", "\\quad", "\\qquad", "\\ "):
        while latex.startswith(space):
            latex = latex[len(space) :].lstrip()
    return latex


class FormulaView(QWidget):
    """One formula, typeset; its size is the formula's size. A formula wider than the panel gives
    it goes on several lines at its top-level commas, and a line still too wide is drawn smaller
    (scale()): never cut at the panel's edge. The tooltip has its text."""

    def __init__(self, text: str = "", parent=None, latex: str = ""):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self._text = ""
        self._latex = ""
        self._box = None
        self._lines: list = []  # the clauses laid out, for a width too narrow for the whole
        self.set_formula(text, latex, show=False)
        if not text:
            self.hide()  # never show a parentless widget: it would open as a window

    def text(self) -> str:
        return self._text

    def latex(self) -> str:
        return self._latex

    def set_formula(self, text: str, latex: str = "", show: bool = True) -> None:
        self._text, self._latex = text, latex
        base = QApplication.font().pointSizeF() if QApplication.instance() else 10.0
        self._box = math_render.layout(latex, base * 1.35) if latex else None
        parts = clauses(latex) if latex else []
        self._lines = [math_render.layout(p, base * 1.35) for p in parts] if len(parts) > 1 else []
        self.setToolTip(text)
        self.setAccessibleName(text)
        self.updateGeometry()
        self.update()
        if show:
            self.setVisible(bool(text))

    def _content_size(self) -> QSize:
        if self._box is not None:
            return QSize(int(self._box.width + 1), int(self._box.ascent + self._box.descent + 1))
        metrics = QFontMetricsF(monospace_font(1.0))
        lines = self._text.split("\n") or [""]
        return QSize(
            int(max(metrics.horizontalAdvance(line) for line in lines) + 1), int(metrics.height() * len(lines))
        )

    def _room(self, width: int) -> float:
        return max(width - 2 * PAD - 2, 1)

    def _shown(self, width: int) -> list:
        """The boxes drawn at this width, top to bottom: the whole formula, or its clauses."""
        if self._box is None:
            return []
        if self._box.width <= self._room(width) or not self._lines:
            return [self._box]
        return self._lines

    def sizeHint(self) -> QSize:
        # as tall as the lines it needs at the width the layout gave it (resizeEvent asks again):
        # the panel's scroll area does not lay out by height-for-width
        size = self._content_size() + QSize(2 * PAD + 2, 2 * PAD + 2)
        if self.width() > 0 and self._box is not None:
            size.setHeight(self.heightForWidth(self.width()))
        return size

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.sizeHint().width(), 120), self.sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.heightForWidth(event.size().width()) != self.heightForWidth(event.oldSize().width()):
            self.updateGeometry()  # (more or fewer lines: another height)

    def heightForWidth(self, width: int) -> int:
        shown = self._shown(width)
        if not shown:
            return self.sizeHint().height()
        room = self._room(width)
        height = sum((b.ascent + b.descent + 1) * min(1.0, room / max(b.width, 1)) for b in shown)
        return int(height + LINE_GAP * (len(shown) - 1) + 2 * PAD + 2 + 0.999)

    def scale(self) -> float:
        """How much the formula is shrunk to fit the widget's width now (1: drawn at full size;
        the smallest of its lines when it is drawn on several)."""
        room = self._room(self.width())
        shown = self._shown(self.width())
        widths = [b.width for b in shown] or [self._content_size().width()]
        return min(1.0, *(room / w for w in widths if w > 0))

    def line_count(self) -> int:
        """On how many lines the formula is drawn at the widget's width now."""
        return max(1, len(self._shown(self.width())))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setRenderHint(QPainter.TextAntialiasing)
        # a card of its own: background, frame and ink chosen together from the palette now
        # (paper in a light palette, the palette's field colours in a dark one)
        background, border, ink = tones.card(self.palette())
        painter.setPen(QPen(border, 1.0))
        painter.setBrush(background)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setPen(ink)
        inner = QRectF(self.rect()).adjusted(PAD + 1, PAD + 1, -PAD - 1, -PAD - 1)
        shown = self._shown(self.width())
        if not shown:  # the unicode form, smaller if it is wider than the card
            scale = self.scale()
            painter.translate(inner.left(), inner.center().y())
            painter.scale(scale, scale)
            box = QRectF(0, -inner.height() / 2 / scale, inner.width() / scale, inner.height() / scale)
            painter.setFont(monospace_font(1.0))
            painter.drawText(box, Qt.AlignLeft | Qt.AlignVCenter, self._text)
            painter.end()
            return
        room = self._room(self.width())
        heights = [(b.ascent + b.descent + 1) * min(1.0, room / max(b.width, 1)) for b in shown]
        y = inner.center().y() - (sum(heights) + LINE_GAP * (len(shown) - 1)) / 2
        for box, height in zip(shown, heights, strict=True):
            scale = min(1.0, room / max(box.width, 1))
            painter.save()
            painter.translate(inner.left(), y)
            painter.scale(scale, scale)
            box.draw(painter, 0.0, box.ascent)
            painter.restore()
            y += height + LINE_GAP
        painter.end()
