"""The animation lives through edits: a value, a parameter or a connection changed during a pass
runs it again at the same step (or the nearest that still exists); an edit that breaks the graph
pauses it, with the error on the status bar and the cards, until a fix; a deleted output ends it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.animation_helpers import load, squares_graph, tanh_layer_graph, type_text, when_modal

from graphviz_app.ui import actions_table as table
from graphviz_app.ui.commands.edges import ConnectCommand
from graphviz_app.ui.commands.nodes import AddNodeCommand, RenameCommand, SetValueCommand
from graphviz_app.ui.value_editor import ValueEditorDialog


def start(window, qtbot, graph_and_ids, key=Qt.Key_F6):
    graph, ids = graph_and_ids
    graph = load(window, graph)
    qtbot.keyClick(window.view, key)
    c = window.animation.controller
    assert c.active
    return graph, ids, c


def settle(qtbot, c):
    """The scene evaluates an edit at the next event-loop turn; the pass follows."""
    qtbot.waitUntil(lambda: not c.stale)


def go_to(qtbot, window, c, node):
    while c.active_node() != node:
        qtbot.keyClick(window.view, Qt.Key_Right)


def type_value(qtbot, window, node, text):
    """Select the card, Ctrl+E, type into the value editor's first cell, Enter, Enter (OK)."""

    def act(dialog):
        type_text(qtbot, text)
        editor = QApplication.focusWidget()
        qtbot.keyClick(editor, Qt.Key_Return)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.grid)
        qtbot.keyClick(dialog.grid, Qt.Key_Return)

    window.scene.select_nodes([node])
    when_modal(ValueEditorDialog, act, focus=lambda d: d.grid)
    qtbot.keyClick(window.view, Qt.Key_E, Qt.ControlModifier)


def test_a_value_typed_during_backward_changes_the_gradients_in_place(window, qtbot):
    graph, ids, c = start(window, qtbot, squares_graph())
    go_to(qtbot, window, c, ids["x1"])
    k = c.k
    # y = (x1 + x2)² + (x1 − x2)² = 2·x1² + 2·x2², so ∂y/∂x1 = 4·x1
    badge = window.scene.overlay_presenter.overlay.node_badges[
        ids["x1"]
    ]  # two paths: "∂add₂/∂variable₁ =\n2 + 4 = 6  1×1"
    assert badge.startswith("∂add₂/∂variable₁ ") and badge.endswith("= 6  1×1")
    type_value(qtbot, window, ids["x1"], "2")
    assert float(graph.node(ids["x1"]).value) == 2.0
    settle(qtbot, c)
    assert c.active and c.k == k and c.active_node() == ids["x1"]
    assert window.scene.overlay_presenter.overlay.node_badges[ids["x1"]].endswith("= 8  1×1")
    assert "= 8" in window.animation.inspector.panel.texts()
    assert "ended" not in window.statusBar().currentMessage()
    window.undo_stack.undo()
    settle(qtbot, c)
    assert c.k == k and window.scene.overlay_presenter.overlay.node_badges[ids["x1"]].endswith("= 6  1×1")


def test_a_connection_edit_keeps_the_step_or_the_nearest(window, qtbot):
    graph, ids, c = start(window, qtbot, squares_graph())
    go_to(qtbot, window, c, ids["s1"])
    count = c.count
    window.undo_stack.push(SetValueCommand(graph, ids["x2"], 1.0))  # a value: the same step
    settle(qtbot, c)
    assert c.active_node() == ids["s1"] and c.count == count
    # y = square₁ + sub: square₂ leaves the pass
    window.undo_stack.push(ConnectCommand(graph, ids["u2"], ids["y"], 1))
    settle(qtbot, c)
    assert c.active and c.count == count - 1 and c.active_node() == ids["s1"]
    go_to(qtbot, window, c, ids["u2"])
    window.undo_stack.undo()  # sub back behind square₂: still there, still its step
    settle(qtbot, c)
    assert c.count == count and c.active_node() == ids["u2"]
    k = c.k
    window.undo_stack.push(ConnectCommand(graph, ids["s1"], ids["y"], 1))  # y = 2·square₁: sub leaves
    settle(qtbot, c)
    assert c.active and c.k == min(k, c.count - 1) and c.active_node() in {s.node for s in c.trace.steps}


def test_a_shape_error_pauses_the_pass_and_a_fix_resumes_it(window, qtbot):
    graph, ids, c = start(window, qtbot, tanh_layer_graph())
    go_to(qtbot, window, c, ids["m"])
    k = c.k
    window.undo_stack.push(SetValueCommand(graph, ids["a"], np.array([1.0, 2.0, 3.0])))
    settle(qtbot, c)
    assert c.active and c.problem and "matmul" in c.problem
    assert "matmul" in window.statusBar().currentMessage() and "resumes" in window.statusBar().currentMessage()
    assert window.scene.node_item(ids["m"]).state.error  # the card shows it
    assert (
        window.scene.overlay_presenter.overlay.title.startswith("Backward paused")
        and not window.scene.overlay_presenter.overlay.node_badges
    )
    assert "paused" in window.animation.timeline.step_label.text()
    timeline = window.animation.timeline
    buttons = (timeline.first_button, timeline.back_button, timeline.play_button, timeline.forward_button)
    assert not any(b.isEnabled() for b in (*buttons, timeline.last_button))
    # the Run menu's entries as the buttons (they are the same actions); Stop still ends the pass
    assert not any(window.action(a).isEnabled() for a in table.PLAYBACK) and window.action("stop").isEnabled()
    qtbot.keyClick(window.view, Qt.Key_Right)  # nothing to step through meanwhile
    qtbot.keyClick(window.view, Qt.Key_Space)
    assert not c.playing
    window.undo_stack.undo()
    settle(qtbot, c)
    assert c.active and not c.problem and c.k == k and c.active_node() == ids["m"]
    assert window.scene.overlay_presenter.overlay.node_badges and "Fixed" in window.statusBar().currentMessage()
    assert window.animation.timeline.step_label.text().endswith(f"step {k + 1} / {c.count}")
    assert timeline.play_button.isEnabled() and window.action("play").isEnabled()
    assert timeline.forward_button.isEnabled() == window.action("step_forward").isEnabled() == (k < c.count - 1)


def test_deleting_the_output_card_ends_the_pass_with_a_message(window, qtbot):
    graph, ids, c = start(window, qtbot, squares_graph())
    window.scene.select_nodes([ids["y"]])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Delete)
    assert ids["y"] not in graph
    qtbot.waitUntil(lambda: not c.active)
    assert window.scene.overlay_presenter.overlay is None
    assert window.statusBar().currentMessage().startswith("Deleted ")  # what the user did, then what it did to the pass
    assert 'The output "add₂" is no longer in the graph: the animation ended' in window.statusBar().currentMessage()


def test_an_undo_during_backward_says_what_it_undid_then_what_that_did_to_the_pass(window, qtbot):
    """sin added after the graph and Backward run from it: undoing the Connect pauses the pass,
    undoing the Add ends it; each time the status bar starts with "Undid: …" as without a pass,
    and an undone Add is not said to be "deleted"."""
    graph, ids = squares_graph()
    graph = load(window, graph)
    add = AddNodeCommand(graph, "op", "sin", pos=(600, 0))
    window.undo_stack.push(add)
    window.undo_stack.push(ConnectCommand(graph, ids["y"], add.node_id, 0))
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    assert c.active and c.trace.output == add.node_id
    window.undo_stack.undo()
    settle(qtbot, c)
    qtbot.waitUntil(lambda: "resumes" in window.statusBar().currentMessage())
    said = window.statusBar().currentMessage()
    assert c.active and c.problem
    assert said.startswith("Undid: Connect add₂ → sin. sin: its input is not connected"), said
    assert said.count("not connected") == 1 and said.endswith("(Backward resumes when this is fixed.)")
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not c.active)
    said = window.statusBar().currentMessage()
    assert said.startswith('Undid: Add sin. The output "sin" is no longer in the graph: the animation ended.'), said
    assert "deleted" not in said


def test_a_rename_shows_the_new_name_at_once(window, qtbot):
    graph, ids, c = start(window, qtbot, squares_graph())
    qtbot.keyClick(window.view, Qt.Key_End)
    window.undo_stack.push(RenameCommand(graph, ids["x1"], "p"))
    settle(qtbot, c)
    assert window.scene.overlay_presenter.overlay.node_badges[ids["x1"]].startswith("∂add₂/∂p ")
    go_to(qtbot, window, c, ids["x1"])  # the step's name, as the inspector and the title read it
    assert c.active_label() == "p"


def test_forward_values_follow_an_edit(window, qtbot):
    graph, ids, c = start(window, qtbot, squares_graph(), key=Qt.Key_F5)
    qtbot.keyClick(window.view, Qt.Key_End)
    assert window.scene.overlay_presenter.overlay.node_badges[ids["y"]].startswith("add₂ = 5 ")  # 2·1.5² + 2·0.5²
    window.undo_stack.push(SetValueCommand(graph, ids["x2"], 1.5))
    settle(qtbot, c)
    assert c.k == c.count - 1 and window.scene.overlay_presenter.overlay.node_badges[ids["y"]].startswith("add₂ = 9 ")


def test_forward_values_write_shapes_as_the_cards_do(window, qtbot):
    graph, ids, c = start(window, qtbot, tanh_layer_graph(), key=Qt.Key_F5)
    qtbot.keyClick(window.view, Qt.Key_End)
    overlay = window.scene.overlay_presenter.overlay
    assert overlay.node_badges[ids["W"]].split("\n")[0].endswith("∈ ℝ³ˣ²")  # as W's card footer: ℝ³ˣ²
    assert overlay.node_badges[ids["a"]].endswith(" = [1, 2]  ∈ ℝ²")
    assert overlay.node_badges[ids["h"]].endswith("∈ ℝ")
    assert [label.split()[-2:] for label in overlay.edge_labels.values()] == [
        ["∈", "ℝ³"]
    ]  # what the last step's wire carries in


def test_an_output_that_turns_into_a_vector_pauses_until_it_is_a_scalar_again(window, qtbot):
    graph, ids, c = start(window, qtbot, squares_graph())
    qtbot.keyClick(window.view, Qt.Key_End)
    k = c.k
    window.undo_stack.push(SetValueCommand(graph, ids["x1"], np.array([1.0, 2.0])))  # y is a vector now
    settle(qtbot, c)
    assert c.active and "seed" in c.problem and "add₂" in c.problem and "in ℝ²" in c.problem
    window.undo_stack.undo()
    settle(qtbot, c)
    assert c.active and not c.problem and c.k == k


def test_a_parameter_edit_changes_the_gradients_in_place(window, qtbot):
    from graphviz_app.core.graph import Graph
    from graphviz_app.ui.commands.nodes import SetParamsCommand

    g = Graph()
    x = g.add_node("variable", value=1.5, pos=(0, 0))
    p = g.add_node("op", "pow", pos=(200, 0))
    g.connect(x, p, 0)
    graph, _, c = start(window, qtbot, (g, {}))
    qtbot.keyClick(window.view, Qt.Key_End)
    k = c.k
    assert window.scene.overlay_presenter.overlay.node_badges[x] == "∂pow/∂variable = 3  1×1"  # 2·x
    window.undo_stack.push(SetParamsCommand(graph, p, {"p": 3.0}))
    settle(qtbot, c)
    assert c.k == k and window.scene.overlay_presenter.overlay.node_badges[x] == "∂pow/∂variable = 6.75  1×1"  # 3·x²
