"""While the program rests (or once Ctrl is pressed) the view draws the ring its next zoom out
shows (ready_picture); the first step takes it only if nothing changed since, and a picture
drawing a card leaves the card a fresh device cache (GraphScene.uncached)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QRegion, QTransform
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsItem
from ui.canvas_helpers import count_cards_drawn

from graphviz_app.ui.canvas.node_item import NodeItem, NodeState
from graphviz_app.ui.canvas.theme import DARK
from graphviz_app.ui.canvas.zoom_snapshot import AHEAD, ZoomSnapshot, grown
from graphviz_app.ui.commands import (
    MoveNodesCommand,
    RemoveNodesCommand,
    RenameCommand,
    SetOutputCommand,
    SetValueCommand,
)
from graphviz_app.ui.overlay import SceneOverlay


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4).copy()


def _half_zoom(view) -> None:
    view.setTransformationAnchor(view.ViewportAnchor.AnchorViewCenter)
    view.setTransform(QTransform.fromScale(0.5, 0.5))
    view.centerOn(view.scene().items_bounding_rect().center())


def _ready(qtbot, view):
    """The picture drawn at rest, all of its ring, and the view repainted after it."""
    ready = view.ready_picture
    ready._rest.setInterval(20)
    qtbot.waitUntil(lambda: ready.picture is not None and not ready._slice.isActive(), timeout=10_000)
    view.viewport().repaint()
    return ready.picture


def _visible(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def _ring(picture: ZoomSnapshot, visible: QRectF) -> QRegion:
    """The first ring ahead of a view showing `visible`, in the picture's pixels, without the view."""
    shown = picture._visible_pixels(visible)
    ring = grown(QRectF(shown), AHEAD[0]).toAlignedRect().intersected(picture.image.rect())
    return QRegion(ring).subtracted(QRegion(shown))


def _card_in_ring(scene, view, straddling: bool = False, kind: str | None = None) -> NodeItem:
    """A card off screen in the first ring (or one cut by the view's edge)."""
    visible = _visible(view)
    ring = grown(visible, AHEAD[0])
    for item in scene.node_items().values():
        if kind is not None and item.kind != kind:
            continue
        bounds = item.sceneBoundingRect()
        if straddling and visible.intersects(bounds) and not visible.contains(bounds):
            return item
        if not straddling and ring.contains(bounds) and not visible.intersects(bounds):
            return item
    raise AssertionError("no such card")  # (the test's graph has them)


# ------------------------------------------------------------ drawn at rest
def test_at_rest_the_view_draws_the_ring_its_next_zoom_out_shows_and_the_first_step_draws_no_card(
    tall_view, qtbot, monkeypatch
):
    scene, view = tall_view
    _half_zoom(view)
    picture = _ready(qtbot, view)
    visible = _visible(view)
    assert picture.scale == (0.5, 0.5) and _ring(picture, visible).subtracted(picture.done).isEmpty()
    assert picture.holds(visible)  # the view's own part copied at rest too
    drawn, copies = count_cards_drawn(monkeypatch), []
    monkeypatch.setattr(view, "copy_into", lambda *args: copies.append(args))
    view.zoom_out()
    assert view._snapshot is picture and drawn == [] and copies == []  # all there
    assert view.ready_picture.picture is None  # the gesture's now


def test_after_a_pan_the_first_step_copies_what_the_picture_does_not_hold(tall_view, qtbot):
    scene, view = tall_view
    _half_zoom(view)
    picture = _ready(qtbot, view)
    bar = view.horizontalScrollBar()
    bar.setValue(bar.value() + 200)  # within the picture, beyond the ring drawn around the view
    view.viewport().repaint()
    visible, to_view = _visible(view), view.viewportTransform()
    assert not picture.holds(visible) and picture.area.contains(visible)
    copied = ZoomSnapshot(scene, to_view, view.devicePixelRatioF(), visible, view.renderHints())
    view.copy_into(copied, visible)  # the view as it shows now, copied afresh
    view.zoom_out()
    assert view._snapshot is picture and picture.holds(visible)
    here, there = picture._visible_pixels(visible), copied._visible_pixels(visible)
    assert here.size() == there.size()
    shown = _pixels(picture.image)[here.top() : here.bottom() + 1, here.left() : here.right() + 1]
    expected = _pixels(copied.image)[there.top() : there.bottom() + 1, there.left() : there.right() + 1]
    # (where the picture drew a card the view had cached, a pixel may round one level apart)
    assert np.abs(shown.astype(int) - expected.astype(int)).max() <= 2


def test_ctrl_pressed_draws_the_picture_at_once(tall_view, qtbot, monkeypatch):
    scene, view = tall_view
    _half_zoom(view)
    ready = view.ready_picture
    ready._rest.stop()  # no rest: only Ctrl starts it
    assert ready.picture is None
    view.setFocus()
    QTest.keyPress(view, Qt.Key.Key_Control)
    assert ready.picture is not None
    qtbot.waitUntil(lambda: not ready._slice.isActive(), timeout=10_000)
    view.viewport().repaint()
    picture = ready.picture
    QTest.keyRelease(view, Qt.Key.Key_Control)
    drawn = count_cards_drawn(monkeypatch)
    view.zoom_out()
    assert view._snapshot is picture and drawn == []


def test_a_picture_that_no_longer_suits_is_dropped_and_its_memory_given_back(tall_view, qtbot):
    scene, view = tall_view
    _half_zoom(view)
    picture = _ready(qtbot, view)
    block = picture._block
    view.setTransform(QTransform.fromScale(0.4, 0.4))  # another zoom: drawn again for it at the next rest
    qtbot.waitUntil(lambda: view.ready_picture.picture is not picture, timeout=5000)
    assert picture._block is None and picture.image.isNull()
    again = _ready(qtbot, view)
    assert again.scale == (0.4, 0.4) and again._block is block  # the same memory
    view.hide()
    assert view.ready_picture.picture is None and again._block is None


# -------------------------------------------- whatever changed, the truth shows
def _change_value(scene, view):
    item = _card_in_ring(scene, view, kind="op")  # its value changes with the variables it comes from
    for variable in scene.graph.ancestors(item.node_id):
        if scene.graph.node(variable).kind == "variable":
            scene.undo_stack.push(SetValueCommand(scene.graph, variable, 0.75))


def _select(scene, view):
    scene.select_nodes([_card_in_ring(scene, view).node_id])


def _hover_edge_card(scene, view):
    item = _card_in_ring(scene, view, straddling=True)
    item.hoverEnterEvent(None)


def _overlay(scene, view):
    nid = _card_in_ring(scene, view).node_id
    scene.set_overlay(SceneOverlay(node_roles={nid: "active"}, node_badges={nid: "∂L/∂u = 1"}))


def _theme(scene, view):
    scene.apply_theme(DARK)


def _move(scene, view):
    item = _card_in_ring(scene, view)
    x, y = scene.graph.node(item.node_id).pos
    scene.undo_stack.push(MoveNodesCommand(scene.graph, {item.node_id: ((x, y), (x + 60, y + 10))}))


def _remove(scene, view):
    scene.undo_stack.push(RemoveNodesCommand(scene.graph, [_card_in_ring(scene, view).node_id]))


def _connect_drag(scene, view):
    item = _card_in_ring(scene, view, straddling=True)
    scene.connector.start(item.output, item.output.scene_center())  # candidate ports light up, off screen too


def _state(scene, view):
    item = _card_in_ring(scene, view)
    item.set_state(NodeState(error="broken"))


def _rename(scene, view):
    scene.undo_stack.push(RenameCommand(scene.graph, _card_in_ring(scene, view).node_id, "renamed"))


def _set_output(scene, view):
    scene.undo_stack.push(SetOutputCommand(scene.graph, _card_in_ring(scene, view).node_id))


def _nothing(scene, view):
    pass


def _edge_in_ring(scene, view):
    visible = _visible(view)
    ring = grown(visible, AHEAD[0])
    return next(
        edge
        for edge in scene.edge_items().values()
        if ring.contains(edge.sceneBoundingRect()) and not visible.intersects(edge.sceneBoundingRect())
    )


def _unhover_edge(scene, view):
    _edge_in_ring(scene, view).hoverLeaveEvent(None)  # its pen narrows again: drawn again where the wide one was


_unhover_edge.before = lambda scene, view: _edge_in_ring(scene, view).hoverEnterEvent(None)
SHOWS_IN_RING = (_change_value, _select, _overlay, _theme, _move, _remove, _state, _unhover_edge, _rename, _set_output)
IN_PLACE = (_nothing, _change_value, _select, _hover_edge_card, _state, _unhover_edge, _rename, _set_output, _move)


@pytest.mark.parametrize(
    "change",
    [
        _nothing,
        _change_value,
        _select,
        _hover_edge_card,
        _overlay,
        _theme,
        _move,
        _remove,
        _connect_drag,
        _state,
        _unhover_edge,
        _rename,
        _set_output,
    ],
)
def test_whatever_changed_since_it_was_drawn_the_first_step_shows_the_scene_as_it_is(tall_view, qtbot, change):
    scene, view = tall_view
    _half_zoom(view)
    if hasattr(change, "before"):
        change.before(scene, view)
    picture = _ready(qtbot, view)
    before = _pixels(picture.image)
    change(scene, view)
    scene.evaluation  # (evaluated now, not an event-loop turn later)  # noqa: B023,B007,B018
    qtbot.wait(10)
    visible, to_view = _visible(view), view.viewportTransform()
    view.zoom_out()
    snapshot = view._snapshot
    # a card or an edge changed where it is is drawn again in the picture; other changes, anew
    assert (snapshot is picture) == (change in IN_PLACE)
    fresh = ZoomSnapshot(scene, to_view, view.devicePixelRatioF(), visible, view.renderHints())
    assert fresh.area == snapshot.area
    fresh._render(fresh.image.rect())
    shown, expected = _pixels(snapshot.image), _pixels(fresh.image)
    compared = _ring(snapshot, visible).intersected(snapshot.done)
    assert compared.boundingRect().height() > 100
    changed = False
    for rect in compared:
        part = np.s_[rect.top() : rect.bottom() + 1, rect.left() : rect.right() + 1]
        assert np.array_equal(shown[part], expected[part])
        changed |= not np.array_equal(before[part], expected[part])
    if change in SHOWS_IN_RING or change is _nothing:
        # (the change shows in the ring: a picture drawn before it would have been caught)
        assert changed == (change is not _nothing)


# ------------------------------------------------------------- device caches
def test_a_card_drawn_by_a_zoom_picture_gets_a_fresh_device_cache_and_shows_its_change_after_settling(qtbot):
    from ui.canvas_helpers import shown_view

    from graphviz_app.core.autolayout import apply_layout
    from graphviz_app.core.sample_graphs import scalar_chains

    g = scalar_chains(6, lambda i: 0.1, lambda _i: ["sin", "tanh"])
    apply_layout(g)
    scene, view = shown_view(qtbot, g, (700, 500), (0, 0))
    view.ready_picture.stop()
    view.setTransformationAnchor(view.ViewportAnchor.AnchorViewCenter)
    view.centerOn(scene.items_bounding_rect().center())
    view.viewport().repaint()
    item = next(
        i
        for i in scene.node_items().values()
        if _visible(view).contains(i.sceneBoundingRect()) and i.kind != "variable"
    )
    others = [i for i in scene.node_items().values() if i is not item]
    view.set_zoom(1.2)
    item.set_state(NodeState(error="changed mid-zoom"))  # the picture draws it again: its cache goes
    qtbot.wait(10)
    assert view._snapshot is not None and item.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    view.set_zoom(1.0)  # back to the zoom the view's caches were drawn at
    view._end_gesture()
    assert view.zoom() == 1.0
    cached = view.viewport().grab().toImage()
    for other in others + [item]:
        other.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    direct = view.viewport().grab().toImage()
    card = view.mapFromScene(item.sceneBoundingRect()).boundingRect().intersected(view.viewport().rect())
    a, b = _pixels(cached).astype(int), _pixels(direct).astype(int)
    part = np.s_[card.top() : card.bottom() + 1, card.left() : card.right() + 1]
    # its new look, not the cache of the old one (a cache rounds a few pixels by one level)
    assert np.abs(a[part] - b[part]).max() <= 2


# ------------------------------------------------------------------- moves
def _fresh(scene, view, visible, to_view) -> np.ndarray:
    fresh = ZoomSnapshot(scene, to_view, view.devicePixelRatioF(), visible, view.renderHints())
    fresh._render(fresh.image.rect())
    return _pixels(fresh.image)


def _differs(snapshot: ZoomSnapshot, expected: np.ndarray) -> int:
    """The largest difference of a colour level between the picture and a fresh drawing, where
    the picture is drawn."""
    shown, worst = _pixels(snapshot.image).astype(int), 0
    for rect in snapshot.done:
        part = np.s_[rect.top() : rect.bottom() + 1, rect.left() : rect.right() + 1]
        worst = max(worst, int(np.abs(shown[part] - expected[part].astype(int)).max()))
    return worst


def test_a_card_dragged_with_the_mouse_is_drawn_again_where_it_was_and_where_it_is(tall_view, qtbot):
    from ui.canvas_helpers import drag

    scene, view = tall_view
    _half_zoom(view)
    picture = _ready(qtbot, view)
    visible, to_view = _visible(view), view.viewportTransform()
    item = next(
        i
        for i in scene.node_items().values()
        if grown(visible, -0.2).contains(i.sceneBoundingRect()) and len(i.edge_items) >= 2
    )
    before = _pixels(picture.image).astype(int)
    old = item.sceneBoundingRect()
    drag(view, old.center(), old.center() + QPointF(90, 60), steps=80)  # (a long drag: each card listed once)
    new = item.sceneBoundingRect()
    assert new.center() == old.center() + QPointF(90, 60)  # (the card moved)
    view.viewport().repaint()
    view.zoom_out()
    assert view._snapshot is picture  # drawn again where the change is, not anew
    expected = _fresh(scene, view, visible, to_view).astype(int)
    shown = _pixels(picture.image).astype(int)
    for place in (old, new):  # where the card was (now its edges only) and where it is: drawn again
        box = picture._to_pixels(place).toAlignedRect()
        part = np.s_[box.top() : box.bottom() + 1, box.left() : box.right() + 1]
        assert np.abs(shown[part] - expected[part]).max() <= 2
        assert np.abs(before[part] - expected[part]).max() > 100  # (the move shows there)
    # elsewhere, what the view copied of itself (a card's border may round some levels apart)
    assert _differs(picture, expected.astype(np.uint8)) <= 16


def test_a_move_under_an_overlay_makes_the_picture_out_of_date(tall_view, qtbot):
    scene, view = tall_view
    _half_zoom(view)
    _overlay(scene, view)  # its badge would move along with the card
    picture = _ready(qtbot, view)
    _move(scene, view)
    view.zoom_out()
    assert view._snapshot is not picture


def test_a_card_moved_off_the_picture_leaves_it_and_the_picture_stays(tall_view, qtbot):
    scene, view = tall_view
    _half_zoom(view)
    picture = _ready(qtbot, view)
    before = _pixels(picture.image).astype(int)
    item = _card_in_ring(scene, view)
    old = item.sceneBoundingRect()
    x, y = scene.graph.node(item.node_id).pos
    far = picture.area.right() + 500  # (off the picture and off screen: nothing to draw there)
    scene.undo_stack.push(MoveNodesCommand(scene.graph, {item.node_id: ((x, y), (far, y))}))
    visible, to_view = _visible(view), view.viewportTransform()
    view.zoom_out()
    assert view._snapshot is picture
    expected, shown = _fresh(scene, view, visible, to_view).astype(int), _pixels(picture.image).astype(int)
    box = picture._to_pixels(old).toAlignedRect()
    part = np.s_[box.top() : box.bottom() + 1, box.left() : box.right() + 1]
    assert np.abs(shown[part] - expected[part]).max() <= 2 < np.abs(before[part] - expected[part]).max()
    assert _differs(picture, expected.astype(np.uint8)) <= 16  # (its edges drawn where they go now)
