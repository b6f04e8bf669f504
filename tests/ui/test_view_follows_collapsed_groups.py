"""Stepping Backward onto a collapsed group's step brings the group's card into view, as stepping
onto a node's step brings its card (its nodes' own cards are hidden inside the collapsed card)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QApplication

from graphviz_app.resources_path import examples_dir

EXAMPLE = "08_two_layer_network_groups.json"


def shown(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def current_card(window):
    """What shows the current step's node on the canvas: its card, or the collapsed card standing for it."""
    node = window.animation.controller.active_node()
    item = window.scene.node_item(node)
    if item.isVisible():
        return item
    return window.scene.groups.card_item(window.graph.groups.shown_as()[node])


def test_every_step_shows_its_card_or_its_collapsed_group_card(window, qtbot):
    assert window.files.open_path(examples_dir() / EXAMPLE, ask=False)
    QApplication.processEvents()
    layer1 = window.graph.groups.find("layer1")
    window.scene.clearSelection()
    window.scene.groups.frame_item(layer1.id).setSelected(True)
    window.action("collapse_group").trigger()
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    controller = window.animation.controller
    seen_group_step = False
    while controller.k < controller.count - 1:
        window.view.centerOn(4000, 3000)  # far from every card
        QApplication.processEvents()
        assert not shown(window.view).intersects(current_card(window).sceneBoundingRect())
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        controller.finish_marker()
        card = current_card(window)
        seen_group_step |= card is window.scene.groups.card_item(layer1.id)
        assert shown(window.view).contains(card.sceneBoundingRect()), f"step {controller.k + 1} off screen"
    assert seen_group_step
