"""The animation's texts on the canvas: edge labels never hide under badges, badges never cover
another node's card nor each other, the active step's labels are drawn above the badges."""

from __future__ import annotations

import numpy as np
import pytest
from ui.animation_helpers import backward, load, right

from graphviz_app.core.graph import Graph
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas import overlay_layout, rect_index
from graphviz_app.ui.canvas.node_item import WIDTH, card_scene_rect
from graphviz_app.ui.canvas.overlay_items import BadgeItem, OverlayLabelItem

EXAMPLES = ["03_two_variables_scalar_form.json", "05_", "06_", "07_two_layer_network.json"]


def _example(prefix: str):
    return next(p for p in sorted(examples_dir().glob("*.json")) if p.name.startswith(prefix[:3]))


def overlay_rects(scene):
    badges = {
        item.parentItem().node_id: item.sceneBoundingRect().adjusted(1, 1, -1, -1)
        for item in scene.items()
        if isinstance(item, BadgeItem)
    }
    labels = {edge.key: edge.label_rect() for edge in scene.edge_items().values() if edge.overlay_label}
    cards = {nid: card_scene_rect(item) for nid, item in scene.node_items().items()}
    return badges, labels, cards


@pytest.mark.parametrize("prefix", EXAMPLES)
def test_no_label_under_a_badge_and_no_badge_on_a_neighbour(window, qtbot, prefix):
    assert window.files.open_example(_example(prefix))
    window.animation.run_backward()
    c = window.animation.controller
    assert c.active and c.count > 1
    scene = window.scene
    for k in range(c.count):
        c.seek(k)
        c.finish_marker()
        badges, labels, cards = overlay_rects(scene)
        assert badges and len(labels) == len(c.edges_at(k)), (prefix, k)
        for key, rect in labels.items():
            assert not rect.isNull()
            for nid, badge in badges.items():
                assert not rect.intersects(badge), (prefix, k + 1, key, nid)
        for nid, badge in badges.items():
            for other, card in cards.items():
                if other != nid:
                    assert not badge.intersects(card), (prefix, k + 1, nid, other)


def test_active_labels_are_drawn_above_badges_and_follow_their_edge(window):
    assert window.files.open_example(_example("03_"))
    window.animation.run_backward()
    c = window.animation.controller
    c.seek(3)
    c.finish_marker()
    scene = window.scene
    badge_z = max(item.zValue() for item in scene.items() if isinstance(item, BadgeItem))
    shown = [item for item in scene.items() if isinstance(item, OverlayLabelItem) and item.isVisible()]
    assert len(shown) == len(c.edges_at(3)) == 2
    for item in shown:
        assert item.zValue() > badge_z
        assert item.sceneBoundingRect().contains(item.edge.label_rect())
        # the label sits on its own curve (or just beside it when the curve is crowded)
        assert item.edge.shape().intersects(item.edge.label_rect())
    # a node removed while animating takes its edges' labels out of the scene
    c.stop()
    assert not [item for item in scene.items() if isinstance(item, OverlayLabelItem) and item.isVisible()]


def test_badges_of_neighbours_never_overlap(window, qtbot):
    _, c = backward(window, qtbot, "07_two_layer_network.json")
    for _ in range(c.count):
        rects = [b.sceneBoundingRect() for b in window.scene.items() if isinstance(b, BadgeItem)]
        for i, a in enumerate(rects):
            assert not any(a.intersects(b) for b in rects[i + 1 :]), f"step {c.k + 1}"
        right(qtbot, window)


def labels_in(scene) -> list[OverlayLabelItem]:
    return [item for item in scene.items() if isinstance(item, OverlayLabelItem)]


def test_an_edge_has_a_label_item_only_once_the_animation_labels_it_and_takes_it_when_removed(window):
    assert window.files.open_example(_example("07_"))
    scene = window.scene
    assert not labels_in(scene)  # a large graph's edges never shown by the animation cost no item
    window.animation.run_backward()
    c = window.animation.controller
    c.seek(3)
    c.finish_marker()
    shown = [item for item in labels_in(scene) if item.isVisible()]
    assert len(shown) == len(c.edges_at(3)) > 0
    edge = shown[0].edge
    assert shown[0].sceneBoundingRect().contains(edge.label_rect())
    c.stop()
    assert not [item for item in labels_in(scene) if item.isVisible()]
    before = len(labels_in(scene))
    window.graph.disconnect(edge.dst, edge.port)  # the edge leaves the canvas with its label
    assert edge not in scene.edge_items().values()
    assert len(labels_in(scene)) == before - 1
    assert window.files.open_example(_example("03_"))  # a new document: none of the old labels stay
    assert not labels_in(window.scene)


def test_badges_wider_than_their_cards_on_one_row_take_a_second_row_rather_than_overlap(window):
    """Five cards side by side under a row of side inputs (as Auto Layout puts a main path), each
    with a badge wider than a card and its gap (a matrix gradient): no badge touches another or a
    card, and each stays in its own card's column."""
    graph = Graph()
    ids = [graph.add_node("variable", name="x", value=np.array([0.1, 0.2, 0.3]), pos=(0, 0))]
    for i in range(1, 5):
        ids.append(graph.add_node("op", "add", name=f"t{i}", pos=(i * (WIDTH + 24.0), 0)))
        graph.connect(ids[-2], ids[-1], 0)
        side = graph.add_node("variable", name=f"w{i}", value=np.array([0.1, 0.2, 0.3]), pos=(i * (WIDTH + 24.0), 0))
        graph.connect(side, ids[-1], 1)
    graph.set_output(ids[-1])
    load(window, graph)
    nodes = window.scene.node_items()
    height = nodes[ids[0]].card_rect().height()
    for nid in graph.node_ids():
        if nid not in ids:  # the side inputs just above their ops: no room for a badge between
            window.graph.move(nid, (nodes[nid].pos().x(), -height - 30.0))
    text = "∂L/∂t  128×32\n[[0.001273, 0.004294, 0.002975, …], …]"
    badges = {nid: BadgeItem(nodes[nid], text) for nid in ids}
    assert all(badge.size()[0] > WIDTH + 24.0 for badge in badges.values())
    overlay_layout.place_badges(badges, rect_index.card_index(nodes))
    rects = {nid: badge.sceneBoundingRect().adjusted(1, 1, -1, -1) for nid, badge in badges.items()}
    cards = {nid: card_scene_rect(item) for nid, item in nodes.items()}
    apart = overlay_layout.CLEARANCE - 0.5  # (the gap a badge keeps, less rounding)
    for nid, rect in rects.items():
        assert rect.left() < cards[nid].right() and rect.right() > cards[nid].left(), nid  # its card's column
        near = rect.adjusted(-apart, -apart, apart, apart)
        assert not any(near.intersects(card) for other, card in cards.items() if other != nid), nid
        assert not any(near.intersects(box) for other, box in rects.items() if other != nid), nid
