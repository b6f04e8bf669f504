"""A derivative formula as mathematics: sympy's 2-D unicode form in a monospace label."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel


def monospace_font(delta: float = 0.0) -> QFont:
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.Monospace)
    if delta:
        font.setPointSizeF(font.pointSizeF() + delta)
    return font


class FormulaView(QLabel):
    """Shows Formula.pretty (multi-line unicode) exactly as laid out: no wrapping, fixed-width font."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.setFont(monospace_font(1.0))
        self.setTextFormat(Qt.PlainText)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.setWordWrap(False)
        self.setStyleSheet("QLabel { background: #fbfaf5; border: 1px solid #e3e0d5; padding: 4px; }")
        self.setText(text)
        if not text:
            self.hide()  # never show a parentless widget: it would open as a window

    def set_formula(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
