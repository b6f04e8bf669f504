"""Run → Step Forward and Last Step are greyed out at the last step, Step Back and First Step at
the first, in the menu as on the timeline's buttons; → at the last step leaves everything as it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui.animation_helpers import load, sin_of_product, start_backward


def enabled(window) -> dict[str, bool]:
    return {a: window.action(a).isEnabled() for a in ("step_forward", "last_step", "step_back", "first_step")}


def test_the_step_actions_follow_the_step(window, qtbot):
    load(window, sin_of_product(collapsed=False)[0])
    controller = start_backward(window, qtbot)
    controller.pause()
    controller.first()
    assert enabled(window) == {"step_forward": True, "last_step": True, "step_back": False, "first_step": False}
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()
    assert controller.k == 1
    assert all(enabled(window).values())
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    assert controller.k == controller.count - 1
    assert enabled(window) == {"step_forward": False, "last_step": False, "step_back": True, "first_step": True}
    timeline = window.animation.timeline
    assert not timeline.forward_button.isEnabled() and timeline.back_button.isEnabled()
    window.scene.select_nodes([window.graph.node_ids()[0]])
    card = window.scene.node_item(window.graph.node_ids()[0]).pos()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)  # nothing to step to: the card is not moved either
    assert controller.k == controller.count - 1 and controller.active
    assert window.scene.node_item(window.graph.node_ids()[0]).pos() == card
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert controller.k == controller.count - 2 and all(enabled(window).values())
    window.animation.stop()
    assert not any(enabled(window).values())
    window.undo_stack.setClean()
