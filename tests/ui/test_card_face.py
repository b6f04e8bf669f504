"""A card's drawing is recorded once (card_face.Face) and replayed at each paint: the replay must
look like the drawing, be recorded again whenever what the card shows changes (and only then),
and be recorded ahead, in idle time, for every card."""

from __future__ import annotations

import gc

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from ui.canvas_helpers import shown_view

from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas import card_face
from graphviz_app.ui.canvas.card_face import Face
from graphviz_app.ui.canvas.node_item import LOW_DETAIL, TINY, NodeItem, NodeState


@pytest.fixture
def small(qtbot):
    g = Graph()
    x = g.add_node("variable", name="x", value=np.array([1.5, -2.0, 3.25]), pos=(0, 0))
    w = g.add_node("variable", name="W", value=np.arange(6.0).reshape(2, 3), pos=(0, 150))
    y = g.add_node("op", "matmul", pos=(250, 60))
    s = g.add_node("op", "sum", name="a rather long name for a card", pos=(500, 60))
    g.connect(w, y, 0)
    g.connect(x, y, 1)
    g.connect(y, s, 0)
    g.set_output(s)
    scene, view = shown_view(qtbot, g, (900, 600), (250, 75))
    return g, scene, view


def _image(draw, zoom: float) -> np.ndarray:
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.translate(200, 150)
    painter.scale(zoom, zoom)
    draw(painter)
    painter.end()
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


@pytest.mark.parametrize("zoom", [2.0, 1.0, 0.6, 0.3, 0.08])
def test_a_replayed_card_looks_like_the_card_drawn_afresh(small, zoom):
    _g, scene, _view = small
    for item in scene.node_items().values():
        direct = _image(lambda p: item._draw(p, zoom), zoom)  # noqa: B023,B007,B018
        replayed = _image(lambda p: item._face(zoom).play(p), zoom)  # noqa: B023,B007,B018
        assert (direct != 255).any()  # (something is drawn)
        # texts are placed once with the font's metrics, as Qt places them: at most a pixel's shade apart
        assert (np.abs(direct - replayed) > 60).mean() < 0.002, item.node_id


def test_text_in_a_rectangle_is_placed_as_qt_places_it(qtbot):
    rect = QRectF(10, 20, 200, 40)
    for flags in (
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        Qt.AlignmentFlag.AlignCenter,
    ):
        face = Face()
        face.drawText(rect, flags, "ℝ³ˣ² = [1, 2, …]")
        face.finish()

        def direct(p, flags=flags):
            p.drawText(rect, flags, "ℝ³ˣ² = [1, 2, …]")

        a, b = _image(direct, 1.0), _image(face.play, 1.0)
        assert (a != 255).any() and (np.abs(a - b) > 60).mean() < 0.002


def test_a_card_is_recorded_again_when_what_it_shows_changes_and_only_then(small, qtbot):
    g, scene, view = small
    item = next(i for i in scene.node_items().values() if i.op is not None and i.op.name == "matmul")
    first = item._face(1.0)
    assert item._face(1.0) is first and item._face(0.7) is first  # one band of detail
    assert item._face(0.3) is not first  # far out: the overview
    # an evaluation that finds the same state leaves the recording alone
    scene.refresh_evaluation()
    assert item._face(1.0) is first
    # a changed value upstream changes the preview
    x = next(n.id for n in g.nodes() if n.name == "x")
    g.set_value(x, np.array([0.0, 0.0, 1.0]))
    scene.refresh_evaluation()
    second = item._face(1.0)
    assert second is not first
    # selection, hover, a highlighted port, the role in an animation, the output flag
    item.setSelected(True)
    third = item._face(1.0)
    assert third is not second
    item.setSelected(False)
    item.inputs[0].set_highlighted(True)
    assert item._face(1.0) is not third
    item.inputs[0].set_highlighted(False)
    before = item._face(1.0)
    item.set_role("active")
    assert item._face(1.0) is not before
    item.set_role(None)
    before = item._face(1.0)
    item.set_output(True)
    assert item._face(1.0) is not before


def test_a_rename_shows_on_the_card(small, qtbot):
    g, scene, view = small
    x = next(n.id for n in g.nodes() if n.name == "x")
    item = scene.node_item(x)
    before = _image(lambda p: item._face(1.0).play(p), 1.0)
    g.rename(x, "input")
    after = _image(lambda p: item._face(1.0).play(p), 1.0)
    assert (np.abs(before - after) > 60).any()
    assert (np.abs(after - _image(lambda p: item._draw(p, 1.0), 1.0)) > 60).mean() < 0.002


def test_equal_states_compare_equal():
    assert NodeState(shape=(2,), preview="[1, 2]") == NodeState(shape=(2,), preview="[1, 2]")
    assert NodeState(shape=(2,)) != NodeState(shape=(2,), error="bad")


def test_cards_record_their_drawings_in_idle_time_a_slice_at_a_time(qtbot, monkeypatch):
    from graphviz_app.core.sample_graphs import scalar_chains
    from graphviz_app.ui.canvas import scene as scene_module

    g = scalar_chains(10, lambda i: 0.1 * i, lambda _i: ["sin", "tanh"])
    apply_layout(g)
    monkeypatch.setattr(scene_module, "WARM_SLICE", 0.0)  # one card per event-loop turn
    scene, view = shown_view(qtbot, g, (600, 400), (0, 0))
    assert scene.warming()
    turns = 0
    while scene.warming():
        qtbot.wait(1)
        turns += 1
    assert turns > 5  # spread over many turns, never all at once
    recorded = []
    monkeypatch.setattr(NodeItem, "_draw", lambda self, painter, lod: recorded.append(self))
    for item in scene.node_items().values():
        item._face(1.0)
        item._face((TINY + LOW_DETAIL) / 2)
    assert recorded == []  # every card's detailed and overview drawings are ready


def test_faces_share_their_objects_across_cards(qtbot):
    """A thousand faces must not give Python's cycle collector fifty thousand objects to walk."""
    from graphviz_app.core.sample_graphs import scalar_chains

    g = scalar_chains(50, lambda i: 0.5, lambda _i: ["sin", "tanh"])
    apply_layout(g)
    scene, view = shown_view(qtbot, g, (600, 400), (0, 0))
    items = list(scene.node_items().values())
    for item in items:
        item._faces.clear()
    card_face._SHARED.clear()
    gc.collect()
    before = len(gc.get_objects())
    for item in items:
        item.prepare()
    added = len(gc.get_objects()) - before
    # two faces per card, each three objects (itself, its calls, its key), plus the few texts only
    # that card shows (here its numbered title, sin₁₇); recorded as plain painter calls, a face
    # alone would bring some fifty
    assert added < 12 * len(items)
