"""Quick add from the keyboard and where new cards land: shared by the window tests."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from graphviz_app.ui.quick_add import QuickAddPopup


def open_quick_add(window, qtbot) -> QuickAddPopup:
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QuickAddPopup), timeout=3000)
    return QApplication.activePopupWidget()


def tab_add(window, qtbot, typed: str) -> str:
    """Tab on the canvas, type, Enter: the new node's id."""
    before = set(window.graph.node_ids())
    popup = open_quick_add(window, qtbot)
    qtbot.keyClicks(popup.search_edit, typed)
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=3000)
    (new,) = set(window.graph.node_ids()) - before
    return new


def card(window, node_id):
    item = window.scene.node_item(node_id)
    return item.mapRectToScene(item.card_rect())


def shown(window):
    view = window.view
    return view.mapToScene(view.viewport().rect()).boundingRect()


def overlapping(window) -> list[tuple[str, str]]:
    ids = window.graph.node_ids()
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if card(window, a).intersects(card(window, b))]
