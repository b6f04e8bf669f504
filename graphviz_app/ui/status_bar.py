"""A status bar whose message never shows clipped: a message too long for the room left of the
permanent labels is cut at a word boundary and ends with "…", and its full text is the bar's
tooltip. currentMessage() stays the full text, so whoever compares what the bar says still can.
A shape problem too long for the room shows its fix first ("Fix: y must be ℝ² … — sub "e": y ℝ³ −
…"): the advice is what the user acts on, and the cut then falls in the problem's details. The fix
comes as data (showMessage's `fix`, from Evaluation.fixes), never found by splitting the text: a
file name may hold " — " too."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QStatusBar, QStyle, QStyleOption, QToolTip, QWidget

from ..core.errors import HINT_SEPARATOR

GAP = 12  # clear space between the message and the first permanent label
LEFT = 6  # where Qt's own status bar starts its message
ELLIPSIS = "…"
TRAILING = " ,.;:·—–-"  # what a cut must not leave just before the "…"


def fit_message(text: str, metrics: QFontMetrics, width: int) -> str:
    """text as it fits width: whole, or cut after the last whole word that leaves room for "…"
    (a first word too long for the room is cut within it)."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    cuts = [i for i, ch in enumerate(text) if ch == " "]
    best = ""
    lo, hi = 0, len(cuts) - 1
    while lo <= hi:  # the longest prefix ending at a space that still fits
        mid = (lo + hi) // 2
        candidate = text[: cuts[mid]].rstrip(TRAILING) + ELLIPSIS
        if metrics.horizontalAdvance(candidate) <= width:
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    if best and best != ELLIPSIS:
        return best
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(width, 0))


def fix_first(text: str, fix: str, metrics: QFontMetrics, width: int) -> str:
    """text as it fits width; a problem whose fix (given, and ending it after HINT_SEPARATOR) does
    not fit whole is written fix first, then the problem, and that is cut."""
    tail = f"{HINT_SEPARATOR}{fix}"
    if not fix or tail not in text or metrics.horizontalAdvance(text) <= width:
        return fit_message(text, metrics, width)
    return fit_message(f"Fix: {fix}{HINT_SEPARATOR}{text.replace(tail, '', 1)}", metrics, width)


class FittingStatusBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._fix = ("", "")  # (message, the fix it ends with): what showMessage was told
        self.messageChanged.connect(self._tip_in_step)

    def showMessage(self, text: str, timeout: int = 0, fix: str = "") -> None:
        """QStatusBar's, and fix: the shape problem's fix that text ends with (Evaluation.fixes),
        shown first when the whole text does not fit."""
        self._fix = (text, fix)
        super().showMessage(text, timeout)

    def message_room(self) -> QRect:
        """Where the message may be drawn: from the left edge to a gap before the first permanent
        label shown (or the size grip)."""
        right = self.width() - GAP
        for widget in self._right_widgets():
            right = min(right, widget.geometry().x() - GAP)
        return QRect(LEFT, 0, max(right - LEFT, 0), self.height())

    def shown_message(self) -> str:
        """The message as it is drawn: currentMessage(), shortened to fit when it is too long."""
        message = self.currentMessage()
        fix = self._fix[1] if self._fix[0] == message else ""  # (another message shown since: not its fix)
        return fix_first(message, fix, self.fontMetrics(), self.message_room().width())

    def paintEvent(self, event) -> None:
        """Qt's own painting, but for the message (drawn fitted here). The room changes with the
        bar's width and with the permanent labels' texts, and each change repaints, so the
        tooltip is kept in step here too."""
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for widget in self._right_widgets():
            frame = QStyleOption()
            frame.rect = widget.geometry().adjusted(-2, -1, 2, 1)
            frame.palette = self.palette()
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame, painter, widget)
        shown = self.shown_message()
        if shown:
            painter.setPen(self.palette().windowText().color())
            flags = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine
            painter.drawText(self.message_room(), flags, shown)
        painter.end()
        self._tip_in_step()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._tip_in_step()

    def event(self, event) -> bool:
        """The full message's tooltip shows over the message only, not over the labels beside it."""
        if event.type() == QEvent.Type.ToolTip and not self.message_room().contains(event.pos()):
            QToolTip.hideText()
            return True
        if event.type() == QEvent.Type.ToolTip:
            self._tip_in_step()  # (the room may have changed since the last paint)
        return super().event(event)

    def _tip_in_step(self, *_) -> None:
        """The tooltip is the full message while the bar shows it shortened, and empty otherwise."""
        message = self.currentMessage()
        tip = message if self.shown_message() != message else ""
        if self.toolTip() != tip:
            self.setToolTip(tip)

    def _right_widgets(self) -> list[QWidget]:
        """The permanent labels shown and the size grip: everything drawn right of the message."""
        kids = self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return [w for w in kids if w.isVisible() and w.geometry().x() > LEFT]
