"""What the keyboard-step speed-ups must not change: a step re-places only the badges its changes
touch, yet every step looks exactly as if everything had been placed again; the items show the
overlay whatever the path to a step; the Inspector follows the canvas one event-loop turn later."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from graphviz_app.core.graph import Graph
from graphviz_app.core.sample_graphs import branching_chains
from graphviz_app.ui.canvas import overlay_layout
from graphviz_app.ui.canvas.overlay_items import BadgeItem


def _crowded_graph() -> Graph:
    """Vector variables feeding two chains each, added pairwise: badges crowd each other."""
    return branching_chains(6, 2, ("sin", "tanh", "square"))


def _open(window, graph: Graph) -> None:
    from graphviz_app.core.autolayout import apply_layout

    apply_layout(graph)
    window.graph.replace_with(graph)
    window.scene.evaluator.refresh()


def _shown(scene) -> dict:
    """Everything the overlay items show, in scene coordinates."""
    nodes = scene.node_items()
    return {
        "roles": {nid: item.role for nid, item in nodes.items()},
        "badges": {
            item.parentItem().node_id: (item.text, item.sceneBoundingRect().getRect())
            for item in scene.items()
            if isinstance(item, BadgeItem)
        },
        "labels": {
            key: (edge.overlay_label, edge.highlighted, edge.label_rect().getRect())
            for key, edge in scene.edge_items().items()
        },
    }


def test_each_step_shows_what_a_full_layout_of_that_step_shows(window):
    _open(window, _crowded_graph())
    window.animation.run_backward()
    c, scene = window.animation.controller, window.scene
    assert c.count > 30
    # forward, back, and jumps: every path to step k shows the same
    path = list(range(c.count)) + list(range(c.count - 2, -1, -3)) + [c.count - 1, 0, c.count // 2, 3]
    for k in path:
        c.seek(k)
        c.finish_marker()
        incremental = _shown(scene)
        badges = scene.overlay_presenter.badges
        placed_full, places_full = overlay_layout.place_badges(badges, overlay_layout.card_index(scene.node_items()))
        assert {nid: (p.above, p.dx) for nid, p in places_full.items()} == {
            nid: (b.above, b.dx) for nid, b in badges.items()
        }, k
        scene.overlay_presenter.items_changed()  # forget everything, apply step k afresh
        scene.set_overlay(None)
        scene.set_overlay(c.overlay_at(k))
        assert _shown(scene) == incremental, k


def test_incremental_badge_layout_equals_the_full_one_when_badges_come_go_and_grow(window):
    _open(window, _crowded_graph())
    scene = window.scene
    ids = sorted(scene.node_items())
    texts = ["∂L/∂u = 1  1×1", "∂L/∂u  1×3\n[0.25, −0.5, 1]", "a much longer badge text, ∂L/∂u = 12345  1×1"]
    import random

    rng = random.Random(4)
    before: dict = {}
    badges: dict = {}
    for round_ in range(40):
        for nid in rng.sample(ids, 6):  # some badges appear, change size or go
            if nid in badges and rng.random() < 0.3:
                scene.removeItem(badges.pop(nid))
            else:
                badge = badges.get(nid) or BadgeItem(scene.node_items()[nid], "")
                badge.set_text(rng.choice(texts))
                badges[nid] = badge
        cards = overlay_layout.card_index(scene.node_items())
        _placed, places = overlay_layout.place_badges(badges, cards, before)
        got = {nid: (b.above, b.dx) for nid, b in badges.items()}
        _placed, full = overlay_layout.place_badges(badges, cards)
        assert got == {nid: (p.above, p.dx) for nid, p in full.items()}, round_
        before = places


def test_stepping_back_and_forth_builds_each_overlay_once(window):
    _open(window, _crowded_graph())
    window.animation.run_backward()
    c = window.animation.controller
    c.seek(5)
    first = c.overlay_at(5)
    c.seek(6)
    c.seek(5)
    assert c.overlay_at(5) is first
    window.animation.set_convention("denominator")  # a new convention: new overlays
    assert c.overlay_at(5) is not first


def test_the_inspector_follows_the_step_one_event_loop_turn_later(window, qtbot):
    _open(window, _crowded_graph())
    window.animation.run_backward()
    c, inspector = window.animation.controller, window.animation.inspector
    qtbot.wait(10)
    panel = inspector._panel
    title_at = {}
    for k in (3, 4):
        c.seek(k)
        title_at[k] = inspector.panel.title_label.text()  # asking for it brings it up to date
    c.seek(3)
    assert panel.title_label.text() == title_at[4]  # not yet: the canvas paints first
    assert window.scene.overlay.node_roles[c.active_node()] == "active"  # the canvas shows step 3 already
    qtbot.waitUntil(lambda: panel.title_label.text() == title_at[3], timeout=2000)


def test_a_held_arrow_key_refreshes_the_inspector_once_per_turn(window, qtbot, monkeypatch):
    _open(window, _crowded_graph())
    window.animation.run_backward()
    c, inspector = window.animation.controller, window.animation.inspector
    qtbot.wait(10)
    refreshes = []
    original = inspector.refresh
    monkeypatch.setattr(inspector, "refresh", lambda: (refreshes.append(c.k), original())[1])
    start = c.k
    for _ in range(8):  # auto-repeat delivers key presses faster than the panel is built
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert c.k == start + 8
    QApplication.processEvents()
    assert refreshes == [start + 8]
