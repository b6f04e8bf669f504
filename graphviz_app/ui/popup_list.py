"""What the two search popups (Add Node's quick add, Connect Input's card chooser) share: where a
popup opens so it stays on screen, and moving the highlighted row with the arrow keys."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QListWidget, QWidget


def on_screen(popup: QWidget, pos: QPoint) -> QPoint:
    """pos, moved so that the whole popup fits on the screen under it."""
    screen = QGuiApplication.screenAt(pos) or QGuiApplication.primaryScreen()
    if screen is None:
        return pos
    area = screen.availableGeometry()
    size = popup.sizeHint().expandedTo(popup.size())
    x = min(max(pos.x(), area.left()), max(area.left(), area.right() - size.width()))
    y = min(max(pos.y(), area.top()), max(area.top(), area.bottom() - size.height()))
    return QPoint(x, y)


def step_row(rows: QListWidget, step: int, wrap: bool = True) -> None:
    """Highlight the row `step` rows on (round the end when wrap, else stopping at it)."""
    count = rows.count()
    if count:
        row = rows.currentRow() + step
        rows.setCurrentRow(row % count if wrap else min(max(row, 0), count - 1))
        rows.scrollToItem(rows.currentItem())
