"""A collapsed group's card stands where every edge into it comes in from the left, as into any
card: in the middle of its nodes, moved right when an input sits beside it (b2 and W2 feeding
layer2 in example 08 looped back round into the card's ports); its ports stand in the order of
their sources, top to bottom, so the edges into it do not cross."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import collapse_by_title as collapse

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.commands.nodes import MoveNodesCommand

EXAMPLE = "08_two_layer_network_groups.json"


@pytest.fixture
def network(window):
    assert window.files.open_path(examples_dir() / EXAMPLE, ask=False)
    window.view.zoom_to_fit()
    QApplication.processEvents()
    return window


def assert_inputs_come_from_the_left(window, name: str) -> None:
    graph, scene = window.graph, window.scene
    group = graph.groups.find(name)
    card = scene.groups.card_item(group.id)
    assert card is not None and card.isVisible()
    edges = [e for e in scene.edge_items().values() if e.dst in group.nodes and e.src not in group.nodes]
    assert len(edges) == len(card.inputs) >= 2
    for edge in edges:
        port = card.inputs[edge.src].scene_center()
        path = edge.mapToScene(edge.path())
        start, end = path.pointAtPercent(0), path.pointAtPercent(1)
        assert end == port or (end - port).manhattanLength() < 1, (edge.src, end, port)
        assert start.x() < end.x(), (graph.node(edge.src).label, start.x(), end.x())
        # and the curve never swings right of the port to come back into it
        rightmost = max(path.pointAtPercent(i / 40).x() for i in range(41))
        assert rightmost <= end.x() + 0.5, (graph.node(edge.src).label, rightmost, end.x())
    # the ports stand in the order of their sources, top to bottom: the edges do not cross
    ends = [
        (edge.mapToScene(edge.path()).pointAtPercent(0).y(), card.inputs[edge.src].scene_center().y()) for edge in edges
    ]
    assert [e for _, e in sorted(ends)] == sorted(e for _, e in ends)


@pytest.mark.parametrize("names", [["layer1"], ["layer2"], ["layer1", "layer2"], ["layer2", "layer1"]])
def test_edges_into_a_collapsed_card_come_from_the_left(network, names):
    for name in names:
        collapse(network, name)
    for name in names:
        assert_inputs_come_from_the_left(network, name)
    assert_outputs_go_right(network, names)


def assert_outputs_go_right(window, names) -> None:
    """The card's outputs still leave to the right (the card moved right, not past its readers)."""
    graph, scene = window.graph, window.scene
    for name in names:
        group = graph.groups.find(name)
        card = scene.groups.card_item(group.id)
        for edge in scene.edge_items().values():
            if edge.src in group.nodes and edge.dst not in group.nodes:
                path = edge.mapToScene(edge.path())
                assert path.pointAtPercent(0).x() < path.pointAtPercent(1).x(), (name, edge.dst)
        assert card.outputs


def test_a_card_moves_right_with_an_input_moved_beside_it_and_back_on_undo(network):
    graph = network.graph
    before = {n.id: n.pos for n in graph.nodes()}
    collapse(network, "layer2")
    layer2 = graph.groups.find("layer2")
    card = network.scene.groups.card_item(layer2.id)
    placed = card.pos().x()
    # the nodes themselves did not move: only where their card stands
    assert {n.id: n.pos for n in graph.nodes()} == before
    # b2 dragged further right (as the model moves it): the card keeps its input coming from the left
    b2 = graph.find("b2")
    x, y = graph.node(b2).pos
    network.undo_stack.push(MoveNodesCommand(graph, {b2: ((x, y), (x + 120, y))}))
    QApplication.processEvents()
    assert card.pos().x() > placed
    assert_inputs_come_from_the_left(network, "layer2")
    network.undo_stack.undo()
    QApplication.processEvents()
    assert card.pos().x() == pytest.approx(placed)


def test_a_card_squeezed_by_a_far_right_input_stays_left_of_its_reader(network):
    """b1 moved right, close before matmul₂ reading h: layer1's card stands between the two,
    its input coming from the left and its output going right into matmul₂."""
    graph, scene = network.graph, network.scene
    collapse(network, "layer1")
    b1, h, reader = graph.find("b1"), graph.find("h"), graph.find("matmul₂")
    edge = next(e for e in graph.edges() if e.src == h and e.dst == reader)
    reader_in = scene.node_item(reader).port(False, edge.port).scene_center().x()
    b1_out = scene.node_item(b1).port(True).scene_center().x()
    x, y = graph.node(b1).pos
    shift = reader_in - 220 - b1_out  # room for the card (190 wide), not for both runs of 40
    network.undo_stack.push(MoveNodesCommand(graph, {b1: ((x, y), (x + shift, y))}))
    QApplication.processEvents()
    card = scene.groups.card_item(graph.groups.find("layer1").id)
    card_in, card_out = card.inputs[b1].scene_center().x(), card.outputs[h].scene_center().x()
    assert card_in - (b1_out + shift) == pytest.approx(reader_in - card_out)  # both runs alike
    assert card_in > b1_out + shift + 10 and card_out < reader_in - 10
    assert_outputs_go_right(network, ["layer1"])
