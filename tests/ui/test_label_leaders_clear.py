"""A gradient label moved off its wire stays near it and its leader line runs through a gap: in
the wide examples a label sat above everything and its leader ran down through another label
(09 step 3: "∂loss/∂h" through "∂loss/∂matmul₂"), or it sat on a crossing of two wires (08 step 2)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from ui.animation_helpers import backward, right
from ui.test_label_placement import labels_shown, obstacles

END = 3.0  # px of a leader next to its wire not looked at (the wire may start at a port)


def leader_crossings(scene) -> list[str]:
    """Each gradient label whose leader line crosses a card, a port, a group's title or another label."""
    things = obstacles(scene) + labels_shown(scene)
    found = []
    for edge in scene.edge_items().values():
        leader = edge.leader()
        if leader is None or not edge.overlay_label or not edge.isVisible():
            continue
        (x1, y1), (x2, y2) = (leader.p1().x(), leader.p1().y()), (leader.p2().x(), leader.p2().y())
        length = leader.length()
        if length <= END:
            continue
        # (short of the wire's end of it)
        x2, y2 = x2 - (x2 - x1) * END / length, y2 - (y2 - y1) * END / length
        line = QRectF(min(x1, x2) - 0.25, min(y1, y2), abs(x2 - x1) + 0.5, abs(y2 - y1))
        mine = edge.label_rect()
        found += [
            f"leader of {edge.overlay_label!r} crosses {name}"
            for name, rect in things
            if rect != mine and line.intersects(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        ]
    return found


def labels_at(window, qtbot, name: str, step: int):
    _, c = backward(window, qtbot, name)
    c.finish_marker()
    for _ in range(step - 1):
        right(qtbot, window)
    return {e.overlay_label.split()[0]: e for e in window.scene.edge_items().values() if e.overlay_label}


def test_a_label_between_two_cards_stands_beside_its_wire_not_above_everything(window, qtbot):
    edges = labels_at(window, qtbot, "09_mnist_sized_network.json", 3)
    label = edges["∂loss/∂h"]
    assert label.leader() is not None  # (too wide for the gap between h and matmul₂: off its wire)
    assert not [c for c in leader_crossings(window.scene) if "∂loss/∂h" in c]


@pytest.mark.parametrize(
    ("name", "step"),
    [
        ("07_two_layer_network.json", 2),
        ("07_two_layer_network.json", 3),
        ("08_two_layer_network_groups.json", 2),
        ("08_two_layer_network_groups.json", 3),
        ("09_mnist_sized_network.json", 2),
    ],
)
def test_no_leader_crosses_a_card_or_a_label(window, qtbot, name, step):
    labels_at(window, qtbot, name, step)
    assert leader_crossings(window.scene) == []
