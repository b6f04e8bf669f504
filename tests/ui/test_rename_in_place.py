"""Issue 18 item 7: a double-click on a card's title renames the node in place (Enter commits in
one undo step, Escape cancels, a click elsewhere commits); the body keeps its own double-click."""

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtWidgets import QApplication, QGraphicsProxyWidget, QLineEdit
from ui.canvas_helpers import _send, click

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas.node_item import HEADER

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(window):
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0, pos=(-200, 0))
    s = g.add_node("op", "sin", pos=(0, 0))
    g.add_node("op", "cos", name="c", pos=(200, 0))
    g.connect(x, s, 0)
    window.open_graph(g, None, "rename")
    window.view.zoom_reset()
    window.view.centerOn(0, 0)
    QApplication.processEvents()
    yield window
    window.undo_stack.setClean()


def node_of(window, op: str) -> str:
    return next(n.id for n in window.graph.nodes() if n.op == op)


def title_point(window, nid) -> QPointF:
    card = window.scene.node_item(nid).sceneBoundingRect()
    item = window.scene.node_item(nid)
    top = item.mapRectToScene(item.card_rect()).top()
    return QPointF(card.center().x() - 20, top + HEADER / 2)


def body_point(window, nid) -> QPointF:
    item = window.scene.node_item(nid)
    return item.mapRectToScene(item.card_rect()).center() + QPointF(0, 10)


def double_click(view, scene_pos: QPointF) -> None:
    p = view.mapFromScene(scene_pos)
    _send(view, QEvent.Type.MouseButtonPress, p, LEFT, LEFT)
    _send(view, QEvent.Type.MouseButtonRelease, p, LEFT, Qt.MouseButton.NoButton)
    _send(view, QEvent.Type.MouseButtonDblClick, p, LEFT, LEFT)
    _send(view, QEvent.Type.MouseButtonRelease, p, LEFT, Qt.MouseButton.NoButton)


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
    header = item.mapRectToScene(item.card_rect()).adjusted(0, 0, 0, HEADER - item.card_rect().height())
    proxy = edit.graphicsProxyWidget()
    assert header.contains(proxy.sceneBoundingRect().center())
    window.grab().save("/tmp/rename_in_place_open.png")
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
    [("c", 'the name "c" is'), ("", "cannot be empty"), ("2x", "cannot start with a digit")],
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


def test_a_double_click_on_the_body_still_opens_the_rename_dialog_or_value_editor(window, qtbot, monkeypatch):
    from graphviz_app.ui.canvas import node_actions

    opened = []
    monkeypatch.setattr(node_actions, "edit_value", lambda view, scene, nid: opened.append(("value", nid)))
    monkeypatch.setattr(node_actions, "rename_node", lambda view, scene, nid: opened.append(("rename", nid)))
    x, s = window.graph.find("x"), node_of(window, "sin")
    double_click(window.view, body_point(window, x))
    double_click(window.view, body_point(window, s))
    assert opened == [("value", x), ("rename", s)]
    assert editors(window.scene) == []


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
