"""Node-editor gestures: a wire dropped on the empty canvas opens quick add filtered to what fits
it and connects the node chosen; a free card (or a palette op) dropped onto an edge is inserted
into it. Each is one undo step; Escape, or a drop that does not fit, leaves the graph as it was."""

import json
import re

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import drag, dump, node_card_rect, send_mouse

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas.node_item import card_scene_rect
from graphviz_app.ui.canvas.palette_drop import NODE_MIME
from graphviz_app.ui.quick_add import QuickAddPopup

LEFT = Qt.MouseButton.LeftButton


def _fresh(window) -> Graph:
    g = window.graph
    g.replace_with(Graph())
    return g


def _ready(window, qtbot) -> None:
    """The graph evaluated and shown, the undo history empty, the canvas on the graph."""
    window.undo_stack.clear()
    window.scene.evaluator.refresh()
    window.view.centerOn(150, 60)
    qtbot.wait(10)


def _popup(qtbot) -> QuickAddPopup:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QuickAddPopup), timeout=3000)
    return QApplication.activePopupWidget()


def _titles(popup) -> list[str]:
    return [e.title for e in popup.visible_entries()]


@pytest.fixture
def matrix_source(window, qtbot):
    g = _fresh(window)
    w = g.add_node("variable", name="W", value=np.ones((2, 3)), pos=(0, 0))
    _ready(window, qtbot)
    return g, w


def test_a_wire_from_a_matrix_dropped_on_the_canvas_offers_what_takes_a_matrix(window, qtbot, matrix_source):
    g, w = matrix_source
    before = dump(g)
    drop = QPointF(260, 160)
    drag(window.view, window.scene.port_pos(w, True), drop)
    popup = _popup(qtbot)
    titles = _titles(popup)
    assert {"matmul", "transpose", "tanh", "sum"} <= set(titles)
    assert "dot" not in titles and "outer" not in titles  # they take vectors only
    assert "variable" not in titles and "constant" not in titles  # nothing to feed them
    assert dump(g) == before  # nothing happens until a node is chosen

    qtbot.keyClicks(popup.search_edit, "tanh")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    assert not popup.isVisible()
    added = [n for n in g.nodes() if n.op == "tanh"]
    assert len(added) == 1
    tanh = added[0]
    assert g.inputs_of(tanh.id) == {0: w}
    # the card sits to the right of the drop point, its input port level with it
    card = window.scene.node_item(tanh.id)
    assert card.sceneBoundingRect().left() > drop.x()
    assert abs(window.scene.port_pos(tanh.id, False, 0).y() - drop.y()) < 1.5
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Add tanh and connect"
    assert window.scene.selected_node_ids() == [tanh.id]
    window.undo_stack.undo()
    assert dump(g) == before


def test_a_wire_dropped_just_before_a_card_adds_its_node_beside_that_card(window, qtbot, matrix_source):
    g, w = matrix_source
    other = g.add_node("variable", name="V", value=1.0, pos=(330, 160))  # where the new card would go
    window.scene.evaluator.refresh()
    drop = QPointF(230, 160)
    drag(window.view, window.scene.port_pos(w, True), drop)
    popup = _popup(qtbot)
    qtbot.keyClicks(popup.search_edit, "tanh")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    (tanh,) = [n.id for n in g.nodes() if n.op == "tanh"]
    assert g.inputs_of(tanh) == {0: w}

    def card(nid):
        return node_card_rect(window.scene, nid)

    assert not card(tanh).intersects(card(other)) and not card(tanh).intersects(card(w))
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(card(tanh))


def test_the_arrow_keys_pick_in_the_filtered_list(window, qtbot, matrix_source):
    g, w = matrix_source
    drag(window.view, window.scene.port_pos(w, True), QPointF(260, 160))
    popup = _popup(qtbot)
    qtbot.keyClicks(popup.search_edit, "mat")
    assert _titles(popup)[0] == "matmul"
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    matmul = next(n for n in g.nodes() if n.op == "matmul")
    assert g.inputs_of(matmul.id) == {0: w}
    assert window.undo_stack.undoText() == "Add matmul and connect"
    # two inputs: the one connected (the upper) is level with the drop point, not the card's middle
    port = window.scene.port_pos(matmul.id, False, 0)
    assert abs(port.y() - 160) < 1.5 and abs(window.scene.node_item(matmul.id).pos().y() - 160) > 5


def test_escape_closes_the_popup_and_leaves_the_graph_untouched(window, qtbot, matrix_source):
    g, w = matrix_source
    before, items = dump(g), len(window.scene.items())
    drag(window.view, window.scene.port_pos(w, True), QPointF(260, 160))
    popup = _popup(qtbot)
    assert len(window.scene.items()) == items + 1  # the dropped wire stays drawn while choosing
    qtbot.keyClicks(popup.search_edit, "sin")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert dump(g) == before and window.undo_stack.count() == 0
    assert len(window.scene.items()) == items  # and goes with the popup


def test_a_wire_from_a_free_input_offers_what_can_feed_it(window, qtbot, matrix_source):
    g, w = matrix_source
    m = g.add_node("op", "matmul", pos=(240, 0))
    g.connect(w, m, 0)
    _ready(window, qtbot)
    before = dump(g)
    drag(window.view, window.scene.port_pos(m, False, 1), QPointF(60, 180))
    popup = _popup(qtbot)
    titles = _titles(popup)
    assert titles[:2] == ["variable", "constant"]
    assert {"sin", "matmul", "transpose"} <= set(titles)
    assert "sum" not in titles and "dot" not in titles  # a scalar cannot be W's right operand
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)  # the first entry: a variable
    new = next(n for n in g.nodes() if n.id not in (w, m))
    assert new.kind == "variable" and g.inputs_of(m) == {0: w, 1: new.id}
    # left of the drop point, its output port level with it
    assert window.scene.node_item(new.id).sceneBoundingRect().right() < 60
    assert abs(window.scene.port_pos(new.id, True).y() - 180) < 1.5
    assert new.value.shape == (3,)  # the shape W @ · takes: the graph evaluates at once
    assert window.scene.evaluator.evaluation.errors == {}
    assert window.undo_stack.undoText() == f"Add variable {new.name} and connect"
    window.undo_stack.undo()
    assert dump(g) == before


def test_a_wire_dropped_on_a_card_does_not_open_quick_add(window, qtbot):
    g = _fresh(window)
    x = g.add_node("variable", name="x", value=1.0, pos=(0, 0))
    y = g.add_node("variable", name="y", value=2.0, pos=(0, 150))
    _ready(window, qtbot)
    drag(window.view, window.scene.port_pos(x, True), window.scene.node_item(y).pos())
    qtbot.wait(20)
    assert QApplication.activePopupWidget() is None
    assert window.undo_stack.count() == 0


def test_port_offset_is_where_every_card_draws_its_ports(window):
    from graphviz_app.core.ops import all_ops
    from graphviz_app.ui.canvas.node_item import port_offset

    g = _fresh(window)
    made = {g.add_node("variable", name="v", value=1.0, pos=(10, 20)): None}
    for op in all_ops():
        made[g.add_node("op", op.name, pos=(10, 20))] = op
    for nid, op in made.items():
        card = window.scene.node_item(nid)
        ports = [(True, 0)] + [(False, i) for i in range(op.arity if op else 0)]
        for is_output, i in ports:
            drawn = window.scene.port_pos(nid, is_output, i) - card.pos()
            assert drawn == port_offset(op.name if op else None, is_output, i), (op, is_output, i)


# ------------------------------------------------------------ edge insertion
def _x_out_and_sin(window, qtbot, out_x: float, sin_pos: tuple[float, float]):
    """x (a vector) → out (tanh) at out_x, and a free sin card at sin_pos."""
    g = _fresh(window)
    x = g.add_node("variable", name="x", value=np.array([0.1, 0.2, 0.3]), pos=(0, 0))
    out = g.add_node("op", "tanh", name="out", pos=(out_x, 0))
    g.connect(x, out, 0)
    s = g.add_node("op", "sin", pos=sin_pos)
    _ready(window, qtbot)
    return g, x, out, s


@pytest.fixture
def chain(window, qtbot):
    """x (a vector) → out (tanh), and a free sin card below."""
    return _x_out_and_sin(window, qtbot, out_x=360, sin_pos=(180, 200))


def _drag_held(view, start: QPointF, end: QPointF, steps: int = 8):
    """Press on start and move to end with the button held; returns the release (call it)."""
    a, b = view.mapFromScene(start), view.mapFromScene(end)
    send_mouse(view, QEvent.Type.MouseButtonPress, a, LEFT, LEFT)
    for i in range(1, steps + 1):
        p = QPoint(round(a.x() + (b.x() - a.x()) * i / steps), round(a.y() + (b.y() - a.y()) * i / steps))
        send_mouse(view, QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, LEFT)
    return lambda: send_mouse(view, QEvent.Type.MouseButtonRelease, b, LEFT, Qt.MouseButton.NoButton)


def test_a_free_card_dropped_onto_an_edge_is_inserted_in_one_undo_step(window, qtbot, chain):
    g, x, out, s = chain
    before = dump(g)
    scene = window.scene
    middle = scene.edge_item((x, out, 0)).point_at(0.5)
    release = _drag_held(window.view, scene.node_item(s).pos(), middle)
    marked = scene.gestures.edge_insert
    assert marked.edge is scene.edge_item((x, out, 0)) and marked.problem is None  # shown before the drop
    release()
    assert sorted(g.edges()) == sorted([(x, s, 0), (s, out, 0)])
    assert marked.edge is None
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Insert sin into edge"
    window.undo_stack.undo()
    assert dump(g) == before
    assert scene.node_item(s).pos().toTuple() == g.node(s).pos
    window.undo_stack.redo()
    assert sorted(g.edges()) == sorted([(x, s, 0), (s, out, 0)])


def test_a_connected_card_only_moves(window, qtbot, chain):
    g, x, out, s = chain
    y = g.add_node("op", "exp", pos=(180, -200))
    g.connect(s, y, 0)  # sin feeds exp: not free
    _ready(window, qtbot)
    edges = sorted(g.edges())
    scene = window.scene
    drag(window.view, scene.node_item(s).pos(), scene.edge_item((x, out, 0)).point_at(0.5), steps=8)
    assert sorted(g.edges()) == edges
    assert window.undo_stack.undoText() == "Move sin"


def _palette_drag(view, payload: dict, scene_pos: QPointF):
    """A palette drag entering the canvas and held over scene_pos; returns the drop there (call it)."""
    mime = QMimeData()
    mime.setData(NODE_MIME, json.dumps(payload).encode())
    pos = view.mapFromScene(scene_pos)
    copy, none = Qt.DropAction.CopyAction, Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, copy, mime, LEFT, none))
    QApplication.sendEvent(viewport, QDragMoveEvent(pos, copy, mime, LEFT, none))
    return lambda: QApplication.sendEvent(viewport, QDropEvent(QPointF(pos), copy, mime, LEFT, none))


def test_an_op_dropped_from_the_palette_onto_an_edge_is_inserted(window, qtbot, chain):
    g, x, out, s = chain
    before = dump(g)
    edge = window.scene.edge_item((x, out, 0))
    drop = _palette_drag(window.view, {"kind": "op", "op": "exp"}, edge.point_at(0.5))
    assert window.scene.gestures.edge_insert.edge is edge  # marked while held over it
    drop()
    exp = next(n for n in g.nodes() if n.op == "exp")
    assert sorted(g.edges()) == sorted([(x, exp.id, 0), (exp.id, out, 0)])
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Insert exp into edge"
    window.undo_stack.undo()
    assert dump(g) == before


def test_an_insert_the_shapes_refuse_only_moves_and_says_why_by_name(window, qtbot):
    g = _fresh(window)
    w = g.add_node("variable", name="W", value=np.ones((2, 3)), pos=(0, -100))
    x = g.add_node("variable", name="x", value=np.ones(3), pos=(0, 100))
    m = g.add_node("op", "matmul", pos=(360, 0))
    g.connect(w, m, 0)
    g.connect(x, m, 1)
    total = g.add_node("op", "sum", pos=(180, 300))  # a scalar: W @ ℝ is refused
    _ready(window, qtbot)
    edges = sorted(g.edges())
    scene = window.scene
    release = _drag_held(window.view, scene.node_item(total).pos(), scene.edge_item((x, m, 1)).point_at(0.5))
    assert scene.gestures.edge_insert.problem is not None  # marked as refused while held there
    held = window.statusBar().currentMessage()
    assert held.startswith("sum cannot go between x and matmul: ")  # (nothing dropped yet)
    assert "matmul takes vectors or matrices" in held
    release()
    assert sorted(g.edges()) == edges
    assert window.undo_stack.undoText() == "Move sum"
    message = window.statusBar().currentMessage()
    assert message.startswith("sum was not inserted between x and matmul")
    assert "matmul takes vectors or matrices" in message
    assert not re.search(r"\bn\d+\b", message)  # names as the cards show them, never ids


def test_a_variable_from_the_palette_is_not_inserted(window, qtbot, chain):
    g, x, out, s = chain
    edges = sorted(g.edges())
    drop = _palette_drag(window.view, {"kind": "variable"}, window.scene.edge_item((x, out, 0)).point_at(0.5))
    assert window.scene.gestures.edge_insert.edge is None
    drop()
    assert sorted(g.edges()) == edges and len(g) == 4
    assert window.undo_stack.undoText().startswith("Add variable")


@pytest.fixture
def snug(window, qtbot):
    """x → out with their cards almost touching (8 px apart), and a free sin card below."""
    return _x_out_and_sin(window, qtbot, out_x=140, sin_pos=(70, 260))


def _cards_overlapping(scene) -> list[tuple[str, str]]:
    rects = {nid: card_scene_rect(item) for nid, item in scene.node_items().items()}
    return [(a, b) for a in rects for b in rects if a < b and rects[a].intersects(rects[b])]


def assert_between(scene, a, card, b) -> None:
    """card sits between a and b, left to right, with room for a wire on each side."""
    ra, rc, rb = node_card_rect(scene, a), node_card_rect(scene, card), node_card_rect(scene, b)
    assert ra.right() + 30 < rc.left() and rc.right() + 30 < rb.left(), (ra, rc, rb)
    assert rc.top() < max(ra.bottom(), rb.bottom()) and rc.bottom() > min(ra.top(), rb.top())  # beside them, not below


def test_a_card_inserted_between_snug_neighbours_moves_the_downstream_card_aside(window, qtbot, snug):
    g, x, out, s = snug
    scene = window.scene
    before = dump(g)
    x_at, out_at = g.node(x).pos, g.node(out).pos
    release = _drag_held(window.view, scene.node_item(s).pos(), scene.edge_item((x, out, 0)).point_at(0.5))
    release()
    assert sorted(g.edges()) == sorted([(x, s, 0), (s, out, 0)])
    assert _cards_overlapping(scene) == []
    assert g.node(x).pos == x_at and g.node(out).pos[0] > out_at[0] + 100  # the downstream card made room
    assert_between(scene, x, s, out)
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Insert sin into edge"
    assert window.statusBar().currentMessage() == "Inserted sin into edge"
    window.undo_stack.undo()  # the insert and the room made for it: one step
    assert dump(g) == before
    assert scene.node_item(out).pos().toTuple() == out_at


def test_an_op_from_the_palette_inserted_between_snug_neighbours_lands_between_them(window, qtbot, snug):
    g, x, out, _ = snug
    drop = _palette_drag(window.view, {"kind": "op", "op": "exp"}, window.scene.edge_item((x, out, 0)).point_at(0.5))
    drop()
    exp = next(n.id for n in g.nodes() if n.op == "exp")
    assert sorted(g.edges()) == sorted([(x, exp, 0), (exp, out, 0)])
    assert _cards_overlapping(window.scene) == []
    assert_between(window.scene, x, exp, out)
    assert window.undo_stack.count() == 1


def test_inserting_into_a_chain_moves_every_card_downstream_right_together(window, qtbot):
    """x → square → mul → out as the mouse builds it (cards a short wire apart), sin dropped from
    the palette onto mul → out: sin lands between mul and out; out moves right; cards upstream and
    beside stay; one undo puts everything back."""
    g = _fresh(window)
    x = g.add_node("variable", name="x", value=1.5, pos=(0, 0))
    sq = g.add_node("op", "square", pos=(200, 0))
    w = g.add_node("variable", name="w", value=3.0, pos=(200, 140))
    mul = g.add_node("op", "mul", pos=(400, 0))
    out = g.add_node("op", "exp", name="out", pos=(600, 120))
    tail = g.add_node("op", "neg", pos=(800, 120))  # fed by out: moves with it
    for src, dst, port in ((x, sq, 0), (sq, mul, 0), (w, mul, 1), (mul, out, 0), (out, tail, 0)):
        g.connect(src, dst, port)
    _ready(window, qtbot)
    scene = window.scene
    before = dump(g)
    still = {n: g.node(n).pos for n in (x, sq, w, mul)}
    gap = g.node(tail).pos[0] - g.node(out).pos[0]
    drop = _palette_drag(window.view, {"kind": "op", "op": "sin"}, scene.edge_item((mul, out, 0)).point_at(0.5))
    drop()
    sin = next(n.id for n in g.nodes() if n.op == "sin")
    assert sorted(g.edges()) == sorted(
        [(x, sq, 0), (sq, mul, 0), (w, mul, 1), (mul, sin, 0), (sin, out, 0), (out, tail, 0)]
    )
    assert_between(scene, mul, sin, out)
    assert {n: g.node(n).pos for n in still} == still
    assert g.node(tail).pos[0] - g.node(out).pos[0] == gap and g.node(tail).pos[1] == g.node(out).pos[1] == 120
    assert _cards_overlapping(scene) == []
    sin_path, mul_port = scene.edge_item((mul, sin, 0)).path(), scene.port_pos(mul, True)
    assert sin_path.boundingRect().left() >= mul_port.x() - 1  # the wire from mul runs right, no loop back
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert dump(g) == before


def test_an_insert_never_pushes_a_card_onto_another(window, qtbot):
    """x → out snug, and a card not fed by out just right of it: moving out right would land it on
    that card, so the inserted card goes to a free spot and nothing moves."""
    g = _fresh(window)
    x = g.add_node("variable", name="x", value=1.5, pos=(0, 0))
    out = g.add_node("op", "exp", name="out", pos=(140, 0))
    g.add_node("variable", name="bystander", value=2.0, pos=(300, 0))
    g.connect(x, out, 0)
    _ready(window, qtbot)
    scene = window.scene
    still = {n.id: n.pos for n in g.nodes()}
    drop = _palette_drag(window.view, {"kind": "op", "op": "sin"}, scene.edge_item((x, out, 0)).point_at(0.5))
    drop()
    sin = next(n.id for n in g.nodes() if n.op == "sin")
    assert sorted(g.edges()) == sorted([(x, sin, 0), (sin, out, 0)])
    assert {n: g.node(n).pos for n in still} == still
    assert _cards_overlapping(scene) == []


def test_a_long_edge_is_found_anywhere_along_it(window, qtbot):
    g, x, out, s = _x_out_and_sin(window, qtbot, out_x=4000, sin_pos=(180, 300))
    edge = window.scene.edge_item((x, out, 0))
    for fraction in (10.5 / 48, 23.5 / 48, 37.5 / 48):  # (between the points once sampled, 80 px apart)
        where = edge.point_at(fraction)
        window.view.centerOn(where)
        _palette_drag(window.view, {"kind": "op", "op": "exp"}, where)
        assert window.scene.gestures.edge_insert.edge is edge, fraction


def test_of_two_edges_within_reach_the_nearer_is_marked(window, qtbot):
    g = _fresh(window)
    edges = []
    for k, y in enumerate((0, 16)):  # two parallel edges 16 px apart
        v = g.add_node("variable", name=f"v{k}", value=np.ones(2), pos=(0, y))
        t = g.add_node("op", "tanh", pos=(700, y))
        g.connect(v, t, 0)
        edges.append((v, t, 0))
    _ready(window, qtbot)
    first, second = (window.scene.edge_item(key) for key in edges)
    a, b = first.point_at(0.5), second.point_at(0.5)
    window.view.centerOn(a)
    for share, nearer in ((0.35, first), (0.65, second)):  # 5.6 px from one, 10.4 px from the other
        _palette_drag(window.view, {"kind": "op", "op": "exp"}, a + (b - a) * share)
        assert window.scene.gestures.edge_insert.edge is nearer, share
    _palette_drag(window.view, {"kind": "op", "op": "exp"}, b + QPointF(0, 30))  # out of reach
    assert window.scene.gestures.edge_insert.edge is None
