"""A label that placement moved off its edge is tied to it by a thin leader line ending on the
edge, in the window and in exported pictures; a label its edge runs through has none."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor
from ui.animation_helpers import backward, right

from graphviz_app.export.render import background_color, render_image

SAMPLES = 400  # points along a curve: a few hundred pixels long, so under a pixel apart


class Curves:
    """SAMPLES + 1 points along each edge's curve, an array of (x, y) rows; sampled again only
    when the edge's path changes (a step moves labels, seldom an edge)."""

    def __init__(self):
        self.known: dict = {}

    def __call__(self, edge) -> np.ndarray:
        path = edge.path()
        known = self.known.get(edge)
        if known is None or known[0] != path:
            points = [edge.point_at(i / SAMPLES) for i in range(SAMPLES + 1)]
            known = self.known[edge] = (path, np.array([(p.x(), p.y()) for p in points]))
        return known[1]


def distance_to_curve(xy: np.ndarray, point: QPointF) -> float:
    return float(np.hypot(xy[:, 0] - point.x(), xy[:, 1] - point.y()).min())


def touches(rect: QRectF, xy: np.ndarray) -> bool:
    """Some point of xy lies in rect (its border included, as QRectF.contains has it)."""
    x, y = xy[:, 0], xy[:, 1]
    return bool(np.any((x >= rect.left()) & (x <= rect.right()) & (y >= rect.top()) & (y <= rect.bottom())))


def on_border(rect: QRectF, point: QPointF) -> bool:
    inside = rect.adjusted(-0.5, -0.5, 0.5, 0.5).contains(point)
    deep = rect.adjusted(0.5, 0.5, -0.5, -0.5).contains(point)
    return inside and not deep


def labelled(scene) -> list:
    """The edges showing a label (a shape label with no free place near its edge is hidden)."""
    return [
        e
        for e in scene.edge_items().values()
        if (e.overlay_label or e.shape_label) and e.isVisible() and not e.label_rect().isNull()
    ]


@pytest.mark.parametrize("name", ["03_two_variables_scalar_form.json", "07_two_layer_network.json"])
def test_every_label_sits_on_its_edge_or_has_a_leader_to_it(window, qtbot, name):
    _, c = backward(window, qtbot, name)
    leaders, curve_points = 0, Curves()
    for _ in range(c.count):
        c.finish_marker()
        for edge in labelled(window.scene):
            rect, leader = edge.label_rect(), edge.leader()
            what = f"step {c.k + 1}: label {edge.overlay_label or edge.shape_label!r}"
            if leader is None:
                grown = rect.adjusted(-1, -1, 1, 1)
                assert touches(grown, curve_points(edge)), f"{what} is off its edge with no leader"
                continue
            leaders += 1
            assert on_border(rect, leader.p1()), f"{what}: the leader does not start at the label"
            assert distance_to_curve(curve_points(edge), leader.p2()) < 1.5, (
                f"{what}: the leader does not end on its edge"
            )
            assert leader.length() > 3, what
        right(qtbot, window)
    assert leaders > 0  # (these examples move some labels off their edges)


def test_the_leader_line_is_in_the_exported_png(window, qtbot):
    _, c = backward(window, qtbot, "07_two_layer_network.json")
    right(qtbot, window)
    right(qtbot, window)  # step 3: ∂loss/∂W2 sits above its edge
    c.finish_marker()
    edge = max(labelled(window.scene), key=lambda e: e.leader().length() if e.leader() is not None else 0)
    leader = edge.leader()
    assert leader is not None and leader.length() > 8
    middle = leader.center()
    scale = 4.0
    source = QRectF(middle.x() - 2, middle.y() - 2, 4, 4)  # around the middle of the line, clear of label and edge
    image = render_image(window.scene, source, scale)
    back = background_color(window.scene)

    def far(colour: QColor) -> bool:
        return sum(abs(a - b) for a, b in zip(colour.getRgb()[:3], back.getRgb()[:3], strict=True)) > 60

    assert any(far(image.pixelColor(x, y)) for x in range(image.width()) for y in range(image.height()))
