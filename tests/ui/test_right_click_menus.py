"""The canvas's right-click menus are made of the window's own actions (actions_table): each entry
is the QAction of the menu bar, so a right-click entry does what the menu bar's entry does."""

import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu
from ui.canvas_helpers import dump, node_card_rect, open_at_actual_size

from graphviz_app.core.graph import Graph
from graphviz_app.ui import actions_table as table
from graphviz_app.ui import menu_layout


@pytest.fixture
def window(window):
    g = Graph()
    x = g.add_node("variable", name="x", value=2.0, pos=(-300, 0))
    c = g.add_node("constant", name="c", value=3.0, pos=(-300, 200))
    p = g.add_node("op", "pow", pos=(-50, 0))
    s = g.add_node("op", "sin", pos=(200, 0))
    m = g.add_node("op", "mul", pos=(450, 100))
    g.connect(x, p, 0)
    g.connect(p, s, 0)
    g.connect(s, m, 0)
    g.connect(c, m, 1)
    g.groups.add([x, p], name="square")
    open_at_actual_size(window, g, "menus")
    window.scene.evaluator.refresh()
    yield window
    window.undo_stack.setClean()


def state(g: Graph) -> tuple:
    """The document as a user sees it: cards, connections, groups, output (new nodes' ids aside)."""
    d = dump(g)
    label = {nid: (kind, op, name, pos) for nid, (kind, op, name, _v, pos, _p) in d["nodes"].items()}
    edges = sorted((label[a], label[b], port) for a, b, port in d["edges"])
    groups = sorted((grp.name, sorted(label[n] for n in grp.nodes), grp.collapsed) for grp in g.groups)
    return sorted(d["nodes"].values()), edges, groups, label.get(d["output"])


def menu_bar_action(window, action_id: str) -> QAction:
    """The entry of the menu bar's menus (File, Edit, …) with that id."""
    for menu in window.menus.values():
        for action in menu.actions():
            if action.objectName() == action_id:
                return action
    raise LookupError(action_id)


def right_click(window, qtbot, scene_point: QPointF, entry: str | None) -> list[str]:
    """A right-click at scene_point as the system delivers it; picks the entry of that text with
    the keyboard (None: closes the menu). Returns the texts the menu showed."""
    view = window.view
    p = view.mapFromScene(scene_point)
    shown: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):  # (not shown yet on a loaded machine: look again)
            QTimer.singleShot(50, pick)
            return
        shown.extend(a.text() for a in menu.actions() if not a.isSeparator())
        if entry is None:
            menu.close()
            return
        menu.setActiveAction(next(a for a in menu.actions() if a.text() == entry))
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(50, pick)
    QApplication.sendEvent(
        view.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, p, view.mapToGlobal(p), Qt.KeyboardModifier.NoModifier),
    )
    qtbot.waitUntil(lambda: bool(shown) and QApplication.activePopupWidget() is None, timeout=3000)
    return shown


def card_point(window, nid) -> QPointF:
    return node_card_rect(window.scene, nid).center() + QPointF(0, 10)


def test_every_entry_is_the_windows_own_action(window):
    g, scene, menus = window.graph, window.scene, window.canvas_menus
    x, c, p, s, m = g.node_ids()
    group = scene.groups.frame_item(g.groups.find("square").id)
    built = [menus.build(scene.node_item(n), QPointF(0, 0)) for n in (x, c, p, s, m)]
    built += [menus.build(scene.edge_item((s, m, 0)), QPointF(0, 0)), menus.build(group, QPointF(0, 0))]
    built.append(menus.build(None, QPointF(0, 0)))
    seen = set()
    for menu in built:
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None:  # (Add Node's list of ops)
                continue
            assert action is window.action(action.objectName()), action.text()
            seen.add(action.objectName())
    right_click_entries = {e for entries in menu_layout.CONTEXT_MENUS.values() for e in entries if e in table.BY_ID}
    # every entry of the table shows on some card, edge, group or canvas (Dive In only on the group
    # whose step Backward shows: test_dive_into_group)
    at_step = {e for e in right_click_entries if table.BY_ID[e].on_card == table.GROUP_AT_STEP}
    assert at_step == {"dive_in"} and seen == right_click_entries - at_step


def test_a_cards_menu_leaves_out_what_does_not_apply_to_it(window):
    g, scene, menus = window.graph, window.scene, window.canvas_menus
    x, c, p, s, _m = g.node_ids()

    def texts(nid):
        return [a.text() for a in menus.build(scene.node_item(nid), QPointF(0, 0)).actions() if a.text()]

    assert texts(x)[:4] == ["Rena&me", "Edit &Value…", "Make It a &Constant", "Traina&ble"]
    assert "Make It a Va&riable" in texts(c) and "Traina&ble" not in texts(c)
    assert texts(p)[1] == "Edit Parameter&s…" and "Connect &Input…" in texts(p)  # pow has p
    assert "Edit &Value…" not in texts(s) and "Edit Parameter&s…" not in texts(s)
    assert "Disconn&ect Inputs" in texts(s) and "Disconn&ect Inputs" not in texts(x)


@pytest.mark.parametrize("action_id", ["set_output", "duplicate", "ungroup", "delete"])
def test_a_right_click_entry_does_what_the_menu_bars_does(window, qtbot, action_id):
    g, scene = window.graph, window.scene
    s = g.node_ids()[3] if action_id != "ungroup" else g.node_ids()[0]
    before = state(g)
    text = table.BY_ID[action_id].text
    right_click(window, qtbot, card_point(window, s), text)
    by_menu = state(g), window.undo_stack.undoText()
    assert by_menu[0] != before
    window.undo_stack.undo()
    assert state(g) == before
    scene.select_nodes([s])
    menu_bar_action(window, action_id).trigger()
    assert (state(g), window.undo_stack.undoText()) == by_menu


def test_disconnect_on_an_edge_and_disconnect_inputs_on_a_card(window, qtbot):
    g = window.graph
    _x, c, _p, s, m = g.node_ids()
    on_edge = window.scene.edge_item((s, m, 0)).point_at(0.5)
    assert right_click(window, qtbot, on_edge, "&Disconnect") == ["&Disconnect"]
    assert (s, m, 0) not in [tuple(e) for e in g.edges()] and (c, m, 1) in [tuple(e) for e in g.edges()]
    assert window.undo_stack.undoText() == "Disconnect sin → mul"
    right_click(window, qtbot, card_point(window, m), "Disconn&ect Inputs")
    assert not g.inputs_of(m) and window.undo_stack.undoText() == "Disconnect the inputs of mul"
    right_click(window, qtbot, card_point(window, c), "Make It a Va&riable")
    assert g.node(c).kind == "variable"


def test_paste_from_the_canvas_menu_lands_where_it_was_opened(window, qtbot):
    g, scene = window.graph, window.scene
    x = g.node_ids()[0]
    scene.select_nodes([x])
    window.action("copy").trigger()
    where = QPointF(100, 350)
    shown = right_click(window, qtbot, where, "&Paste")
    assert shown == ["Add &Node", "&Paste", "Select &All", "Auto &Layout", "Zoom to &Fit"]
    (pasted,) = scene.selected_node_ids()
    card = scene.node_item(pasted).sceneBoundingRect()
    assert pasted != x and card.adjusted(-60, -60, 60, 60).contains(where)
    assert window.canvas_menus.point is None  # (Ctrl+V after the menu pastes under the pointer again)
