"""Run → Train…: the optimizer, the learning rate and the number of steps, checked as typed and
remembered for the next time (the first time: the defaults `graphviz-app train` uses). OK hands them
to `run` (the controller); a run that cannot start, or that stopped because the loss grew, leaves
the dialog open with its message, to try a smaller learning rate."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit

from ...core import train_defaults
from ...core.errors import UserError
from ...core.graph import Graph
from ...core.naming import display_label, display_labels
from ...core.optim import OPTIMIZERS
from ...core.output_choice import output_in_use
from ...core.train import MAX_STEPS, check_start, trainable_variables
from ...core.values import format_number
from ..checked_dialog import CheckedDialog
from ..tones import ToneLabel
from ..value_grid import parse_cell

# optimizer, learning rate, steps the first time: those of `graphviz-app train` without options
DEFAULTS = (train_defaults.OPTIMIZER, f"{train_defaults.LEARNING_RATE:g}", str(train_defaults.STEPS))
RULES = {
    "sgd": "θ ← θ − η·g",
    "momentum": "v ← 0.9·v + g,  θ ← θ − η·v   (torch.optim.SGD, momentum 0.9)",
    "adam": "β = (0.9, 0.999), ε = 10⁻⁸, bias-corrected   (torch.optim.Adam's defaults)",
}
SHOWN_NAMES = 4  # the variables named in the summary before "and N more"


@dataclass(frozen=True)
class TrainSettings:
    optimizer: str
    lr: float
    steps: int


def parse_steps(text: str) -> int:
    """A whole number of steps from 1 to MAX_STEPS (ValueError with the message to show)."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace("\u2009", "").replace(" ", "")
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= MAX_STEPS:
        raise ValueError(f"steps: type a whole number from 1 to {MAX_STEPS:,}")
    return int(cleaned)


def parse_lr(text: str) -> float:
    """A finite positive learning rate (ValueError with the message to show)."""
    try:
        lr = parse_cell(text)
    except ValueError:
        lr = math.nan
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"learning rate: type a finite positive number, such as {DEFAULTS[1]} or 1e-3")
    return lr


def graph_problem(graph: Graph, evaluation=None) -> str | None:
    """What keeps the diagram from training, as far as one evaluation tells (core.train.check_start:
    what `train` would refuse), said as the window's user acts on it. evaluation: the graph's own, to reuse."""
    if output_in_use(graph)[0] is None:  # (none set and no single end node to take)
        return "Choose the output first (right-click a node → Set as Output): training minimises it."
    if not trainable_variables(graph):
        return "The diagram has no trainable variable (constants never train; frozen variables neither)."
    try:
        check_start(graph, evaluation=evaluation)
    except UserError as exc:
        return sentence(exc.message, graph)
    return None


def sentence(message: str, graph: Graph | None = None) -> str:
    """A core message ("training needs …") as a sentence; one that begins with a node as its card
    names it (matmul "z": …, θ …) keeps that name as written."""
    first = message.split(" ", 1)[0].rstrip(":")
    named = graph is not None and (
        first in display_labels(graph).values() or any(node.op == first for node in graph.nodes())
    )
    start = message[:1] if named else message[:1].upper()
    return start + message[1:] + ("" if message.endswith((".", ")")) else ".")


def summary(graph: Graph) -> str:
    """'Minimises "loss" over w, b (2 trainable variables).' (quoted as core.train's messages quote)"""
    names = [display_label(graph, v) for v in trainable_variables(graph)]
    shown = ", ".join(names[:SHOWN_NAMES]) + (
        f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else ""
    )
    count = f"{len(names)} trainable variable" + ("" if len(names) == 1 else "s")
    return f'Minimises "{display_label(graph, output_in_use(graph)[0])}" over {shown} ({count}).'


class TrainDialog(CheckedDialog):
    def __init__(
        self, graph: Graph, settings, run: Callable[[TrainSettings], str | None], parent=None, evaluation=None
    ):
        super().__init__(parent)
        self.setObjectName("trainDialog")
        self.setWindowTitle("Train")
        self.graph, self.settings, self.run = graph, settings, run
        self.failure: str | None = None  # why the last OK could not train (until a field changes)
        self.blocked = graph_problem(graph, evaluation)  # (shown once: as the dialog's problem, under the fields)
        # what training would do, when there is an output and something to train
        self.intro = QLabel(summary(graph) if output_in_use(graph)[0] and trainable_variables(graph) else "", self)
        self.intro.setObjectName("trainSummary")
        self.intro.setWordWrap(True)
        self.intro.setMinimumWidth(380)
        self.intro.setVisible(bool(self.intro.text()))
        self.body.addWidget(self.intro)

        optimizer, lr, steps = self._saved()
        self.optimizer = QComboBox(self)
        for key, info in OPTIMIZERS.items():
            self.optimizer.addItem(info.title, key)
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(optimizer)))
        self.rule = ToneLabel("", parent=self)
        self.lr = QLineEdit(lr, self)
        self.lr.setPlaceholderText(f"such as {DEFAULTS[1]} or 1e-3")
        self.steps = QLineEdit(steps, self)
        self.steps.setPlaceholderText(f"1 to {MAX_STEPS:,}")
        form = QFormLayout()
        form.addRow("&Optimizer:", self.optimizer)
        form.addRow("", self.rule)
        form.addRow("&Learning rate η:", self.lr)
        form.addRow("&Steps:", self.steps)
        self.body.addLayout(form)
        self.optimizer.currentIndexChanged.connect(self._changed)
        self.lr.textChanged.connect(self._changed)
        self.steps.textChanged.connect(self._changed)
        self.finish()
        self.problem_label.setMinimumWidth(380)  # (as wide as the summary: a long reason wraps less)
        self._show_rule()
        self.lr.setFocus()
        self.lr.selectAll()

    def _saved(self) -> tuple[str, str, str]:
        s = self.settings
        optimizer = s.value("training/optimizer", DEFAULTS[0], type=str)
        return (
            optimizer if optimizer in OPTIMIZERS else DEFAULTS[0],
            s.value("training/lr", DEFAULTS[1], type=str) or DEFAULTS[1],
            s.value("training/steps", DEFAULTS[2], type=str) or DEFAULTS[2],
        )

    def _changed(self, *_args) -> None:
        self.failure = None
        self._show_rule()
        self.check()

    def _show_rule(self) -> None:
        self.rule.setText(RULES[self.optimizer.currentData()])

    # ------------------------------------------------------------ reading
    def chosen(self) -> TrainSettings | None:
        """The settings typed (None while one cannot be used)."""
        try:
            return TrainSettings(self.optimizer.currentData(), parse_lr(self.lr.text()), parse_steps(self.steps.text()))
        except ValueError:
            return None

    def problem(self) -> str | None:
        if self.blocked:
            return self.blocked
        if self.failure:
            return self.failure
        problems = []
        for parse, edit in ((parse_lr, self.lr), (parse_steps, self.steps)):
            try:
                parse(edit.text())
            except ValueError as exc:
                problems.append(str(exc))
        return "\n".join(problems) or None

    def accept(self) -> None:
        """Remember the settings, train; stay open with the message when training cannot start."""
        chosen = self.chosen()
        if self.problem() is not None or chosen is None:
            return
        self.settings.setValue("training/optimizer", chosen.optimizer)
        self.settings.setValue("training/lr", format_number(chosen.lr))
        self.settings.setValue("training/steps", str(chosen.steps))
        failure = self.run(chosen)
        if failure is not None:
            self.failure = failure
            self.check()
            return
        super().accept()
