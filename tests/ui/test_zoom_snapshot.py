"""While a view zooms it draws one picture of the items (zoom_snapshot): the picture must start
from what the view showed, draw only what it lacks, look like the items, show what changes
meanwhile, leave the grid live, follow the zoom and the scroll, stay within its memory, and give
way to the items when the gesture settles."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import SIGNAL, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QRegion, QTransform, QWheelEvent
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import count_cards_drawn, shown_view

from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.graph import Graph
from graphviz_app.core.sample_graphs import scalar_chains
from graphviz_app.ui.canvas import view as view_module
from graphviz_app.ui.canvas import zoom_snapshot
from graphviz_app.ui.canvas.node_item import TINY, NodeItem
from graphviz_app.ui.canvas.zoom_snapshot import ZoomSnapshot, fits

ORIGINAL_DRAW = ZoomSnapshot.draw


def _pixels(image: QImage) -> np.ndarray:
    """Height × width × (R, G, B)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


def _largest_difference(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return int(np.abs(_pixels(a) - _pixels(b)).max())


@pytest.fixture
def big_view(qtbot):
    """160 cards, all on screen at the view's zoom to fit; the gesture never settles by itself."""
    g = scalar_chains(40, lambda i: 0.1 * i, lambda _i: ["sin", "tanh"])
    apply_layout(g)
    scene, view = shown_view(qtbot, g, (900, 700), (0, 0))
    view.zoom_to_fit()
    view._zoom_settle.setInterval(60_000)  # the tests end the gesture themselves
    qtbot.wait(20)
    return g, scene, view


def _card_in_the_middle(scene, view) -> NodeItem:
    centre = view.mapToScene(view.viewport().rect().center())
    return min(scene.node_items().values(), key=lambda i: (i.pos() - centre).manhattanLength())


def _on_screen(qtbot, view) -> QImage:
    """What the viewport shows (the window's backing store), not a fresh rendering."""
    qtbot.wait(30)
    return view.screen().grabWindow(view.winId()).toImage().copy(view.viewport().geometry())


def test_a_zoom_step_over_many_cards_draws_one_picture_that_looks_like_the_items(big_view, monkeypatch):
    _g, scene, view = big_view
    at_rest = view.viewport().grab().toImage()
    drawn, cards_drawn = [], []
    monkeypatch.setattr(ZoomSnapshot, "draw", lambda self, painter: (drawn.append(self), ORIGINAL_DRAW(self, painter)))
    view.scale(1.0, 1.0)  # a zoom step that ends where it began: the picture is drawn unscaled
    assert view._snapshot is not None
    monkeypatch.setattr(NodeItem, "_face", lambda self, lod: cards_drawn.append(self))
    frame = view.viewport().grab().toImage()
    assert drawn == [view._snapshot] and cards_drawn == []  # one picture, no card drawn
    assert _largest_difference(frame, at_rest) <= 8


def test_the_picture_holds_the_items_alone_and_the_grid_stays_live(big_view):
    _g, scene, view = big_view
    view.scale(1.0, 1.0)
    picture = view._snapshot.image.convertToFormat(QImage.Format.Format_ARGB32)  # (kept while its bits are read)
    alpha = np.frombuffer(picture.constBits(), np.uint8)[3::4]
    assert (alpha == 0).any() and (alpha == 255).any()  # background left out, cards opaque
    view.set_grid_visible(False)
    without_grid = view.viewport().grab().toImage()
    view._end_gesture()
    assert view._snapshot is None
    assert _largest_difference(view.viewport().grab().toImage(), without_grid) <= 8


def test_a_change_during_the_gesture_is_drawn_at_once(big_view, qtbot):
    _g, scene, view = big_view
    item = _card_in_the_middle(scene, view)
    view.scale(1.0, 1.0)
    snapshot = view._snapshot
    _on_screen(qtbot, view)
    item.setSelected(True)  # e.g. a click, or an animation step, while the wheel turns
    during = _on_screen(qtbot, view)
    assert view._snapshot is snapshot  # the same picture, that part of it drawn again
    view._end_gesture()
    at_rest = _on_screen(qtbot, view)
    card = view.mapFromScene(item.sceneBoundingRect()).boundingRect().adjusted(-4, -4, 4, 4)
    crop = lambda image: image.copy(card)  # noqa: E731
    assert _largest_difference(crop(during), crop(at_rest)) <= 8  # at rest: the cards drawn by Qt
    # and the selection did change what is drawn there
    item.setSelected(False)
    assert _largest_difference(crop(_on_screen(qtbot, view)), crop(at_rest)) > 40


def test_a_new_picture_is_taken_when_the_zoom_goes_far_from_it(big_view, monkeypatch):
    _g, scene, view = big_view
    monkeypatch.setattr(view_module, "RENEW_TIME", 1.0)  # no step has time to make one early
    view.scale(1.0, 1.0)
    first = view._snapshot
    view.scale(1.5, 1.5)  # within 2x: the same picture, drawn larger
    assert view._snapshot is first
    view.scale(1 / 1.5, 1 / 1.5)
    view.scale(0.6, 0.6)
    assert view._snapshot is first
    view.scale(0.8, 0.8)  # under half the picture's scale: a new picture at the new scale
    assert view._snapshot is not None and view._snapshot is not first
    assert view._snapshot.scale[0] == pytest.approx(view.zoom())


def test_zooming_out_beyond_the_picture_takes_a_new_one(tall_view):
    scene, view = tall_view
    view.scale(1.0, 1.0)
    first = view._snapshot
    assert first is not None and first.area.height() < scene.items_bounding_rect().height()
    view.centerOn(scene.items_bounding_rect().topLeft())
    view.scale(0.8, 0.8)  # the top of the graph is now on screen, outside the first picture
    assert view._snapshot is not first
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert view._snapshot.area.contains(visible)


def test_scrolling_beyond_the_picture_during_the_gesture_draws_what_comes_into_view(tall_view, qtbot):
    scene, view = tall_view
    view.scale(1.0, 1.0)
    first = view._snapshot
    _on_screen(qtbot, view)
    view.verticalScrollBar().setValue(view.verticalScrollBar().minimum())  # e.g. a middle-button pan
    shown = _on_screen(qtbot, view)
    assert view._snapshot is not None and view._snapshot is not first
    assert view._snapshot.stale.isEmpty()  # the same scale: what the first held is copied as it is
    view._end_gesture()
    assert _largest_difference(shown, _on_screen(qtbot, view)) <= 8


def test_small_graphs_zoom_through_a_picture_too_and_an_empty_canvas_takes_none(qtbot):
    g = scalar_chains(2, lambda i: 0.1, lambda _i: ["sin"])
    apply_layout(g)
    scene, view = shown_view(qtbot, g, (900, 700), (0, 0))
    view.zoom_to_fit()
    view.set_zoom(view.zoom() * 1.2)
    assert view._snapshot is not None
    view._end_gesture()
    empty_scene, empty_view = shown_view(qtbot, Graph(), (900, 700), (0, 0))
    empty_view.set_zoom(2.0)
    assert empty_view._snapshot is None and empty_view.zoom() == pytest.approx(2.0)


def test_the_picture_stays_within_its_memory(big_view, monkeypatch):
    _g, scene, view = big_view
    assert not fits(QRectF(0, 0, 100_000, 100_000), (1.0, 1.0), 1.0)
    assert fits(QRectF(0, 0, 1920, 1200), (1.0, 1.0), 2.0)  # a whole window on a dense screen
    window = view.viewport().width() * view.viewport().height()
    # room for the view but not for the margin around it: a picture of the view alone
    monkeypatch.setattr(zoom_snapshot, "MAX_PIXELS", 2 * window)
    view.scale(1.0, 1.0)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert view._snapshot is not None and view._snapshot.area.adjusted(-2, -2, 2, 2).contains(visible)
    assert view._snapshot.area.width() < visible.width() * 1.1
    view._end_gesture()
    # no room even for the view: the items draw themselves
    monkeypatch.setattr(zoom_snapshot, "MAX_PIXELS", window // 2)
    view.scale(1.0, 1.0)
    assert view._snapshot is None


def test_on_a_dense_screen_the_picture_has_the_detail_the_screen_shows(big_view, monkeypatch):
    """Drawn at the screen's pixel ratio, the cards choose their level of detail by the view's zoom
    (far out: the tiny card), not by the picture's pixels per unit."""
    _g, scene, view = big_view
    view.setTransform(QTransform.fromScale(0.1, 0.1))
    levels = []
    original = NodeItem._face
    monkeypatch.setattr(NodeItem, "_face", lambda self, lod: (levels.append(lod), original(self, lod))[1])
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    snapshot = ZoomSnapshot(scene, view.viewportTransform(), 2.0, visible, view.renderHints())
    snapshot.fill(visible)
    assert levels and all(lod == pytest.approx(0.1) for lod in levels) and 0.1 < TINY
    assert snapshot.image.devicePixelRatio() == 2.0
    assert snapshot.image.width() == pytest.approx(snapshot.area.width() * 0.1 * 2, abs=1)


def test_zoom_to_fit_takes_no_picture(big_view, monkeypatch):
    _g, scene, view = big_view
    taken = []

    class Counted(ZoomSnapshot):
        def __init__(self, *args):
            taken.append(args)
            super().__init__(*args)

    monkeypatch.setattr(view_module, "ZoomSnapshot", Counted)
    view.zoom_to_fit()
    view.set_zoom(view.zoom() / 1.2)
    view.zoom_to_fit()  # a jump: nothing to scale
    assert len(taken) == 1 and view._snapshot is None


def test_a_change_in_the_same_turn_as_a_zoom_step_is_drawn(big_view, qtbot):
    _g, scene, view = big_view
    item = _card_in_the_middle(scene, view)
    header = scene.theme.category_colour(item.category)

    def header_pixels(image: QImage) -> int:
        area = _pixels(image.copy(view.mapFromScene(item.sceneBoundingRect()).boundingRect()))
        return int((np.abs(area - np.array([header.red(), header.green(), header.blue()])).max(axis=2) < 30).sum())

    view.scale(1.0, 1.0)
    assert header_pixels(_on_screen(qtbot, view)) > 10
    item.setVisible(False)  # e.g. a node deleted...
    view.scale(1.3, 1.3)  # ...and a wheel step before the event loop turns
    shown = _on_screen(qtbot, view)
    assert view._snapshot is not None and header_pixels(shown) == 0


def test_a_card_moved_beyond_the_picture_is_drawn(big_view, qtbot):
    _g, scene, view = big_view
    view.scale(1.0, 1.0)
    assert view._snapshot is not None
    item = _card_in_the_middle(scene, view)
    outside = view._snapshot.area.bottomRight() + QPointF(-10, 200)
    view.centerOn(outside)
    item.setPos(outside)  # e.g. an undo of a move
    shown = _on_screen(qtbot, view)
    view._end_gesture()
    assert _largest_difference(shown, _on_screen(qtbot, view)) <= 8


def test_a_wheel_gesture_uses_the_picture_then_settles_to_the_items(big_view, qtbot):
    _g, scene, view = big_view
    view._zoom_settle.setInterval(100)
    centre = view.viewport().rect().center()
    wheel = QWheelEvent(
        QPointF(centre),
        QPointF(view.viewport().mapToGlobal(centre)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    zoom = view.zoom()
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() == pytest.approx(zoom * 1.2) and view._snapshot is not None
    assert scene.receivers(SIGNAL("changed(QList<QRectF>)")) >= 1  # the view follows the changes...
    qtbot.waitUntil(lambda: view._snapshot is None, timeout=3000)
    assert _largest_difference(_on_screen(qtbot, view), view.viewport().grab().toImage()) <= 8
    # ...and afterwards leaves Qt to send item updates straight to the view (its fast path)
    assert scene.receivers(SIGNAL("changed(QList<QRectF>)")) == 0
    item = _card_in_the_middle(scene, view)
    item.setVisible(False)
    assert _largest_difference(_on_screen(qtbot, view), view.viewport().grab().toImage()) <= 8  # still updated


def test_a_second_gesture_still_sees_changes(big_view, qtbot):
    _g, scene, view = big_view
    for _ in range(2):
        view.scale(1.0, 1.0)
        assert view._snapshot is not None
        _on_screen(qtbot, view)
        view._end_gesture()
    view.scale(1.0, 1.0)
    item = _card_in_the_middle(scene, view)
    item.setVisible(False)
    shown = _on_screen(qtbot, view)
    view._end_gesture()
    assert _largest_difference(shown, _on_screen(qtbot, view)) <= 8


def test_an_export_during_the_gesture_has_its_background(big_view):
    from graphviz_app.export.render import render_image

    _g, scene, view = big_view
    view.scale(1.0, 1.0)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert view._snapshot.take_changes([scene.items_bounding_rect()], visible)  # drawn without a background...
    corner = scene.items_bounding_rect().topLeft() - QPointF(30, 30)
    image = render_image(scene, QRectF(corner, corner + QPointF(20, 20)))
    assert image.pixelColor(10, 10) == scene.theme.canvas  # ...the export keeps it


def test_the_first_step_starts_from_the_view_and_a_zoom_out_draws_each_card_it_shows_once(
    tall_view, qtbot, monkeypatch
):
    scene, view = tall_view
    view.setTransformationAnchor(view.ViewportAnchor.AnchorViewCenter)
    view.setTransform(QTransform.fromScale(0.5, 0.5))
    view.centerOn(scene.items_bounding_rect().center())
    _on_screen(qtbot, view)  # at rest: the cards cached by Qt
    drawn = count_cards_drawn(monkeypatch)
    monkeypatch.setattr(view_module, "STEP_BUDGET", -1.0)  # no time to spare: only what shows is drawn
    view.scale(1.0, 1.0)
    assert view._snapshot is not None and drawn == []  # copied from the cards' device caches
    for _ in range(3):  # cards come into view at each step: the ring that shows is drawn
        before = len(drawn)
        view.scale(1 / 1.1, 1 / 1.1)
        assert len(drawn) > before
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        shown = view._snapshot._visible_pixels(visible)
        assert QRegion(shown).subtracted(view._snapshot.done).isEmpty() and not view._snapshot.stale_shown(visible)
    # each part is grown to whole cards, so a card is drawn again only where a later part cuts it
    # again (a card drawn in part is drawn whole: each part drawn costs all of every card it touches)
    assert len(drawn) < 2 * len(set(drawn))
    view.scale(1.05, 1.05)
    assert view._snapshot is not None
    shown = _on_screen(qtbot, view)
    at_zoom = view.zoom()
    view._end_gesture()
    assert view.zoom() == pytest.approx(at_zoom)
    visible = _on_screen(qtbot, view)
    # scaled by about 1/1.27, the picture still shows the cards where the items are (blurred a little)
    assert (np.abs(_pixels(shown) - _pixels(visible)) > 60).mean() < 0.02


def test_spare_time_in_a_step_draws_ahead_of_the_view(tall_view, monkeypatch):
    scene, view = tall_view
    view.setTransformationAnchor(view.ViewportAnchor.AnchorViewCenter)
    view.setTransform(QTransform.fromScale(0.5, 0.5))
    view.centerOn(scene.items_bounding_rect().center())
    monkeypatch.setattr(view_module, "STEP_BUDGET", 10.0)
    view.scale(1.0, 1.0)
    snapshot = view._snapshot
    assert snapshot.done == QRegion(snapshot.image.rect())  # all of the picture, nearest rings first
    drawn = count_cards_drawn(monkeypatch)
    view.scale(1 / 1.1, 1 / 1.1)
    assert view._snapshot is snapshot and drawn == []  # the ring it shows was drawn already


def test_a_new_picture_starts_scaled_from_the_old_and_is_then_drawn_properly(tall_view, qtbot, monkeypatch):
    scene, view = tall_view
    view.setTransformationAnchor(view.ViewportAnchor.AnchorViewCenter)
    view.setTransform(QTransform.fromScale(0.5, 0.5))
    view.centerOn(scene.items_bounding_rect().center())
    view.scale(1.0, 1.0)
    first = view._snapshot
    monkeypatch.setattr(view_module, "STEP_BUDGET", -1.0)  # no time to spare: scaled parts stay
    view.scale(2.2, 2.2)  # zooming in more than 2x: a new picture, from the old one scaled up
    newer = view._snapshot
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert newer is not first and newer.stale_shown(visible)
    monkeypatch.setattr(view_module, "STEP_BUDGET", 10.0)
    view.scale(1.0, 1.0)  # a step with time to spare draws them again
    assert view._snapshot is newer and not newer.stale_shown(visible)
    shown = _on_screen(qtbot, view)
    view._end_gesture()
    assert _largest_difference(shown, _on_screen(qtbot, view)) <= 8  # exactly the items at this zoom


def test_edges_are_restyled_for_the_zoom_when_the_gesture_settles_or_a_new_picture_is_made(big_view):
    from graphviz_app.ui.canvas.edge_item import view_detail

    _g, scene, view = big_view
    view.setTransform(QTransform.fromScale(0.3, 0.3))  # thin edges, no shape labels
    before = scene.view_zoom
    view.scale(1.9, 1.9)  # 0.57: labels show at this zoom, but the picture (within 2x) stands in
    assert scene.view_zoom == before
    view._end_gesture()
    assert view_detail(scene.view_zoom) == view_detail((view.zoom(), view.devicePixelRatioF())) != view_detail(before)
    view.setTransform(QTransform.fromScale(0.3, 0.3))
    view.scale(1.0, 1.0)
    view.scale(2.5, 2.5)  # a new picture, drawn with the edges as they look at its zoom
    assert view_detail(scene.view_zoom) == view_detail((view.zoom(), view.devicePixelRatioF()))
