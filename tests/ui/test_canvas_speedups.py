"""What the speed-ups must not change: lazily imported libraries,
ports drawn by their node, cached cards that still repaint when their state changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem
from ui.canvas_helpers import shown_view

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas.port_item import PortItem

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", GRAPHVIZ_APP_SETTINGS="test")
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=str(ROOT), timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_graph_api_works_before_and_after_networkx_is_needed():
    g = Graph()
    assert len(g) == 0 and g.nodes() == [] and g.edges() == [] and "n1" not in g
    assert g.topological_order() == [] and g.copy().nodes() == []
    a = g.add_node("variable", name="a", value=2.0)
    b = g.add_node("op", "sin")
    g.connect(a, b, 0)
    assert g.nx.number_of_edges() == 1 and g.topological_order() == [a, b]  # `nx` still a MultiDiGraph
    g.clear()
    assert len(g) == 0 and g.edges() == []


def _scene_with_ports(qtbot):
    g = Graph()
    a = g.add_node("variable", name="a", value=1.0, pos=(0, 0))
    m = g.add_node("op", "mul", pos=(220, 0))
    g.connect(a, m, 0)
    scene, view = shown_view(qtbot, g, (600, 400), (110, 0), evaluate=False)
    return g, scene, view, m


def _pixel(view, scene_pos: QPointF) -> QColor:
    return view.viewport().grab().toImage().pixelColor(view.mapFromScene(scene_pos))


def test_ports_are_hit_by_the_scene_but_drawn_by_their_node(qtbot):
    _g, scene, view, m = _scene_with_ports(qtbot)
    item = scene.node_item(m)
    port = item.inputs[1]
    assert port.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    found = [i for i in scene.items(port.scene_center()) if isinstance(i, PortItem)]
    assert found == [port]  # hit-testing (connect drags) still finds the port
    centre = port.scene_center()
    body = scene.theme.node_body
    assert _pixel(view, centre) == body  # an unconnected input: hollow, in the card's colour
    ring = _pixel(view, centre + QPointF(0, port_item_radius() - 0.5))
    assert ring != body  # its ring is drawn (by the node)


def port_item_radius() -> float:
    from graphviz_app.ui.canvas import port_item

    return port_item.RADIUS


def test_cached_node_repaints_when_a_port_or_its_state_changes(qtbot):
    _g, scene, view, m = _scene_with_ports(qtbot)
    item = scene.node_item(m)
    assert item.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    port = item.inputs[1]
    halo_at = port.scene_center() + QPointF(0, port_item_radius() + 3.0)
    before = _pixel(view, halo_at)
    port.set_highlighted(True)  # e.g. a connect drag passes over it
    qtbot.waitUntil(lambda: _pixel(view, halo_at) != before)
    port.set_highlighted(False)
    qtbot.waitUntil(lambda: _pixel(view, halo_at) == before)
    # an animation role: the glow around the card appears and goes
    glow_at = item.mapToScene(QPointF(item.rect.center().x(), item.rect.bottom() + 4))
    plain = _pixel(view, glow_at)
    item.set_role("active")
    qtbot.waitUntil(lambda: _pixel(view, glow_at) != plain)
    item.set_role(None)
    qtbot.waitUntil(lambda: _pixel(view, glow_at) == plain)


def _card_columns(image: QImage, y: int, colour: QColor) -> tuple[int, int]:
    """The first and last column of row y painted in (nearly) the card header's colour."""
    xs = [
        x
        for x in range(image.width())
        if max(
            abs(image.pixelColor(x, y).red() - colour.red()),
            abs(image.pixelColor(x, y).green() - colour.green()),
            abs(image.pixelColor(x, y).blue() - colour.blue()),
        )
        < 40
    ]
    return (xs[0], xs[-1]) if xs else (-1, -1)


def test_mid_zoom_a_card_keeps_its_size_and_place_then_settles_sharp_from_its_device_cache(qtbot):
    _g, scene, view, m = _scene_with_ports(qtbot)
    item = scene.node_item(m)
    view.set_zoom(1.2)
    snapshot = view._snapshot
    # the picture copied the card from the view: it keeps its device cache (only cards a picture
    # draws itself lose theirs, for a fresh one: GraphScene.uncached)
    assert snapshot is not None and item.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    view.set_zoom(1.6)  # within 2x of the picture's scale: the same picture, drawn larger
    assert view._snapshot is snapshot
    # mid-zoom the card has exactly the size and place it has when drawn directly
    header = scene.theme.category_colour(item.category)
    y = view.mapFromScene(item.mapToScene(QPointF(0, item.rect.top() + 8))).y()
    scaled = _card_columns(view.viewport().grab().toImage(), y, header)
    qtbot.waitUntil(lambda: view._snapshot is None, timeout=3000)
    direct = _card_columns(view.viewport().grab().toImage(), y, header)
    assert direct[0] >= 0 and abs(scaled[0] - direct[0]) <= 2 and abs(scaled[1] - direct[1]) <= 2, (scaled, direct)
    # settled at 100 %, the card is drawn exactly as without any cache (no blur)
    view.set_zoom(1.0)
    qtbot.waitUntil(lambda: view._snapshot is None, timeout=3000)
    assert item.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    cached = view.viewport().grab().toImage()
    item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    direct = view.viewport().grab().toImage()
    assert cached.size() == direct.size()
    card = view.mapFromScene(item.mapRectToScene(item.rect)).boundingRect()
    differing = sum(
        1
        for x in range(card.left(), card.right(), 2)
        for y in range(card.top(), card.bottom(), 2)
        if cached.pixelColor(x, y) != direct.pixelColor(x, y)
    )
    assert differing == 0


def test_a_card_changed_mid_zoom_shows_the_change(qtbot):
    _g, scene, view, m = _scene_with_ports(qtbot)
    item = scene.node_item(m)
    view.set_zoom(1.3)
    glow_at = item.mapToScene(QPointF(item.rect.center().x(), item.rect.bottom() + 4))
    plain = _pixel(view, glow_at)
    item.set_role("active")  # e.g. an animation step taken while zooming
    assert view._snapshot is not None
    assert _pixel(view, glow_at) != plain
    # the change is still there once the gesture settles (the device cache was not left stale)
    view._end_gesture()
    assert _pixel(view, glow_at) != plain


def _ink(image: QImage, rect) -> int:
    """Dark pixels (text and border) in rect."""
    return sum(
        1
        for x in range(rect.left(), rect.right())
        for y in range(rect.top(), rect.bottom())
        if image.pixelColor(x, y).lightness() < 170
    )


def test_edge_labels_on_screen_share_one_cached_picture_that_matches_the_vector_drawing(qtbot):
    from graphviz_app.ui.canvas import edge_item

    g = Graph()
    sums = []
    for i in range(3):
        x = g.add_node("variable", name=f"x{i}", value=float(i), pos=(0, 130 * i))
        s = g.add_node("op", "sin", pos=(240, 130 * i))
        g.connect(x, s, 0)
        sums.append(s)
    scene, view = shown_view(qtbot, g, (700, 500), (120, 130))
    view.set_grid_visible(False)
    edge_item._LABEL_PIXMAPS.clear()
    on_screen = view.viewport().grab().toImage()
    labels = [k for k in edge_item._LABEL_PIXMAPS if k[0] == "ℝ"]
    assert len(labels) == 1  # three edges, one picture
    # the same scene drawn for an export (vector text, no cache) looks the same at each label
    exported = QImage(on_screen.size(), QImage.Format.Format_ARGB32_Premultiplied)
    exported.fill(scene.theme.canvas)
    painter = QPainter(exported)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(exported.rect()), view.mapToScene(view.viewport().rect()).boundingRect())
    painter.end()
    edges = list(scene.edge_items().values())
    assert len(edges) == 3
    for edge in edges:
        rect = view.mapFromScene(edge.label_rect()).boundingRect().adjusted(1, 1, -1, -1)
        ink_screen, ink_export = _ink(on_screen, rect), _ink(exported, rect)
        assert ink_screen > 0 and abs(ink_screen - ink_export) <= 0.3 * ink_export
