"""Dive In on a collapsed group's step of Backward: enabled only there; it expands the group (one undo
step) and steps through its steps, the timeline, the status bar and the canvas's title saying which is
shown; Dive Out (or Esc) collapses it again and goes back to the group's step without ending the
animation (undoing the Expand when no edit came after it: the document as it was); stepping out of
its steps (→ past its last, ← before its first) collapses it the same way, or says for that step
that it stays expanded when edits came after Dive In; Undo right after Dive In is back at the
group's step. The group card's own Collapse or Expand Group at its step, and its right-click menu's
Dive In, dive in as Run → Dive In does. Diving in brings the group with the cards wired to it into
view. Dive In never drops the Redo history (it does not dive while an edit can be redone); starting
another pass, or closing the document, first collapses every group dived into as Dive Out does."""

from __future__ import annotations

import re

import numpy as np
import pytest
from group_graphs import layer_groups
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox
from ui.animation_helpers import load, right, start_backward
from ui.canvas_helpers import double_click

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.actions_table import BY_ID
from graphviz_app.ui.commands.groups import CollapseGroupCommand, GroupCommand
from graphviz_app.ui.commands.nodes import SetValueCommand
from graphviz_app.ui.window_menus import gestures_html

SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def at_layer2(window, qtbot):
    """Example 08 with layer2 collapsed, Backward at its step ("steps 2–3")."""
    assert window.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    window.view.zoom_to_fit()
    window.scene.evaluator.refresh()
    QApplication.processEvents()
    layer2 = window.graph.groups.find("layer2")
    frame = window.scene.groups.frame_item(layer2.id)
    r = frame.title_rect()
    double_click(window.view, frame.mapToScene(QPointF(r.left() + 30, r.center().y())))
    assert window.graph.groups.find("layer2").collapsed
    window.animation.run_backward()
    assert not window.action("dive_in").isEnabled()  # step 1, "loss": no group to dive into
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    window.animation.controller.finish_marker()
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    yield window
    window.undo_stack.setClean()


def timeline(window) -> str:
    return window.animation.timeline.step_label.text()


def enabled(window) -> tuple[bool, bool]:
    return window.action("dive_in").isEnabled(), window.action("dive_out").isEnabled()


def test_dive_in_is_enabled_only_at_a_group_step_and_says_where_inside(at_layer2, qtbot):
    window = at_layer2
    assert enabled(window) == (True, False)
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert timeline(window) == "Backward · logits · inside layer2: step 1 of 2 (step 2 / 10) · Esc leaves the group"
    assert window.statusBar().currentMessage() == "Inside layer2: step 1 of 2 (Esc leaves the group)"
    assert "inside layer2 · step 1 of 2 (2 / 10)" in window.scene.overlay_presenter.overlay.title
    assert enabled(window) == (False, True)
    tip = window.animation.timeline.step_label.toolTip()
    assert tip.startswith("Inside layer2: step 1 of 2: logits (Dive Out, ") and tip.endswith(
        ", collapses the group and goes back to its step)"
    )
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    window.animation.controller.finish_marker()
    assert window.statusBar().currentMessage() == "Inside layer2: step 2 of 2 (Esc leaves the group)"
    assert timeline(window).startswith("Backward · matmul₂ · inside layer2: step 2 of 2")


def test_stepping_out_of_a_dived_groups_steps_collapses_it_as_dive_out_does(at_layer2, qtbot):
    window, stack = at_layer2, at_layer2.undo_stack
    controller, layer2 = window.animation.controller, window.graph.groups.find("layer2").id
    stack.setClean()  # (as if just saved)
    steps_before = stack.index()
    bar = window.statusBar()

    def collapsed_and_clean() -> bool:
        return window.graph.groups.get(layer2).collapsed and stack.isClean() and stack.index() == steps_before

    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()
    # → past its last step: collapsed again (its Expand undone), on at the next stop after it
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()
    assert timeline(window) == "Backward · h · step 4 / 10"
    assert collapsed_and_clean() and not window.isWindowModified() and stack.redoText() == "Expand layer2"
    assert bar.currentMessage() == "Out of the steps of layer2: collapsed again."
    assert enabled(window) == (False, False) and window.action("stop").text() == "&Stop Animation"
    qtbot.keyClick(window.view, Qt.Key.Key_Right)  # the next step: the message was of the step before
    controller.finish_marker()
    assert "layer2" not in bar.currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"  # stepped over as one again
    # ← before its first step: the same, on at the stop before it
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert timeline(window) == "Backward · loss · step 1 / 10"
    assert collapsed_and_clean() and bar.currentMessage() == "Out of the steps of layer2: collapsed again."
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)  # Esc then ends the animation, the document as it was
    assert not controller.active and collapsed_and_clean() and not window.isWindowModified()


def test_inside_a_dived_group_the_timeline_has_a_position_per_step_of_the_group(at_layer2, qtbot):
    """The timeline has one position per stop: layer2 collapsed is one (its steps 2–3); dived into,
    its two steps are two positions, and the timeline's own keys step through them and out of
    them, which collapses the group again as → does."""
    window = at_layer2
    slider, layer2 = window.animation.timeline.slider, window.graph.groups.find("layer2").id
    assert (slider.value(), slider.maximum()) == (1, 8)  # loss, layer2, then the 8 other steps
    assert slider.toolTip() == "Timeline: drag to any stop (a collapsed group is one)"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert (slider.value(), slider.maximum()) == (1, 9)
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2 (step 2 / 10)")
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert (slider.value(), slider.maximum()) == (2, 9)
    assert "inside layer2: step 2 of 2 (step 3 / 10)" in timeline(window)
    qtbot.keyClick(slider, Qt.Key.Key_Right)  # out of its steps: collapsed again, one position
    assert window.graph.groups.get(layer2).collapsed
    assert timeline(window) == "Backward · h · step 4 / 10"
    assert (slider.value(), slider.maximum()) == (2, 8)
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10" and slider.value() == 1


def test_inside_a_group_whose_steps_are_scattered_the_keys_and_the_timeline_walk_all_its_steps(window, qtbot):
    """layer1 of example 07 holds steps 4–6 and 9–10 (b2 and W2 at 7 and 8 between them). Dived into,
    → from its 3rd step went out to b2, collapsing the group: its steps 9 and 10 were never reached.
    Inside it, →, ← and the timeline walk its own steps in order, 4, 5, 6, 9, 10, and leave it only
    past its last (on at b2, the stop after the group) or before its first (back at matmul₂)."""
    load(window, layer_groups())
    c = start_backward(window, qtbot)
    layer1 = window.graph.groups.find("layer1").id
    slider = window.animation.timeline.slider
    right(qtbot, window)
    right(qtbot, window)
    assert timeline(window) == "Backward · layer1 · steps 4–6, 9–10 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    inner = [("h", 4), ("add", 5), ("matmul₁", 6), ("b1", 9), ("W1", 10)]
    places = []
    for i, (name, step) in enumerate(inner, 1):
        if i > 1:
            right(qtbot, window)
        assert timeline(window).startswith(f"Backward · {name} · inside layer1: step {i} of 5 (step {step} / 10)")
        assert not window.graph.groups.get(layer1).collapsed
        places.append(slider.value())
    assert places == [2, 3, 4, 5, 6]  # head, matmul₂, then the group's steps side by side
    for i in (4, 3, 2, 1):  # ← walks them back
        qtbot.keyClick(window.view, Qt.Key.Key_Left)
        name, step = inner[i - 1]
        assert timeline(window).startswith(f"Backward · {name} · inside layer1: step {i} of 5 (step {step} / 10)")
    slider.setFocus()  # the timeline's own keys walk them too
    for i in (2, 3, 4, 5):
        qtbot.keyClick(slider, Qt.Key.Key_Right)
        assert f"inside layer1: step {i} of 5" in timeline(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)  # past its last: collapsed again, on at b2
    c.finish_marker()
    assert timeline(window) == "Backward · b2 · step 7 / 10" and window.graph.groups.get(layer1).collapsed
    assert window.statusBar().currentMessage() == "Out of the steps of layer1: collapsed again."
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert timeline(window) == "Backward · layer1 · steps 4–6, 9–10 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)  # before its first: back at matmul₂
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert timeline(window) == "Backward · matmul₂ · step 3 / 10" and window.graph.groups.get(layer1).collapsed
    window.undo_stack.setClean()


def test_stepping_out_after_an_edit_inside_leaves_the_group_expanded_and_says_so_for_that_step(at_layer2, qtbot):
    window, stack = at_layer2, at_layer2.undo_stack
    controller, layer2 = window.animation.controller, window.graph.groups.find("layer2").id
    bar = window.statusBar()
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    x = next(n.id for n in window.graph.nodes() if n.name == "x")
    stack.push(SetValueCommand(window.graph, x, window.graph.node(x).value * 2))  # an edit while inside
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    for _ in range(2):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        controller.finish_marker()
    assert timeline(window) == "Backward · h · step 4 / 10"
    assert not window.graph.groups.get(layer2).collapsed and stack.undoText() == "Edit the value of x"
    assert bar.currentMessage() == (
        "Out of the steps of layer2: it stays expanded (its Expand is not the last edit; "
        "Collapse or Expand Group, Ctrl+Alt+G, collapses it)."
    )
    qtbot.keyClick(window.view, Qt.Key.Key_Right)  # it does not outlive the step it was said of
    controller.finish_marker()
    assert "layer2" not in bar.currentMessage() and "inside" not in timeline(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert timeline(window).startswith("Backward · matmul₂ · inside layer2: step 2 of 2")  # still dived into


def test_dive_in_expands_the_group_on_the_canvas_as_one_undo_step_and_shows_its_cards(at_layer2, qtbot):
    window = at_layer2
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    layer2 = window.graph.groups.find("layer2")
    window.view.jump_to(1.0)
    window.view.centerOn(-5000, -5000)  # the group far out of view
    card = window.scene.groups.card_item(layer2.id)
    assert not window.view.mapToScene(window.view.viewport().rect()).boundingRect().intersects(card.sceneBoundingRect())
    steps_before = window.undo_stack.index()
    window.action("dive_in").trigger()  # Run → Dive In
    assert not window.graph.groups.get(layer2.id).collapsed
    assert window.undo_stack.index() == steps_before + 1
    assert window.undo_stack.undoText() == "Expand layer2"
    assert window.scene.groups.card_item(layer2.id) is None
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    logits = window.scene.node_items()[window.graph.find("logits")]
    assert logits.isVisible() and shown.contains(logits.sceneBoundingRect())  # the step shown is in view
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2")
    # Dive Out collapses it again (its Expand undone), back at the group's step
    window.action("dive_out").trigger()
    assert window.graph.groups.get(layer2.id).collapsed
    assert window.undo_stack.index() == steps_before and window.undo_stack.undoText() == "Collapse layer2"
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    assert window.animation.controller.active and enabled(window) == (True, False)


def test_a_dive_in_and_out_leaves_the_document_unmodified(at_layer2, qtbot):
    window, stack = at_layer2, at_layer2.undo_stack
    stack.setClean()  # (as if just saved)
    steps_before = stack.index()
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.isWindowModified()  # (the group is expanded: the model changed)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.graph.groups.find("layer2").collapsed
    assert stack.isClean() and not window.isWindowModified() and stack.index() == steps_before
    assert stack.redoText() == "Expand layer2"  # (taken back, as Edit → Undo would)
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    assert window.statusBar().currentMessage().startswith("Left layer2: collapsed again, back at its step")


def test_dive_out_after_an_edit_inside_collapses_the_group_as_one_more_undo_step(at_layer2, qtbot):
    window, stack = at_layer2, at_layer2.undo_stack
    controller = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    x = next(n.id for n in window.graph.nodes() if n.name == "x")
    stack.push(SetValueCommand(window.graph, x, window.graph.node(x).value * 2))  # an edit while inside
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.graph.groups.find("layer2").collapsed
    assert stack.undoText() == "Collapse layer2"  # the edit kept, after it the collapse
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    stack.undo()
    stack.undo()
    assert stack.undoText() == "Expand layer2"


def test_undo_right_after_dive_in_is_back_at_the_groups_step(at_layer2, qtbot):
    window = at_layer2
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Edit → Undo: Expand layer2
    assert window.graph.groups.find("layer2").collapsed
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    assert "layer2 · steps 2–3 / 10" in window.scene.overlay_presenter.overlay.title
    assert enabled(window) == (True, False) and window.action("stop").text() == "&Stop Animation"
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert timeline(window) == "Backward · h · step 4 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)  # Dive In again
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2")


def test_esc_inside_leaves_the_group_and_a_second_esc_ends_the_animation(at_layer2, qtbot):
    window = at_layer2
    controller = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert controller.active
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    assert window.statusBar().currentMessage().startswith("Left layer2: collapsed again, back at its step")
    assert enabled(window) == (True, False)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not controller.active
    assert window.statusBar().currentMessage() == "Animation ended."


def test_the_words_of_a_dive_last_only_for_their_step(at_layer2, qtbot):
    """ "Left layer2 …" (Esc inside) and a refused Dive In are said of the group's step only: the
    next steps name the pass again, as steps where no dive happened do."""
    window = at_layer2
    controller, bar = window.animation.controller, window.statusBar()
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert bar.currentMessage().startswith("Left layer2: collapsed again")
    for step in ("h", "add"):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        controller.finish_marker()
        assert timeline(window).startswith(f"Backward · {step} · step ")
        assert bar.currentMessage() == 'Backward from "loss": 10 steps'
    # a Dive In refused (an undone edit could be redone): said at the group's step, gone at the next
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    x = next(n.id for n in window.graph.nodes() if n.name == "x")
    window.undo_stack.push(SetValueCommand(window.graph, x, window.graph.node(x).value * 2))
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert bar.currentMessage().startswith("Dive In would expand layer2")
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()
    assert bar.currentMessage() == 'Backward from "loss": 10 steps'


def test_dive_out_by_its_shortcut_returns_to_the_group_step(at_layer2, qtbot):
    window = at_layer2
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    keys = QKeySequence(BY_ID["dive_out"].shortcuts[0])[0]
    qtbot.keyClick(window.view, keys.key(), keys.keyboardModifiers())
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    assert window.animation.controller.active and enabled(window) == (True, False)


def test_mouse_and_keyboard_lists_dive_out():
    text = gestures_html()
    assert "Dive Out" in text and QKeySequence("Alt+Up").toString(QKeySequence.SequenceFormat.NativeText) in text


def test_the_run_menus_stop_entry_says_it_leaves_the_group_inside_and_stops_outside(at_layer2, qtbot):
    window = at_layer2
    controller, stop = window.animation.controller, window.action("stop")
    assert stop.text() == "&Stop Animation"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert stop.text() == "Leave layer2 (Esc Again &Stops)"  # what a click (or Esc) does now
    # in Title Case but the group's name, as written; Stop's own mnemonic, distinct in the Run menu
    run_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Run")
    texts = [a.text() for a in run_menu.actions() if not a.isSeparator()]
    letters = [re.search(r"&(\w)", t).group(1).lower() for t in texts]
    assert len(set(letters)) == len(letters), texts
    assert stop.shortcut().toString() == "Esc"
    stop.trigger()  # Run → the entry: leaves the group, as it says
    assert controller.active and timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    assert stop.text() == "&Stop Animation"
    stop.trigger()
    assert not controller.active and window.statusBar().currentMessage() == "Animation ended."


def test_mouse_and_keyboard_tells_what_esc_does_inside_a_group():
    text = gestures_html()
    assert "Stop Animation" in text and "first leaves the group" in text and "a second Esc ends" in text


def test_paused_by_a_problem_inside_a_group_esc_ends_and_dive_out_waits(at_layer2, qtbot):
    window = at_layer2
    controller, stop = window.animation.controller, window.action("stop")
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    inside = timeline(window)
    x = next(n.id for n in window.graph.nodes() if n.name == "x")
    window.undo_stack.push(SetValueCommand(window.graph, x, np.array([1.0, 2.0])))  # a shape error
    qtbot.waitUntil(lambda: bool(controller.problem))
    assert enabled(window) == (False, False) and stop.text() == "&Stop Animation"
    keys = QKeySequence(BY_ID["dive_out"].shortcuts[0])[0]
    qtbot.keyClick(window.view, keys.key(), keys.keyboardModifiers())  # Dive Out: nothing to leave while paused
    assert "Left layer2" not in window.statusBar().currentMessage()
    window.undo_stack.undo()  # fixed: the same step inside the group shows again
    qtbot.waitUntil(lambda: not controller.problem and "paused" not in timeline(window))
    assert timeline(window) == inside and enabled(window) == (False, True)
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: bool(controller.problem))
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)  # paused: Esc ends the animation
    assert not controller.active and window.statusBar().currentMessage() == "Animation ended."


def test_dive_in_on_a_group_holding_a_collapsed_group_steps_over_the_inner_one_and_esc_leaves_the_innermost(
    window, qtbot
):
    """Example 08 with "net" = layer1 ∪ layer2, both net and layer2 collapsed."""
    assert window.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    graph, stack = window.graph, window.undo_stack
    stack.push(GroupCommand(graph, list(graph.groups.find("layer1").nodes | graph.groups.find("layer2").nodes), "net"))
    for name in ("layer2", "net"):
        stack.push(CollapseGroupCommand(graph, graph.groups.find(name).id, True))
    window.scene.evaluator.refresh()
    stack.setClean()
    window.animation.run_backward()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert timeline(window) == "Backward · net · steps 2–6 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    # its first step: layer2's (collapsed inside it, one step), with the group's own title and wires
    layer2 = "Backward · layer2 · inside net: step 1 of 4 (steps 2–3 / 10) · Esc leaves the group"
    assert timeline(window) == layer2
    assert "layer2 · inside net · step 1 of 4 (steps 2–3 / 10)" in window.scene.overlay_presenter.overlay.title
    assert window.scene.overlay_presenter.overlay.edge_labels  # (the wires into layer2, labelled)
    assert enabled(window) == (True, True)
    names = [timeline(window).split(" · ")[1]]
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        names.append(timeline(window).split(" · ")[1])
    assert names == ["layer2", "h", "add", "matmul₁"]  # each card once
    assert timeline(window).endswith("inside net: step 4 of 4 (step 6 / 10) · Esc leaves the group")
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert timeline(window) == layer2
    # into layer2 as well; Esc leaves layer2 (the innermost), still inside net
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2")
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.statusBar().currentMessage().startswith("Left layer2: collapsed again")
    assert graph.groups.find("layer2").collapsed and not graph.groups.find("net").collapsed
    assert timeline(window) == layer2
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.statusBar().currentMessage().startswith("Left net: collapsed again")
    assert graph.groups.find("net").collapsed and timeline(window) == "Backward · net · steps 2–6 / 10"
    assert stack.isClean()  # both Expands taken back
    # → out of layer2 into net's next step: layer2 left (named), still inside net (said too)
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    right(qtbot, window)
    right(qtbot, window)
    assert timeline(window).startswith("Backward · h · inside net: step 2 of 4")
    assert "inside net · step 2 of 4 (4 / 10)" in window.scene.overlay_presenter.overlay.title  # (as now, not 3 of 5)
    assert graph.groups.find("layer2").collapsed and not graph.groups.find("net").collapsed
    bar = window.statusBar()
    assert bar.currentMessage() == (
        "Out of the steps of layer2: collapsed again. Inside net: step 2 of 4 (Esc leaves the group)"
    )
    # ← from layer2's first step out of both at once: both named
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2")
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert timeline(window) == "Backward · loss · step 1 / 10"
    assert bar.currentMessage() == "Out of the steps of layer2 and net: collapsed again."
    assert graph.groups.find("layer2").collapsed and graph.groups.find("net").collapsed and stack.isClean()


def test_the_group_cards_collapse_or_expand_at_its_step_dives_in_at_its_first_step(at_layer2, qtbot):
    window, stack = at_layer2, at_layer2.undo_stack
    stack.setClean()
    layer2 = window.graph.groups.find("layer2").id
    window.scene.clearSelection()
    window.scene.groups.card_item(layer2).setSelected(True)
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert not window.graph.groups.get(layer2).collapsed
    assert timeline(window) == "Backward · logits · inside layer2: step 1 of 2 (step 2 / 10) · Esc leaves the group"
    assert enabled(window) == (False, True)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)  # as after Dive In: collapsed again, the document as it was
    assert window.graph.groups.get(layer2).collapsed and stack.isClean()
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"


def menu_entries(window, item) -> dict[str, bool]:
    menu = window.canvas_menus.build(item, item.sceneBoundingRect().center())
    return {a.text(): a.isEnabled() for a in menu.actions() if not a.isSeparator()}


def test_the_group_cards_menu_at_its_step_offers_dive_in(at_layer2, qtbot):
    window = at_layer2
    layer2, layer1 = window.graph.groups.find("layer2").id, window.graph.groups.find("layer1").id
    card = window.scene.groups.card_item(layer2)
    dive_in = BY_ID["dive_in"].text
    assert menu_entries(window, card) == {
        dive_in: True,
        BY_ID["collapse_group"].text: True,
        BY_ID["rename_group"].text: True,
        BY_ID["ungroup"].text: True,
    }
    assert dive_in not in menu_entries(window, window.scene.groups.frame_item(layer1))  # not its step
    menu = window.canvas_menus.build(card, card.sceneBoundingRect().center())
    next(a for a in menu.actions() if a.text() == dive_in).trigger()
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2")
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.keyClick(window.view, Qt.Key.Key_Left)  # the loss's step: no group's step, no Dive In
    assert dive_in not in menu_entries(window, window.scene.groups.card_item(layer2))


def test_dive_in_brings_the_group_and_the_card_it_feeds_into_view_with_a_margin(at_layer2, qtbot):
    window = at_layer2
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    view = window.view
    layer2 = window.graph.groups.find("layer2").id
    card = window.scene.groups.card_item(layer2)
    view.jump_to(1.0)
    view.centerOn(card.sceneBoundingRect().center() + QPointF(250, 0))  # the group cut at the left edge
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert not shown.contains(card.sceneBoundingRect())
    qtbot.keyClick(view, Qt.Key.Key_I, SHIFT_CTRL)
    zoom = view.zoom()
    margin = 20 / zoom  # (screen pixels)
    room = view.mapToScene(view.viewport().rect()).boundingRect().adjusted(margin, margin, -margin, -margin)
    frame = window.scene.groups.frame_item(layer2).sceneBoundingRect()
    loss = window.scene.node_items()[window.graph.find("loss")].sceneBoundingRect()  # where ∂loss/∂logits comes from
    assert room.contains(frame) and room.contains(loss), (room, frame, loss)
    assert zoom >= 0.7 - 1e-9  # (readable)


def test_dive_in_never_throws_away_the_redo_history(at_layer2, qtbot):
    """Dive In pushes an Expand, which would drop every undone edit: while one can be redone it
    does not dive, and says why and what to do."""
    window, stack = at_layer2, at_layer2.undo_stack
    controller, layer2 = window.animation.controller, window.graph.groups.find("layer2").id
    x = next(n.id for n in window.graph.nodes() if n.name == "x")
    stack.push(SetValueCommand(window.graph, x, window.graph.node(x).value * 2))
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    stack.undo()
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    assert stack.redoText() == "Edit the value of x" and timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert stack.redoText() == "Edit the value of x" and window.graph.groups.get(layer2).collapsed
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    assert window.statusBar().currentMessage() == (
        "Dive In would expand layer2 and lose Redo of “Edit the value of x”: redo or edit first."
    )
    stack.redo()  # redone: nothing left to lose, Dive In dives
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2")


@pytest.mark.parametrize("start", ["run_backward", "run_values", "run_forward_mode", "run_gradcheck"])
def test_starting_a_pass_inside_a_group_collapses_it_again_and_leaves_the_document_as_it_was(
    at_layer2, qtbot, monkeypatch, start
):
    window, stack = at_layer2, at_layer2.undo_stack
    layer2 = window.graph.groups.find("layer2").id
    stack.setClean()  # (as if just saved)
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert window.isWindowModified()
    if start == "run_forward_mode":  # (its dialog answered Cancel: the dive is left all the same)
        from graphviz_app.ui.animation import setup

        monkeypatch.setattr(setup.TangentDialog, "exec", lambda _self: 0)
    if start == "run_gradcheck":
        from graphviz_app.ui.animation import gradcheck_dialog

        monkeypatch.setattr(gradcheck_dialog.GradCheckDialog, "show", lambda _self: None)
    getattr(window.animation, start)()
    assert window.graph.groups.get(layer2).collapsed
    assert stack.isClean() and not window.isWindowModified() and stack.undoText() == "Collapse layer2"


def test_closing_the_window_inside_a_group_asks_no_question_when_only_watched(at_layer2, qtbot):
    window, stack = at_layer2, at_layer2.undo_stack
    stack.setClean()
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    asked = []
    window.files.ask_unsaved = lambda: asked.append(1) or QMessageBox.StandardButton.Cancel
    assert window.close()
    assert not asked and stack.isClean() and window.graph.groups.find("layer2").collapsed


def test_undoing_ones_own_collapse_at_the_groups_step_then_stepping_out_says_only_what_is_true(at_layer2, qtbot):
    """The group expanded by Edit → Undo of the user's own Collapse (no Dive In, no edit after it):
    stepping out of its steps leaves it expanded, in words true whatever expanded it."""
    window, stack = at_layer2, at_layer2.undo_stack
    layer2 = window.graph.groups.find("layer2").id
    assert stack.undoText() == "Collapse layer2"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.graph.groups.get(layer2).collapsed
    for _ in range(2):
        right(qtbot, window)
    assert timeline(window) == "Backward · h · step 4 / 10"
    message = window.statusBar().currentMessage()
    assert message == (
        "Out of the steps of layer2: it stays expanded (its Expand is not the last edit; "
        "Collapse or Expand Group, Ctrl+Alt+G, collapses it)."
    )
    assert "Dive In" not in message and "edited" not in message
    assert not window.graph.groups.get(layer2).collapsed and stack.redoText() == "Collapse layer2"


def test_after_a_dive_in_and_out_dive_in_into_another_group_works(window, qtbot):
    """Leaving a dive puts its Expand on Redo; that Redo is the dive's own, so the next group's
    Dive In drops it rather than refusing."""
    assert window.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    stack = window.undo_stack
    for name in ("layer1", "layer2"):
        group = window.graph.groups.find(name)
        if not group.collapsed:
            stack.push(CollapseGroupCommand(window.graph, group.id, True))
    window.scene.groups.later.place_held_cards()
    window.scene.evaluator.refresh()
    QApplication.processEvents()
    window.animation.run_backward()
    right(qtbot, window)
    window.animation.controller.finish_marker()
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert stack.redoText() == "Expand layer2" and timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    right(qtbot, window)
    window.animation.controller.finish_marker()
    assert timeline(window) == "Backward · layer1 · steps 4–6 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert timeline(window).startswith("Backward · h · inside layer1: step 1 of 3")
    assert not window.graph.groups.find("layer1").collapsed and window.graph.groups.find("layer2").collapsed
    assert not stack.canRedo() and stack.undoText() == "Expand layer1"
    stack.setClean()


def test_a_dive_in_still_refuses_when_redo_holds_a_users_edit_after_a_dives_expand(at_layer2, qtbot):
    window, stack = at_layer2, at_layer2.undo_stack
    controller = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    x = next(n.id for n in window.graph.nodes() if n.name == "x")
    stack.push(SetValueCommand(window.graph, x, window.graph.node(x).value * 2))
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    stack.undo()
    stack.undo()  # the Expand too: Redo holds it, then the user's edit
    qtbot.waitUntil(lambda: not controller.stale, timeout=5000)
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)  # the next Redo is this group's Expand: redone
    assert timeline(window).startswith("Backward · logits · inside layer2: step 1 of 2")
    assert stack.redoText() == "Edit the value of x"


def test_closing_inside_a_group_then_cancel_says_the_group_was_left(at_layer2, qtbot):
    """The question comes after the dive is left (an unmodified document is closed without it):
    Cancel keeps the window, at the group's step, and the status bar says so, not "Undid: …"."""
    window, stack = at_layer2, at_layer2.undo_stack  # (modified: layer2 collapsed since the load)
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    asked = []
    window.files.ask_unsaved = lambda: asked.append(1) or QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert asked and window.graph.groups.find("layer2").collapsed and stack.redoText() == "Expand layer2"
    assert timeline(window) == "Backward · layer2 · steps 2–3 / 10"
    assert window.statusBar().currentMessage() == (
        "Left layer2: collapsed again, back at its step (Esc ends the animation)."
    )
    right(qtbot, window)  # the words were of that step only
    assert window.statusBar().currentMessage() != "Undid: Expand layer2"


def test_saving_inside_a_group_then_closing_asks_nothing_and_keeps_the_dive(at_layer2, qtbot, tmp_path):
    window, stack = at_layer2, at_layer2.undo_stack
    qtbot.keyClick(window.view, Qt.Key.Key_I, SHIFT_CTRL)
    assert window.files.save_to(tmp_path / "dived.json")  # (the file holds layer2 expanded)
    assert stack.isClean() and not window.isWindowModified()
    asked = []
    window.files.ask_unsaved = lambda: asked.append(1) or QMessageBox.StandardButton.Cancel
    assert window.close()
    assert not asked and not window.graph.groups.find("layer2").collapsed and stack.isClean()
