"""Between the steps of a zoom gesture the program draws ahead (GraphView._draw_ahead), the
pictures' memory is reused from one picture to the next (PictureMemory), and an edge whose
label lies outside the part being drawn does not draw it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QRegion, QTransform
from ui.canvas_helpers import count_cards_drawn

from graphviz_app.ui.canvas import view as view_module
from graphviz_app.ui.canvas.edge_item import EdgeItem
from graphviz_app.ui.canvas.view import ZOOM_STEP
from graphviz_app.ui.canvas.zoom_snapshot import AHEAD, PictureMemory, grown


def _alpha(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8)[3::4].copy()  # (a copy: the image dies on return)


def _wait_idle(qtbot, view) -> None:
    """Until the view has nothing left to draw ahead."""
    qtbot.waitUntil(lambda: not view._ahead.isActive(), timeout=10_000)


def _zoom_out_centred(view) -> None:
    view.setTransformationAnchor(view.ViewportAnchor.AnchorViewCenter)
    view.setTransform(QTransform.fromScale(0.5, 0.5))
    view.centerOn(view.scene().items_bounding_rect().center())


# ------------------------------------------------------------------ memory
def test_picture_memory_is_reused_cleared_and_kept_within_its_limit():
    memory = PictureMemory(keep=2)
    image, block = memory.image(300, 200, 1.0)
    assert image.size().width() == 300 and image.devicePixelRatio() == 1.0
    assert (_alpha(image) == 0).all()  # transparent from the start
    painter = QPainter(image)
    painter.fillRect(0, 0, 300, 200, QColor("red"))
    painter.end()
    memory.give_back(block)
    again, reused = memory.image(290, 190, 2.0)  # a picture a little smaller takes the same memory
    assert reused is block and again.devicePixelRatio() == 2.0
    assert (_alpha(again) == 0).all()  # cleared of the last picture
    larger, other = memory.image(600, 400, 1.0)  # too large for what is kept: new memory
    assert other is not block
    for spare in (reused, other, bytearray(10), bytearray(20)):
        memory.give_back(spare)
    assert len(memory._spare) == 2 and memory._spare[0] is other  # the largest are kept
    memory.reserve(600, 400)
    assert len(memory._spare) == 2 and all(len(b) >= 600 * 400 * 4 for b in memory._spare)


def test_the_view_reserves_picture_memory_while_idle_and_its_pictures_reuse_it(tall_view, qtbot):
    scene, view = tall_view
    view._reserve_memory.setInterval(0)
    view._reserve_memory.start()
    qtbot.waitUntil(lambda: not view._reserve_memory.isActive())
    reserved = list(view.picture_memory._spare)
    assert len(reserved) == 2
    view.scale(1.0, 1.0)
    assert any(view._snapshot._block is block for block in reserved)  # no new memory for the first step
    view._end_gesture()
    assert len(view.picture_memory._spare) == 2  # given back when the gesture settled


# ------------------------------------------------------------ drawing ahead
def test_between_steps_the_idle_program_draws_the_next_ring(tall_view, qtbot, monkeypatch):
    scene, view = tall_view
    _zoom_out_centred(view)
    monkeypatch.setattr(view_module, "STEP_BUDGET", -1.0)  # the steps draw only what shows
    view.scale(1.0, 1.0)
    snapshot = view._snapshot
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    ring = QRegion(
        grown(QRectF(snapshot._visible_pixels(visible)), AHEAD[0]).toAlignedRect().intersected(snapshot.image.rect())
    )
    assert not ring.subtracted(snapshot.done).isEmpty()
    _wait_idle(qtbot, view)
    assert view._snapshot is snapshot and ring.subtracted(snapshot.done).isEmpty()
    drawn = count_cards_drawn(monkeypatch)
    view.zoom_out()  # the next wheel notch finds what it shows drawn
    assert view._snapshot is snapshot and drawn == []


def test_zooming_out_the_idle_program_makes_the_next_picture_before_the_step_needs_it(tall_view, qtbot, monkeypatch):
    scene, view = tall_view
    _zoom_out_centred(view)
    monkeypatch.setattr(view_module, "STEP_BUDGET", -1.0)
    view.scale(1.0, 1.0)
    first = view._snapshot
    view.zoom_out()
    view.zoom_out()
    view.zoom_out()  # 1.2³ ≈ 1.73 from the picture: one notch more would take it past 2x
    assert view._snapshot is first
    _wait_idle(qtbot, view)
    renewed = view._snapshot
    assert renewed is not first and renewed.scale[0] == pytest.approx(view.zoom())
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert not renewed.stale_shown(visible)  # what it scaled from the old one was drawn again
    drawn = count_cards_drawn(monkeypatch)
    view.zoom_out()
    assert view._snapshot is renewed and drawn == []
    assert view.zoom() == pytest.approx(0.5 / ZOOM_STEP**4)


def test_steps_back_to_back_draw_ahead_themselves_and_steps_after_idle_time_do_not(tall_view, qtbot, monkeypatch):
    scene, view = tall_view
    _zoom_out_centred(view)
    drawn = count_cards_drawn(monkeypatch)
    view.scale(1.0, 1.0)
    view.scale(1.0, 1.0)  # back to back: the step's spare time draws ahead
    assert drawn
    _wait_idle(qtbot, view)
    del drawn[:]
    view.scale(1.0, 1.0)  # after idle time: nothing left to draw, and the step draws nothing
    assert drawn == [] and not view._idle_since_step


# ------------------------------------------------------------------- edges
def test_an_edge_draws_its_label_only_where_the_label_is(tall_view, monkeypatch):
    scene, view = tall_view
    view.setTransform(QTransform.fromScale(1.0, 1.0))  # shape labels show
    edge = max(scene.edge_items().values(), key=lambda e: e.boundingRect().height())
    label = edge.label_rect()
    bounds = edge.boundingRect()
    assert not label.isNull() and bounds.height() > 3 * label.height()
    away = QRectF(bounds.left(), bounds.top(), bounds.width(), label.top() - bounds.top() - 4)
    blits = []
    monkeypatch.setattr(EdgeItem, "_blit_label", lambda self, *args: blits.append(self))
    for part, expected in ((away, []), (label, [edge])):
        blits.clear()
        image = QImage(200, 200, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setClipRect(QRectF(0, 0, 200, 200))
        with scene.items_only():  # drawn as on screen
            scene.render(painter, QRectF(0, 0, 200, 200), part)
        painter.end()
        assert [e for e in blits if e is edge] == expected


def test_steps_back_to_back_with_time_to_spare_make_the_next_picture_of_a_zoom_out_early(tall_view, monkeypatch):
    scene, view = tall_view
    _zoom_out_centred(view)
    view.ready_picture.stop()
    view.scale(1.0, 1.0)
    first = view._snapshot
    monkeypatch.setattr(view_module, "RENEW_TIME", 1.0)  # no time to spare
    for _ in range(3):
        view.scale(1 / ZOOM_STEP, 1 / ZOOM_STEP)  # 1.2³ ≈ 1.73 from the picture
    assert view._snapshot is first
    monkeypatch.setattr(view_module, "RENEW_TIME", 0.0)  # time to spare: the step makes the next picture now
    view.scale(1.0, 1.0)
    renewed = view._snapshot
    assert renewed is not first and renewed.scale[0] == pytest.approx(view.zoom())
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert renewed.holds(visible)  # (what it shows, scaled from the old one until drawn again)
