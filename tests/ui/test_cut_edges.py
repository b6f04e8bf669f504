"""Issue 18 item 7: Ctrl + right-drag across edges cuts them (a dashed knife line follows the
mouse, the edges it crosses light up), one undo step; driven with real mouse events in the main
window."""

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QGraphicsPathItem, QMenu
from ui.canvas_helpers import drag, node_of, open_at_actual_size, send_mouse

from graphviz_app.core.graph import Graph
from graphviz_app.core.naming import display_label

CTRL = Qt.KeyboardModifier.ControlModifier
RIGHT = Qt.MouseButton.RightButton


@pytest.fixture
def window(window):
    """x feeds sin and cos; sin and cos feed add (four curved edges)."""
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0, pos=(-250, 0))
    s = g.add_node("op", "sin", pos=(0, -130))
    c = g.add_node("op", "cos", pos=(0, 130))
    a = g.add_node("op", "add", name="y", pos=(250, 0))
    g.connect(x, s, 0)
    g.connect(x, c, 0)
    g.connect(s, a, 0)
    g.connect(c, a, 1)
    open_at_actual_size(window, g, "cut")
    yield window
    window.undo_stack.setClean()


def knife_press(view, scene_points, release=True):
    """Ctrl + right press at the first point, moves through the others, release at the last."""
    points = [view.mapFromScene(p) for p in scene_points]
    send_mouse(view, QEvent.Type.MouseButtonPress, points[0], RIGHT, RIGHT, CTRL)
    for p in points[1:]:
        send_mouse(view, QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, RIGHT, CTRL)
    if release:
        send_mouse(view, QEvent.Type.MouseButtonRelease, points[-1], RIGHT, Qt.MouseButton.NoButton, CTRL)


def dashed_lines(scene) -> list[QGraphicsPathItem]:
    return [
        item
        for item in scene.items()
        if isinstance(item, QGraphicsPathItem) and item.isVisible() and item.pen().style() == Qt.PenStyle.DashLine
    ]


def marked_edges(window) -> set[tuple[str, str]]:
    """The edges drawn over in the theme's error colour (solid, unlike the dashed knife line)."""
    error = QColor(window.scene.theme.error).rgb()
    marks = [
        item.path()
        for item in window.scene.items()
        if isinstance(item, QGraphicsPathItem)
        and item.isVisible()
        and item.pen().style() == Qt.PenStyle.SolidLine
        and item.pen().color().rgb() == error
    ]
    g = window.graph
    return {
        (display_label(g, key[0]), display_label(g, key[1]))
        for key, edge in window.scene.edge_items().items()
        if any(mark == edge.path() for mark in marks)
    }


def edges_named(window) -> set[tuple[str, str]]:
    g = window.graph
    return {(g.node(e.src).label, g.node(e.dst).label) for e in g.edges()}


def test_a_knife_line_across_two_edges_cuts_both_in_one_undo_step(window):
    view, scene, stack = window.view, window.scene, window.undo_stack
    before = edges_named(window)
    # a vertical stroke left of the middle column crosses the two edges out of x, not the others
    points = [QPointF(-120, -200 + 40 * i) for i in range(11)]
    knife_press(view, points, release=False)
    lines = dashed_lines(scene)
    assert len(lines) == 1  # the knife is drawn while the button is held...
    assert lines[0].path().boundingRect().height() >= 390
    assert lines[0].zValue() > max(i.zValue() for i in scene.node_items().values())
    send_mouse(
        view, QEvent.Type.MouseButtonRelease, view.mapFromScene(points[-1]), RIGHT, Qt.MouseButton.NoButton, CTRL
    )
    assert dashed_lines(scene) == []  # ...and gone when released
    assert len(edges_named(window)) == len(before) - 2
    assert all(src != "x" for src, _ in edges_named(window))
    assert stack.count() == 1 and stack.undoText() == "Cut 2 edges"
    assert len(scene.edge_items()) == 2  # what is drawn follows
    stack.undo()
    assert edges_named(window) == before
    assert len(scene.edge_items()) == 4


def test_one_edge_cut_is_named_by_its_cards(window):
    stack = window.undo_stack
    knife_press(window.view, [QPointF(140, -120), QPointF(140, -40)])  # sin → y only
    assert stack.count() == 1
    assert stack.undoText() == "Cut sin → y"


def test_the_curve_is_cut_where_it_is_drawn_not_along_its_chord(window):
    """An edge is an S-curve: a short stroke across its chord but away from the curve cuts nothing;
    one across the curve where the chord is far away cuts it."""
    scene, view, stack = window.scene, window.view, window.undo_stack
    x, s = window.graph.find("x"), node_of(window, "sin")
    edge = scene.edge_item((x, s, 0))
    a, b = scene.port_pos(x, True), scene.port_pos(s, False, 0)
    chord = a + (b - a) * 0.25
    curve = [edge.point_at(i / 200) for i in range(201)]
    assert min(abs(p.y() - chord.y()) for p in curve if abs(p.x() - chord.x()) < 6) > 10
    knife_press(view, [chord + QPointF(-1, -5), chord + QPointF(1, 5)])
    assert stack.count() == 0 and len(window.graph.edges()) == 4
    on_curve = edge.point_at(0.25)
    knife_press(view, [on_curve + QPointF(-3, -10), on_curve + QPointF(3, 10)])
    assert stack.count() == 1 and (x, s, 0) not in {tuple(e) for e in window.graph.edges()}


def test_a_knife_across_no_edge_pushes_nothing(window):
    knife_press(window.view, [QPointF(-400, -300), QPointF(-300, -300), QPointF(-300, -250)])
    assert window.undo_stack.count() == 0
    assert len(window.graph.edges()) == 4
    assert dashed_lines(window.scene) == []


def right_click(view, qtbot, p, modifiers=Qt.KeyboardModifier.NoModifier):
    """A right-click at viewport point p as the system delivers it (press, context menu event,
    release); returns the popup menu it opened, closed again, or None."""
    shown = []

    def look() -> None:
        menu = QApplication.activePopupWidget()
        shown.append(menu)
        if menu is not None:
            menu.close()

    send_mouse(view, QEvent.Type.MouseButtonPress, p, RIGHT, RIGHT, modifiers)
    QTimer.singleShot(50, look)
    QApplication.sendEvent(
        view.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, p, view.mapToGlobal(p), modifiers)
    )
    send_mouse(view, QEvent.Type.MouseButtonRelease, p, RIGHT, Qt.MouseButton.NoButton, modifiers)
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    return shown[0]


def test_ctrl_right_click_without_a_drag_cuts_nothing_and_opens_no_menu(window, qtbot):
    view = window.view
    x, s = window.graph.find("x"), node_of(window, "sin")
    on_edge = window.scene.edge_item((x, s, 0)).point_at(0.5)
    assert right_click(view, qtbot, view.mapFromScene(on_edge), CTRL) is None
    assert window.undo_stack.count() == 0 and len(window.graph.edges()) == 4


def test_a_plain_right_click_still_opens_the_menu(window, qtbot):
    view = window.view
    assert isinstance(right_click(view, qtbot, view.mapFromScene(QPointF(-400, -300))), QMenu)
    assert window.undo_stack.count() == 0


def test_escape_during_a_cut_cancels_it(window, qtbot):
    view = window.view
    knife_press(view, [QPointF(-120, -200), QPointF(-120, 0), QPointF(-120, 200)], release=False)
    assert len(dashed_lines(window.scene)) == 1
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert dashed_lines(window.scene) == []
    send_mouse(
        view, QEvent.Type.MouseButtonRelease, view.mapFromScene(QPointF(-120, 200)), RIGHT, Qt.MouseButton.NoButton
    )
    assert window.undo_stack.count() == 0 and len(window.graph.edges()) == 4


@pytest.mark.parametrize("dark", [False, True])
def test_the_edges_the_knife_crosses_light_up_as_it_passes(window, qtbot, dark):
    view, scene = window.view, window.scene
    if dark:
        from graphviz_app.ui.canvas.theme import DARK

        scene.apply_theme(DARK)
        view.refresh_background()
    assert marked_edges(window) == set()
    # down the column between x and the middle: first across x → sin, then x → cos
    points = [QPointF(-120, -200 + 20 * i) for i in range(11)]
    knife_press(view, points, release=False)
    assert marked_edges(window) == {("x", "sin")}
    for i in range(11, 21):
        p = view.mapFromScene(QPointF(-120, -200 + 20 * i))
        send_mouse(view, QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, RIGHT, CTRL)
    assert marked_edges(window) == {("x", "sin"), ("x", "cos")}
    assert len(window.graph.edges()) == 4  # nothing cut yet
    end = view.mapFromScene(QPointF(-120, 200))
    send_mouse(view, QEvent.Type.MouseButtonRelease, end, RIGHT, Qt.MouseButton.NoButton, CTRL)
    assert marked_edges(window) == set()  # the marks go with the knife...
    assert {(display_label(window.graph, e.src), display_label(window.graph, e.dst)) for e in window.graph.edges()} == {
        ("sin", "y"),
        ("cos", "y"),
    }  # ...and what they marked is cut
    assert window.undo_stack.undoText() == "Cut 2 edges"


def test_escape_clears_the_marks_and_cuts_nothing(window, qtbot):
    view = window.view
    knife_press(view, [QPointF(-120, -200), QPointF(-120, 0), QPointF(-120, 200)], release=False)
    assert marked_edges(window) == {("x", "sin"), ("x", "cos")}
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert marked_edges(window) == set() and dashed_lines(window.scene) == []
    send_mouse(
        view, QEvent.Type.MouseButtonRelease, view.mapFromScene(QPointF(-120, 200)), RIGHT, Qt.MouseButton.NoButton
    )
    assert window.undo_stack.count() == 0 and len(window.graph.edges()) == 4


def test_a_knife_that_crosses_back_marks_each_edge_once(window):
    view = window.view
    points = [QPointF(-120, -200), QPointF(-120, 0), QPointF(-150, -200), QPointF(-120, 0)]
    knife_press(view, points)
    assert window.undo_stack.undoText() == "Cut x → sin"
    assert marked_edges(window) == set()


def test_a_straight_edge_is_cut_by_a_stroke_across_it(window):
    """Two cards level with each other: the edge between them is a straight horizontal line, and
    a vertical stroke across it cuts it."""
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0, pos=(-150, 0))
    s = g.add_node("op", "sin", pos=(150, 0))
    g.connect(x, s, 0)
    window.open_graph(g, None, "straight")
    window.view.centerOn(0, 0)
    x, s = window.graph.find("x"), node_of(window, "sin")
    edge = window.scene.edge_item((x, s, 0))
    assert edge.path().boundingRect().height() < 0.01  # (straight, flat)
    middle = edge.point_at(0.5)
    knife_press(window.view, [middle + QPointF(0, -60), middle, middle + QPointF(0, 60)])
    assert len(window.graph.edges()) == 0
    assert window.undo_stack.undoText() == "Cut x → sin"


def test_a_knife_whose_release_was_lost_ends_at_the_next_move(window):
    """The right-button release never arrived (it went to another window): the next move, with no
    button held, ends the knife, cuts nothing, and plain moves and drags work again."""
    view, scene = window.view, window.scene
    knife_press(view, [QPointF(-120, -200), QPointF(-120, 0), QPointF(-120, 200)], release=False)
    assert len(dashed_lines(scene)) == 1
    send_mouse(
        view,
        QEvent.Type.MouseMove,
        view.mapFromScene(QPointF(-100, 200)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
    )
    assert dashed_lines(scene) == [] and marked_edges(window) == set()
    assert window.undo_stack.count() == 0 and len(window.graph.edges()) == 4
    x = window.graph.find("x")
    before = window.graph.node(x).pos
    drag(view, QPointF(-250, 0), QPointF(-250, 60))
    assert tuple(window.graph.node(x).pos) != tuple(before)  # the card moved: moves reach it again
