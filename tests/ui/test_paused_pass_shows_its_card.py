"""A node deleted mid-animation pauses the pass with a banner naming the card where the problem
lies: the view brings that card into view, as stepping does, even when it was off-screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.animation_helpers import tanh_layer_graph


def visible_rect(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_the_paused_banner_names_a_card_the_view_brings_into_view(window, qtbot):
    g, ids = tanh_layer_graph()
    for k, nid in enumerate(["W", "a", "m", "t", "h"]):  # far apart: the sum is off-screen at the matmul's step
        g.move(ids[nid], (k * 900.0, 0.0))
    window.open_graph(g, None, "far apart")
    window.resize(1000, 700)
    window.show()
    qtbot.waitUntil(lambda: window.scene.evaluator.evaluation is not None)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_F6)
    controller = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key_Home)
    while controller.active_node() != ids["m"]:
        qtbot.keyClick(window.view, Qt.Key_Right)
    controller.finish_marker()
    QApplication.processEvents()
    sum_card = window.scene.node_item(ids["h"]).sceneBoundingRect()
    assert not visible_rect(window.view).intersects(sum_card)
    window.scene.clearSelection()
    window.scene.node_item(ids["t"]).setSelected(True)
    qtbot.keyClick(window.view, Qt.Key_Delete)
    qtbot.waitUntil(lambda: bool(controller.problem), timeout=5000)
    QApplication.processEvents()
    title = window.scene.overlay_presenter.overlay.title
    assert "paused" in title and "sum" in title
    window.grab().save("/tmp/student/paused_banner.png")
    assert visible_rect(window.view).contains(window.scene.node_item(ids["h"]).sceneBoundingRect())
