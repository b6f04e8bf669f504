"""What the search popups (Add Node's quick add, the card chooser of Connect Input and Find Card) share: where a
popup opens so it stays on screen, and the keys typed in its search box that move, choose or close."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget


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


def search_key(
    popup: QWidget, rows: QListWidget, key: int, page: int, choose: Callable[[QListWidgetItem], None]
) -> bool:
    """A key pressed in the popup's search box: ↑↓ move the highlight (round the ends), Page Up/Down
    by `page` rows (stopping at the ends), Enter chooses the highlighted row, Esc closes. True if it
    was one of these (the search box then does not take it)."""
    if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
        step_row(rows, 1 if key == Qt.Key.Key_Down else -1)
    elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
        step_row(rows, page - 1 if key == Qt.Key.Key_PageDown else 1 - page, wrap=False)
    elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        if rows.currentItem() is not None:
            choose(rows.currentItem())
    elif key == Qt.Key.Key_Escape:
        popup.close()
    else:
        return False
    return True
