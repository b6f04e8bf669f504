"""Run → Train… driven as a user does, for the training tests: the dialog opened and filled, a run trained
to its end, `graphviz-app train`'s numbers, a diagram whose loss overflows."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox

from graphviz_app.cli import main
from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph

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
