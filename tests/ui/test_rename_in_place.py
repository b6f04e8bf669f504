"""Issue 18 item 7: a double-click on a card's title, F2 or right-click → Rename… renames the
node in place (Enter commits in one undo step, Escape cancels, a click elsewhere commits); the
body of a variable, a constant or an op with parameters keeps its own double-click."""

import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialog, QGraphicsProxyWidget, QLineEdit, QMenu
from ui.canvas_helpers import click, double_click, node_card_rect, node_of, open_at_actual_size

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas.node_item import HEADER, card_scene_rect

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(window):
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0, pos=(-200, 0))
    s = g.add_node("op", "sin", pos=(0, 0))
    g.add_node("op", "cos", name="c", pos=(200, 0))
    g.connect(x, s, 0)
    open_at_actual_size(window, g, "rename")
    yield window
    window.undo_stack.setClean()


def title_point(window, nid) -> QPointF:
    card = window.scene.node_item(nid).sceneBoundingRect()
    top = node_card_rect(window.scene, nid).top()
    return QPointF(card.center().x() - 20, top + HEADER / 2)


def body_point(window, nid) -> QPointF:
    return node_card_rect(window.scene, nid).center() + QPointF(0, 10)


def editors(scene) -> list[QLineEdit]:
    return [
        item.widget()
        for item in scene.items()
        if isinstance(item, QGraphicsProxyWidget) and item.isVisible() and isinstance(item.widget(), QLineEdit)
    ]


def open_editor(window, qtbot, nid) -> QLineEdit:
    double_click(window.view, title_point(window, nid))
    qtbot.waitUntil(lambda: len(editors(window.scene)) == 1, timeout=3000)
    return editors(window.scene)[0]


def test_enter_commits_the_name_typed_in_one_undo_step(window, qtbot):
    s = node_of(window, "sin")
    edit = open_editor(window, qtbot, s)
    assert edit.text() == "sin" and edit.selectedText() == "sin"  # what the card shows, selected
    # the editor lies over the card's title
    item = window.scene.node_item(s)
    header = card_scene_rect(item).adjusted(0, 0, 0, HEADER - item.card_rect().height())
    proxy = edit.graphicsProxyWidget()
    assert header.contains(proxy.sceneBoundingRect().center())
    qtbot.keyClicks(window.view, "u w")  # typed replaces the selection; Space does not pan
    qtbot.keyClick(window.view, Qt.Key.Key_Backspace)  # edits the text, deletes no node
    qtbot.keyClick(window.view, Qt.Key.Key_Backspace)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.graph.node(s).name == "u"
    assert len(window.graph.nodes()) == 3
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Rename sin to u"
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)
    window.undo_stack.undo()
    assert window.graph.node(s).name is None


def test_escape_cancels_and_changes_nothing(window, qtbot):
    x = window.graph.find("x")
    edit = open_editor(window, qtbot, x)
    assert edit.text() == "x"
    qtbot.keyClicks(window.view, "alpha")
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)
    assert window.graph.node(x).name == "x"
    assert window.undo_stack.count() == 0


def test_a_click_elsewhere_commits(window, qtbot):
    x = window.graph.find("x")
    open_editor(window, qtbot, x)
    qtbot.keyClicks(window.view, "theta")
    click(window.view, QPointF(0, -250))  # the empty canvas
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)
    assert window.graph.node(x).name == "theta"
    assert window.undo_stack.count() == 1


def test_unchanged_text_pushes_nothing(window, qtbot):
    open_editor(window, qtbot, node_of(window, "sin"))
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)
    assert window.graph.node(node_of(window, "sin")).name is None
    assert window.undo_stack.count() == 0


@pytest.mark.parametrize(
    "typed, why",
    [
        ("c", 'the name "c" is'),
        ("a b", "cannot hold space"),
        ("2x", "cannot start with a digit"),
        ("sum", "sum is an operation's name"),  # (a sin card named sum: sum(x) or the op?)
        ("y" * 101, "at most 100 characters long"),  # (a paste is held to the same)
    ],
)
def test_a_refused_name_is_not_applied_and_the_status_bar_says_why(window, qtbot, typed, why):
    s = node_of(window, "sin")
    open_editor(window, qtbot, s)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    if typed:
        qtbot.keyClicks(window.view, typed)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    message = window.statusBar().currentMessage()
    assert message.startswith("sin ") and why in message, message  # named as its card shows it
    assert window.graph.node(s).name is None and window.undo_stack.count() == 0
    assert len(editors(window.scene)) == 1  # still open, to correct what was typed
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)
    assert window.graph.node(s).name is None and window.undo_stack.count() == 0


def test_a_refused_name_left_by_a_click_elsewhere_is_dropped(window, qtbot):
    s = node_of(window, "sin")
    open_editor(window, qtbot, s)
    qtbot.keyClicks(window.view, "x")  # taken
    click(window.view, QPointF(0, -250))
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)
    assert window.graph.node(s).name is None and window.undo_stack.count() == 0
    assert "sin" in window.statusBar().currentMessage()


def test_a_double_click_on_the_body_opens_the_value_editor_or_for_a_plain_op_its_title(window, qtbot, monkeypatch):
    from graphviz_app.ui.canvas import node_actions

    opened = []
    monkeypatch.setattr(node_actions, "edit_value", lambda view, scene, nid: opened.append(("value", nid)))
    x, s = window.graph.find("x"), node_of(window, "sin")
    double_click(window.view, body_point(window, x))
    assert opened == [("value", x)] and editors(window.scene) == []
    double_click(window.view, body_point(window, s))  # sin has nothing else to edit: its name, in place
    qtbot.waitUntil(lambda: len(editors(window.scene)) == 1, timeout=3000)
    assert editors(window.scene)[0].text() == "sin"
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def title_editor_over(window, nid) -> QLineEdit:
    """The one open title editor, checked to lie over nid's title."""
    shown = editors(window.scene)
    assert len(shown) == 1
    item = window.scene.node_item(nid)
    card = card_scene_rect(item)
    centre = shown[0].graphicsProxyWidget().sceneBoundingRect().center()
    assert card.contains(centre) and centre.y() < card.top() + HEADER
    return shown[0]


def test_f2_renames_the_selected_card_in_place(window, qtbot):
    s = node_of(window, "sin")
    click(window.view, body_point(window, s))
    assert window.scene.selected_node_ids() == [s]
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: len(editors(window.scene)) == 1, timeout=3000)
    edit = title_editor_over(window, s)
    assert edit.text() == "sin" and edit.selectedText() == "sin"  # typing replaces it
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    qtbot.keyClicks(window.view, "u")
    qtbot.keyClick(window.view, Qt.Key.Key_F2)  # again while typing: what was typed stays
    assert editors(window.scene) == [edit] and edit.text() == "u"
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.graph.node(s).name == "u" and window.undo_stack.undoText() == "Rename sin to u"
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)


def test_f2_brings_a_card_off_screen_into_view_before_editing(window, qtbot):
    c = window.graph.find("c")
    window.scene.select_nodes([c])
    window.view.centerOn(-3000, 0)  # the card is far off screen
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: len(editors(window.scene)) == 1, timeout=3000)
    proxy = title_editor_over(window, c).graphicsProxyWidget()
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(proxy.sceneBoundingRect())
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)
    assert window.graph.node(c).name == "c" and window.undo_stack.count() == 0


def test_f2_with_several_cards_selected_opens_nothing(window, qtbot):
    window.scene.select_nodes([window.graph.find("x"), node_of(window, "sin")])
    assert not window.action("rename").isEnabled()
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    QApplication.processEvents()
    assert editors(window.scene) == []


def test_right_click_rename_opens_the_title_editor(window, qtbot):
    view, x = window.view, window.graph.find("x")
    p = view.mapFromScene(body_point(window, x))
    chosen = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):  # (not shown yet on a loaded machine: look again)
            QTimer.singleShot(50, pick)
            return
        action = next(a for a in menu.actions() if a.text() == "Rena&me")
        chosen.append(action)
        menu.setActiveAction(action)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(50, pick)
    QApplication.sendEvent(
        view.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, p, view.mapToGlobal(p), Qt.KeyboardModifier.NoModifier),
    )
    qtbot.waitUntil(lambda: len(editors(window.scene)) == 1, timeout=3000)
    assert chosen
    edit = title_editor_over(window, x)
    assert edit.text() == "x"
    QApplication.processEvents()  # (the menu gone: the editor keeps the keyboard)
    qtbot.keyClicks(window.view, "theta")
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.graph.node(x).name == "theta" and window.undo_stack.count() == 1


def test_emptying_the_title_takes_the_name_away(window, qtbot):
    c = window.graph.find("c")
    open_editor(window, qtbot, c)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.graph.node(c).name is None
    assert window.undo_stack.undoText() == "Clear the name of c"
    qtbot.waitUntil(lambda: window.scene.node_item(c).title.startswith("cos"), timeout=3000)  # its op again
    window.undo_stack.undo()
    assert window.graph.node(c).name == "c"
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)
    open_editor(window, qtbot, node_of(window, "sin"))  # a node without a name: nothing to take away
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.undo_stack.count() == 1  # (only the one undone above)


def test_help_says_how_to_rename():
    from graphviz_app.ui.actions_table import BY_ID
    from graphviz_app.ui.menu_layout import GESTURES

    said = dict(GESTURES)
    assert "F2" in said["Rename"] and "Rename" in said["Rename"] and "title" in said["Rename"]
    assert "Shift+F2" in said["Rename a group"]
    assert BY_ID["rename"].shortcuts == ("F2",)


def test_during_an_animation_space_and_arrows_edit_the_name(window, qtbot):
    s = node_of(window, "sin")
    window.graph.set_output(s)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: window.scene.overlay_presenter.overlay is not None, timeout=5000)
    edit = open_editor(window, qtbot, s)
    step = window.scene.overlay_presenter.overlay.title
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    qtbot.keyClicks(window.view, " b")
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    qtbot.keyClicks(window.view, "a")
    assert edit.text() == "sina b"
    assert (
        window.scene.overlay_presenter.overlay is not None and window.scene.overlay_presenter.overlay.title == step
    )  # not stepped
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)  # closes the editor, not the animation
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)
    assert window.scene.overlay_presenter.overlay is not None


def test_the_editor_closes_when_its_node_is_deleted(window, qtbot):
    from graphviz_app.ui.commands.nodes import RemoveNodesCommand

    s = node_of(window, "sin")
    open_editor(window, qtbot, s)
    window.undo_stack.push(RemoveNodesCommand(window.graph, [s]))
    qtbot.waitUntil(lambda: editors(window.scene) == [], timeout=3000)
    assert window.undo_stack.count() == 1


def test_window_shortcuts_stay_out_of_a_name_being_typed(window, qtbot):
    """Ctrl+D (duplicate), Ctrl+A (select all cards), Ctrl+Z… while a name is typed edit the text:
    no node is duplicated, nothing is pushed on the undo stack."""
    s = node_of(window, "sin")
    edit = open_editor(window, qtbot, s)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClicks(window.view, "uvw")
    qtbot.keyClick(window.view, Qt.Key.Key_D, ctrl)
    assert len(window.graph.nodes()) == 3 and window.undo_stack.count() == 0
    assert editors(window.scene) == [edit]
    qtbot.keyClick(window.view, Qt.Key.Key_A, ctrl)  # the name's text, not every card
    assert edit.selectedText() == "uvw"
    assert len(window.scene.selected_node_ids()) <= 1  # (not all three cards)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.graph.node(s).name == "uvw" and len(window.graph.nodes()) == 3
    assert window.undo_stack.count() == 1
