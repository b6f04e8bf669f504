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


def monospace_font(delta: float = 0.0) -> QFont:
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.Monospace)
    if delta:
        font.setPointSizeF(font.pointSizeF() + delta)
    return font


class FormulaView(QWidget):
    """One formula, typeset; its size is the formula's size (the panel wraps nothing)."""

    def __init__(self, text: str = "", parent=None, latex: str = ""):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self._text = ""
        self._latex = ""
        self._box = None
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

    def sizeHint(self) -> QSize:
        return self._content_size() + QSize(2 * PAD + 2, 2 * PAD + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.sizeHint().width(), 120), self.sizeHint().height())

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
        if self._box is not None:
            math_render.paint_formula(painter, self._box, inner)
        else:
            painter.setFont(monospace_font(1.0))
            painter.drawText(inner, Qt.AlignLeft | Qt.AlignVCenter, self._text)
        painter.end()
