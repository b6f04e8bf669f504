"""Labels never cover anything: at every backward step of every example, no badge, gradient label
or shape label overlaps a node's card, a port, a group's title band or collapsed card, or another
label (touching is allowed)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtWidgets import QApplication
from ui.animation_helpers import backward, load, right, squares_graph, tanh_layer_graph

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.node_item import card_scene_rect
from graphviz_app.ui.canvas.overlay_items import BadgeItem
from graphviz_app.ui.canvas.port_item import RADIUS
from graphviz_app.ui.canvas.rect_index import MARGIN, RectIndex

TOUCH = 0.5  # px: rectangles closer than this still count as touching, not overlapping
EXAMPLES = sorted(p.name for p in examples_dir().glob("*.json"))
GROUPED = "08_two_layer_network_groups.json"  # two groups: layer1, layer2


def labels_shown(scene) -> list[tuple[str, QRectF]]:
    """Every label drawn on the canvas, named for the failure message, in scene coordinates."""
    shown = [
        (f"badge of {_owner(item.parentItem())}", item.sceneBoundingRect().adjusted(1, 1, -1, -1))
        for item in scene.items()
        if isinstance(item, BadgeItem) and item.isVisible()
    ]
    for edge in scene.edge_items().values():
        rect = edge.label_rect()
        if not rect.isNull() and (edge.overlay_label or edge.shape_label) and edge.isVisible():
            shown.append((f"label {edge.overlay_label or edge.shape_label!r} of {edge.key}", rect))
    return shown


def _owner(item) -> str:
    """A badge's card: a node's, or a collapsed group's (showing its hidden members' gradients)."""
    node = getattr(item, "node_id", None)
    return node if node is not None else f"group card {item.group_id}"


def obstacles(scene) -> list[tuple[str, QRectF]]:
    """Every card and every port shown, every group's title band and every collapsed group's card,
    in scene coordinates."""
    found = []
    for nid, item in scene.node_items().items():
        if not item.isVisible():
            continue  # inside a collapsed group
        found.append((f"card {nid}", card_scene_rect(item)))
        for port in (*item.inputs, item.output):
            c = port.scene_center()
            found.append((f"port of {nid}", QRectF(c - QPointF(RADIUS, RADIUS), c + QPointF(RADIUS, RADIUS))))
    for group in scene.graph.groups:
        frame, card = scene.groups.frame_item(group.id), scene.groups.card_item(group.id)
        if frame is not None:
            found.append((f"title of group {group.name}", frame.mapRectToScene(frame.title_rect())))
        if card is not None:
            found.append((f"card of group {group.name}", card_scene_rect(card)))
    return found


def overlap(a: QRectF, b: QRectF) -> bool:
    return a.adjusted(TOUCH, TOUCH, -TOUCH, -TOUCH).intersects(b)


def collisions(scene) -> list[str]:
    labels, things = labels_shown(scene), obstacles(scene)
    found = [f"{name} covers {other}" for name, rect in labels for other, box in things if overlap(rect, box)]
    for i, (name, rect) in enumerate(labels):
        found += [f"{name} overlaps {other}" for other, box in labels[i + 1 :] if overlap(rect, box)]
    return found


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_label_covers_a_card_a_port_or_another_label(window, qtbot, name):
    _, c = backward(window, qtbot, name)
    c.finish_marker()
    problems = {}
    for _ in range(c.count):
        found = collisions(window.scene)
        if found:
            problems[c.k + 1] = found
        right(qtbot, window)
    assert not problems, f"{name}: {len(problems)} of {c.count} steps: {dict(list(problems.items())[:3])}"


def straddled_frames(scene) -> list[str]:
    """The gradient labels moved off their wire (on a leader) that lie across a group frame's edge,
    half inside it (by the frame drawn); a label on its wire may cross an edge, as the wire does."""
    found = []
    for group in scene.graph.groups:
        frame = scene.groups.frame_item(group.id)
        if frame is None or not frame.isVisible():
            continue
        outline = frame.sceneBoundingRect().adjusted(2, 2, -2, -2)  # (the drawn frame: its bounds less the pen)
        for edge in scene.edge_items().values():
            rect = edge.label_rect()
            if edge.leader() is None or not edge.overlay_label or rect.isNull():
                continue
            if rect.intersects(outline) and not outline.contains(rect):
                found.append(f"{edge.overlay_label!r} across the frame of {group.name}")
    return found


def test_gradient_labels_never_straddle_a_group_frame(window, qtbot):
    """Example 08 (layer1, layer2): a label moved off its wire is inside a frame or outside it, never
    on its edge (∂loss/∂matmul₁ hung on a leader on layer1's bottom edge)."""
    _, c = backward(window, qtbot, GROUPED)
    c.finish_marker()
    problems = {}
    for _ in range(c.count):
        found = straddled_frames(window.scene)
        if found:
            problems[c.k + 1] = found
        right(qtbot, window)
    assert not problems, problems


def test_labels_keep_off_collapsed_group_cards(window, qtbot):
    """The two-layer network with both its groups collapsed to cards: at every backward step no
    label covers a group's card."""
    _, c = backward(window, qtbot, GROUPED)
    scene, view = window.scene, window.view
    for name in ("layer1", "layer2"):
        view.zoom_to_fit()
        frame = scene.groups.frame_item(scene.graph.groups.find(name).id)
        button = view.mapFromScene(frame.mapToScene(frame.button_rect().center()))
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=button)
        group = scene.graph.groups.find(name)
        assert group.collapsed and scene.groups.card_item(group.id) is not None
    qtbot.waitUntil(lambda: c.active and c.count > 0)
    qtbot.keyClick(window.view, Qt.Key_Home)
    problems = {}
    for _ in range(c.count):
        c.finish_marker()
        QApplication.processEvents()  # (the collapse's evaluation places the labels)
        found = collisions(scene)
        if found:
            problems[c.k + 1] = found
        right(qtbot, window)
    assert not problems, f"{len(problems)} of {c.count} steps: {dict(list(problems.items())[:3])}"


@pytest.mark.parametrize("build", [squares_graph, tanh_layer_graph])
def test_labels_of_a_graph_built_by_hand_cover_nothing(window, qtbot, build):
    load(window, build()[0])
    assert collisions(window.scene) == []  # the shape labels, with no animation (two cross here)
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    assert c.active and c.mode == "backward"
    for _ in range(c.count):
        c.finish_marker()
        assert collisions(window.scene) == [], f"step {c.k + 1}"
        right(qtbot, window)


def test_shape_labels_move_clear_once_a_dragged_card_rests(window, qtbot):
    """A card dropped onto an edge's shape label (no animation running): once it rests, the label
    has moved clear of it."""
    graph, ids = squares_graph()
    load(window, graph)
    scene, view = window.scene, window.view
    edge = scene.edge_items()[(ids["s1"], ids["y"], 0)]
    label = edge.label_rect()
    card = scene.node_items()[ids["x2"]]
    start = view.mapFromScene(card.mapToScene(card.card_rect().center()))
    goal = view.mapFromScene(label.center())
    qtbot.mousePress(view.viewport(), Qt.LeftButton, pos=start)
    for i in range(1, 6):
        qtbot.mouseMove(view.viewport(), start + (goal - start) * i / 5)
    qtbot.mouseRelease(view.viewport(), Qt.LeftButton, pos=goal)
    assert card_scene_rect(card).intersects(label)  # the card landed on the label
    qtbot.waitUntil(lambda: collisions(scene) == [], timeout=2000)
    assert edge.label_rect() != label


def test_the_placement_counts_overlaps_as_qt_does():
    """Labels are placed by counting what a rectangle would overlap (within a margin); the count
    (and which ones meet it, and what is left after some are taken out) agrees with
    QRectF.intersects, for empty and negative-sized rectangles too."""
    rng = random.Random(3)

    def rect() -> QRectF:
        width, height = rng.choice([0, 0.5, 10, 40, 300, -20]), rng.choice([0, 3, 12, 80, -5])
        return QRectF(rng.uniform(-600, 600), rng.uniform(-600, 600), width, height)

    for _ in range(10):
        stored = {key: rect() for key in range(200)}
        index = RectIndex()
        for key, r in stored.items():
            index.add(key, r)
        for _ in range(100):
            asked, skip = rect(), rng.randrange(200)
            grown = asked.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
            expected = sum(1 for key, r in stored.items() if key != skip and grown.intersects(r))
            assert index.hits(asked, skip) == expected, asked
            below = sum(1 for key, r in stored.items() if key != skip and key < 100 and grown.intersects(r))
            assert index.hits(asked, skip, below=100) == below, asked
            if not asked.isNull():
                assert index.keys_meeting(asked) == {key for key, r in stored.items() if grown.intersects(r)}
        for key in range(0, 200, 2):  # half of them taken out again
            index.remove(key, stored.pop(key))
        asked = rect()
        grown = asked.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        assert index.hits(asked) == sum(1 for r in stored.values() if grown.intersects(r))


NEAR = 20.0  # px: a shape label shown is no further than this from its edge's curve


def _gap_to_curve(edge, rect: QRectF) -> float:
    """How far the label's rectangle is from the nearest point of its edge's curve (0: on it)."""
    best = float("inf")
    for i in range(201):
        p = edge.point_at(i / 200)
        dx = max(rect.left() - p.x(), 0.0, p.x() - rect.right())
        dy = max(rect.top() - p.y(), 0.0, p.y() - rect.bottom())
        best = min(best, (dx * dx + dy * dy) ** 0.5)
    return best


def _row(window, gap: float):
    """x → tanh → sum, their cards side by side `gap` px apart, the sum the output."""
    import numpy as np

    from graphviz_app.core.graph import Graph
    from graphviz_app.ui.canvas.node_item import WIDTH

    graph = Graph()
    x = graph.add_node("variable", name="x", value=np.array([0.1, 0.2, 0.3]), pos=(0, 0))
    a = graph.add_node("op", "tanh", name="a", pos=(WIDTH + gap, 0))
    b = graph.add_node("op", "sum", name="b", pos=(2 * (WIDTH + gap), 0))
    graph.connect(x, a, 0)
    graph.connect(a, b, 0)
    graph.set_output(b)
    load(window, graph)
    return graph


def test_a_shape_label_on_a_very_short_edge_stays_on_it_or_is_hidden(window, qtbot):
    """Cards almost touching: no room for `ℝ³` between them. The shape label is hidden (the
    cards' footers show the shape) rather than floating above the cards; the gradient labels of
    the same edges are still shown during Backward, tied to their edge by a leader."""
    _row(window, 8.0)
    edges = list(window.scene.edge_items().values())
    assert len(edges) == 2 and all(e.shape_label == "ℝ³" for e in edges)
    for edge in edges:
        rect = edge.label_rect()
        assert rect.isNull() or _gap_to_curve(edge, rect) <= NEAR, (edge.key, rect)
        assert rect.isNull() or edge.leader() is not None or _gap_to_curve(edge, rect) < 1.0
    assert collisions(window.scene) == []
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    for _ in range(c.count):
        c.finish_marker()
        for edge in edges:
            if edge.overlay_label:  # a gradient label is never hidden: off its edge, with a leader
                rect = edge.label_rect()
                assert not rect.isNull() and (edge.leader() is not None or _gap_to_curve(edge, rect) < 1.0)
        assert collisions(window.scene) == [], f"step {c.k + 1}"
        right(qtbot, window)


def test_a_shape_label_with_room_on_its_edge_is_shown_on_it(window, qtbot):
    _row(window, 120.0)
    for edge in window.scene.edge_items().values():
        rect = edge.label_rect()
        assert not rect.isNull() and _gap_to_curve(edge, rect) == 0.0 and edge.leader() is None


def wires_under(scene, edge) -> int:
    """How many of 200 points along each other shown wire lie under the edge's gradient label."""
    rect = edge.label_rect()
    return sum(
        rect.contains(other.point_at(i / 200))
        for other in scene.edge_items().values()
        if other is not edge and other.isVisible()
        for i in range(201)
    )


def nearest_wire(scene, edge):
    """The shown wire that passes nearest the middle of the edge's label."""
    centre = edge.label_rect().center()

    def distance(other) -> float:
        return min(QLineF(centre, other.point_at(i / 200)).length() for i in range(201))

    return min((other for other in scene.edge_items().values() if other.isVisible()), key=distance)


def points_on(edge, n: int = 200) -> list[QPointF]:
    return [edge.point_at(i / n) for i in range(n + 1)]


def distance_to(point: QPointF, edge) -> float:
    return min(QLineF(point, p).length() for p in points_on(edge))


def crossings(scene, edge) -> list[QPointF]:
    """Where another shown wire crosses the edge's curve (its points within 2 px of the curve, away
    from the ports at either end)."""
    inner = np.array([(q.x(), q.y()) for q in points_on(edge)[10:-10]])
    found = []
    for other in scene.edge_items().values():
        if other is edge or not other.isVisible():
            continue
        points = points_on(other)
        xy = np.array([(p.x(), p.y()) for p in points])
        # each point's distance to its nearest inner point, all at once (not 200 x 180 QLineFs)
        nearest = np.hypot(*(xy[:, None, :] - inner[None, :, :]).transpose(2, 0, 1)).min(axis=1)
        found.extend(p for p, d in zip(points, nearest) if d < 2.0)
    return found


def test_a_gradient_label_goes_on_its_own_wire_not_on_another(window, qtbot):
    """Example 06 at step 3: ∂h/∂W sat on the grey wire a → z.B, not on W's (it read as a's
    gradient): it is nearest its own wire, clear of every other. Example 03 at steps 4 and 5: ∂y/∂x1
    and ∂y/∂x2 sat on their wire's crossing with a grey one (x2 → u1 crosses x1 → u2 in the middle
    of a narrow gap): each label is clear of every other wire and of every crossing, on its own wire
    or at the end of a leader that meets it."""
    for name, step in (
        ("06_h_of_Wa.json", 3),
        ("03_two_variables_scalar_form.json", 4),
        ("03_two_variables_scalar_form.json", 5),
    ):
        _, c = backward(window, qtbot, name)
        qtbot.keyClick(window.view, Qt.Key_Home)
        for _ in range(step - 1):
            right(qtbot, window)
        labelled = [edge for edge in window.scene.edge_items().values() if edge.overlay_label]
        assert len(labelled) == (1 if name.startswith("06") else 2)
        for edge in labelled:
            rect, where = edge.label_rect(), (name, step, edge.overlay_label)
            assert wires_under(window.scene, edge) == 0, where
            crossed = crossings(window.scene, edge)
            assert crossed or name.startswith("06"), where  # (in 03 each wire crosses another)
            assert not any(rect.adjusted(-2, -2, 2, 2).contains(p) for p in crossed), where
            leader = edge.leader()
            if name.startswith("06"):
                assert nearest_wire(window.scene, edge) is edge, where
            elif leader is None:
                assert _gap_to_curve(edge, rect) == 0.0, where
            else:  # (the leader runs from the label to its own wire)
                ends = (leader.p1(), leader.p2())
                assert min(distance_to(p, edge) for p in ends) < 1.0, where
                assert any(rect.adjusted(-1, -1, 1, 1).contains(p) for p in ends), where


def test_a_badge_under_its_card_keeps_off_the_cards_own_wire(window, qtbot):
    """Example 07 at step 3: W2's wire leaves its port downwards, to matmul₂ below; W2's badge,
    under its card, was drawn over that wire. It now moves aside (its card's column still)."""
    _, c = backward(window, qtbot, "07_two_layer_network.json")
    qtbot.keyClick(window.view, Qt.Key_Home)
    for _ in range(2):
        right(qtbot, window)
    scene = window.scene
    w2 = next(item for item in scene.node_items().values() if item.title == "W2")
    badge = scene.overlay_presenter.badges[w2.node_id]
    assert badge.isVisible() and "∂loss/∂W2" in badge.text
    rect, card = badge.sceneBoundingRect(), card_scene_rect(w2)
    assert rect.top() > card.bottom() and rect.left() < card.right() and rect.right() > card.left()
    for key, edge in scene.edge_items().items():
        if w2.node_id in key[:2]:
            assert not any(rect.contains(p) for p in points_on(edge)), key


def test_a_collapsed_cards_badge_keeps_off_the_cards_own_wires(window, qtbot):
    """A collapsed group card's badge (its hidden members' gradients) is keyed by the group, not by
    a node, so it never kept off the card's wires: x, below the card, feeds its input port, and its
    wire ran under the badge. At every step the badge now covers none of the card's wires."""
    from graphviz_app.core.graph import Graph

    g = Graph()
    W = g.add_node("variable", name="W", value=[[1, 2], [3, 4], [5, 6]], pos=(0, 0))
    x = g.add_node("variable", name="x", value=[1.0, -1.0], pos=(0, 150))
    mm = g.add_node("op", "matmul", pos=(240, 60))
    s = g.add_node("op", "sum", name="L", pos=(500, 60))
    g.connect(W, mm, 0)
    g.connect(x, mm, 1)
    g.connect(mm, s, 0)
    g.set_output(s)
    gid = g.groups.add({W, mm}, "layer", collapsed=True)
    g = load(window, g)
    scene = window.scene
    card = scene.groups.card_item(gid)
    spot = card_scene_rect(card)
    g.move(x, (spot.right(), spot.bottom() + 60))  # (its wire climbs to the card's input port under it)
    qtbot.keyClick(window.view, Qt.Key_F6)
    qtbot.keyClick(window.view, Qt.Key_Home)
    wires = [edge for key, edge in scene.edge_items().items() if edge.isVisible() and {W, mm} & set(key[:2])]
    assert len(wires) == 2  # x → the card, the card → L
    shown = []
    for step in range(window.animation.controller.count):
        card = scene.groups.card_item(gid)
        for badge in (item for item in card.childItems() if isinstance(item, BadgeItem) and item.isVisible()):
            shown.append(badge.text)
            rect = badge.sceneBoundingRect()
            for edge in wires:
                assert not any(rect.contains(p) for p in points_on(edge)), (step, edge.key)
        right(qtbot, window)
    assert any("∂L/∂W" in text for text in shown)
