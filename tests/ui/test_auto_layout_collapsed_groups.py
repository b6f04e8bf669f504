"""Auto Layout (Ctrl+L) with collapsed groups: each collapsed card laid out as the one card it is,
on the main path's row, none on another; one undo puts everything back; expanding the groups
afterwards shows no card on another."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import collapse_by_title as collapse

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.node_item import card_scene_rect


def open_example(window, name: str) -> None:
    assert window.files.open_path(examples_dir() / name, ask=False)
    QApplication.processEvents()


def ctrl_l(qtbot, window) -> str:
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    return window.statusBar().currentMessage()


def drawn_cards(window) -> dict[str, object]:
    """Every card the canvas shows (visible node cards, collapsed group cards): name -> scene rectangle."""
    scene, graph = window.scene, window.graph
    rects = {}
    for nid, item in scene.node_items().items():
        if item.isVisible():
            rects[graph.node(nid).label] = card_scene_rect(item)
    for gid, card in scene.groups.cards.items():
        rects[graph.groups.get(gid).name] = card_scene_rect(card)
    return rects


def overlaps(rects) -> list:
    return [(a, b) for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2) if ra.intersects(rb)]


def expand_all(window) -> None:
    for gid, card in list(window.scene.groups.cards.items()):
        window.scene.clearSelection()
        card.setSelected(True)
        window.action("collapse_group").trigger()
        QApplication.processEvents()
        assert not window.graph.groups.get(gid).collapsed


def test_collapsed_layers_of_example_08_share_the_main_path_row(qtbot, window):
    open_example(window, "08_two_layer_network_groups.json")
    collapse(window, "layer1")
    collapse(window, "layer2")
    before = {nid: window.graph.node(nid).pos for nid in window.graph.node_ids()}
    said = ctrl_l(qtbot, window)
    assert said.startswith("Auto Layout moved"), said
    cards = drawn_cards(window)
    row = {name: round(cards[name].center().y()) for name in ("x", "layer1", "layer2", "loss")}
    assert len(set(row.values())) == 1, row
    assert [cards[n].center().x() for n in ("x", "layer1", "layer2", "loss")] == sorted(
        cards[n].center().x() for n in ("x", "layer1", "layer2", "loss")
    )
    assert not overlaps(cards)
    # the wires into each card do not cross: its ports stand in the order of their sources
    scene = window.scene
    for name in ("layer1", "layer2"):
        card = scene.groups.card_item(window.graph.groups.find(name).id)
        ports = sorted(card.inputs, key=lambda src: card.inputs[src].scene_center().y())
        assert ports == sorted(card.inputs, key=lambda src: window.graph.node(src).pos[1])
    assert ctrl_l(qtbot, window) == "Auto Layout: every node is already in place"
    # one undo puts every node back
    window.undo_stack.undo()
    QApplication.processEvents()
    assert {nid: window.graph.node(nid).pos for nid in window.graph.node_ids()} == before
    window.undo_stack.redo()
    QApplication.processEvents()
    expand_all(window)
    assert not overlaps(drawn_cards(window))


def test_a_collapsed_pair_in_example_01_is_laid_out_as_a_card(qtbot, window):
    """x1 and x2 grouped and collapsed: Ctrl+L puts the card between t and mul, on their row."""
    open_example(window, "01_chain_rule_sin_cos.json")
    graph = window.graph
    for nid in (graph.find("x1"), graph.find("x2")):
        window.scene.node_item(nid).setSelected(True)
    window.action("group").trigger()
    window.action("collapse_group").trigger()
    QApplication.processEvents()
    (group,) = graph.groups.visible_collapsed()
    said = ctrl_l(qtbot, window)
    assert said.startswith("Auto Layout moved"), said
    cards = drawn_cards(window)
    assert round(cards["t"].center().y()) == round(cards[group.name].center().y())
    assert cards["t"].center().x() < cards[group.name].center().x()
    assert not overlaps(cards)
    expand_all(window)
    assert not overlaps(drawn_cards(window))
