"""The step's gradient labels and the badges stand apart from what they could be read as part of:
a gap around each (no label or badge touching a card, its glow, a badge or another label), the
travelling marker never drawn over a label's text, and a stepped placement equal to placing
everything afresh with the marker's path counted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from ui.animation_helpers import backward, right
from ui.test_label_placement import EXAMPLES, GROUPED, _row, collisions

from graphviz_app.ui.canvas import label_obstacles, overlay_layout, rect_index
from graphviz_app.ui.canvas.node_item import card_scene_rect
from graphviz_app.ui.canvas.overlay_items import BadgeItem, MarkerItem
from graphviz_app.ui.canvas.port_item import RADIUS

GAP = 3.5  # px: what is left between a gradient label or a badge and a card, badge or label (none: they read as one)
DOT = MarkerItem.RADIUS + 1.0  # the marker's dot with its white ring


def gap(a: QRectF, b: QRectF) -> float:
    dx = max(b.left() - a.right(), a.left() - b.right(), 0.0)
    dy = max(b.top() - a.bottom(), a.top() - b.bottom(), 0.0)
    return max(dx, dy) if dx == 0.0 or dy == 0.0 else (dx * dx + dy * dy) ** 0.5


def crowding(scene) -> list[str]:
    """Gradient labels and badges closer than GAP to a card, a port, a badge or another label."""
    boxes = [
        (f"badge of {item.parentItem().node_id}", item.sceneBoundingRect().adjusted(1, 1, -1, -1), item.parentItem())
        for item in scene.items()
        if isinstance(item, BadgeItem) and item.isVisible()
    ]
    boxes += [
        (f"label {edge.overlay_label!r}", edge.label_rect(), None)
        for edge in scene.edge_items().values()
        if edge.overlay_label and edge.isVisible()
    ]
    cards = []
    for nid, item in scene.node_items().items():
        if item.isVisible():
            cards.append((f"card {nid}", card_scene_rect(item), item))
            for port in (*item.inputs, item.output):
                c = port.scene_center()
                cards.append((f"port of {nid}", QRectF(c - QPointF(RADIUS, RADIUS), c + QPointF(RADIUS, RADIUS)), item))
    found = []
    for i, (name, rect, owner) in enumerate(boxes):
        for other, box, card in cards:
            if card is not owner and gap(rect, box) < GAP:  # (a badge keeps its own card's distance)
                found.append(f"{name} {gap(rect, box):.1f} px from {other}")
        found += [
            f"{name} {gap(rect, box):.1f} px from {other}" for other, box, _ in boxes[i + 1 :] if gap(rect, box) < GAP
        ]
    return found


def marker_over_text(scene, marker_z: float) -> list[str]:
    """Gradient labels the marker, travelling the step's edges, would be drawn over."""
    edges = [edge for edge in scene.edge_items().values() if edge.overlay_label and edge.isVisible()]
    path = [edge.point_at(i / 400) for edge in edges for i in range(401)]
    found = []
    for edge in edges:
        rect = edge.label_rect()
        if edge.overlay_label_item.zValue() > marker_z:
            continue  # drawn above the dot
        near = [p for p in path if gap(rect, QRectF(p, p)) < DOT]
        if near:
            found.append(f"label {edge.overlay_label!r} under the marker at {near[0]}")
    return found


def marker_z(qtbot, window) -> float:
    """The z of the marker on the scene, seen while it travels a step's edge."""
    c = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key_Right)
    markers = [item for item in window.scene.items() if isinstance(item, MarkerItem)]
    assert markers, "the marker travels the step's edges"
    c.finish_marker()
    return markers[0].zValue()


@pytest.mark.parametrize("name", EXAMPLES)
def test_gradient_labels_and_badges_keep_a_gap_and_the_marker_never_covers_their_text(window, qtbot, name):
    _, c = backward(window, qtbot, name)
    z = marker_z(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key_Home)
    c.finish_marker()
    problems = {}
    for _ in range(c.count):
        found = crowding(window.scene) + marker_over_text(window.scene, z)
        if found:
            problems[c.k + 1] = found
        right(qtbot, window)
    assert not problems, f"{name}: {len(problems)} of {c.count} steps: {dict(list(problems.items())[:3])}"


def test_with_room_beside_its_edge_a_gradient_label_sits_just_off_the_marker_path(window, qtbot):
    """x → tanh → sum far apart: each gradient label is beside its curve, clear of the dot's way
    along it, and close to it (a short leader, not a label floating away)."""
    _row(window, 200.0)
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    seen = 0
    for _ in range(c.count):
        c.finish_marker()
        for edge in window.scene.edge_items().values():
            if edge.overlay_label:
                seen += 1
                rect = edge.label_rect()
                gaps = [gap(rect, QRectF(p, p)) for p in (edge.point_at(i / 400) for i in range(401))]
                assert DOT <= min(gaps) <= DOT + rect.height(), (edge.overlay_label, min(gaps))
                assert edge.leader() is None or edge.leader().length() <= DOT + rect.height()
        assert collisions(window.scene) == []
        right(qtbot, window)
    assert seen >= 2


@pytest.mark.parametrize("name", [GROUPED, "09_mnist_sized_network.json", "03_two_variables_scalar_form.json"])
def test_each_step_places_labels_as_placing_everything_afresh_with_the_marker_path(window, qtbot, name):
    """A step places again only what its changes reach (badges, labels, the marker's path): the
    labels end where a placement of everything from scratch puts them."""
    _, c = backward(window, qtbot, name)
    scene = window.scene
    for _ in range(c.count):
        c.finish_marker()
        shown = {key: edge.label_rect() for key, edge in scene.edge_items().items()}
        labelled = {
            key: edge
            for key, edge in scene.edge_items().items()
            if (edge.overlay_label or edge.shape_label) and edge.isVisible()
        }
        cards = rect_index.card_index(scene.node_items(), scene.groups.obstacles())
        badges = {nid: b for nid, b in scene.overlay_presenter.badges.items() if b.isVisible()}
        wires = label_obstacles.Wires({k: e for k, e in scene.edge_items().items() if e.isVisible()})
        placed = overlay_layout.place_badges(badges, cards, wires=wires)
        path = label_obstacles.marker_path(edge for edge in labelled.values() if edge.overlay_label)
        frames = rect_index.rect_index(list(scene.groups.edges().values()))  # (a label off its curve keeps off them)
        overlay_layout.place_labels(
            labelled, placed.rects, cards, marker=rect_index.rect_index(path), frames=frames, wires=wires
        )
        assert {key: edge.label_rect() for key, edge in scene.edge_items().items()} == shown, f"step {c.k + 1}"
        right(qtbot, window)


def test_a_gradient_label_keeps_well_clear_of_a_group_title_even_beside_the_frame(window, qtbot):
    """Example 08: ∂loss/∂W1 once sat level with the title "layer1", just left of the frame's corner,
    and read as part of the title."""
    _, c = backward(window, qtbot, GROUPED)
    qtbot.keyClick(window.view, Qt.Key_Home)
    c.finish_marker()
    near = []
    for _ in range(c.count):
        bands = [f.mapRectToScene(f.title_rect()) for f in window.scene.groups.frames.values() if f.isVisible()]
        for edge in window.scene.edge_items().values():
            if edge.overlay_label and edge.isVisible():
                near += [(c.k + 1, edge.overlay_label) for band in bands if gap(edge.label_rect(), band) < 14.0]
        right(qtbot, window)
    assert bands and not near
