"""Backward at a collapsed group's step lives through edits: the pass runs again and the group's
step (its numbers in the Inspector, its name, whether it is one step at all) is the edited graph's,
never the pass's before the edit."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.commands.groups import RenameGroupCommand
from graphviz_app.ui.commands.nodes import SetValueCommand

EXAMPLE = "08_two_layer_network_groups.json"
SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def timeline(window) -> str:
    return window.animation.timeline.step_label.text()


def inspector_texts(window) -> str:
    inspector = window.animation.inspector
    inspector.flush()
    return inspector.group_view.texts() if inspector.group_view.isVisible() else inspector.panel.texts()


def backward_to_layer2(window, qtbot) -> None:
    """Backward (F6), then → to layer2's step, which stands for its two steps."""
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    window.animation.controller.finish_marker()
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"


@pytest.fixture
def at_layer2(window, qtbot):
    """Example 08 with layer2 collapsed (Edit → Collapse Group), Backward at its step."""
    assert window.files.open_path(examples_dir() / EXAMPLE, ask=False)
    window.view.zoom_to_fit()
    window.scene.evaluator.refresh()
    QApplication.processEvents()
    layer2 = window.graph.groups.find("layer2")
    window.scene.clearSelection()
    window.scene.groups.frame_item(layer2.id).setSelected(True)
    window.action("collapse_group").trigger()
    assert window.graph.groups.get(layer2.id).collapsed
    backward_to_layer2(window, qtbot)
    yield window
    window.undo_stack.setClean()


def edit_w2(window, qtbot) -> None:
    """W2 := 5 everywhere (one undo step), and the pass runs again on the edited graph."""
    graph, controller = window.graph, window.animation.controller
    window.undo_stack.push(SetValueCommand(graph, graph.find("W2"), np.full((3, 4), 5.0)))
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    QApplication.processEvents()


def test_a_value_edit_at_a_group_step_shows_the_edited_pass_as_a_fresh_backward_does(at_layer2, qtbot):
    window = at_layer2
    before = inspector_texts(window)
    assert "layer2  ·  one step for the group" in before
    edit_w2(window, qtbot)
    after = inspector_texts(window)
    assert after != before  # (∂loss/∂logits and J_matmul₂ changed with W2)
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    # the same graph, Backward started afresh: the same step reads the same
    window.animation.controller.stop("")
    backward_to_layer2(window, qtbot)
    assert inspector_texts(window) == after


def test_a_value_edit_inside_a_group_dived_into_stays_inside(at_layer2, qtbot):
    window = at_layer2
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2")
    edit_w2(window, qtbot)
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2")
    assert window.action("dive_out").isEnabled() and not window.action("dive_in").isEnabled()


def test_a_renamed_group_steps_under_its_new_name(at_layer2, qtbot):
    window = at_layer2
    graph, controller = window.graph, window.animation.controller
    layer2 = graph.groups.find("layer2")
    window.undo_stack.push(RenameGroupCommand(graph, layer2.id, "output_layer"))
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    assert timeline(window) == "Backward · output_layer · steps 2–3 / 10"
    assert "output_layer  ·  one step for the group" in inspector_texts(window)


def test_after_ungroup_the_group_step_is_a_plain_step_again(at_layer2, qtbot):
    window = at_layer2
    controller = window.animation.controller
    layer2 = window.graph.groups.find("layer2")
    window.scene.clearSelection()
    window.scene.groups.card_item(layer2.id).setSelected(True)
    window.action("ungroup").trigger()
    assert layer2.id not in window.graph.groups
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    QApplication.processEvents()
    assert timeline(window) == "Backward · matmul₂ · step 3 / 10"
    assert "step 3 / 10" in window.scene.overlay_presenter.overlay.title
    assert not window.action("dive_in").isEnabled()
    assert "one step for the group" not in inspector_texts(window)
    # → now stops at every step: no group is stepped over
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert timeline(window) == "Backward · logits · step 2 / 10"
