"""How a card is drawn: readable at 100 %, one large label when its texts would be unreadable, a plain
coloured box far out; its ports drawn by the card; cached, yet repainted whenever what it shows
changes, at rest and in the middle of a zoom; and an idle canvas paints nothing."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem
from ui.canvas_helpers import count_cards_drawn, drag, settle_zoom, shown_view

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas.node_item import NodeState
from graphviz_app.ui.canvas.port_item import RADIUS as PORT_RADIUS


@pytest.fixture
def small(qtbot):
    g = Graph()
    x = g.add_node("variable", name="x", value=np.array([1.5, -2.0, 3.25]), pos=(0, 0))
    w = g.add_node("variable", name="W", value=np.arange(6.0).reshape(2, 3), pos=(0, 150))
    y = g.add_node("op", "matmul", pos=(250, 60))
    s = g.add_node("op", "sum", name="total", pos=(500, 60))
    g.connect(w, y, 0)
    g.connect(x, y, 1)
    g.connect(y, s, 0)
    g.set_output(s)
    scene, view = shown_view(qtbot, g, (900, 600), (250, 75))
    return g, scene, view


class TextsDrawn:
    """A stand-in painter at a given zoom that keeps the texts a card draws."""

    RenderHint = QPainter.RenderHint

    def __init__(self, zoom: float) -> None:
        self.zoom = zoom
        self.texts: list[str] = []

    def worldTransform(self) -> QTransform:
        return QTransform.fromScale(self.zoom, self.zoom)

    def font(self) -> QFont:
        return QFont()

    def drawText(self, _rect, _flags, text: str) -> None:
        self.texts.append(text)

    def drawStaticText(self, _point, static) -> None:
        self.texts.append(static.text())

    def __getattr__(self, name):
        return lambda *args: None


def texts_at(item, zoom: float) -> list[str]:
    painter = TextsDrawn(zoom)
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    return painter.texts


def test_at_100_percent_a_card_shows_its_name_op_symbol_and_value(small):
    g, scene, _view = small
    total = scene.node_item(g.find("total"))
    texts = texts_at(total, 1.0)
    assert "total" in texts and "sum" in texts and "Σ" in texts and "OUTPUT" in texts
    assert any(t.startswith("ℝ") for t in texts)  # its shape in the footer
    x = texts_at(scene.node_item(g.find("x")), 1.0)
    assert "x" in x and any("1.5" in t for t in x)  # an input shows its value


def test_below_readable_size_a_card_shows_one_large_label_and_far_out_a_plain_box(small):
    g, scene, _view = small
    total = scene.node_item(g.find("total"))
    assert texts_at(total, 0.3) == ["total", "OUTPUT"]  # its name, large (and its flag)
    assert texts_at(scene.node_item(g.find("x")), 0.3) == ["x"]
    for item in scene.node_items().values():
        assert texts_at(item, 0.08) == []  # a coloured box: no text at all


def test_the_view_draws_cards_with_the_detail_of_its_zoom(small, qtbot):
    g, scene, view = small
    total = scene.node_item(g.find("total"))
    header = scene.theme.category_colour(total.category)

    def header_pixels() -> set:
        image = view.viewport().grab().toImage()
        top = total.mapToScene(QPointF(total.rect.left() + 4, total.rect.top() + 4))
        bottom = total.mapToScene(QPointF(total.rect.right() - 4, total.rect.top() + 20))
        a, b = view.mapFromScene(top), view.mapFromScene(bottom)
        return {image.pixel(x, y) for x in range(a.x(), b.x() + 1) for y in range(a.y(), b.y() + 1)}

    white = QColor("white").rgb()
    assert white in header_pixels()  # the name, white on the header
    view.set_zoom(0.3)
    settle_zoom(qtbot, view)
    view.centerOn(total)
    shown = header_pixels()
    assert white not in shown and header.rgb() in shown  # the header is a plain band


def _pixel(view, scene_pos: QPointF) -> QColor:
    return view.viewport().grab().toImage().pixelColor(view.mapFromScene(scene_pos))


def _scene_with_ports(qtbot):
    g = Graph()
    a = g.add_node("variable", name="a", value=1.0, pos=(0, 0))
    m = g.add_node("op", "mul", pos=(220, 0))
    g.connect(a, m, 0)
    scene, view = shown_view(qtbot, g, (600, 400), (110, 0), evaluate=False)
    return g, scene, view, m


def test_ports_are_drawn_by_their_card_and_found_on_it(qtbot):
    g, scene, view, m = _scene_with_ports(qtbot)
    card = scene.node_item(m)
    centre = card.inputs[1].scene_center()
    assert scene.itemAt(centre, QTransform()) is card  # no item of its own: the card answers for it
    body = scene.theme.node_body
    assert _pixel(view, centre) == body  # an unconnected input: hollow, in the card's colour
    assert _pixel(view, centre + QPointF(0, PORT_RADIUS - 0.5)) != body  # its ring is drawn (by the card)
    a = g.find("a")
    # its grab circle reaches beyond the card's edge: a press there starts a wire
    drag(view, centre - QPointF(8, 0), scene.port_pos(a, True))
    assert g.inputs_of(m) == {0: a, 1: a}


def test_the_port_under_the_mouse_grows_and_shows_a_cross(qtbot):
    _g, scene, view, m = _scene_with_ports(qtbot)
    card = scene.node_item(m)
    centre = card.inputs[1].scene_center()
    rim = centre + QPointF(PORT_RADIUS + 1.2, 0)  # inside the card, outside the ring until it grows
    plain = _pixel(view, rim)
    qtbot.mouseMove(view.viewport(), view.mapFromScene(centre))
    qtbot.waitUntil(lambda: _pixel(view, rim) != plain)
    assert card.hasCursor() and card.cursor().shape() == Qt.CursorShape.CrossCursor
    off_port = view.mapFromScene(card.mapToScene(card.rect.center()))  # on the card, off the port
    qtbot.mouseMove(view.viewport(), off_port)
    qtbot.waitUntil(lambda: _pixel(view, rim) == plain)
    assert not card.hasCursor()


def test_a_cached_card_repaints_when_a_port_or_its_role_changes(qtbot):
    _g, scene, view, m = _scene_with_ports(qtbot)
    item = scene.node_item(m)
    assert item.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    port = item.inputs[1]
    halo_at = port.scene_center() + QPointF(0, PORT_RADIUS + 3.0)
    before = _pixel(view, halo_at)
    port.set_highlighted(True)  # e.g. a connect drag passes over it
    qtbot.waitUntil(lambda: _pixel(view, halo_at) != before)
    port.set_highlighted(False)
    qtbot.waitUntil(lambda: _pixel(view, halo_at) == before)
    glow_at = item.mapToScene(QPointF(item.rect.center().x(), item.rect.bottom() + 4))
    plain = _pixel(view, glow_at)
    item.set_role("active")  # an animation role: the glow around the card appears and goes
    qtbot.waitUntil(lambda: _pixel(view, glow_at) != plain)
    item.set_role(None)
    qtbot.waitUntil(lambda: _pixel(view, glow_at) == plain)


def test_a_rename_and_a_new_value_show_on_the_card(small, qtbot):
    g, scene, view = small
    x = g.find("x")
    card = view.mapFromScene(scene.node_item(x).mapRectToScene(scene.node_item(x).rect)).boundingRect()

    def shown() -> QImage:
        return view.viewport().grab().toImage().copy(card)

    before = shown()
    g.rename(x, "input")
    qtbot.waitUntil(lambda: shown() != before)
    renamed = shown()
    g.set_value(x, [0.0, 7.0, 1.0])
    qtbot.waitUntil(lambda: shown() != renamed)


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


@pytest.mark.parametrize("start", [1.0, 0.6, 0.25])
def test_mid_zoom_a_card_keeps_its_size_and_place_then_settles_sharp(qtbot, start):
    _g, scene, view, m = _scene_with_ports(qtbot)
    item = scene.node_item(m)
    view.setTransformationAnchor(view.ViewportAnchor.AnchorViewCenter)  # (not under a mouse that is not there)
    view.centerOn(item)
    if start != 1.0:
        view.set_zoom(start)
        settle_zoom(qtbot, view)
    view.centerOn(item)
    view.set_zoom(start * 1.2)
    view.set_zoom(start * 1.6)
    assert view.zooming()
    header = scene.theme.category_colour(item.category)
    y = view.mapFromScene(item.mapToScene(QPointF(0, item.rect.top() + 8))).y()
    scaled = _card_columns(view.viewport().grab().toImage(), y, header)
    settle_zoom(qtbot, view)
    direct = _card_columns(view.viewport().grab().toImage(), y, header)
    assert direct[0] >= 0 and abs(scaled[0] - direct[0]) <= 2 and abs(scaled[1] - direct[1]) <= 2, (scaled, direct)
    # settled at 100 %, the card is drawn exactly as without any cache (no blur)
    view.set_zoom(1.0)
    settle_zoom(qtbot, view)
    assert item.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    cached = view.viewport().grab().toImage()
    item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    direct_image = view.viewport().grab().toImage()
    card = view.mapFromScene(item.mapRectToScene(item.rect)).boundingRect()
    assert cached.copy(card) == direct_image.copy(card)


def test_a_card_changed_mid_zoom_shows_the_change(qtbot):
    _g, scene, view, m = _scene_with_ports(qtbot)
    item = scene.node_item(m)
    view.set_zoom(1.3)
    glow_at = item.mapToScene(QPointF(item.rect.center().x(), item.rect.bottom() + 4))
    plain = _pixel(view, glow_at)
    item.set_role("active")  # e.g. an animation step taken while zooming
    assert view.zooming()
    assert _pixel(view, glow_at) != plain
    settle_zoom(qtbot, view)  # the change is still there once the gesture settles
    assert _pixel(view, glow_at) != plain


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_an_idle_canvas_paints_nothing(small, qtbot, monkeypatch):
    g, scene, view = small
    view.zoom_out()
    view.zoom_out()
    settle_zoom(qtbot, view)
    qtbot.wait(100)
    drawn = count_cards_drawn(monkeypatch)
    paints = _Paints()
    view.viewport().installEventFilter(paints)
    qtbot.wait(400)
    view.viewport().removeEventFilter(paints)
    assert paints.count == 0 and drawn == []


def test_equal_states_compare_equal():
    assert NodeState(shape=(2,), preview="[1, 2]") == NodeState(shape=(2,), preview="[1, 2]")
    assert NodeState(shape=(2,)) != NodeState(shape=(2,), error="bad")


def _ink_rows(item, colour: QColor, zoom: float = 4.0) -> list[float]:
    """The heights (card units, from the card's top) where the card, painted at zoom, has ink of colour."""
    rect = item.card_rect()
    image = QImage(int(rect.width() * zoom), int(rect.height() * zoom), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(zoom, zoom)
    painter.translate(-rect.left(), -rect.top())
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()

    # each pixel's colour as pixelColor reads it (ARGB32 holds 0xAARRGGBB), all rows at once
    words = np.frombuffer(image.constBits(), np.uint32, image.height() * image.bytesPerLine() // 4)
    pixels = words.reshape(image.height(), image.bytesPerLine() // 4)[
        :, int(12 * zoom) : image.width() - int(12 * zoom)
    ]
    red, green, blue = ((pixels >> shift & 0xFF).astype(int) for shift in (16, 8, 0))
    near = abs(red - colour.red()) + abs(green - colour.green()) + abs(blue - colour.blue()) < 60
    return [y / zoom for y in range(image.height()) if near[y].any()]


@pytest.mark.parametrize("selected", [False, True])
def test_a_two_line_footer_stays_inside_the_card_clear_of_its_border(small, selected):
    g, scene, _view = small
    item = scene.node_item(g.find("matmul"))
    item.setSelected(selected)  # (the border is thicker then)
    note = "ℝ⁴ˣ¹ − ℝ⁴ broadcasts to ℝ⁴ˣ⁴"
    item.set_state(NodeState(shape=(4, 4), preview="[[1, …]]", note=note, short_note=note))
    rows = _ink_rows(item, item.theme.warning)
    height = item.card_rect().height()
    assert rows and max(rows) <= height - 3  # the second line is whole, above the border
    assert max(rows) - min(rows) > 12  # (two lines)
