"""Colours of text on panels and dialogs (the animation's, the value editor's, the rename
dialog's), read from the palette so that they follow a light / dark switch made while the
program runs.

Text drawn on a dock's or dialog's own background takes its colour from the palette it
inherits: `ToneLabel` works out its colour again at every palette change (no style sheet:
a widget with one keeps the palette of the moment it was polished). Painted widgets call
the functions here at paint time.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

Role = QPalette.ColorRole

# error / success: the light variants are for dark backgrounds
ERROR_ON_LIGHT, ERROR_ON_DARK = QColor("#b00020"), QColor("#ff8a8a")
OK_ON_LIGHT, OK_ON_DARK = QColor("#1b7a2f"), QColor("#7ddc93")
MUTED_INK = 0.62  # share of the text colour in muted text (the rest is the background): contrast ≥ 4.5

# the formula card in a light palette: paper, framed
PAPER, PAPER_BORDER, PAPER_INK = QColor("#fbfaf5"), QColor("#c8c2ae"), QColor("#1a1a1a")


def is_dark(palette: QPalette, role: Role = Role.Window) -> bool:
    return palette.color(role).lightness() < 128


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """t of a and 1 - t of b."""
    return QColor.fromRgbF(*(t * x + (1 - t) * y for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3])))


def muted(palette: QPalette) -> QColor:
    """Secondary text on the window background: between the text and the background."""
    return mix(palette.color(Role.WindowText), palette.color(Role.Window), MUTED_INK)


def error(palette: QPalette, role: Role = Role.Window) -> QColor:
    return ERROR_ON_DARK if is_dark(palette, role) else ERROR_ON_LIGHT


def ok(palette: QPalette, role: Role = Role.Window) -> QColor:
    return OK_ON_DARK if is_dark(palette, role) else OK_ON_LIGHT


def card(palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """(background, border, ink) of a formula card: paper in a light palette, the palette's
    own field colours in a dark one (a white card in a dark dock would glare)."""
    if not is_dark(palette):
        return PAPER, PAPER_BORDER, PAPER_INK
    return palette.color(Role.Base), palette.color(Role.Mid), palette.color(Role.Text)


def luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in c.getRgbF()[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class ToneLabel(QLabel):
    """A label whose text colour is worked out from the palette it inherits (muted, error, ok),
    again whenever that palette changes.

    The colour goes into a role QLabel does not otherwise use (PlaceholderText), made the
    foreground role: WindowText and Window stay inherited, so any change to them reaches
    the label as a PaletteChange.
    """

    ROLE = Role.PlaceholderText

    def __init__(self, text: str = "", tone: Callable[[QPalette], QColor] = muted, parent=None):
        super().__init__(text, parent)
        self._tone = tone
        self.setForegroundRole(self.ROLE)
        self._retone()

    def _retone(self) -> None:
        palette = self.palette()
        colour = self._tone(palette)
        if palette.color(self.ROLE) != colour:
            palette.setColor(self.ROLE, colour)
            self.setPalette(palette)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._retone()
        super().changeEvent(event)
