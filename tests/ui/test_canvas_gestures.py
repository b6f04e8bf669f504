"""Issue 3, checked with real mouse and keyboard events in the main window: selection gestures, keyboard
zoom, Space+drag pan, a drop that replaces an input's edge, errors shown on the node and in the status bar."""

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication, QDockWidget
from ui.canvas_helpers import click, drag, send_mouse

from graphviz_app.core.graph import Graph
from graphviz_app.ui.document_files import DocumentFiles
from graphviz_app.ui.main_window import MainWindow


@pytest.fixture
def window(window, monkeypatch):
    """The shared window (tests/ui/conftest.py); error boxes are not shown."""
    monkeypatch.setattr(DocumentFiles, "show_error", lambda self, title, message: None)
    w = window
    g = Graph()
    a = g.add_node("variable", name="a", value=1.0, pos=(-220, -90))
    b = g.add_node("variable", name="b", value=2.0, pos=(-220, 90))
    m = g.add_node("op", "mul", pos=(40, 0))
    s = g.add_node("op", "sin", name="out", pos=(260, 0))
    g.connect(a, m, 0)
    g.connect(b, m, 1)
    g.connect(m, s, 0)
    g.set_output(s)
    w.open_graph(g, title="gestures")
    w.view.zoom_reset()
    w.view.centerOn(20, 0)
    QApplication.processEvents()
    yield w
    w.undo_stack.setClean()


def ids(window, *names):
    return [window.graph.find(n) for n in names]


def node_centre(window, nid) -> QPointF:
    return window.scene.node_item(nid).sceneBoundingRect().center() + QPointF(0, 14)  # the body, below the header


def test_click_ctrl_click_and_rubber_band_select(window):
    view, scene = window.view, window.scene
    a, b = ids(window, "a", "b")
    click(view, node_centre(window, a))
    assert scene.selected_node_ids() == [a]
    click(view, node_centre(window, b), Qt.KeyboardModifier.ControlModifier)
    assert set(scene.selected_node_ids()) == {a, b}
    click(view, node_centre(window, b), Qt.KeyboardModifier.ControlModifier)  # Ctrl-click again: off
    assert scene.selected_node_ids() == [a]
    # a click on empty canvas clears, a rubber band from empty canvas selects what it touches
    empty = QPointF(-400, -250)
    click(view, empty)
    assert scene.selected_node_ids() == []
    drag(view, empty, QPointF(-150, 150), steps=8)
    assert set(scene.selected_node_ids()) == {a, b}
    assert window.undo_stack.count() == 0  # selecting is not an edit


def test_select_all_shortcut_and_delete_key(window, qtbot):
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.scene.selected_node_ids()) == 4
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(window.graph) == 0
    assert window.action("undo").text() == "&Undo Delete 4 nodes"
    window.undo_stack.undo()
    assert len(window.graph) == 4 and len(window.graph.edges()) == 3


def test_keyboard_zoom_with_ctrl_plus_equal_and_minus(window, qtbot):
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.2)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.0)
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.2)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # actual size
    assert view.zoom() == pytest.approx(1.0)


def test_space_and_drag_pans_without_moving_or_selecting(window, qtbot):
    view = window.view
    view.setFocus()
    a = window.graph.find("a")
    before_pos = window.graph.node(a).pos
    before = view.mapToScene(view.viewport().rect().center())
    QApplication.sendEvent(view, _key(QEvent.Type.KeyPress, Qt.Key.Key_Space))
    left = Qt.MouseButton.LeftButton
    start = view.mapFromScene(node_centre(window, a))  # even starting on a node, Space+drag pans
    send_mouse(view, QEvent.Type.MouseButtonPress, start, left, left)
    send_mouse(view, QEvent.Type.MouseMove, start + QPoint(60, 30), Qt.MouseButton.NoButton, left)
    send_mouse(view, QEvent.Type.MouseButtonRelease, start + QPoint(60, 30), left, Qt.MouseButton.NoButton)
    QApplication.sendEvent(view, _key(QEvent.Type.KeyRelease, Qt.Key.Key_Space))
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() - before.x() == pytest.approx(-60, abs=2) and after.y() - before.y() == pytest.approx(-30, abs=2)
    assert window.graph.node(a).pos == before_pos and window.undo_stack.count() == 0


def _key(kind, key):
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, " ")


def test_a_new_drop_replaces_the_edge_on_an_input(window):
    """Drag from a's output onto mul's second input, which b feeds: a replaces b, in one undo step."""
    a, b = ids(window, "a", "b")
    m = next(n.id for n in window.graph.nodes() if n.op == "mul")
    scene, view = window.scene, window.view
    drag(view, scene.port_pos(a, True), scene.port_pos(m, False, 1), steps=8)
    assert window.graph.inputs_of(m) == {0: a, 1: a}
    assert window.undo_stack.count() == 1
    assert scene.edge_item((a, m, 1)) is not None and scene.edge_item((b, m, 1)) is None
    window.undo_stack.undo()
    assert window.graph.inputs_of(m) == {0: a, 1: b}


def test_error_node_has_red_outline_tooltip_and_status_naming_both_shapes(window):
    """A shape mismatch: the node turns red with the message, the rest still shows its values."""
    a, b = ids(window, "a", "b")
    m = next(n.id for n in window.graph.nodes() if n.op == "mul")
    from graphviz_app.ui.commands.nodes import SetValueCommand

    window.undo_stack.push(SetValueCommand(window.graph, a, [1.0, 2.0, 3.0]))
    window.undo_stack.push(SetValueCommand(window.graph, b, [1.0, 2.0]))
    evaluation = window.scene.evaluator.evaluation
    item = window.scene.node_item(m)
    assert item.state.error and "ℝ³" in item.state.error and "ℝ²" in item.state.error
    assert item.toolTip() == item.state.error
    assert "ℝ³" in window.statusBar().currentMessage() and "ℝ²" in window.statusBar().currentMessage()
    # the inputs still have their values; the downstream node is blocked, not in error
    assert evaluation.values[a].shape == (3,) and evaluation.values[b].shape == (2,)
    out = window.graph.find("out")
    assert window.scene.node_item(out).state.blocked and not window.scene.node_item(out).state.error
    # and it is drawn with the error colour around the card
    image = window.view.grab().toImage()
    edge_point = window.view.mapFromScene(item.mapToScene(QPointF(item.rect.left() + 1, 0)))
    colours = [image.pixelColor(edge_point + QPoint(dx, 0)) for dx in range(-2, 3)]
    error = window.scene.theme.error
    assert any(
        abs(c.red() - error.red()) < 40 and abs(c.green() - error.green()) < 40 and abs(c.blue() - error.blue()) < 40
        for c in colours
    )


def test_moving_with_the_mouse_is_one_named_undo_step(window):
    a = window.graph.find("a")
    before = window.graph.node(a).pos
    start = node_centre(window, a)
    drag(window.view, start, start + QPointF(100, 40), steps=10)
    after = window.graph.node(a).pos
    assert after[0] - before[0] == pytest.approx(100, abs=2) and after[1] - before[1] == pytest.approx(40, abs=2)
    assert window.undo_stack.count() == 1 and window.action("undo").text() == "&Undo Move a"
    window.undo_stack.undo()
    assert window.graph.node(a).pos == before
    assert window.action("redo").text() == "&Redo Move a"


def test_a_vanished_recent_file_is_reported_and_taken_off_the_list(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(DocumentFiles, "show_error", lambda self, title, message: shown.append(message))
    path = tmp_path / "gone.json"
    from graphviz_app.core import fileformat

    fileformat.save(window.graph, path)
    assert window.files.open_path(path, ask=False)
    assert str(path.resolve()) in window.files.recent.files()
    path.unlink()
    before = len(window.graph)
    entry = next(a for a in window.files.recent.menu.actions() if a.text() == "gone.json")
    entry.trigger()
    assert shown and "gone.json" in shown[-1] and "no longer exists" in shown[-1]
    assert str(path.resolve()) not in window.files.recent.files()
    assert "gone.json" not in [a.text() for a in window.files.recent.menu.actions()]
    assert len(window.graph) == before  # the open work is untouched


def test_dock_layout_of_the_extensions_is_remembered(qtbot, monkeypatch):
    """Hiding the inspector dock and closing: the next window starts with it hidden (QSettings state)."""
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    docks = {d.objectName(): d for d in first.findChildren(QDockWidget)}
    assert "inspectorDock" in docks and "PaletteDock" in docks
    docks["inspectorDock"].hide()
    first.resize(701, 501)  # inside the offscreen screen (800 × 600), or restoreGeometry clamps it
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    again = {d.objectName(): d for d in second.findChildren(QDockWidget)}
    assert not again["inspectorDock"].isVisible() and again["PaletteDock"].isVisible()
    assert second.size().width() == 701
    again["inspectorDock"].show()
    second.close()
    for key in ("window/geometry", "window/state"):  # later tests start from the default layout
        second.settings.remove(key)
