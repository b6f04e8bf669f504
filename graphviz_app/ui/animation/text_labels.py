"""The read-only text labels of the Inspector and its group view, made one way: wrapped,
selectable, plain text (or names set as subscripts, set_rich_text), fonts set as fonts and muted or error text toned from the palette (so a heading
follows the palette when it turns dark); a label without text stays hidden until given one. A
wrapping label never breaks a derivative after its slash (∂L/ | ∂matmul) nor "shown as 2×3"."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel

from .. import tones
from .formula_view import monospace_font


class _Unbroken:
    """A label's text shown unbroken (see unbroken); text() is the text as set, without the
    invisible joiners."""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._plain = text
        super().setText(unbroken(text))

    def text(self) -> str:
        return self._plain

    def set_rich_text(self, html: str, plain: str) -> None:
        """Show html (names set as subscripts: J<sub>tanh</sub>); text() is plain (J_tanh)."""
        self._plain = plain
        self.setTextFormat(Qt.RichText)
        QLabel.setText(self, unbroken(html))


class SymbolLabel(_Unbroken, QLabel):
    """A wrapping label that never breaks a derivative symbol or "shown as 2×3" (unbroken)."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.setText(text)


class ToneSymbolLabel(_Unbroken, tones.ToneLabel):
    """A toned label (muted note, error warning: "∂sqrt/∂x is inf") that never breaks a derivative
    symbol either."""

    def __init__(self, text: str, tone: Callable[[QPalette], QColor], parent=None):
        super().__init__("", tone, parent)
        self.setText(text)


def unbroken(text: str) -> str:
    """Text for a label that wraps, a derivative never broken after its slash (∂L/ | ∂matmul) nor
    "shown as 2×3" across lines: a word joiner (U+2060, not drawn) and no-break spaces."""
    text = text.replace("/∂", "/\u2060∂")
    return re.sub(r"shown as (\S+)", "shown\u00a0as\u00a0\\1", text)


def text_label(
    text: str = "",
    *,
    bold: bool = False,
    mono: bool = False,
    tone: Callable[[QPalette], QColor] | None = None,
    name: str = "",
    weight: QFont.Weight | None = None,
    point_size: float = 0.0,
) -> QLabel:
    # No style sheets here: a label with one keeps the palette it was polished with, and a
    # heading would stay black when the palette turns dark. Fonts are set as fonts, muted text
    # takes its colour from the inherited palette (tone: tones.muted, tones.error; see
    # tones.ToneLabel), at every palette change.
    label = SymbolLabel(text) if tone is None else ToneSymbolLabel(text, tone)
    label.setWordWrap(True)  # a narrow dock wraps long shape equations instead of widening the panel
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    label.setTextFormat(Qt.PlainText)
    font = monospace_font() if mono else QFont()  # a default QFont sets nothing: the rest is inherited
    if bold or weight is not None:
        font.setWeight(weight if weight is not None else QFont.Weight.DemiBold)
    if point_size:
        font.setPointSizeF(point_size)
    if mono or bold or weight is not None or point_size:
        label.setFont(font)
    if name:
        label.setObjectName(name)
    if not text:
        label.hide()  # never setVisible(True) on a parentless widget: it would open as a window
    return label


def set_text(label: QLabel, text: str) -> None:
    """Show text in the label, or hide the label when there is none."""
    label.setText(text)
    label.setVisible(bool(text))
