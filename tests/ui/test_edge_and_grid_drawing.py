"""How the canvas draws its grid and edges: the grid on whole pixels, edge curves drawn by a native
child item and styled by hover, selection, the animation, the zoom and exports; Qt's GUI thread
pool left off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem
from ui.canvas_helpers import settle_zoom, shown_view

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas.grid import draw_grid
from graphviz_app.ui.canvas.theme import LIGHT

ROOT = Path(__file__).resolve().parents[2]
NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


# ------------------------------------------------------------------------------------------ grid
def _hairline_grid(image: QImage, offset: QPointF, scale: float, cell: float) -> None:
    """The grid as hairlines, the way it was drawn before: the reference."""
    painter = QPainter(image)
    painter.translate(offset)
    painter.scale(scale, scale)
    area = painter.worldTransform().inverted()[0].mapRect(QRectF(image.rect()))
    minor, major = [], []
    i = int(area.left() // cell)
    while i * cell <= area.right():
        (major if i % 5 == 0 else minor).append(QLineF(i * cell, area.top(), i * cell, area.bottom()))
        i += 1
    j = int(area.top() // cell)
    while j * cell <= area.bottom():
        (major if j % 5 == 0 else minor).append(QLineF(area.left(), j * cell, area.right(), j * cell))
        j += 1
    painter.setPen(QPen(LIGHT.grid_minor, 0))
    painter.drawLines(minor)
    painter.setPen(QPen(LIGHT.grid_major, 0))
    painter.drawLines(major)
    painter.end()


def _grid(image, offset: QPointF, scale: float, cell: float) -> None:
    painter = QPainter(image)
    painter.translate(offset)
    painter.scale(scale, scale)
    draw_grid(
        painter,
        painter.worldTransform().inverted()[0].mapRect(QRectF(0, 0, image.width(), image.height())),
        LIGHT,
        cell,
        scale,
    )
    painter.end()


def differing_pixels(a: QImage, b: QImage) -> int:
    """How many pixels of two 32-bit images of one size and format differ (their stored values, which
    pixel() returns), counted with numpy."""
    assert a.size() == b.size() and a.format() == b.format() and a.depth() == 32

    def values(image: QImage):
        words = np.frombuffer(image.constBits(), np.uint32, image.height() * image.bytesPerLine() // 4)
        return words.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()]

    return int(np.count_nonzero(values(a) != values(b)))


@pytest.mark.parametrize("offset", [QPointF(0, 0), QPointF(37, -12)])
def test_grid_is_the_same_picture_as_hairlines(qapp, offset):
    reference = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    reference.fill(QColor("white"))
    ours = reference.copy()
    _hairline_grid(reference, offset, 1.0, 20.0)
    _grid(ours, offset, 1.0, 20.0)
    assert differing_pixels(reference, ours) == 0
    # the major lines every fifth cell, the minor ones between
    x_major = int(offset.x()) % 100
    assert ours.pixelColor(x_major, 150 if int(offset.y()) % 20 else 151) == LIGHT.grid_major
    assert ours.pixelColor((x_major + 20) % 100, 157) == LIGHT.grid_minor
    assert ours.pixelColor((x_major + 10) % 100, 157) == QColor("white")


def test_grid_lines_stay_one_device_pixel_wide_on_a_high_density_screen(qapp):
    pixmap = QPixmap(400, 300)
    pixmap.setDevicePixelRatio(2.0)  # 200×150 logical pixels
    pixmap.fill(QColor("white"))
    _grid(pixmap, QPointF(0, 0), 1.0, 20.0)
    image = pixmap.toImage()
    row = [image.pixelColor(x, 155) for x in range(0, 100)]  # physical pixels, between two horizontal lines
    lines = [x for x, c in enumerate(row) if c != QColor("white")]
    assert lines == [0, 40, 80]  # every 20 logical = 40 physical pixels, each one pixel wide


@pytest.mark.parametrize(
    "offset, scale",
    [(QPointF(10.3, 10.5), 1.0), (QPointF(-0.6, -0.4), 1.0), (QPointF(0, 0), 1.15), (QPointF(3.7, -8.2), 2.3)],
)
def test_grid_lines_land_where_qt_puts_a_hairline(qapp, offset, scale):
    """Between pixels, just left of the picture (-0.6 is pixel -1, not 0) and at zoom steps."""
    reference = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    reference.fill(QColor("white"))
    ours = reference.copy()
    _hairline_grid(reference, offset, scale, 20.0)
    _grid(ours, offset, scale, 20.0)
    assert differing_pixels(reference, ours) == 0


def test_grid_zoomed_out_keeps_only_the_major_lines(qapp):
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    _grid(image, QPointF(0, 0), 0.3, 20.0)  # a cell is 6 px: too dense, every fifth line remains
    row = [image.pixelColor(x, 13) for x in range(0, 100)]
    assert [x for x, c in enumerate(row) if c != QColor("white")] == [0, 30, 60, 90]


# ----------------------------------------------------------------------------------------- edges
@pytest.fixture
def scene_view(qtbot):
    g = Graph()
    x = g.add_node("variable", name="x", value=2.0, pos=(-160, 0))
    s = g.add_node("op", "sin", pos=(160, 0))
    g.connect(x, s, 0)
    scene, view = shown_view(qtbot, g, (800, 500), (0, 0))
    return g, scene, view, scene.edge_item((x, s, 0))


def _curve(edge) -> QGraphicsPathItem:
    curves = [c for c in edge.childItems() if isinstance(c, QGraphicsPathItem)]
    assert len(curves) == 1
    return curves[0]


def test_the_curve_is_a_native_item_that_follows_the_edge(scene_view, qtbot):
    g, scene, view, edge = scene_view
    curve = _curve(edge)
    assert curve.path() == edge.path()
    assert curve.pen() == scene.theme.edge_pen and not curve.pen().isCosmetic()
    assert curve.acceptedMouseButtons() == Qt.MouseButton.NoButton  # clicks reach the edge
    assert not edge.flags() & NO_CONTENTS  # at 100 % the edge draws its shape label
    # the curve is on screen, under the label
    mid = edge.point_at(0.25)
    assert view.viewport().grab().toImage().pixelColor(view.mapFromScene(mid)) != scene.theme.canvas
    # moving a node moves the curve with the edge
    before = curve.path()
    g.move(edge.src, (-160.0, 80.0))
    assert curve.path() == edge.path() and curve.path() != before


def test_a_click_on_the_curve_selects_the_edge_and_hover_restyles_it(scene_view, qtbot):
    g, scene, view, edge = scene_view
    curve = _curve(edge)
    point = view.mapFromScene(edge.point_at(0.3))
    qtbot.mouseMove(view.viewport(), point)
    qtbot.waitUntil(lambda: curve.pen().color() == scene.theme.hover)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert scene.selectedItems() == [edge]
    assert curve.pen().color() == scene.theme.selection and curve.pen().widthF() == 3.0
    qtbot.mouseMove(view.viewport(), QPoint(5, 5))
    scene.clearSelection()
    qtbot.waitUntil(lambda: curve.pen() == scene.theme.edge_pen)


def test_the_animation_highlight_restyles_the_curve(scene_view):
    g, scene, view, edge = scene_view
    edge.set_overlay("∂L/∂x  1×1", True)
    assert _curve(edge).pen().color() == scene.theme.roles["active"]
    assert edge.flags() & NO_CONTENTS  # the label is its OverlayLabelItem's
    edge.set_overlay("", False)
    assert _curve(edge).pen() == scene.theme.edge_pen and not edge.flags() & NO_CONTENTS


def test_zoomed_far_out_edges_are_hairlines_without_labels_and_qt_skips_their_paint(scene_view, qtbot):
    g, scene, view, edge = scene_view
    view.set_zoom(0.3)  # a 2-unit edge is 0.6 px wide
    settle_zoom(qtbot, view)  # (edges take their look when the gesture settles)
    pen = _curve(edge).pen()
    assert pen.isCosmetic() and pen.widthF() == 1.0
    assert 0 < pen.color().alphaF() < 1  # faded as much as it is thinner than a pixel
    assert edge.flags() & NO_CONTENTS
    assert _curve(edge).isVisible()
    # a new edge made while zoomed out gets the same look
    y = g.add_node("variable", name="y", value=1.0, pos=(-160, 150))
    c = g.add_node("op", "cos", pos=(160, 150))
    g.connect(y, c, 0)
    new = scene.edge_item((y, c, 0))
    assert _curve(new).pen() == pen and new.flags() & NO_CONTENTS
    view.set_zoom(1.0)
    settle_zoom(qtbot, view)
    scene.evaluator.refresh()  # the new edge's shape label comes with the evaluation
    for item in (edge, new):
        assert _curve(item).pen() == scene.theme.edge_pen and not item.flags() & NO_CONTENTS


def test_a_zoom_step_that_changes_nothing_about_edges_restyles_none(scene_view, monkeypatch, qtbot):
    g, scene, view, edge = scene_view
    calls = []
    redraw = type(edge).redraw
    monkeypatch.setattr(type(edge), "redraw", lambda self: (calls.append(self), redraw(self)))
    view.set_zoom(1.1)
    view.set_zoom(1.3)
    settle_zoom(qtbot, view)
    assert calls == []  # full width, labels shown: nothing changes for the edges
    view.set_zoom(0.2)
    assert calls == []  # (not while the gesture runs)
    settle_zoom(qtbot, view)  # (edges take their look when the gesture settles)
    assert calls == [edge]


def test_thin_edges_are_measured_in_device_pixels():
    from graphviz_app.ui.canvas.zoom import FULL_DETAIL, edge_detail

    assert edge_detail(0.45, 1.0)[0] is not None  # 0.9 px wide: a faded hairline
    assert edge_detail(0.45, 2.0) == (None, False)  # 1.8 device pixels: the real pen, still no label
    assert edge_detail(0.2, 2.0)[0] is not None  # 0.8 device pixels
    assert FULL_DETAIL == (None, True)  # exports: full detail


def test_a_label_that_goes_away_leaves_nothing_on_screen(qtbot):
    """An edge whose label disappears has no contents, and Qt repaints nothing for such an item:
    the edge clears where it drew the label itself."""
    g = Graph()
    a = g.add_node("variable", name="a", value=[1.0, 2.0, 3.0], pos=(-300, 0))
    b = g.add_node("variable", name="b", value=[1.0, 2.0, 3.0], pos=(-300, 120))
    add = g.add_node("op", "add", pos=(-60, 0))
    s = g.add_node("op", "sin", pos=(200, 0))
    g.connect(a, add, 0)
    g.connect(b, add, 1)
    g.connect(add, s, 0)
    scene, view = shown_view(qtbot, g, (900, 500), (0, 40))
    edge = scene.edge_item((add, s, 0))
    assert edge.shape_label
    label = view.mapFromScene(edge.label_rect()).boundingRect()

    def on_screen() -> QImage:  # what the window shows (its backing store), not a fresh rendering
        qtbot.wait(50)
        return view.screen().grabWindow(view.winId()).toImage()

    on_screen()
    g.set_value(b, [1.0, 2.0])  # add fails now: its edge has no shape to show
    scene.evaluator.refresh()
    assert not edge.shape_label and edge.flags() & NO_CONTENTS
    shown = on_screen()
    view.viewport().repaint()
    fresh = on_screen()
    stale = sum(
        1
        for y in range(label.top(), label.bottom() + 1)
        for x in range(label.left(), label.right() + 1)
        if shown.pixel(x, y) != fresh.pixel(x, y)
    )
    assert stale == 0


def test_an_export_while_zoomed_out_has_full_edges_and_labels(scene_view, qtbot):
    g, scene, view, edge = scene_view
    view.set_zoom(0.2)
    settle_zoom(qtbot, view)
    assert edge.flags() & NO_CONTENTS
    with scene.clean_render():
        assert _curve(edge).pen() == scene.theme.edge_pen and not edge.flags() & NO_CONTENTS
    assert _curve(edge).pen().isCosmetic() and edge.flags() & NO_CONTENTS  # back to the view's zoom


def test_exported_picture_shows_the_label_while_the_view_is_zoomed_out(scene_view):
    g, scene, view, edge = scene_view
    view.set_zoom(0.2)
    rect = edge.label_rect()
    image = QImage(400, 200, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    with scene.clean_render():
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(image.rect()), rect.adjusted(-20, -10, 20, 10))
        painter.end()
    dark = sum(
        1 for x in range(image.width()) for y in range(image.height()) if image.pixelColor(x, y).lightness() < 150
    )
    assert dark > 50  # the label's text, drawn as vector text


# ------------------------------------------------------------------------------------ thread pool
def test_importing_the_ui_switches_off_qts_gui_thread_pool():
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env.update(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", "import os, graphviz_app.ui; print(os.environ.get('QT_NO_GUI_THREADPOOL'))"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(ROOT),
    )
    assert out.stdout.strip() == "1", out.stderr
