"""While an animation runs, the arrow keys are the animation's: ←/→ step it and ↑/↓ move no card
(no undo entry mid-lecture); once it ends, the arrows move the selection again. Help → Mouse and
Keyboard says so, with the keys the actions table gives the steps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui.animation_helpers import load, sin_of_product, start_backward

from graphviz_app.ui.actions_table import BY_ID


@pytest.mark.parametrize("shift", [False, True])
def test_up_and_down_move_no_card_while_stepping(window, qtbot, shift):
    load(window, sin_of_product(collapsed=False)[0])
    controller = start_backward(window, qtbot)
    controller.pause()
    controller.first()
    node = window.graph.node_ids()[0]
    window.scene.select_nodes([node])
    window.view.setFocus()
    before, edits = window.scene.node_item(node).pos(), window.undo_stack.count()
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()
    assert controller.k == 1
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Up):
        qtbot.keyClick(window.view, key, modifier)
    assert window.scene.node_item(node).pos() == before
    assert window.undo_stack.count() == edits and window.graph.node(node).pos == (before.x(), before.y())
    assert controller.active and controller.k == 1
    window.animation.stop()
    qtbot.keyClick(window.view, Qt.Key.Key_Up, modifier)  # the animation over: the arrows move cards again
    assert window.scene.node_item(node).pos().y() < before.y()
    assert window.undo_stack.count() == edits + 1
    window.undo_stack.setClean()


def test_the_help_says_what_the_arrows_do_during_an_animation(window, qtbot):
    window.action("gestures").trigger()
    dialog = window.gestures_dialog
    qtbot.waitExposed(dialog)
    text = " ".join(dialog.text().split())
    dialog.close()
    back, forward = (" or ".join(BY_ID[a].shortcuts) for a in ("step_back", "step_forward"))
    assert f"{back} and {forward} step back and forward" in text
    assert "Up and Down do nothing there (no card moves" in text
    assert "not while an animation runs: then the arrows are the animation's" in text
