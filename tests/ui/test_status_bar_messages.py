"""The status bar says what is true now: the hint for an empty graph goes once the graph has
nodes, a run's dialog replaces the last run's verdict, and an edit retires the gradient check's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from ui.animation_helpers import when_modal
from ui.canvas_helpers import window_of_size
from ui.expression_helpers import answer_expression

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.animation import dialogs
from graphviz_app.ui.commands.nodes import AddNodeCommand

START_HINT = "Drag nodes from the palette"


@pytest.fixture
def fresh(qtbot):
    """A window as it opens (the shared fixture's layout choice writes its own message)."""
    return window_of_size(qtbot, (1280, 800))


def status(window) -> str:
    return window.statusBar().currentMessage()


def test_a_graph_built_from_an_expression_replaces_the_hint(fresh, qtbot, monkeypatch):
    window = fresh
    assert START_HINT in status(window)
    answer_expression(monkeypatch, "sum((y - Phi @ theta)**2)")
    window.action("from_expression").trigger()
    qtbot.waitUntil(lambda: window.scene.evaluator.evaluation is not None)
    assert START_HINT not in status(window)
    assert "sum((y - Phi @ theta)**2)" in status(window) and f"{len(window.graph)} nodes" in status(window)


def test_a_node_added_by_hand_retires_the_hint_and_an_empty_graph_brings_it_back(fresh, qtbot):
    window = fresh
    assert START_HINT in status(window)
    window.undo_stack.push(AddNodeCommand(window.graph, "variable"))
    qtbot.waitUntil(lambda: START_HINT not in status(window), timeout=3000)
    window.statusBar().clearMessage()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: START_HINT in status(window), timeout=3000)


def test_the_forward_mode_dialog_replaces_the_gradient_check_verdict(window, qtbot):
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    window.action("gradcheck").trigger()
    qtbot.addWidget(window.animation.gradcheck_dialog)
    window.animation.gradcheck_dialog.close()
    assert status(window) == "Gradient check passed."
    seen = []

    def read_and_cancel(dialog):
        seen.append(status(window))
        dialog.reject()

    when_modal(dialogs.TangentDialog, read_and_cancel)
    window.action("forward_mode").trigger()
    assert seen and "passed" not in seen[0] and "Forward mode" in seen[0] and "direction" in seen[0]
    assert status(window) == "Forward mode cancelled."


def test_an_accepted_forward_mode_says_what_runs(window, qtbot):
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    when_modal(dialogs.TangentDialog, lambda dialog: dialog.done(QDialog.Accepted))
    window.action("forward_mode").trigger()
    assert status(window).startswith("Forward mode:") and "steps" in status(window)


def test_an_edit_retires_the_gradient_check_verdict(window, qtbot):
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    qtbot.keyClick(window.view, Qt.Key_F7)
    qtbot.addWidget(window.animation.gradcheck_dialog)
    window.animation.gradcheck_dialog.close()
    assert status(window) == "Gradient check passed."
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    qtbot.waitUntil(lambda: "Gradient check" not in status(window), timeout=3000)


# ------------------------------------------------- every edit says what it did
def key(window, qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.view, k, modifier)


CTRL = Qt.KeyboardModifier.ControlModifier


def test_delete_undo_redo_say_what_they_did_and_replace_the_message_before(window, qtbot):
    assert window.files.open_example(examples_dir() / "07_two_layer_network.json")
    assert status(window).startswith("Opened the example")
    count = len(window.graph)
    key(window, qtbot, Qt.Key_A, CTRL)
    key(window, qtbot, Qt.Key_Delete)
    assert len(window.graph) == 0
    assert status(window).startswith(f"Deleted {count} nodes. {START_HINT}")  # and how to start again
    key(window, qtbot, Qt.Key_Z, CTRL)
    assert status(window) == f"Undid: Delete {count} nodes" and len(window.graph) == count
    key(window, qtbot, Qt.Key_Y, CTRL)
    assert status(window).startswith(f"Redid: Delete {count} nodes")
    key(window, qtbot, Qt.Key_Z, CTRL)
    window.view.editor.add_node_at("op", "exp", window.view.mapToScene(0, 0))  # a new edit where Redo was
    assert status(window) == "Added exp"


def test_the_same_edit_again_after_an_undo_is_said_as_done_not_redone(window, qtbot):
    """Delete, Undo, Delete again: the stack's index, count and texts are those of a Redo."""
    assert window.files.open_example(examples_dir() / "07_two_layer_network.json")
    count = len(window.graph)
    key(window, qtbot, Qt.Key_A, CTRL)
    key(window, qtbot, Qt.Key_Delete)
    key(window, qtbot, Qt.Key_Z, CTRL)
    assert status(window) == f"Undid: Delete {count} nodes"
    key(window, qtbot, Qt.Key_A, CTRL)
    key(window, qtbot, Qt.Key_Delete)
    assert status(window).startswith(f"Deleted {count} nodes")


def test_copy_paste_duplicate_and_cut_say_how_many_nodes(window, qtbot):
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    count = len(window.graph)
    key(window, qtbot, Qt.Key_A, CTRL)
    key(window, qtbot, Qt.Key_C, CTRL)
    assert status(window) == f"Copied {count} nodes: Ctrl+V pastes them"
    window.action("paste").trigger()
    assert status(window) == f"Pasted {count} nodes"
    window.action("duplicate").trigger()
    assert status(window) == f"Duplicated {count} nodes"
    window.action("cut").trigger()
    assert status(window) == f"Cut {count} nodes"
    window.scene.select_nodes([window.graph.find("x")])
    key(window, qtbot, Qt.Key_C, CTRL)
    assert status(window) == "Copied 1 node: Ctrl+V pastes it"


def test_trainable_says_which_variable_trains_or_is_frozen(window, qtbot):
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    x = window.graph.find("x")
    window.scene.select_nodes([x])
    window.action("trainable").trigger()
    assert status(window) == "Froze x"
    window.action("trainable").trigger()
    assert status(window) == "Made x trainable"


def test_auto_layout_says_what_it_moved_or_that_nothing_moved(window, qtbot):
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    key(window, qtbot, Qt.Key_L, CTRL)
    first = status(window)
    key(window, qtbot, Qt.Key_L, CTRL)
    assert first.startswith("Auto Layout moved ") or "already in place" in first
    assert status(window) == "Auto Layout: every node is already in place"


def test_a_refused_rename_message_goes_at_the_next_rename(window, qtbot):
    from ui.canvas_helpers import node_of

    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    sin = node_of(window, "sin")
    window.scene.select_nodes([sin])
    key(window, qtbot, Qt.Key_F2)
    key(window, qtbot, Qt.Key_Delete)
    qtbot.keyClicks(window.view, "2x")
    key(window, qtbot, Qt.Key_Return)
    assert "cannot start with a digit" in status(window)
    key(window, qtbot, Qt.Key_Delete)
    qtbot.keyClicks(window.view, "s")
    key(window, qtbot, Qt.Key_Return)
    assert window.graph.node(sin).name == "s"
    assert status(window) == "Renamed y to s"


def test_undoing_a_group_says_so(window, qtbot):
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    key(window, qtbot, Qt.Key_A, CTRL)
    key(window, qtbot, Qt.Key_G, CTRL)
    assert status(window).startswith("Grouped as group₁")
    key(window, qtbot, Qt.Key_Z, CTRL)
    assert status(window).startswith("Undid: Group") and "Grouped" not in status(window)


def test_a_group_name_with_spaces_is_quoted_as_typed(window, qtbot):
    """Only the command's own verb goes into the past: a group called "scale and add" keeps its words."""
    from graphviz_app.ui.commands.groups import GroupCommand, RenameGroupCommand

    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    g = window.graph
    ops = [n.id for n in g.nodes() if n.kind == "op"]
    window.undo_stack.push(GroupCommand(g, ops, "scale and add"))
    assert status(window).startswith("Grouped 2 nodes as scale and add")
    group = next(iter(g.groups)).id
    window.undo_stack.push(RenameGroupCommand(g, group, "encode and group"))
    assert status(window) == "Renamed the group scale and add to encode and group"


def test_a_graph_of_one_node_says_one_node(fresh, qtbot, monkeypatch):
    answer_expression(monkeypatch, "x")
    fresh.action("from_expression").trigger()
    assert status(fresh) == "New graph of x: 1 node (Undo empties the canvas)."


def test_an_edit_that_leaves_a_problem_says_both_what_it_did_and_the_problem(fresh, qtbot):
    window = fresh
    window.palette_dock.activated.emit("op", "matmul")  # as a double-click in the palette does
    qtbot.waitUntil(lambda: "not connected" in status(window))
    said = status(window)
    assert said.startswith("Added matmul") and "matmul: inputs A and B are not connected" in said


def test_a_greek_name_is_said_as_the_card_shows_it(window, qtbot):
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    x = window.graph.find("x")
    window.scene.select_nodes([x])
    key(window, qtbot, Qt.Key_F2)
    qtbot.keyClicks(window.view, "alpha")
    key(window, qtbot, Qt.Key_Return)
    from graphviz_app.core.naming import display_label

    assert window.graph.node(x).name == "alpha" and display_label(window.graph, x) == "α"
    assert status(window) == "Renamed x to α"
    assert window.action("undo").text().replace("&", "") == "Undo Rename x to α"


def test_live_gradients_on_and_off_say_so(window, qtbot):
    from graphviz_app.ui.settings import app_settings

    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    try:
        window.action("live_gradients").trigger()
        assert status(window).startswith("Live gradients on")
        window.action("live_gradients").trigger()
        assert status(window).startswith("Live gradients off")
        window.action("new").trigger()  # an empty graph: nothing to show yet, and it says when they will
        window.action("live_gradients").trigger()
        assert status(window).startswith("Live gradients on: they show once the graph has an output")
        window.action("live_gradients").trigger()
        x = window.graph.add_node("variable", value=1.0, pos=(0, 0))
        window.graph.add_node("variable", value=2.0, pos=(0, 200))  # two ends: no output yet
        window.action("live_gradients").trigger()
        assert "once the graph has one output" in status(window)
        assert "right-click a node → Set as Output" in status(window)  # (as every message says it)
        window.action("live_gradients").trigger()
        window.graph.set_output(x)
        window.action("live_gradients").trigger()
        assert status(window).startswith("Live gradients on: each card shows its gradient")
    finally:
        app_settings().setValue("view/live_gradients", False)  # other tests' windows start without it


def test_a_cancelled_train_dialog_says_so_instead_of_a_stale_message(window, qtbot):
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    assert status(window).startswith("Opened the example")
    window.action("train").trigger()
    dialog = window.training.dialog
    qtbot.waitExposed(dialog)
    dialog.reject()
    assert status(window) == "Training cancelled."


def test_on_an_empty_graph_every_run_and_auto_layout_say_the_same_sentence(window, qtbot):
    """Backward, Forward, Gradient Check said "The graph is empty: …"; Train… opened its dialog
    ("Choose the output first …") and Auto Layout said every node was in place. All now say the
    same in the status bar, and no dialog opens."""
    from PySide6.QtWidgets import QApplication

    assert len(window.graph) == 0
    for k, modifier in ((Qt.Key_F6, None), (Qt.Key_F8, None), (Qt.Key_L, CTRL), (Qt.Key_F5, None), (Qt.Key_F7, None)):
        window.statusBar().clearMessage()
        key(window, qtbot, k, modifier or Qt.KeyboardModifier.NoModifier)
        assert status(window) == "The graph is empty: add a variable and an operation first.", k
        assert QApplication.activeModalWidget() is None and window.training.dialog is None, k
    assert len(window.graph) == 0 and window.undo_stack.count() == 0
