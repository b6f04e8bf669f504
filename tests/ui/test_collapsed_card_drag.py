"""A collapsed group's card dragged by the user stays where it is dropped, even left of its
inputs (the automatic placement keeps edges coming in from the left only when the card is made
or its nodes move otherwise); undo puts the card and its nodes back, redo where dropped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import drag
from ui.test_collapsed_card_place import collapse, network  # noqa: F401  (the fixture)


def grab_point(card) -> QPointF:
    """A point on the card's header, clear of its collapse button."""
    return card.mapToScene(QPointF(-40, card.card_rect().top() + 12))


def test_a_card_dragged_left_of_its_inputs_stays_and_undo_puts_it_back(network):  # noqa: F811
    graph, scene = network.graph, network.scene
    collapse(network, "layer2")
    layer2 = graph.groups.find("layer2")
    card = scene.groups.card_item(layer2.id)
    placed = QPointF(card.pos())
    before = {n: graph.node(n).pos for n in layer2.nodes}
    start = grab_point(card)
    drag(network.view, start, start + QPointF(-300, 40))
    QApplication.processEvents()
    dropped = QPointF(card.pos())
    assert dropped.x() == pytest.approx(placed.x() - 300, abs=2) and dropped.y() == pytest.approx(
        placed.y() + 40, abs=2
    )
    # left of b2 and W2 now, where the user put it: it did not snap back right
    b2 = scene.node_item(graph.find("b2"))
    assert card.inputs[graph.find("b2")].scene_center().x() < b2.port(True).scene_center().x()
    after = {n: graph.node(n).pos for n in layer2.nodes}
    assert all(after[n][0] == pytest.approx(before[n][0] + dropped.x() - placed.x()) for n in layer2.nodes)
    network.undo_stack.undo()
    QApplication.processEvents()
    assert card.pos() == placed and {n: graph.node(n).pos for n in layer2.nodes} == before
    network.undo_stack.redo()
    QApplication.processEvents()
    assert card.pos() == dropped


def test_a_dropped_card_is_placed_anew_when_collapsed_again(network):  # noqa: F811
    graph, scene = network.graph, network.scene
    collapse(network, "layer2")
    group_id = graph.groups.find("layer2").id
    card = scene.groups.card_item(group_id)
    start = grab_point(card)
    drag(network.view, start, start + QPointF(-300, 0))
    scene.groups.toggle(group_id)  # expanded, then collapsed again
    scene.groups.toggle(group_id)
    QApplication.processEvents()
    card = scene.groups.card_item(group_id)
    b2 = scene.node_item(graph.find("b2"))
    assert card.inputs[graph.find("b2")].scene_center().x() >= b2.port(True).scene_center().x() + 39
