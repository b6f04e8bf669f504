"""What Run → Train… does in the window: its numbers equal `graphviz-app train`'s, the run is one undo step
(Undo, Redo and Reset put the values back exactly), the default settings train the linear model, and the
status bar, the dock and the message write the loss and the rate as the cards write numbers."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from ui.training_helpers import (
    LINEAR,
    NETWORK,
    cli_train,
    fill,
    ok_button,
    open_dialog,
    same,
    train_in_window,
    values_of,
)

from graphviz_app.core import fileformat
from graphviz_app.ui.canvas.labels import number_text


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_training_in_the_window_gives_the_numbers_of_the_command_line(window, qtbot, optimizer):
    window.files.open_example(NETWORK)
    result = train_in_window(window, qtbot, optimizer, "0.05", "25")
    expected = cli_train(NETWORK, optimizer, "0.05", "25")
    assert result.losses == expected["losses"]  # exactly: the same floats
    names = {window.graph.node(n).name: n for n in result.variables}
    assert set(names) == set(expected["values"])
    for name, value in expected["values"].items():
        assert np.array_equal(window.graph.node(names[name]).value, np.array(value)), name
    dock = window.training.dock
    assert dock.step_label.text() == f"step 25 / 25 · loss {number_text(result.losses[-1])}"


def test_train_is_one_undo_step_and_undo_redo_reset_put_the_values_back_exactly(window, qtbot):
    window.files.open_example(NETWORK)
    ids = [n.id for n in window.graph.variables()]
    start = values_of(window, ids)
    result = train_in_window(window, qtbot, "momentum", "0.1", "40")
    final = values_of(window, ids)
    assert same(final, result.values[40]) and not same(final, start)
    stack = window.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Train 40 steps of SGD with momentum 0.9"
    assert window.isWindowModified()

    window.action("undo").trigger()
    assert same(values_of(window, ids), start)
    window.action("redo").trigger()
    assert same(values_of(window, ids), final)

    dock = window.training.dock
    assert dock.reset_button.isEnabled() and window.action("reset_training").isEnabled()
    qtbot.mouseClick(dock.reset_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, ids), start)
    assert stack.undoText() == "Reset trained values"
    assert not dock.reset_button.isEnabled() and dock.step_label.text().startswith("step 0 / 40 · ")
    window.action("undo").trigger()
    assert same(values_of(window, ids), final)
    window.action("reset_training").trigger()  # Run → Reset Trained Values does the same
    assert same(values_of(window, ids), start)


def test_after_undo_or_reset_of_training_the_status_bar_no_longer_says_trained(window, qtbot):
    window.files.open_example(LINEAR)
    train_in_window(window, qtbot, "sgd", "0.02", "50")
    status = window.statusBar().currentMessage
    assert status().startswith("Trained 50 steps: L from 0.85")  # (stepping to the end keeps it)
    window.action("undo").trigger()
    assert status() == "Undid: Train 50 steps of SGD"
    window.action("redo").trigger()
    assert status() == "Redid: Train 50 steps of SGD"
    qtbot.mouseClick(window.training.dock.reset_button, Qt.MouseButton.LeftButton)
    assert status() == "Reset: the trained variables hold their values from before training again"


def test_the_default_settings_train_the_linear_model(window, qtbot):
    """The review's walk: open 05, F8, OK on what the dialog offers the first time."""
    window.settings.remove("training")  # (a first use)
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    assert (dialog.optimizer.currentData(), dialog.lr.text(), dialog.steps.text()) == ("sgd", "0.02", "100")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    result = window.training.run.result
    assert result.stopped is None and result.steps == 100 and result.losses[-1] < 0.05
    assert window.statusBar().currentMessage().startswith("Trained 100 steps: L from 0.85 to 0.043")
    dock = window.training.dock
    assert not dock.stopped.isVisibleTo(dock)


def test_the_status_message_the_dock_and_the_status_bar_write_the_loss_alike(window, qtbot):
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    assert dialog.intro.text() == 'Minimises "L" by changing the checked variable:'
    fill(dialog, qtbot, "sgd", "0.02", "100")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    # both losses to 4 significant digits, as the dock, the cards and the status bar's output write them
    loss = number_text(window.training.run.result.losses[-1])
    assert window.statusBar().currentMessage().startswith(f"Trained 100 steps: L from 0.85 to {loss} (")
    assert window.training.dock.step_label.text().endswith(f"loss {loss}")
    assert f"L = {loss} " in window.status.output_label.text()


def test_without_an_output_set_the_dialog_trains_the_only_end_node(window, qtbot, tmp_path):
    g = fileformat.load(LINEAR)
    loss = g.output
    g.set_output(None)
    fileformat.save(g, tmp_path / "no_output.json")
    window.files.open_example(tmp_path / "no_output.json")
    dialog = open_dialog(window, qtbot)
    assert f'Minimises "{g.node(loss).name}"' in dialog.intro.text()
    result = train_in_window(window, qtbot, "sgd", "0.01", "3")
    assert result.output == loss and result.losses == cli_train(LINEAR, "sgd", "0.01", "3")["losses"]


def test_a_small_learning_rate_is_written_as_the_cards_write_numbers(window, qtbot):
    window.files.open_example(LINEAR)
    train_in_window(window, qtbot, "sgd", "1e-5", "10")
    status = window.statusBar().currentMessage()
    assert "(SGD, learning rate 1e−5)" in status and "e-0" not in status
