"""Issue 18 item 7: a node dropped from the palette (or added by quick-add) so near the view's edge
that its card would stick out lands fully inside the view."""

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import send_mouse

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas.node_item import card_scene_rect
from graphviz_app.ui.canvas.port_item import HIT_RADIUS
from graphviz_app.ui.quick_add import QuickAddPopup


@pytest.fixture
def window(window):
    window.open_graph(Graph(), None, "drops")
    window.view.zoom_reset()
    window.view.centerOn(0, 0)
    QApplication.processEvents()
    yield window
    window.undo_stack.setClean()


def palette_drag_to(window, qtbot, monkeypatch, kind: str, op, view_point: QPoint) -> None:
    """Drag an entry out of the palette with the mouse; the drag is delivered to the canvas at
    view_point as the system's drag loop would (enter, move, drop)."""
    palette = window.palette_dock
    tree = palette.tree
    viewport = window.view.viewport()

    def deliver(drag):
        mime, actions = drag.mimeData(), Qt.DropAction.CopyAction
        no_buttons, no_mods = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
        at = QPointF(view_point)
        QApplication.sendEvent(viewport, QDragEnterEvent(view_point, actions, mime, no_buttons, no_mods))
        QApplication.sendEvent(viewport, QDragMoveEvent(view_point, actions, mime, no_buttons, no_mods))
        drop = QDropEvent(at, actions, mime, no_buttons, no_mods)
        QApplication.sendEvent(viewport, drop)
        return drop.dropAction()

    monkeypatch.setattr(tree, "exec_drag", deliver)
    item = palette.item_for(kind, op)
    tree.scrollToItem(item)
    centre = tree.visualItemRect(item).center()
    qtbot.mousePress(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    for dx in (5, 12, 20, 30, 40):
        qtbot.mouseMove(tree.viewport(), centre + QPoint(dx, dx // 2))
    qtbot.mouseRelease(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(40, 20))


def shown_rect(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def card_with_ports(window, nid):
    """What of a node is drawn: its card and the ports on its sides (as far as they can be grabbed)."""
    item = window.scene.node_item(nid)
    rect = card_scene_rect(item)
    corner = QPointF(HIT_RADIUS, HIT_RADIUS)
    for port in (*item.inputs, item.output):
        rect = rect.united(QRectF(port.scene_center() - corner, port.scene_center() + corner))
    return rect


def added(window, before: set) -> str:
    (nid,) = {n.id for n in window.graph.nodes()} - before
    return nid


@pytest.mark.parametrize("corner", ["bottomRight", "topLeft", "topRight", "bottomLeft"])
def test_a_palette_drop_at_a_corner_of_the_view_lands_whole_inside(window, qtbot, monkeypatch, corner):
    view = window.view
    rect = view.viewport().rect().adjusted(2, 2, -2, -2)
    point = getattr(rect, corner)()
    palette_drag_to(window, qtbot, monkeypatch, "op", "matmul", point)
    nid = added(window, set())
    assert window.graph.node(nid).op == "matmul"
    assert shown_rect(view).contains(card_with_ports(window, nid))
    assert window.undo_stack.count() == 1


def test_a_drop_well_inside_the_view_lands_where_dropped(window, qtbot, monkeypatch):
    view = window.view
    point = view.viewport().rect().center()
    palette_drag_to(window, qtbot, monkeypatch, "variable", None, point)
    node = window.graph.node(added(window, set()))
    target = view.mapToScene(point)
    assert abs(node.pos[0] - target.x()) <= 1 and abs(node.pos[1] - target.y()) <= 1


def test_with_snapping_the_node_is_inside_and_on_the_grid(window, qtbot, monkeypatch):
    window.scene.snap_enabled = True
    view = window.view
    palette_drag_to(window, qtbot, monkeypatch, "op", "add", view.viewport().rect().bottomRight() - QPoint(1, 1))
    nid = added(window, set())
    x, y = window.graph.node(nid).pos
    grid = window.scene.grid_size
    assert x % grid == 0 and y % grid == 0
    assert shown_rect(view).contains(card_with_ports(window, nid))


def test_quick_add_at_the_edge_of_the_view_lands_whole_inside(window, qtbot):
    view = window.view
    corner = view.viewport().rect().bottomRight() - QPoint(3, 3)
    left = Qt.MouseButton.LeftButton
    send_mouse(view, QEvent.Type.MouseButtonPress, corner, left, left)
    send_mouse(view, QEvent.Type.MouseButtonRelease, corner, left, Qt.MouseButton.NoButton)
    send_mouse(view, QEvent.Type.MouseButtonDblClick, corner, left, left)
    send_mouse(view, QEvent.Type.MouseButtonRelease, corner, left, Qt.MouseButton.NoButton)
    popup = next(p for p in view.findChildren(QuickAddPopup) if p.isVisible())
    qtbot.keyClicks(popup.search_edit, "tanh")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    (node,) = window.graph.nodes()
    assert node.op == "tanh"
    assert shown_rect(view).contains(card_with_ports(window, node.id))


def test_add_from_the_canvas_menu_at_the_edge_lands_whole_inside(window):
    view = window.view
    corner = view.mapToScene(view.viewport().rect().topLeft() + QPoint(2, 2))
    menu = window.canvas_menus.build(None, corner)
    add = next(a.menu() for a in menu.actions() if a.menu() is not None)
    variable = next(a for a in add.actions() if a.text() == "Variable")
    variable.trigger()
    (node,) = window.graph.nodes()
    assert shown_rect(view).contains(card_with_ports(window, node.id))


@pytest.mark.parametrize("snap", [False, True])
def test_a_wire_dropped_by_the_views_edge_adds_its_card_whole_inside(window, qtbot, snap):
    """A wire from x dropped 10 px from the view's right edge; sin, chosen in quick add, lands
    whole in view (moved left), its input still level with the drop point."""
    from ui.canvas_helpers import drag

    g = window.graph
    x = g.add_node("variable", name="x", value=1.0, pos=(0, 0))
    window.scene.snap_enabled = snap
    window.undo_stack.clear()
    window.scene.evaluator.refresh()
    view = window.view
    edge = view.viewport().rect()
    drop = view.mapToScene(QPoint(edge.right() - 10, edge.center().y() + 20))
    drag(view, window.scene.port_pos(x, True), drop)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QuickAddPopup), timeout=3000)
    popup = QApplication.activePopupWidget()
    qtbot.keyClicks(popup.search_edit, "sin")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    sin = added(window, {x})
    assert g.inputs_of(sin) == {0: x} and window.undo_stack.count() == 1
    assert shown_rect(view).contains(card_with_ports(window, sin))
    if not snap:
        assert abs(window.scene.port_pos(sin, False, 0).y() - drop.y()) < 1.5


def test_adding_from_the_palette_with_no_room_in_view_lands_beside_it_never_on_a_card(qtbot):
    """A small window (900×600: the docks leave the canvas about 330 px) fills up after a few
    cards; the next one goes to the nearest free place beside the view, which pans to show it."""
    from ui.canvas_helpers import window_of_size

    window = window_of_size(qtbot, (900, 600))
    view = window.view
    for kind, op in [("variable", None), ("variable", None), ("op", "add"), ("op", "matmul"), ("op", "tanh")]:
        window.palette_dock.activated.emit(kind, op)  # as a double-click in the palette does
        newest = window.graph.nodes()[-1].id
        assert shown_rect(view).contains(card_with_ports(window, newest))  # shown whole
    cards = [item.card_rect().translated(item.pos()) for item in window.scene.node_items().values()]
    assert len(cards) == 5
    for i, a in enumerate(cards):
        for b in cards[i + 1 :]:
            assert not a.intersects(b)
