"""A training run that cannot be kept: one that diverges, overflows or ends above its start stops, says
why (the dialog, the dock, the status bar) and changes nothing; its steps can still be looked at; a
stopped run not kept gives the dock back to the run the values come from; a long run shows progress
and Cancel leaves everything as it was."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog
from ui.training_helpers import (
    LINEAR,
    fill,
    ok_button,
    open_dialog,
    open_square_of_three,
    press_ok_expecting_a_stop,
    same,
    train_in_window,
    values_of,
)

from graphviz_app.ui.canvas.labels import number_text, value_preview
from graphviz_app.ui.training import controller as training_controller


def test_a_diverging_run_stops_says_why_and_leaves_the_values_alone(window, qtbot):
    """0.1, the old default: the loss grows 15-fold a step; training stops at step 3 and says so in
    the dialog (open, to take a smaller rate), the dock and the status bar; the cards keep their values."""
    window.files.open_example(LINEAR)
    theta = window.graph.find("theta")
    before = values_of(window, [theta])
    undo_index = window.undo_stack.index()
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "0.1", "100")
    message = press_ok_expecting_a_stop(dialog, qtbot)
    expected = (
        'Stopped at step 3 of 100: the loss "L" grew from 0.85 to 2536; '
        "the learning rate 0.1 is too large for this diagram (try 0.01). Training left the values as they were."
    )
    assert message == expected
    assert window.statusBar().currentMessage() == expected
    dock = window.training.dock
    assert dock.isVisible() and dock.stopped.isVisibleTo(dock) and dock.stopped.text() == expected
    # the curve shows the run up to the stop, its last loss the one that stopped it
    steps, losses = dock.plot.curve.getOriginalDataset()  # (drawn on a log scale: 0.85 to 2536)
    assert dock.log_box.isChecked()
    assert list(steps) == [0, 1, 2, 3] and losses[0] == pytest.approx(0.85) and losses[-1] > 2000
    ticks = [v for _, level in dock.plot.plot_item.getAxis("bottom").tickValues(0, 3, 1200) for v in level]
    assert sorted(set(ticks)) == [0, 1, 2, 3]  # (steps are whole numbers, even on a short run)
    assert dock.step_label.text() == "step 0 / 3 · loss 0.85"  # the cards hold the values before training
    assert same(values_of(window, [theta]), before) and window.undo_stack.index() == undo_index
    assert "0.1" not in value_preview(window.graph.node(theta).value)  # (θ = [0.5, 0.8] on its card)
    # a tenth of the rate, as suggested, trains from the same values
    fill(dialog, qtbot, "sgd", "0.01", "100")
    assert ok_button(dialog).isEnabled()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not dock.stopped.isVisibleTo(dock)
    assert window.statusBar().currentMessage().startswith("Trained 100 steps: L from 0.85 to ")
    qtbot.mouseClick(dock.last_button, Qt.MouseButton.LeftButton)
    assert not same(values_of(window, [theta]), before)
    window.action("undo").trigger()  # the good run is one undo step; the stopped one made none
    assert same(values_of(window, [theta]), before) and window.undo_stack.index() == undo_index


def test_the_steps_of_a_stopped_run_can_be_looked_at_and_undone(window, qtbot):
    window.files.open_example(LINEAR)
    theta = window.graph.find("theta")
    before = values_of(window, [theta])
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "momentum", "0.2", "50")
    assert "the learning rate 0.2 is too large" in press_ok_expecting_a_stop(dialog, qtbot)
    dialog.reject()
    result = window.training.run.result
    dock = window.training.dock
    assert dock.stopped.isVisibleTo(dock) and dock.slider.isEnabled()  # (still there once the dialog is closed)
    qtbot.mouseClick(dock.last_button, Qt.MouseButton.LeftButton)
    assert np.array_equal(window.graph.node(theta).value, result.values[-1][theta])
    assert dock.step_label.text().startswith(f"step {result.steps} / {result.steps} · loss ")
    window.action("undo").trigger()
    assert same(values_of(window, [theta]), before)


def test_a_stopped_run_not_kept_gives_the_dock_back_to_the_run_the_values_come_from(window, qtbot):
    """The walk: a good run, then one at too large a rate stops; Cancel keeps nothing of it, so the
    dock shows the good run again (stepping, undo and redo as before) and the status bar says so."""
    window.files.open_example(LINEAR)
    theta = window.graph.find("theta")
    start = values_of(window, [theta])
    good = train_in_window(window, qtbot, "sgd", "0.02", "100")
    trained = values_of(window, [theta])
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "5", "100")
    message = press_ok_expecting_a_stop(dialog, qtbot)
    assert message.startswith("Stopped at step 4 of 100: ")  # (from the trained values: 0.043 grows to 86.1)
    dock = window.training.dock
    assert dock.stopped.isVisibleTo(dock) and dock.step_label.text().startswith("step 0 / 4 · ")  # (while open)
    dialog.reject()
    assert window.statusBar().currentMessage() == (
        "Training stopped at step 4 of 100; values not applied. "
        "The Training dock shows the run the values come from again."
    )
    assert not dock.stopped.isVisibleTo(dock) and dock.slider.isEnabled()
    assert dock.step_label.text() == f"step 100 / 100 · loss {number_text(good.losses[-1])}"
    steps, _losses = dock.plot.curve.getOriginalDataset()
    assert len(steps) == 101 and same(values_of(window, [theta]), trained)
    qtbot.mouseClick(dock.first_button, Qt.MouseButton.LeftButton)  # the good run steps again
    assert same(values_of(window, [theta]), start) and dock.step_label.text().startswith("step 0 / 100 · ")
    qtbot.mouseClick(dock.last_button, Qt.MouseButton.LeftButton)
    window.action("undo").trigger()  # one undo step for the good run, as before: back to the start
    assert same(values_of(window, [theta]), start) and window.undo_stack.index() == 0
    window.action("redo").trigger()
    assert same(values_of(window, [theta]), trained) and dock.step_label.text().startswith("step 100 / 100 · ")


def test_a_first_run_that_stopped_stays_in_the_dock_when_not_kept(window, qtbot):
    """No run before it: the stopped run's step 0 is what the cards hold, so the dock keeps it."""
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "5", "100")
    press_ok_expecting_a_stop(dialog, qtbot)
    dialog.reject()
    assert window.statusBar().currentMessage() == "Training stopped at step 1 of 100; values not applied."
    dock = window.training.dock
    assert dock.stopped.isVisibleTo(dock) and dock.step_label.text().startswith("step 0 / ")


def test_a_loss_that_overflows_at_the_first_step_changes_nothing_and_says_so(window, qtbot, tmp_path):
    x = open_square_of_three(window, tmp_path)
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "1e160", "10")
    message = press_ok_expecting_a_stop(dialog, qtbot)
    assert message.startswith('Stopped at step 1 of 10: the loss "loss" grew from 9 to ∞; ')
    result = window.training.run.result
    assert result.steps == 0
    dock = window.training.dock
    assert dock.stopped.isVisibleTo(dock) and not dock.slider.isEnabled() and not dock.play_button.isEnabled()
    assert window.undo_stack.count() == 0 and float(window.graph.node(x).value) == 3.0
    dialog.reject()


def test_a_run_that_ends_above_its_start_is_not_called_trained(window, qtbot, tmp_path):
    """Walk 9: SGD at 500 on a softmax classifier ends 88 times above its start without ever
    reaching 1000 times it: the dialog, the dock and the status bar say what it did (ran every step,
    ended worse), nothing changes; closing the dialog says the values were not applied."""
    from classifier_helpers import classifier_file

    assert window.files.open_path(classifier_file(tmp_path), ask=False)
    variables = [n.id for n in window.graph.nodes() if n.is_trainable]
    before = values_of(window, variables)
    undo_index = window.undo_stack.index()
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "500", "50")
    message = press_ok_expecting_a_stop(dialog, qtbot)
    assert message.startswith(
        'Ran 50 steps and made the model worse: the loss "mlp" ended at 146.6, above its start 1.665'
    )
    assert "the learning rate 500 is too large" in message and message.endswith("left the values as they were.")
    assert window.statusBar().currentMessage() == message and not message.startswith("Trained")
    dock = window.training.dock
    assert dock.stopped.isVisibleTo(dock) and dock.stopped.text() == message
    assert same(values_of(window, variables), before) and window.undo_stack.index() == undo_index
    dialog.reject()
    assert window.statusBar().currentMessage() == "Training ran 50 steps and made the model worse; values not applied."


def test_a_long_run_shows_progress_and_cancel_leaves_everything_as_it_was(window, qtbot, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(training_controller, "PROGRESS_MS", 0)
    window.files.open_example(LINEAR)
    before = values_of(window, [n.id for n in window.graph.nodes() if n.is_input])
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "0.001", "100000")
    seen = []

    def cancel() -> None:
        bar = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()), None
        )
        if bar is None:
            QTimer.singleShot(20, cancel)
            return
        seen.append(bar.labelText())
        bar.cancel()

    QTimer.singleShot(20, cancel)
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert seen and seen[0].startswith("Training… step")
    assert dialog.isVisible() and "cancelled" in dialog.problem_label.text()
    assert window.undo_stack.count() == 0 and window.training.run is None
    assert same(values_of(window, before), before)
    dialog.reject()
