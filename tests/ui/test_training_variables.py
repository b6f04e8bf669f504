"""Which variables Run → Train… changes: a checkbox each in the dialog, data (X, Y, targets, labels)
unchecked at first and said why, New from Expression making such names frozen; the numbers
(the dock, the status bar, the message) written alike at every step, and the trained values shown
paused after Train."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from classifier_helpers import many_variables_file
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox
from ui.expression_helpers import answer_expression

from graphviz_app.core import fileformat
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.shape_text import read_shapes
from graphviz_app.ui.canvas.labels import number_text

MLP = "sum((tanh(X @ W1 + b1) @ W2 + b2 - Y)**2)"
MLP_SHAPES = "X 8×5, W1 5×4, b1 4, W2 4×3, b2 3, Y 8×3"


def values(window) -> dict[str, np.ndarray]:
    return {n.name: n.value.copy() for n in window.graph.variables()}


def open_dialog(window, qtbot):
    window.action("train").trigger()
    dialog = window.training.dialog
    qtbot.waitExposed(dialog)
    return dialog


def variable_boxes(dialog) -> dict[str, QCheckBox]:
    boxes = dialog.findChildren(QCheckBox)
    return {box.text(): box for box in boxes if box.objectName().startswith("trainVariable:")}


def click(qtbot, box: QCheckBox) -> None:
    """A click on the box itself (a checkbox toggles when its box or its text is clicked)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def open_all_trainable(window, folder: Path) -> None:
    """The MLP with every symbol a trainable variable (as a file written by hand or by the API)."""
    graph = parse_expression(MLP, shapes=read_shapes(MLP_SHAPES))
    assert all(n.trainable for n in graph.variables())
    fileformat.save(graph, folder / "mlp.json")
    assert window.files.open_path(folder / "mlp.json", ask=False)


def test_new_from_expression_freezes_the_data_and_train_changes_only_the_parameters(window, qtbot, monkeypatch):
    answer_expression(monkeypatch, MLP, MLP_SHAPES)
    window.files.new_from_expression()
    frozen = {n.name for n in window.graph.variables() if not n.trainable}
    assert frozen == {"X", "Y"}
    dialog = open_dialog(window, qtbot)
    boxes = variable_boxes(dialog)
    assert list(boxes) == ["W1", "b1", "W2", "b2"] and all(box.isChecked() for box in boxes.values())
    assert dialog.intro.text() == 'Minimises "sum" by changing the 4 checked variables:'
    note = dialog.findChild(type(dialog.intro), "trainFrozenNote")
    assert note.isVisibleTo(dialog) and note.text().startswith("Frozen: X, Y stay as they are")
    before = values(window)
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.problem_label.text()
    after = values(window)
    assert np.array_equal(after["X"], before["X"]) and np.array_equal(after["Y"], before["Y"])
    for name in ("W1", "b1", "W2", "b2"):
        assert not np.array_equal(after[name], before[name]), name


def test_data_names_start_unchecked_with_the_reason_and_stay_as_they_are(window, qtbot, tmp_path):
    open_all_trainable(window, tmp_path)
    dialog = open_dialog(window, qtbot)
    boxes = variable_boxes(dialog)
    assert list(boxes) == ["X", "W1", "b1", "W2", "b2", "Y"]
    assert {name for name, box in boxes.items() if not box.isChecked()} == {"X", "Y"}
    note = dialog.findChild(type(dialog.intro), "trainDataNote")
    assert note.isVisibleTo(dialog)
    assert note.text().startswith("X, Y start unchecked: X, Y (y next to an X), targets, labels and inputs are data")
    assert dialog.intro.text() == 'Minimises "sum" by changing the 4 checked variables:'
    before = values(window)
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.problem_label.text()
    after = values(window)
    assert np.array_equal(after["X"], before["X"]) and np.array_equal(after["Y"], before["Y"])
    assert not np.array_equal(after["W1"], before["W1"])
    assert window.training.run.result.variables == [window.graph.find(n) for n in ("W1", "b1", "W2", "b2")]


def test_checking_a_data_variable_trains_it_and_unchecking_a_parameter_keeps_it(window, qtbot, tmp_path):
    open_all_trainable(window, tmp_path)
    dialog = open_dialog(window, qtbot)
    boxes = variable_boxes(dialog)
    click(qtbot, boxes["Y"])
    click(qtbot, boxes["W1"])
    assert boxes["Y"].isChecked() and not boxes["W1"].isChecked()
    before = values(window)
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    after = values(window)
    assert not np.array_equal(after["Y"], before["Y"])
    assert np.array_equal(after["W1"], before["W1"]) and np.array_equal(after["X"], before["X"])
    assert not np.array_equal(after["W2"], before["W2"])


def test_ok_waits_for_a_checked_variable_that_feeds_the_loss(window, qtbot, tmp_path):
    open_all_trainable(window, tmp_path)
    dialog = open_dialog(window, qtbot)
    boxes = variable_boxes(dialog)
    for box in boxes.values():
        if box.isChecked():
            click(qtbot, box)
    assert not ok(dialog).isEnabled()
    assert dialog.problem_label.text() == "Check at least one variable to train."
    assert dialog.intro.text() == 'Minimises "sum" by changing the 0 checked variables:'
    click(qtbot, boxes["b2"])
    assert ok(dialog).isEnabled() and not dialog.problem_label.isVisibleTo(dialog)
    assert dialog.intro.text() == 'Minimises "sum" by changing the checked variable:'


def test_train_shows_the_trained_values_paused_and_the_loss_alike_everywhere(window, qtbot, monkeypatch):
    answer_expression(monkeypatch, MLP, MLP_SHAPES)
    window.files.new_from_expression()
    dialog = open_dialog(window, qtbot)
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    training, dock = window.training, window.training.dock
    result = training.run.result
    assert not training.playing and training.step_shown() == result.steps  # the trained values, not played
    first, last = number_text(result.losses[0]), number_text(result.losses[-1])
    assert window.statusBar().currentMessage().startswith(f"Trained {result.steps} steps: sum from {first} to {last} (")
    assert dock.step_label.text().endswith(f"· loss {last}")
    output = window.findChild(type(dock.step_label), "outputLabel")
    assert f"sum = {last} " in output.text()
    for button in (dock.back_button, dock.back_button, dock.first_button, dock.forward_button):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        loss = number_text(result.losses[training.step_shown()])
        assert dock.step_label.text().endswith(f"· loss {loss}")
        assert f"sum = {loss} " in output.text()  # (at once: not an event-loop turn later)


def test_the_training_bar_is_labelled(window, qtbot, monkeypatch):
    answer_expression(monkeypatch, MLP, MLP_SHAPES)
    window.files.new_from_expression()
    dialog = open_dialog(window, qtbot)
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    title = window.training.dock.findChild(type(dialog.intro), "trainingBarTitle")
    assert title.isVisibleTo(window.training.dock) and title.text() == "<b>Training</b>"


def test_a_single_target_is_said_in_the_singular(window, qtbot, tmp_path):
    graph = parse_expression("(w*x - target)**2")
    fileformat.save(graph, tmp_path / "line.json")
    assert window.files.open_path(tmp_path / "line.json", ask=False)
    dialog = open_dialog(window, qtbot)
    assert {name: box.isChecked() for name, box in variable_boxes(dialog).items()} == {
        "w": True,
        "x": True,
        "target": False,
    }
    note = dialog.findChild(type(dialog.intro), "trainDataNote")
    assert note.text().startswith("target starts unchecked: ") and note.text().endswith("Check it to train it too.")


def test_the_dialog_and_graphviz_app_train_change_the_same_variables_of_a_file(window, qtbot, tmp_path, capsys):
    import json

    from graphviz_app.cli import main

    open_all_trainable(window, tmp_path)
    dialog = open_dialog(window, qtbot)
    checked = [name for name, box in variable_boxes(dialog).items() if box.isChecked()]
    assert main(["train", str(tmp_path / "mlp.json"), "--steps", "2", "--json"]) == 0
    out, err = capsys.readouterr()
    assert list(json.loads(out)["values"]) == checked == ["W1", "b1", "W2", "b2"]
    assert err.startswith("note: X, Y left as data")


def open_many_variables(window, folder: Path, count: int) -> None:
    """loss = (w0 + w1 + … )²: `count` trainable variables named w0, w1, …"""
    assert window.files.open_path(many_variables_file(folder / "many.json", count), ask=False)


def test_check_all_and_check_none_choose_every_variable_at_once(window, qtbot, tmp_path):
    open_many_variables(window, tmp_path, 10)
    dialog = open_dialog(window, qtbot)
    assert dialog.filter is None  # (ten fit without scrolling: no filter)
    qtbot.mouseClick(dialog.check_none, Qt.MouseButton.LeftButton)
    assert not any(box.isChecked() for box in variable_boxes(dialog).values())
    assert dialog.problem_label.text() == "Check at least one variable to train." and not ok(dialog).isEnabled()
    qtbot.mouseClick(dialog.check_all, Qt.MouseButton.LeftButton)
    assert all(box.isChecked() for box in variable_boxes(dialog).values())
    assert dialog.intro.text() == 'Minimises "loss" by changing the 10 checked variables:' and ok(dialog).isEnabled()


def test_a_few_variables_get_no_buttons(window, qtbot, tmp_path):
    open_many_variables(window, tmp_path, 4)
    dialog = open_dialog(window, qtbot)
    assert dialog.check_all is None and dialog.check_none is None and dialog.filter is None


def test_hundreds_of_variables_filter_by_name_and_check_the_shown_ones(window, qtbot, tmp_path):
    open_many_variables(window, tmp_path, 400)
    dialog = open_dialog(window, qtbot)
    boxes = variable_boxes(dialog)
    assert len(boxes) == 400 and dialog.filter.isVisible()
    qtbot.mouseClick(dialog.check_none, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.filter, "W39")  # (case aside: w390 … w399 and w39)
    shown = sorted(name for name, box in boxes.items() if not box.isHidden())
    assert shown == ["w39"] + [f"w39{i}" for i in range(10)]
    assert dialog.check_all.text() == "Check shown"
    qtbot.mouseClick(dialog.check_all, Qt.MouseButton.LeftButton)
    assert sorted(name for name, box in boxes.items() if box.isChecked()) == shown
    assert dialog.intro.text() == 'Minimises "loss" by changing the 11 checked variables:'
    dialog.filter.clear()  # every box again; the choice stays
    assert not any(box.isHidden() for box in boxes.values()) and dialog.check_none.text() == "Check none"
    dialog.steps.selectAll()  # (which variables train shows after a few steps as after the default 100)
    qtbot.keyClicks(dialog.steps, "3")
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    result = window.training.run.result
    assert sorted(result.labels[v] for v in result.variables) == shown and result.steps_asked == 3
