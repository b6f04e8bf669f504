"""Copy, cut, paste and duplicate with groups: a collapsed card's hidden nodes go with it (what Delete
takes), the groups whose nodes are all copied come along under free names, collapsed as they were,
in the same window or another one; undo of a paste removes its nodes and groups in one step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from ui.canvas_helpers import activate, click, double_click

from graphviz_app.core.naming import display_labels
from graphviz_app.resources_path import examples_dir

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def network(window):
    """Example 08 (layer1: matmul, add, h; layer2: matmul, logits) with layer1 collapsed by a double
    click on its title."""
    assert window.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    window.view.zoom_to_fit()
    QApplication.processEvents()
    frame = window.scene.groups.frame_item(window.graph.groups.find("layer1").id)
    r = frame.title_rect()
    double_click(window.view, frame.mapToScene(QPointF(r.left() + 30, r.center().y())))
    assert window.graph.groups.find("layer1").collapsed
    window.view.setFocus()
    return window


def key(qtbot, window, letter, modifiers=CTRL) -> None:
    qtbot.keyClick(window.view, letter, modifiers)
    QApplication.processEvents()


def click_card(window, name: str) -> None:
    card = window.scene.groups.card_item(window.graph.groups.find(name).id)
    click(window.view, card.mapToScene(QPointF(0, card.card_rect().bottom() - 8)))


def shape(graph) -> tuple:
    """The graph by what a user sees: labels, edges between labels, groups by name and labels."""
    labels = display_labels(graph)
    edges = sorted((labels[e.src], labels[e.dst], e.port) for e in graph.edges())
    groups = sorted((g.name, tuple(sorted(labels[n] for n in g.nodes)), g.collapsed) for g in graph.groups)
    return sorted(labels.values()), edges, groups


def second_window(qtbot, first):
    other = first.new_window()
    qtbot.addWidget(other)
    other.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    qtbot.waitExposed(other)
    activate(qtbot, other)
    other.view.setFocus()
    return other


def test_select_all_copy_paste_in_another_window_brings_every_node_and_both_groups(network, qtbot):
    key(qtbot, network, Qt.Key.Key_A)
    key(qtbot, network, Qt.Key.Key_C)
    other = second_window(qtbot, network)
    key(qtbot, other, Qt.Key.Key_V)
    assert shape(other.graph) == shape(network.graph)  # layer1's hidden matmul, add and h too
    assert len(other.graph) == 12 and other.graph.groups.find("layer1").collapsed
    assert not other.graph.groups.find("layer2").collapsed
    assert not other.scene.evaluator.evaluation.errors  # (no "matmul: input B is not connected")
    layer1 = other.graph.groups.find("layer1")
    assert other.scene.groups.card_item(layer1.id).isVisible()
    assert other.scene.groups.card_item(layer1.id).isSelected()  # the pasted card is selected
    assert other.undo_stack.count() == 1 and other.undo_stack.undoText() == "Paste 12 nodes and 2 groups"
    other.undo_stack.undo()  # one step takes nodes and groups away
    assert len(other.graph) == 0 and len(other.graph.groups) == 0
    assert other.scene.groups.card_item(layer1.id) is None
    other.undo_stack.redo()
    assert shape(other.graph) == shape(network.graph)


def test_pasting_in_the_same_window_names_the_groups_as_pasted_nodes_are_named(network, qtbot):
    before = shape(network.graph)
    key(qtbot, network, Qt.Key.Key_A)
    key(qtbot, network, Qt.Key.Key_C)
    key(qtbot, network, Qt.Key.Key_V)
    groups = {g.name: g for g in network.graph.groups}
    assert sorted(groups) == ["layer1", "layer1_2", "layer2", "layer2_2"]
    assert groups["layer1_2"].collapsed and not groups["layer2_2"].collapsed
    assert not groups["layer1_2"].nodes & groups["layer1"].nodes and len(network.graph) == 24
    names = {display_labels(network.graph)[n] for n in groups["layer1_2"].nodes}
    assert "h_2" in names  # the group holds the pasted copies
    key(qtbot, network, Qt.Key.Key_V)  # and again: the next free names
    assert "layer1_3" in {g.name for g in network.graph.groups}
    network.undo_stack.undo()
    network.undo_stack.undo()
    assert shape(network.graph) == before


def test_copy_takes_what_delete_takes(network, qtbot):
    key(qtbot, network, Qt.Key.Key_A)
    key(qtbot, network, Qt.Key.Key_C)
    other = second_window(qtbot, network)
    key(qtbot, other, Qt.Key.Key_V)
    activate(qtbot, network)
    network.view.setFocus()
    key(qtbot, network, Qt.Key.Key_A)
    key(qtbot, network, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)
    assert len(network.graph) == 0 and len(other.graph) == 12


def test_a_collapsed_card_alone_can_be_cut_and_pasted_back(network, qtbot):
    layer1 = network.graph.groups.find("layer1")
    click_card(network, "layer1")
    assert network.action("cut").isEnabled() and network.action("copy").isEnabled()
    key(qtbot, network, Qt.Key.Key_X)
    assert not any(n in network.graph for n in layer1.nodes) and "layer1" not in {g.name for g in network.graph.groups}
    assert network.undo_stack.undoText() == "Cut 3 nodes"
    key(qtbot, network, Qt.Key.Key_V)
    pasted = network.graph.groups.find("layer1")  # its name is free again
    graph = network.graph
    assert pasted.collapsed and sorted(graph.node(n).name or graph.node(n).op for n in pasted.nodes) == [
        "add",
        "h",
        "matmul",
    ]


def test_duplicating_a_collapsed_card_duplicates_its_nodes_and_group(network, qtbot):
    click_card(network, "layer1")
    key(qtbot, network, Qt.Key.Key_D)
    copy = network.graph.groups.find("layer1_2")
    assert copy.collapsed and len(copy.nodes) == 3 and len(network.graph) == 15
    assert network.scene.groups.card_item(copy.id).isSelected()
    assert network.undo_stack.undoText() == "Duplicate 3 nodes and 1 group"
    network.undo_stack.undo()
    assert "layer1_2" not in {g.name for g in network.graph.groups} and len(network.graph) == 12


def test_a_group_partly_copied_does_not_come_along(network, qtbot):
    layer2 = network.graph.groups.find("layer2")
    network.scene.select_nodes(sorted(layer2.nodes)[:1])
    key(qtbot, network, Qt.Key.Key_D)
    assert len(network.graph) == 13 and sorted(g.name for g in network.graph.groups) == ["layer1", "layer2"]


def test_a_fragment_whose_groups_overlap_is_refused_with_a_message_and_nothing_pasted(window, qtbot):
    import json

    fragment = {
        "format": "graphviz-app-fragment",
        "nodes": [
            {"id": a, "kind": "variable", "op": None, "name": a, "value": 1.0, "pos": [i * 100, 0], "params": {}}
            for i, a in enumerate("abc")
        ],
        "edges": [],
        "groups": [{"id": "g1", "name": "p", "nodes": ["a", "b"]}, {"id": "g2", "name": "q", "nodes": ["b", "c"]}],
    }
    QApplication.clipboard().setText(json.dumps(fragment))  # (as a text editor would put it there)
    messages = []
    window.scene.statusMessage.connect(messages.append)
    window.view.setFocus()
    key(qtbot, window, Qt.Key.Key_V)
    assert len(window.graph) == 0 and window.undo_stack.count() == 0
    assert messages[-1] == 'cannot paste: groups "p" and "q" overlap: groups must nest'
