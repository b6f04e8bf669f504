"""Editing many cards at once (walk 17): Select All and a Delete are each one selection change,
and an export with every card selected hides and gives back the selection in one change each way,
with the actions enabled as the selection says; Undo of a large delete gives the graph back
exactly (names, wires, values, positions, groups, the order of the nodes) and Redo takes it away
again; a collapsed card stands clear after Auto Layout and after a card is moved onto it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import collapse_by_title as collapse
from ui.canvas_helpers import dump

from graphviz_app.core.autolayout import apply_layout
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.node_item import card_scene_rect
from graphviz_app.ui.commands.nodes import MoveNodesCommand

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from canvas import random_graph  # noqa: E402


@pytest.fixture
def large(window):
    graph = random_graph(120)
    apply_layout(graph)
    first = graph.node_ids()[:6]  # some variables and the ops after them: one group, collapsed in a test
    graph.groups.add(first, "chain")
    window.graph.replace_with(graph)
    window.view.zoom_to_fit()
    window.scene.evaluator.refresh()
    QApplication.processEvents()
    return window


def selection_changes(scene) -> list:
    """A list that grows by one at each selectionChanged the scene says."""
    changes = []
    scene.selectionChanged.connect(lambda: changes.append(True))  # (nothing of the scene read: it may be gone)
    return changes


def test_ctrl_a_selects_every_card_in_one_change_and_enables_the_selection_actions(large, qtbot):
    window, scene, graph = large, large.scene, large.graph
    changes = selection_changes(scene)
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert set(scene.selected_node_ids()) == set(graph.node_ids())
    assert len(changes) == 1
    for key in ("delete", "copy", "cut", "duplicate"):
        assert window.action(key).isEnabled(), key
    assert not window.action("rename").isEnabled()  # (one card only)
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(changes) == 1  # all selected already: no change


def test_deleting_every_card_is_one_selection_change_and_undo_gives_the_graph_back_exactly(large, qtbot):
    window, scene, graph = large, large.scene, large.graph
    before, groups, order = dump(graph), graph.groups.snapshot(), graph.node_ids()
    window.action("select_all").trigger()
    changes = selection_changes(scene)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert len(graph) == 0 and not scene.node_items()
    assert len(changes) == 1 and not scene.selectedItems()
    assert not window.action("delete").isEnabled()
    window.action("undo").trigger()
    assert dump(graph) == before and graph.node_ids() == order
    assert graph.groups.snapshot() == groups
    assert set(scene.node_items()) == set(order) and set(scene.edge_items()) == {tuple(e) for e in graph.edges()}
    window.action("redo").trigger()
    assert len(graph) == 0 and not scene.edge_items()


def test_copy_image_of_every_card_hides_and_restores_the_selection_in_one_change_each_way(large, qtbot):
    window, scene, graph = large, large.scene, large.graph
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    changes = selection_changes(scene)
    window.action("copy_image").trigger()  # an export drawn without the selection, then shown again
    assert not QApplication.clipboard().image().isNull()
    assert len(changes) == 2  # not one a card each way (each listener walks the whole selection)
    assert set(scene.selected_node_ids()) == set(graph.node_ids())


def test_undo_of_deleting_half_the_cards_puts_each_back_in_its_place(large):
    window, scene, graph = large, large.scene, large.graph
    graph_before = graph.copy()
    before, groups, order = dump(graph), graph.groups.snapshot(), graph.node_ids()
    half = order[::2]  # (every other node: the ones kept hold wires to the deleted ones)
    scene.select_nodes(half)
    window.action("delete").trigger()
    after = dump(graph)
    assert set(graph.node_ids()) == set(order) - set(half)
    window.action("undo").trigger()
    assert dump(graph) == before and graph.node_ids() == order
    assert graph.groups.snapshot() == groups
    assert graph.output == graph_before.output
    assert {nid: scene.node_item(nid).title for nid in order} == {
        nid: item.title for nid, item in _titles(graph_before).items()
    }
    window.action("redo").trigger()
    assert dump(graph) == after


def _titles(graph):
    from types import SimpleNamespace

    from graphviz_app.core.naming import display_labels

    return {nid: SimpleNamespace(title=label) for nid, label in display_labels(graph).items()}


def test_a_collapsed_card_stands_clear_after_auto_layout(large):
    window, scene, graph = large, large.scene, large.graph
    collapse(window, "chain")
    window.action("layout").trigger()
    QApplication.processEvents()
    card = scene.groups.card_item(graph.groups.find("chain").id)
    rect = card_scene_rect(card)
    shown = [item for item in scene.node_items().values() if item.isVisible()]
    assert not any(rect.intersects(card_scene_rect(item)) for item in shown)


EXAMPLE = "08_two_layer_network_groups.json"


def test_a_collapsed_card_steps_aside_for_a_card_moved_onto_it_and_back_on_undo(window):
    assert window.files.open_path(examples_dir() / EXAMPLE, ask=False)
    QApplication.processEvents()
    graph, scene = window.graph, window.scene
    collapse(window, "layer1")
    layer1 = graph.groups.find("layer1")
    card = scene.groups.card_item(layer1.id)
    placed = card.pos()
    # a card not wired to the group, moved onto it (as a drag ends)
    stranger = next(
        n.id
        for n in graph.nodes()
        if n.id not in layer1.nodes
        and scene.node_item(n.id).isVisible()
        and not any(e.src in layer1.nodes or e.dst in layer1.nodes for e in graph.edges_of(n.id))
    )
    item = scene.node_item(stranger)
    x, y = graph.node(stranger).pos
    target = card_scene_rect(card).center()
    window.undo_stack.push(MoveNodesCommand(graph, {stranger: ((x, y), (target.x(), target.y()))}))
    QApplication.processEvents()
    assert not card_scene_rect(card).intersects(card_scene_rect(item))
    window.undo_stack.undo()
    QApplication.processEvents()
    assert card.pos() == placed
