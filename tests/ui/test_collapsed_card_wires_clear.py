"""A collapsed group's card stands where none of its wires runs behind another card: in a
teacher's 2-layer net, x -> "layer 1" ran under b1's card (x seemed to feed b1) and h -> "layer 2"
along W2's card; in example 08, W1 -> layer1 grazed b1's card."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from ui.test_collapsed_card_place import collapse
from ui.wire_helpers import crossings

import graphviz_app as ga
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.node_item import card_scene_rect


def lecture_net(path):
    """x -> W1 x + b1 -> sigmoid -> W2 h + b2 -> squared error against y, as a teacher builds it."""
    g = ga.Graph()
    x = g.constant([1.0, -2.0], name="x")
    w1 = g.variable("W1", [[0.5, -0.3], [0.8, 0.1], [-0.6, 0.4]])
    b1 = g.variable("b1", [0.1, 0.0, -0.1])
    z1 = g.op("matmul", w1, x, name="z1")
    a1 = g.op("add", z1, b1, name="a1")
    h = g.op("sigmoid", a1, name="h")
    w2 = g.variable("W2", [[1.0, -1.0, 0.5]])
    b2 = g.variable("b2", [0.2])
    z2 = g.op("matmul", w2, h, name="z2")
    yhat = g.op("add", z2, b2, name="ŷ")
    y = g.constant([1.0], name="y")
    g.output = g.op("sqerr", yhat, y, name="L")
    return g.save(path)


def open_grouped_lecture(window, tmp_path) -> None:
    assert window.files.open_path(lecture_net(tmp_path / "lecture.json"), ask=False)
    graph = window.graph
    names = {graph.node(n).label: n for n in graph.node_ids()}
    graph.groups.add([names["z1"], names["a1"], names["h"]], "layer 1")
    graph.groups.add([names["z2"], names["ŷ"]], "layer 2")
    window.view.zoom_to_fit()
    QApplication.processEvents()


@pytest.mark.parametrize("names", [["layer 2"], ["layer 1", "layer 2"], ["layer 2", "layer 1"]])
def test_no_wire_runs_behind_a_card_once_the_lecture_net_is_collapsed(window, tmp_path, names):
    open_grouped_lecture(window, tmp_path)
    assert crossings(window) == []  # (expanded, the layout is clear: only collapsing could spoil it)
    for name in names:
        collapse(window, name)
    assert crossings(window) == []


def test_x_does_not_seem_to_feed_b1_once_layer_1_alone_is_collapsed(window, tmp_path):
    """b1's card stands right of x, W2's right of where layer 1's card can go: no spot straight
    above or below keeps both x's wire off b1 and h's off W2, and x's is the one that misleads."""
    open_grouped_lecture(window, tmp_path)
    collapse(window, "layer 1")
    graph = window.graph
    names = {graph.node(n).label: n for n in graph.node_ids()}
    found = crossings(window)
    assert len(found) <= 1
    assert not [c for c in found if c[0] == names["x"] or c[2] == names["b1"]], found


@pytest.mark.parametrize("names", [["layer1"], ["layer2"], ["layer1", "layer2"]])
def test_no_wire_runs_behind_a_card_once_example_08_is_collapsed(window, names):
    assert window.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    window.view.zoom_to_fit()
    QApplication.processEvents()
    for name in names:
        collapse(window, name)
    assert crossings(window) == []


def test_the_card_covers_no_other_card(window, tmp_path):
    open_grouped_lecture(window, tmp_path)
    for name in ("layer 1", "layer 2"):
        collapse(window, name)
    scene = window.scene
    rects = [card_scene_rect(item) for item in scene.node_items().values() if item.isVisible()]
    for group in window.graph.groups:
        card = scene.groups.card_item(group.id)
        assert not any(card_scene_rect(card).intersects(r) for r in rects), group.name
