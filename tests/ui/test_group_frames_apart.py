"""Auto Layout keeps groups apart: no group's frame (or collapsed card) is drawn over another
group's frame or over a card that is not in the group."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from graphviz_app.core.naming import display_labels
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.node_item import card_scene_rect


@pytest.fixture
def network(window):
    assert window.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    window.scene.evaluator.refresh()
    QApplication.processEvents()
    return window


def group_cards(window, *labels: str) -> None:
    ids = {shown: nid for nid, shown in display_labels(window.graph).items()}
    window.scene.clearSelection()
    window.scene.select_nodes([ids[label] for label in labels])
    window.action("group").trigger()
    QApplication.processEvents()


def drawn_groups(window) -> dict:
    """group name -> its frame's or its collapsed card's scene rectangle, as drawn."""
    drawn = {}
    for group in window.graph.groups:
        for item in (window.scene.groups.frame_item(group.id), window.scene.groups.card_item(group.id)):
            if item is not None and item.isVisible():
                drawn[group.name] = item.sceneBoundingRect()
    return drawn


def assert_apart(window) -> None:
    drawn = drawn_groups(window)
    names = sorted(drawn)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not drawn[a].intersects(drawn[b]), f"{a} and {b} overlap"
    hidden = window.graph.groups.shown_as()
    for group in window.graph.groups:
        for nid in set(window.graph.node_ids()) - group.nodes - hidden.keys():
            item = window.scene.node_item(nid)
            card = card_scene_rect(item)
            assert not drawn[group.name].intersects(card), (
                f"{group.name} is drawn over {display_labels(window.graph)[nid]}"
            )


def test_auto_layout_keeps_the_groups_frames_apart_and_off_other_cards(network):
    network.action("layout").trigger()
    QApplication.processEvents()
    assert_apart(network)


def test_groups_made_of_neighbouring_cards_stay_apart_after_a_layout_collapsed_or_expanded(network):
    group_cards(network, "W1", "b1")  # a group whose cards stand beside layer1's after a layout
    group_cards(network, "x")
    group_cards(network, "target")  # under layer2's last card
    assert len(network.graph.groups) == 5
    network.action("layout").trigger()
    QApplication.processEvents()
    assert_apart(network)
    layer2 = network.graph.groups.find("layer2").id
    for _ in range(2):  # collapsed to its card, then expanded again
        network.scene.groups.toggle(layer2)
        QApplication.processEvents()
        assert_apart(network)
