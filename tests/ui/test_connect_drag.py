"""Real mouse gestures on the canvas: connecting ports, detaching edges, moving nodes, palette drops."""

import json

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent, QUndoStack
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import drag, dump

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas import GraphScene, GraphView
from graphviz_app.ui.canvas.palette_drop import NODE_MIME


@pytest.fixture
def setup(qtbot):
    g = Graph()
    x = g.add_node("variable", name="x", value=2.0, pos=(-200, -80))
    y = g.add_node("variable", name="y", value=3.0, pos=(-200, 80))
    m = g.add_node("op", "mul", pos=(50, 0))
    s = g.add_node("op", "sin", pos=(280, 0))
    stack = QUndoStack()
    scene = GraphScene(g, stack)
    view = GraphView(scene)
    scene.setParent(view)  # (destroyed with the view, on the GUI thread: not by a collection)
    stack.setParent(scene)
    view.resize(1000, 600)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.centerOn(40, 0)
    return g, stack, scene, view, (x, y, m, s)


def test_drag_output_to_input_connects(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    drag(view, scene.port_pos(x, True), scene.port_pos(m, False, 0))
    assert g.inputs_of(m) == {0: x}
    assert stack.count() == 1 and stack.undoText() == "Connect x → mul.a"
    # a second drop on the same input replaces the edge, one undo step
    drag(view, scene.port_pos(y, True), scene.port_pos(m, False, 0))
    assert g.inputs_of(m) == {0: y}
    stack.undo()
    assert g.inputs_of(m) == {0: x}


def test_a_node_dropped_on_its_own_input_is_refused_truthfully(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    said = []
    scene.statusMessage.connect(said.append)
    drag(view, scene.port_pos(s, True), scene.port_pos(s, False, 0))
    assert g.inputs_of(s) == {} and stack.count() == 0
    assert said[-1] == "Not connected: sin → sin would close a cycle (a node cannot feed itself)"


def test_drag_from_free_input_back_to_an_output(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    drag(view, scene.port_pos(m, False, 1), scene.port_pos(y, True))
    assert g.inputs_of(m) == {1: y}


def test_drop_on_a_node_body_uses_the_nearest_input(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    body = scene.node_item(m).sceneBoundingRect().center() + QPointF(0, 15)
    drag(view, scene.port_pos(y, True), body)
    assert g.inputs_of(m) == {1: y}


def test_live_curve_and_highlighted_ports_during_the_drag(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    g.connect(x, m, 0)
    g.connect(m, s, 0)
    port = scene.node_item(s).output
    scene.connector.start(port, port.scene_center())
    lit = {(p.node_id, p.index) for p in scene.connector.candidates}
    assert (m, 0) not in lit and (m, 1) not in lit and (s, 0) not in lit  # would close a cycle
    assert scene.connector.preview is not None
    scene.connector.move(QPointF(500, 300))
    assert scene.connector.preview.path().currentPosition() == QPointF(500, 300)
    scene.connector.cancel()
    assert scene.connector.preview is None and not any(p.highlighted for p in scene.node_item(m).inputs)


def test_cycle_is_refused_with_a_message(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    g.connect(m, s, 0)
    messages = []
    scene.statusMessage.connect(messages.append)
    before = dump(g)
    drag(view, scene.port_pos(s, True), scene.port_pos(m, False, 0))
    assert dump(g) == before and stack.count() == 0
    assert messages and "cycle" in messages[-1]


def test_drop_on_own_port_or_nowhere_does_nothing(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    before = dump(g)
    drag(view, scene.port_pos(x, True), scene.port_pos(x, True) + QPointF(3, 0))
    drag(view, scene.port_pos(x, True), QPointF(-60, 250))
    drag(view, scene.port_pos(m, False, 0), QPointF(-60, 250))
    drag(view, scene.port_pos(m, True), scene.port_pos(m, False, 0))  # own input: a cycle, refused
    assert dump(g) == before and stack.count() == 0
    assert scene.connector.preview is None


def test_dragging_an_edge_end_off_its_input_disconnects_or_reconnects(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    g.connect(x, m, 0)
    drag(view, scene.port_pos(m, False, 0), scene.port_pos(s, False, 0))
    assert g.inputs_of(m) == {} and g.inputs_of(s) == {0: x}
    assert stack.count() == 1 and stack.undoText() == "Reconnect"
    stack.undo()
    assert g.inputs_of(m) == {0: x} and g.inputs_of(s) == {}
    assert scene.edge_item((x, m, 0)).isVisible()
    drag(view, scene.port_pos(m, False, 0), QPointF(100, 300))
    assert g.inputs_of(m) == {}
    stack.undo()
    assert g.inputs_of(m) == {0: x}


def test_dragging_a_node_is_one_undo_step(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    start = g.node(s).pos
    centre = scene.node_item(s).pos() + QPointF(0, -5)
    drag(view, centre, centre + QPointF(60, 40), steps=8)
    assert g.node(s).pos != start
    assert stack.count() == 1 and stack.undoText() == "Move sin"
    stack.undo()
    assert g.node(s).pos == start and scene.node_item(s).pos().toTuple() == start


@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_select_edge_and_delete_key(window, qtbot, key):
    """Delete and Backspace are the window's Delete action (actions_table), on the canvas."""
    g = Graph()
    x = g.add_node("variable", name="x", value=2.0, pos=(-200, -80))
    m = g.add_node("op", "sin", pos=(50, 0))
    g.connect(x, m, 0)
    window.open_graph(g, title="edge")
    window.scene.edge_item((x, m, 0)).setSelected(True)
    window.view.setFocus()
    qtbot.keyClick(window.view, key)
    assert window.graph.edges() == []
    window.undo_stack.undo()
    assert window.graph.inputs_of(m) == {0: x}


def test_arrow_keys_nudge_in_one_step(setup, qtbot):
    g, stack, scene, view, (x, y, m, s) = setup
    scene.select_nodes([x, y])
    view.setFocus()
    start = (g.node(x).pos, g.node(y).pos)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert g.node(x).pos == (start[0][0] + 30, start[0][1])
    assert stack.count() == 1
    stack.undo()
    assert (g.node(x).pos, g.node(y).pos) == start


def test_animation_keys_pass_through_when_an_overlay_is_shown(setup, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    from graphviz_app.ui.overlay import SceneOverlay

    g, stack, scene, view, (x, y, m, s) = setup
    scene.select_nodes([x])
    scene.overlay_presenter.show(SceneOverlay(title="t"))
    start = g.node(x).pos
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Home, Qt.Key.Key_End):
        override = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view, override)
        assert not override.isAccepted()
        press = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view, press)
        assert not press.isAccepted()
    assert g.node(x).pos == start
    scene.overlay_presenter.show(None)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert g.node(x).pos != start


def _drop(view, payload: bytes, scene_pos: QPointF):
    mime = QMimeData()
    mime.setData(NODE_MIME, payload)
    pos = QPointF(view.mapFromScene(scene_pos))
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)
    return event


def test_palette_drop_adds_a_node_at_the_drop_point(setup):
    g, stack, scene, view, _ = setup
    _drop(view, json.dumps({"kind": "op", "op": "tanh"}).encode(), QPointF(100, 200))
    added = [n for n in g.nodes() if n.op == "tanh"]
    assert len(added) == 1
    assert abs(added[0].pos[0] - 100) <= 2 and abs(added[0].pos[1] - 200) <= 2
    assert scene.selected_node_ids() == [added[0].id]
    _drop(view, json.dumps({"kind": "variable", "op": None}).encode(), QPointF(0, 300))
    assert [n.name for n in g.nodes() if n.kind == "variable"] == ["x", "y", "z"]
    assert stack.count() == 2


def test_bad_palette_drops_are_reported(setup):
    g, stack, scene, view, _ = setup
    messages = []
    scene.statusMessage.connect(messages.append)
    _drop(view, b"{not json", QPointF(0, 0))
    _drop(view, json.dumps({"kind": "op", "op": "nope"}).encode(), QPointF(0, 0))
    assert len(g) == 4 and stack.count() == 0
    assert messages == ["The dropped item is not a node"] * 2  # (an op this program has not is none)


def test_an_output_dropped_on_another_output_is_said_to_be_the_wrong_port(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    g.connect(m, s, 0)  # mul feeds sin: its nearest input would also close a cycle, but that is not the mistake
    said = []
    scene.statusMessage.connect(said.append)
    drag(view, scene.port_pos(s, True), scene.port_pos(m, True))
    assert g.inputs_of(m) == {} and stack.count() == 0
    assert (
        said[-1] == "Not connected: that is mul's output; an output connects to an input (the ports on a card's left)"
    )
    drag(view, scene.port_pos(x, True), scene.port_pos(y, True))
    assert "that is y's output" in said[-1] and stack.count() == 0


def test_a_free_input_dropped_on_another_input_is_said_to_be_the_wrong_port(setup):
    g, stack, scene, view, (x, y, m, s) = setup
    said = []
    scene.statusMessage.connect(said.append)
    drag(view, scene.port_pos(s, False, 0), scene.port_pos(m, False, 1))
    assert g.inputs_of(m) == {} and g.inputs_of(s) == {} and stack.count() == 0
    assert said[-1] == "Not connected: that is mul's input b; an input takes an output (the port on a card's right)"
