"""Gradient descent in the window: Run → Train… (the dialog checks what is typed), the run's numbers
equal `graphviz-app train`'s, Train and its stepping are one undo step, Reset and undo put the
values back exactly, stepping through iterations sets the values, a run that diverges stops, says
why and changes nothing."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLabel, QProgressDialog
from ui.expression_helpers import answer_expression

from graphviz_app.cli import main
from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph, NodeChanged
from graphviz_app.ui import actions_table as table
from graphviz_app.ui.canvas.labels import number_text, value_preview
from graphviz_app.ui.commands.nodes import SetValueCommand
from graphviz_app.ui.training import controller as training_controller
from graphviz_app.ui.window_menus import gestures_html

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
LINEAR = EXAMPLES / "05_linear_model.json"
NETWORK = EXAMPLES / "07_two_layer_network.json"


def values_of(window, ids) -> dict[str, np.ndarray]:
    return {n: window.graph.node(n).value.copy() for n in ids}


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[k].shape == b[k].shape and np.array_equal(a[k], b[k]) for k in a)


def open_dialog(window, qtbot):
    window.action("train").trigger()
    dialog = window.training.dialog
    qtbot.waitExposed(dialog)
    return dialog


def fill(dialog, qtbot, optimizer: str, lr: str, steps: str) -> None:
    dialog.optimizer.setCurrentIndex(dialog.optimizer.findData(optimizer))
    dialog.lr.clear()
    qtbot.keyClicks(dialog.lr, lr)
    dialog.steps.clear()
    qtbot.keyClicks(dialog.steps, steps)


def variable_boxes(dialog) -> dict:
    """The dialog's checkbox of each variable training may change, by the name it shows."""
    boxes = dialog.findChildren(QCheckBox)
    return {box.text(): box for box in boxes if box.objectName().startswith("trainVariable:")}


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def train_in_window(window, qtbot, optimizer="adam", lr="0.05", steps="30", *, to_end=True):
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, optimizer, lr, steps)
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.problem_label.text()
    dock = window.training.dock
    assert dock.isVisible()
    if to_end:  # (the run plays through on the cards; the last-step button jumps to its end)
        qtbot.mouseClick(dock.last_button, Qt.MouseButton.LeftButton)
        assert not window.training.playing
    return window.training.run.result


def cli_train(path: Path, optimizer: str, lr: str, steps: str) -> dict:
    """What `graphviz-app train … --json` prints (its entry point called here; test_train_cli.py runs
    it as a program)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["train", str(path), "--steps", steps, "--lr", lr, "--optimizer", optimizer, "--json"])
    assert code == 0
    return json.loads(out.getvalue())


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
    assert dock.step_label.text() == f"step 25 of 25 · loss {number_text(result.losses[-1])}"


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
    assert not dock.reset_button.isEnabled() and dock.step_label.text().startswith("step 0 of 40")
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


def test_the_loss_axis_keeps_its_range_and_zero_after_reset_or_undo(window, qtbot):
    window.files.open_example(NETWORK)
    train_in_window(window, qtbot, "sgd", "0.02", "60")
    plot = window.training.dock.plot
    y_range = plot.plot_item.viewRange()[1]
    assert y_range[0] <= 0 < y_range[1]  # from 0 (losses are not negative) to above the first loss
    assert y_range[1] >= window.training.run.result.losses[0]
    qtbot.mouseClick(window.training.dock.reset_button, Qt.MouseButton.LeftButton)
    assert plot.plot_item.viewRange()[1] == y_range
    window.action("undo").trigger()
    window.action("undo").trigger()  # training undone: the marker goes, the curve stays
    assert plot.plot_item.viewRange()[1] == y_range


def test_stepping_through_the_iterations_sets_the_values(window, qtbot):
    window.files.open_example(LINEAR)
    result = train_in_window(window, qtbot, "sgd", "0.02", "12")
    trained = result.variables
    dock = window.training.dock

    qtbot.mouseClick(dock.back_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, trained), result.values[11])
    assert dock.step_label.text() == f"step 11 of 12 · loss {number_text(result.losses[11])}"
    dock.slider.setValue(5)  # (dragging the slider)
    assert same(values_of(window, trained), result.values[5])
    dock.slider.setFocus()
    qtbot.keyClick(dock.slider, Qt.Key.Key_Right)
    assert same(values_of(window, trained), result.values[6])
    qtbot.mouseClick(dock.forward_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, trained), result.values[7])
    qtbot.mouseClick(dock.first_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, trained), result.values[0])
    assert dock.plot.step == 0  # the loss curve's marker follows
    # the cards show the values of the iteration (their previews), the output card its loss
    window.scene.evaluator.refresh()
    assert window.scene.node_item(trained[0]).state.preview == value_preview(result.values[0][trained[0]])
    assert window.scene.node_item(result.output).state.preview == value_preview(np.array(result.losses[0]))

    # stepping right after Train is part of the Train undo step
    assert window.undo_stack.count() == 1
    window.action("undo").trigger()
    assert same(values_of(window, trained), result.values[0])


def test_the_training_docks_buttons_are_the_run_menus_training_actions(window, qtbot):
    """One path per command: the dock's transport buttons are the Run menu's training entries (listed
    in Help → Mouse and Keyboard); a button and its entry do the same and are enabled together."""
    window.files.open_example(LINEAR)
    dock = window.training.dock
    buttons = {
        "training_first": dock.first_button,
        "training_back": dock.back_button,
        "training_play": dock.play_button,
        "training_forward": dock.forward_button,
        "training_last": dock.last_button,
    }
    entries = {a.text(): a for a in window.menus["run"].actions()}
    assert all(entries[table.BY_ID[key].text] is window.action(key) for key in buttons)
    assert all(table.BY_ID[key].text.replace("&", "") in gestures_html() for key in buttons)

    def enabled() -> set[bool]:
        shown = {key: button.isEnabled() for key, button in buttons.items()}
        assert shown == {key: window.action(key).isEnabled() for key in buttons}
        return set(shown.values())

    assert enabled() == {False}  # no run yet
    result = train_in_window(window, qtbot, "sgd", "0.02", "12")
    trained = result.variables
    assert enabled() == {True}
    qtbot.mouseClick(dock.back_button, Qt.MouseButton.LeftButton)
    assert window.training.step_shown() == 11 and same(values_of(window, trained), result.values[11])
    window.action("training_back").trigger()  # Run → Previous Training Step: the same
    assert window.training.step_shown() == 10 and dock.step_label.text().startswith("step 10 of 12")
    window.action("training_first").trigger()
    assert window.training.step_shown() == 0 and dock.slider.value() == 0
    qtbot.mouseClick(dock.forward_button, Qt.MouseButton.LeftButton)
    assert window.training.step_shown() == 1
    qtbot.mouseClick(dock.last_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, trained), result.values[12])
    qtbot.mouseClick(dock.first_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, trained), result.values[0])
    assert dock.play_button.toolTip() == "Play Training"
    window.action("training_play").trigger()  # ▶ in the Run menu
    assert window.training.playing and dock.play_button.toolTip() == "Pause Training"
    qtbot.mouseClick(dock.play_button, Qt.MouseButton.LeftButton)
    assert not window.training.playing and dock.play_button.toolTip() == "Play Training"
    assert window.undo_stack.count() == 1  # (stepping after Train is part of its undo step)

    target = next(n for n in window.graph.node_ids() if n not in trained and window.graph.node(n).is_input)
    window.undo_stack.push(SetValueCommand(window.graph, target, window.graph.node(target).value + 1.0))
    assert enabled() == {False}  # the run no longer describes the diagram
    window.action("undo").trigger()
    assert enabled() == {True}


def test_playing_shows_the_iterations_one_after_another_on_the_cards(window, qtbot):
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "0.02", "20")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    dock = window.training.dock
    assert not window.training.playing and window.training.step_shown() == 20  # the trained values, paused
    seen = []
    window.graph.subscribe(lambda event: isinstance(event, NodeChanged) and seen.append(window.training.step_shown()))
    qtbot.mouseClick(dock.play_button, Qt.MouseButton.LeftButton)  # ▶ plays from the start
    assert window.training.playing
    qtbot.waitUntil(lambda: not window.training.playing, timeout=10_000)
    shown = [k for k in seen if k is not None]
    assert shown == sorted(shown) and len(set(shown)) >= 10 and shown[-1] == 20
    assert window.undo_stack.count() == 1  # played through: still one undo step


def test_an_edit_of_the_diagram_ends_stepping_until_it_is_undone(window, qtbot):
    window.files.open_example(NETWORK)
    train_in_window(window, qtbot, "adam", "0.01", "10")
    dock = window.training.dock
    target = next(n.id for n in window.graph.nodes() if n.name == "target")
    window.undo_stack.push(SetValueCommand(window.graph, target, [1.0, 0.0, 0.0]))
    assert not dock.slider.isEnabled() and not dock.reset_button.isEnabled()
    assert "The diagram changed after this run" in dock.note.text() and dock.note.isVisibleTo(dock)
    window.action("undo").trigger()
    assert dock.slider.isEnabled() and not dock.note.isVisibleTo(dock)


def test_freezing_a_variable_keeps_it_out_of_training(window, qtbot):
    window.files.open_example(NETWORK)
    w1 = next(n.id for n in window.graph.nodes() if n.name == "W1")
    before = window.graph.node(w1).value.copy()
    window.scene.select_nodes([w1])
    trainable = window.action("trainable")
    assert trainable.isEnabled() and trainable.isChecked()
    trainable.trigger()
    assert not window.graph.node(w1).trainable and window.undo_stack.undoText() == "Freeze W1"
    result = train_in_window(window, qtbot, "sgd", "0.1", "5")
    assert w1 not in result.variables and np.array_equal(window.graph.node(w1).value, before)


def test_trainable_is_a_checkable_entry_of_a_variables_menu_and_one_undo_step(window):
    window.view.editor.add_node_at("variable", None, QPointF(0, 0))
    window.view.editor.add_node_at("constant", None, QPointF(200, 0))
    x, c = window.graph.node_ids()
    card = window.scene.node_item(x)
    window.scene.select_nodes([x])  # (as the right-click does)
    window.scene.evaluator.refresh()
    plain = card_image(card)
    menu = window.canvas_menus.build(card, QPointF(0, 0))
    entry = next(a for a in menu.actions() if a.text() == "Traina&ble")
    assert entry.isCheckable() and entry.isChecked()
    entry.trigger()
    assert not window.graph.node(x).trainable
    assert "frozen" in card.toolTip() and card_image(card) != plain  # the card shows it
    menu = window.canvas_menus.build(card, QPointF(0, 0))
    assert not next(a for a in menu.actions() if a.text() == "Traina&ble").isChecked()
    window.action("undo").trigger()
    assert window.graph.node(x).trainable and card_image(card) == plain
    constant_menu = window.canvas_menus.build(window.scene.node_item(c), QPointF(200, 0))
    assert "Traina&ble" not in [a.text() for a in constant_menu.actions()]
    window.scene.select_nodes([c])
    assert not window.action("trainable").isEnabled()  # constants never train


def card_image(card) -> QImage:
    from PySide6.QtGui import QPainter

    rect = card.boundingRect().toRect()
    image = QImage(rect.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.translate(-rect.topLeft())
    card.paint(painter, _Option(), None)
    painter.end()
    return image


class _Option:
    @staticmethod
    def levelOfDetailFromTransform(_transform) -> float:
        return 1.0


def test_copy_paste_and_duplicate_keep_a_frozen_variable_frozen(window):
    window.view.editor.add_node_at("variable", None, QPointF(0, 0))
    (x,) = window.graph.node_ids()
    window.scene.select_nodes([x])
    window.action("trainable").trigger()
    window.action("copy").trigger()
    window.view.editor.paste(QPointF(300, 300))
    window.scene.select_nodes([x])
    window.action("duplicate").trigger()
    copies = [n for n in window.graph.nodes() if n.id != x]
    assert len(copies) == 2 and all(n.kind == "variable" and not n.trainable for n in copies)
    window.action("undo").trigger()
    window.action("undo").trigger()
    window.action("redo").trigger()  # (the paste again: frozen again)
    assert [n.trainable for n in window.graph.nodes()] == [False, False]


def open_square_of_three(window, folder: Path) -> str:
    """loss = x², x = 3: a learning rate of 10⁶ makes x and the loss overflow within a few dozen steps."""
    g = Graph()
    x = g.add_node("variable", name="x", value=3.0, pos=(0, 0))
    sq = g.add_node("op", "square", name="loss", pos=(200, 0))
    g.connect(x, sq, 0)
    g.set_output(sq)
    fileformat.save(g, folder / "diverging.json")
    assert window.files.open_path(folder / "diverging.json", ask=False)
    return x


def press_ok_expecting_a_stop(dialog, qtbot) -> str:
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not ok_button(dialog).isEnabled()  # the same settings would stop again
    return dialog.problem_label.text()


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
    assert dock.step_label.text() == "step 0 of 3 · loss 0.85"  # the cards hold the values before training
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
    assert dock.step_label.text().startswith(f"step {result.steps} of {result.steps} · loss ")
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
    assert dock.stopped.isVisibleTo(dock) and dock.step_label.text().startswith("step 0 of 4 · ")  # (while open)
    dialog.reject()
    assert window.statusBar().currentMessage() == (
        "Training stopped at step 4 of 100; values not applied. "
        "The Training dock shows the run the values come from again."
    )
    assert not dock.stopped.isVisibleTo(dock) and dock.slider.isEnabled()
    assert dock.step_label.text() == f"step 100 of 100 · loss {number_text(good.losses[-1])}"
    steps, _losses = dock.plot.curve.getOriginalDataset()
    assert len(steps) == 101 and same(values_of(window, [theta]), trained)
    qtbot.mouseClick(dock.first_button, Qt.MouseButton.LeftButton)  # the good run steps again
    assert same(values_of(window, [theta]), start) and dock.step_label.text().startswith("step 0 of 100 · ")
    qtbot.mouseClick(dock.last_button, Qt.MouseButton.LeftButton)
    window.action("undo").trigger()  # one undo step for the good run, as before: back to the start
    assert same(values_of(window, [theta]), start) and window.undo_stack.index() == 0
    window.action("redo").trigger()
    assert same(values_of(window, [theta]), trained) and dock.step_label.text().startswith("step 100 of 100 · ")


def test_a_first_run_that_stopped_stays_in_the_dock_when_not_kept(window, qtbot):
    """No run before it: the stopped run's step 0 is what the cards hold, so the dock keeps it."""
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "5", "100")
    press_ok_expecting_a_stop(dialog, qtbot)
    dialog.reject()
    assert window.statusBar().currentMessage() == "Training stopped at step 1 of 100; values not applied."
    dock = window.training.dock
    assert dock.stopped.isVisibleTo(dock) and dock.step_label.text().startswith("step 0 of ")


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


def test_the_loss_curve_follows_a_switch_to_the_dark_palette(window, qtbot):
    from graphviz_app.ui.app import dark_palette

    window.files.open_example(LINEAR)
    train_in_window(window, qtbot, "adam", "0.05", "20")
    plot = window.training.dock.plot

    def background() -> int:
        """The lightness of the plot's commonest colour: its background."""
        image = plot.grab().toImage()
        samples = [
            image.pixelColor(x, y).lightness() for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)
        ]
        return max(set(samples), key=samples.count)

    assert background() > 200
    window.setPalette(dark_palette())
    qtbot.waitUntil(lambda: background() < 60)


def test_the_dialog_checks_what_is_typed_and_remembers_it(window, qtbot):
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    assert "Minimises" in dialog.intro.text() and list(variable_boxes(dialog)) == ["θ"]
    ok = ok_button(dialog)
    for lr in ("0", "-1", "abc", "inf", "nan", ""):
        fill(dialog, qtbot, "sgd", lr, "10")
        assert not ok.isEnabled(), lr
        assert "learning rate" in dialog.problem_label.text()
    for steps in ("0", "-3", "2.5", "ten", "", "100001"):
        fill(dialog, qtbot, "sgd", "0.1", steps)
        assert not ok.isEnabled(), steps
        assert "steps: type a whole number from 1 to 100,000" in dialog.problem_label.text()
    fill(dialog, qtbot, "momentum", "1e-3", "7")
    assert ok.isEnabled() and not dialog.problem_label.isVisible()
    qtbot.keyClick(dialog.steps, Qt.Key.Key_Return)
    assert not dialog.isVisible() and window.training.run.result.steps == 7
    again = open_dialog(window, qtbot)  # remembered
    assert (again.optimizer.currentData(), again.lr.text(), again.steps.text()) == ("momentum", "0.001", "7")
    again.reject()


def test_the_dialog_says_why_a_diagram_cannot_train(window, qtbot):
    window.view.editor.add_node_at("variable", None, QPointF(0, 0))
    window.view.editor.add_node_at("variable", None, QPointF(0, 200))
    dialog = open_dialog(window, qtbot)  # two end nodes: which one is the loss?
    assert not ok_button(dialog).isEnabled() and "Choose the output first" in dialog.problem_label.text()
    dialog.reject()
    window.action("undo").trigger()  # one variable left: the only end node is the output in use
    (x,) = window.graph.node_ids()
    window.scene.select_nodes([x])
    window.action("set_output").trigger()
    window.action("trainable").trigger()
    dialog = open_dialog(window, qtbot)
    assert not ok_button(dialog).isEnabled() and "no trainable variable" in dialog.problem_label.text()
    dialog.reject()
    window.action("undo").trigger()  # trainable again, but it is the output itself
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "0.1", "3")
    # what core.train would refuse is said before OK, with OK disabled
    assert dialog.problem_label.text() == 'No trainable variable feeds the output "x" (trainable: "x")'
    assert not ok_button(dialog).isEnabled()
    assert window.undo_stack.undoText() == "Set x as output" and window.training.run is None
    dialog.reject()


def test_steps_a_large_model_cannot_keep_are_refused_before_ok(window, qtbot):
    window.files.open_example(EXAMPLES / "09_mnist_sized_network.json")
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "0.1", "5000")
    assert not ok_button(dialog).isEnabled()
    assert "at most 1,317 steps fit in 2.0 GB: ask for fewer steps" in dialog.problem_label.text()
    fill(dialog, qtbot, "sgd", "0.1", "1317")
    assert ok_button(dialog).isEnabled()
    dialog.reject()


def shown_texts(dialog) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and label.text()]


def test_a_vector_output_is_refused_before_ok_once_in_the_cards_notation(window, qtbot, monkeypatch):
    answer_expression(monkeypatch, "sin(x)*[1,2]")
    window.action("from_expression").trigger()
    dialog = open_dialog(window, qtbot)
    problem = dialog.problem_label.text()
    assert problem.startswith('Training needs a scalar output: "mul" is in ℝ², not ℝ') and "sum" in problem
    assert "(2,)" not in problem and not ok_button(dialog).isEnabled()
    assert sum(problem in text for text in shown_texts(dialog)) == 1  # said once
    dialog.reject()


def test_a_diagram_without_trainable_variables_is_said_once(window, qtbot, monkeypatch):
    answer_expression(monkeypatch, "2*3")
    window.action("from_expression").trigger()
    dialog = open_dialog(window, qtbot)
    assert not ok_button(dialog).isEnabled()
    texts = shown_texts(dialog)
    assert sum("no trainable variable" in text for text in texts) == 1, texts
    dialog.reject()


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


def test_export_offers_the_loss_curve_as_png(window, qtbot, tmp_path):
    window.files.open_example(LINEAR)
    dialog = window.exporter.make_dialog()
    assert not dialog.loss_curve.isVisibleTo(dialog)  # no run yet
    dialog.deleteLater()
    train_in_window(window, qtbot, "adam", "0.05", "30")
    dialog = window.exporter.make_dialog()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.loss_curve.isVisible()
    dialog.loss_curve.click()
    assert dialog.format_key() == "png" and not dialog.format.isEnabled()
    dialog.resolution.setCurrentIndex(1)  # 2×
    assert dialog.note.text().startswith("1600 × 900 pixels")
    dialog.path.setText(str(tmp_path / "curve.png"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    image = QImage(str(tmp_path / "curve.png"))
    assert (image.width(), image.height()) == (1600, 900)
    colours = {image.pixelColor(x, y).name() for x in range(0, 1600, 7) for y in range(0, 900, 7)}
    assert len(colours) > 20  # a curve, axes and text, not a blank picture
    assert dialog.written == [tmp_path / "curve.png"]


def test_a_new_document_forgets_the_run(window, qtbot):
    window.files.open_example(LINEAR)
    train_in_window(window, qtbot, "sgd", "0.02", "5")
    window.files.new_document()
    dock = window.training.dock
    assert window.training.run is None and dock.placeholder.isVisibleTo(dock)
    assert window.exporter.make_dialog().loss_curve_size is None


def curve_area_height(plot) -> float:
    """The height of the area the curve is drawn in (the plot less its title and axes): its
    ViewBox, found in the plot's widget tree."""
    import pyqtgraph as pg

    [view] = plot.findChildren(pg.PlotWidget)
    [box] = [item for item in view.scene().items() if isinstance(item, pg.ViewBox)]
    return box.height()


@pytest.mark.parametrize("size", [(1024, 720), (1480, 920)])
def test_the_dock_takes_at_most_a_quarter_of_the_window_and_its_plot_stays_readable(window, qtbot, size):
    window.resize(*size)
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "5", "50")  # stops at step 1: the dock shows the message too
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    dialog.reject()
    dock = window.training.dock
    qtbot.waitUntil(lambda: dock.isVisible() and dock.plot.isVisible())
    assert dock.height() <= size[1] * 0.26 and window.view.height() >= size[1] * 0.5
    assert curve_area_height(dock.plot) >= 60  # the curve's own area (1024×720: 75 px), not the widget's
    # the run's optimizer and rate are said in the dock's row, not as a title taking the plot's room
    run_title = dock.findChild(QLabel, "trainingRunTitle")
    assert run_title.isVisible() and run_title.text().startswith("SGD · learning rate 5 ·")


def test_another_document_empties_the_dock_keeps_it_small_and_drops_training_status(window, qtbot):
    window.files.open_example(LINEAR)
    train_in_window(window, qtbot, "sgd", "0.02", "5")
    open_dialog(window, qtbot).reject()
    assert window.statusBar().currentMessage() == "Training cancelled."
    full = window.training.dock.height()
    window.open_graph(Graph(), None, "other")  # (as the API's show and New from Expression open one)
    dock = window.training.dock
    qtbot.waitUntil(lambda: dock.height() < full / 2)
    assert dock.isVisible() and dock.placeholder.isVisible() and not dock.plot.isVisible()  # the user's choice
    assert window.statusBar().currentMessage() != "Training cancelled."


def test_only_variables_can_be_frozen_and_several_freeze_in_one_step(window):
    from graphviz_app.core.errors import GraphError
    from graphviz_app.ui.commands.training import SetTrainableCommand

    for kind, where in (("variable", 0), ("variable", 200), ("constant", 400)):
        window.view.editor.add_node_at(kind, None, QPointF(where, 0))
    x, y, c = window.graph.node_ids()
    with pytest.raises(GraphError, match="only variables can be trained"):
        SetTrainableCommand(window.graph, [x, c], False)
    window.scene.select_nodes([x, y, c])
    trainable = window.action("trainable")
    assert trainable.isEnabled() and trainable.isChecked()
    trainable.trigger()  # the variables among the selection
    assert [n.trainable for n in window.graph.variables()] == [False, False]
    assert window.undo_stack.undoText() == "Freeze 2 variables" and window.undo_stack.count() == 4
    window.action("undo").trigger()
    assert all(n.trainable for n in window.graph.variables())


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


def test_a_problem_that_begins_with_a_node_names_it_as_its_card_does(window, qtbot, tmp_path):
    """matmul "z" stays matmul, as on its card, where the dialog's sentence begins."""
    g = Graph()
    phi = g.add_node("constant", name="Phi", value=[[1.0, 0.5], [1.0, 1.5], [1.0, 2.5], [1.0, 3.5]], pos=(0, -70))
    theta = g.add_node("variable", name="theta", value=[0.5, 0.8, 0.1], pos=(0, 70))
    z = g.add_node("op", "matmul", name="z", pos=(240, 70))
    loss = g.add_node("op", "sqnorm", name="L", pos=(480, 0))
    g.connect(phi, z, 0)
    g.connect(theta, z, 1)
    g.connect(z, loss, 0)
    g.set_output(loss)
    fileformat.save(g, tmp_path / "bad.json")
    assert window.files.open_path(tmp_path / "bad.json", ask=False)
    dialog = open_dialog(window, qtbot)
    problem = dialog.problem_label.text()
    assert problem.startswith('matmul "z"'), problem
    dialog.reject()


def test_a_small_learning_rate_is_written_as_the_cards_write_numbers(window, qtbot):
    window.files.open_example(LINEAR)
    train_in_window(window, qtbot, "sgd", "1e-5", "10")
    status = window.statusBar().currentMessage()
    assert "(SGD, learning rate 1e−5)" in status and "e-0" not in status


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
