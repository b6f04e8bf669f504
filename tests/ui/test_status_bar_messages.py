"""The status bar says what is true now: the hint for an empty graph goes once the graph has
nodes, a run's dialog replaces the last run's verdict, and an edit retires the gradient check's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox
from ui.animation_helpers import when_modal

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.animation import dialogs
from graphviz_app.ui.commands.nodes import AddNodeCommand

START_HINT = "Drag nodes from the palette"


@pytest.fixture
def fresh(qtbot):
    """A window as it opens (the shared fixture's layout choice writes its own message)."""
    from graphviz_app.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    return w


def status(window) -> str:
    return window.statusBar().currentMessage()


def test_a_graph_built_from_an_expression_replaces_the_hint(fresh, qtbot, monkeypatch):
    window = fresh
    assert START_HINT in status(window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("sum((y - Phi @ theta)**2)", True))
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
