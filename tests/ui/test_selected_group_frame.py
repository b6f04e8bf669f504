"""A group selected by its frame's title stands for its nodes, as the same group's collapsed card
does: Copy, Cut, Duplicate, Delete and Group take its nodes (each one undo step), whether the group
is expanded or collapsed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import click

from graphviz_app.core.file_writing import dumps
from graphviz_app.resources_path import examples_dir

EXAMPLE = "08_two_layer_network_groups.json"
EDITS = ("delete", "copy", "cut", "duplicate", "group")
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def network(window):
    assert window.files.open_path(examples_dir() / EXAMPLE, ask=False)
    window.view.zoom_to_fit()
    window.scene.evaluator.refresh()
    QApplication.processEvents()
    yield window
    window.undo_stack.setClean()


def select_frame(window, name: str) -> set[str]:
    """Click the group's frame title (away from its button); the group's nodes."""
    group = window.graph.groups.find(name)
    frame = window.scene.groups.frame_item(group.id)
    r = frame.title_rect()
    window.scene.clearSelection()
    click(window.view, frame.mapToScene(QPointF(r.left() + 30, r.center().y())))
    assert window.scene.groups.selected_group_ids() == [group.id]
    assert not window.scene.selected_node_ids()
    return set(group.nodes)


def enabled(window) -> dict[str, bool]:
    return {name: window.action(name).isEnabled() for name in EDITS}


def test_a_selected_frame_enables_the_edits_a_selected_collapsed_card_does(network):
    select_frame(network, "layer2")
    expanded = enabled(network)
    network.action("collapse_group").trigger()
    card = network.scene.groups.card_item(network.graph.groups.find("layer2").id)
    network.scene.clearSelection()
    card.setSelected(True)
    assert enabled(network) == expanded == dict.fromkeys(EDITS, True)


def test_delete_on_a_selected_frame_removes_its_nodes_and_undo_brings_them_back(network, qtbot):
    graph = network.graph
    before = dumps(graph)
    nodes = select_frame(network, "layer2")
    qtbot.keyClick(network.view, Qt.Key.Key_Delete)
    assert not nodes & {n.id for n in graph.nodes()}
    assert "layer2" not in [g.name for g in graph.groups]
    assert network.statusBar().currentMessage().startswith("Deleted 2 nodes")
    network.undo_stack.undo()
    assert dumps(graph) == before


def test_cut_on_a_selected_frame_removes_its_nodes_and_paste_brings_copies(network, qtbot):
    graph = network.graph
    before = dumps(graph)
    nodes = select_frame(network, "layer2")
    qtbot.keyClick(network.view, Qt.Key.Key_X, CTRL)
    assert not nodes & {n.id for n in graph.nodes()}
    network.undo_stack.undo()
    assert dumps(graph) == before
    count = len(graph)
    qtbot.keyClick(network.view, Qt.Key.Key_V, CTRL)
    assert len(graph) == count + 2


def test_copy_and_duplicate_of_a_selected_frame_copy_its_nodes(network, qtbot):
    graph = network.graph
    count = len(graph)
    select_frame(network, "layer2")
    qtbot.keyClick(network.view, Qt.Key.Key_C, CTRL)
    assert network.statusBar().currentMessage().startswith("Copied 2 nodes")
    assert len(graph) == count
    qtbot.keyClick(network.view, Qt.Key.Key_V, CTRL)
    assert len(graph) == count + 2
    select_frame(network, "layer1")
    network.action("duplicate").trigger()
    assert len(graph) == count + 2 + 3
    network.undo_stack.undo()
    network.undo_stack.undo()
    assert len(graph) == count


def test_group_on_a_selected_frame_groups_its_nodes(network, qtbot):
    graph = network.graph
    nodes = select_frame(network, "layer1")
    groups = len(graph.groups)
    qtbot.keyClick(network.view, Qt.Key.Key_G, CTRL)
    assert len(graph.groups) == groups + 1
    assert any(g.nodes == nodes and g.name != "layer1" for g in graph.groups)
    network.undo_stack.undo()
    assert len(graph.groups) == groups
