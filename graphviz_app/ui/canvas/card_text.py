"""The texts of a card, drawn fast: its fonts, their metrics and its elided texts, made once per
font and text instead of at every paint (a few fonts and texts shared by thousands of cards), and
drawn from QStaticTexts laid out once. Fonts are not changed by callers."""

from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QStaticText

from .labels import shorten_value
from .theme import symbol_font, ui_font

_LEFT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
_RIGHT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
_CENTRE = Qt.AlignmentFlag.AlignCenter
_ELIDE = Qt.TextElideMode.ElideRight


@functools.cache
def font(symbol: bool, size: float, bold: bool = False) -> QFont:
    made = symbol_font(size) if symbol else ui_font(size, bold)
    made.setBold(bold)
    return made


@functools.cache
def metrics(symbol: bool, size: float, bold: bool = False) -> QFontMetricsF:
    return QFontMetricsF(font(symbol, size, bold))


@functools.lru_cache(maxsize=8192)
def elided(text: str, width: float, symbol: bool, size: float, bold: bool = False) -> str:
    return metrics(symbol, size, bold).elidedText(text, _ELIDE, width)


@functools.lru_cache(maxsize=8192)
def fitted_value(text: str, width: float, sizes: tuple[float, ...], first: float | None) -> tuple[str, float]:
    """A value shortened to fit width (labels.shorten_value; first: the true value of its first
    number, labels.first_entry, so part of the key), and the size of symbol font it is drawn at: the
    first of sizes (largest first) at which it fits with its first number whole, else with 3, then
    2 significant digits: a smaller font before fewer digits, so the body and the footer of one
    number agree ([[−0.445, …], …] on M, = [[0.445, …], …] on neg M, not −0.44 beside 0.445).
    ("", sizes[0]) when even that does not fit (a cut number or bracket would mislead, and so would
    a lone number: the card's shape says what the value is)."""
    for fewest in (4, 3, 2):
        for size in sizes:
            shorter = shorten_value(text, lambda t, size=size: advance(t, True, size) <= width, first, fewest)
            if shorter is not None:
                return shorter, size
    return "", sizes[0]


@functools.lru_cache(maxsize=4096)
def advance(text: str, symbol: bool, size: float, bold: bool = False) -> float:
    return metrics(symbol, size, bold).horizontalAdvance(text)


@functools.lru_cache(maxsize=8192)
def static_text(text: str, symbol: bool, size: float, bold: bool = False) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    return static


def draw_text(painter, rect: QRectF, align: float, text: str, symbol: bool, size: float, bold: bool = False) -> None:
    """painter.drawText(rect, AlignVCenter | left (align 0), centre (1) or right (2), text) in the painter's
    font, font(symbol, size, bold): one line, drawn from a QStaticText laid out once per text and font,
    where drawText lays the text out at every call (four times the cost, the most of a card's paint)."""
    static = static_text(text, symbol, size, bold)
    # placed as drawText places a line: by its advance and the font's height (not the line's, rounded up)
    width, height = advance(text, symbol, size, bold), metrics(symbol, size, bold).height()
    if width > rect.width() or height > rect.height():
        painter.drawText(rect, (_LEFT, _CENTRE, _RIGHT)[int(align)], text)  # (drawText clips the overflow)
        return
    x = rect.left() + (rect.width() - width) * align / 2
    painter.drawStaticText(QPointF(x, rect.top() + (rect.height() - height) / 2), static)
