"""Quick add from the keyboard and where new cards land: shared by the window tests."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import activate, node_card_rect

from graphviz_app.core.graph import Graph
from graphviz_app.ui.quick_add import QuickAddPopup


def keys_only(window, qtbot):
    """The window on an empty graph at 100 %, the canvas focused, the mouse off the canvas (a
    fixture's body: yields the window, then puts the mouse back)."""
    window.open_graph(Graph(), None, "keys")
    window.view.zoom_reset()
    window.view.centerOn(0, 0)
    was = QCursor.pos()
    QCursor.setPos(window.mapToGlobal(QPoint(5, 5)))  # the mouse is not over the canvas: keys only
    activate(qtbot, window)
    window.view.setFocus()
    yield window
    window.undo_stack.setClean()
    QCursor.setPos(was)  # (over a later window's toolbar it would show a button's tip in the status bar)


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
    return node_card_rect(window.scene, node_id)


def shown(window):
    view = window.view
    return view.mapToScene(view.viewport().rect()).boundingRect()


def overlapping(window) -> list[tuple[str, str]]:
    ids = window.graph.node_ids()
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if card(window, a).intersects(card(window, b))]
