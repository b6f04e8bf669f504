"""Run → Train…: the variables to change (a checkbox each; data such as X and Y start unchecked,
core.data_names), the optimizer, the learning rate and the number of steps, checked as typed and
remembered for the next time (the first time: the defaults `graphviz-app train` uses). OK hands them
to `run` (the controller); a run that cannot start, or that stopped because the loss grew, leaves
the dialog open with its message, to try a smaller learning rate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from ...core import engine, train_defaults
from ...core.data_names import RULE, default_training
from ...core.errors import UserError
from ...core.graph import Graph
from ...core.naming import display_label, display_labels, typed
from ...core.optim import OPTIMIZERS
from ...core.output_choice import output_in_use
from ...core.train import MAX_STEPS, check_start, read_learning_rate, trainable_variables
from ...core.train_memory import check_record_fits
from ...core.values import format_number
from .. import tones
from ..broadcast_warning import broadcast_warning, warning_label
from ..checked_dialog import CheckedDialog
from ..tones import ToneLabel

# optimizer, learning rate, steps the first time: those of `graphviz-app train` without options
DEFAULTS = (train_defaults.OPTIMIZER, f"{train_defaults.LEARNING_RATE:g}", str(train_defaults.STEPS))
RULES = {
    "sgd": "θ ← θ − η·g",
    "momentum": "v ← 0.9·v + g,  θ ← θ − η·v   (torch.optim.SGD, momentum 0.9)",
    "adam": "β = (0.9, 0.999), ε = 10⁻⁸, bias-corrected   (torch.optim.Adam's defaults)",
}
SHOWN_NAMES = 4  # the frozen variables named before "and N more"
COLUMNS = 4  # the variables' checkboxes, in rows of this many
ROWS_SHOWN = 6  # more rows than this scroll
# more variables than a row: Check all / Check none; more than the rows shown: a filter by name too
BUTTONS_FROM = COLUMNS + 1
FILTER_FROM = COLUMNS * ROWS_SHOWN + 1


@dataclass(frozen=True)
class TrainSettings:
    optimizer: str
    lr: float
    steps: int
    variables: tuple[str, ...] | None = None  # ids of the variables to change (None: every trainable one)


def parse_steps(text: str) -> int:
    """A whole number of steps from 1 to MAX_STEPS (ValueError with the message to show)."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace("\u2009", "").replace(" ", "")
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= MAX_STEPS:
        raise ValueError(f"Steps: type a whole number from 1 to {MAX_STEPS:,}")
    return int(cleaned)


def parse_lr(text: str) -> float:
    """A finite positive learning rate (ValueError with the message to show)."""
    lr = read_learning_rate(text)
    if lr is None:
        raise ValueError(
            f"Learning rate: type a finite positive number, such as {train_defaults.LEARNING_RATE_EXAMPLES}"
        )
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


def named(names: list[str]) -> str:
    """'X, Y and 3 more'."""
    shown = ", ".join(names[:SHOWN_NAMES])
    return shown + (f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else "")


def summary(graph: Graph, checked: int) -> str:
    """'Minimises "loss" by changing the 2 checked variables:' (quoted as core.train's messages quote)"""
    count = "the checked variable" if checked == 1 else f"the {checked} checked variables"
    return f'Minimises "{display_label(graph, output_in_use(graph)[0])}" by changing {count}:'


def frozen_note(graph: Graph) -> str:
    """The variables training never changes, said once (empty: none)."""
    frozen = [display_label(graph, n.id) for n in graph.variables() if not n.trainable]
    if not frozen:
        return ""
    verb = "stays" if len(frozen) == 1 else "stay"
    return f"Frozen: {named(frozen)} {verb} as {'it is' if len(frozen) == 1 else 'they are'} (Edit → Trainable)."


def broadcast_note(graph: Graph, evaluation=None) -> str:
    """Each op that broadcast a column against a vector to n×n (X @ w − y), in the words of
    `graphviz-app train`'s warning, a line each (empty: none)."""
    if evaluation is None:
        try:
            evaluation = engine.evaluate(graph)
        except UserError:  # (a cycle: the dialog's problem says it)
            return ""
    return broadcast_warning(evaluation, "Training minimises the loss as it is computed.")


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
        self.evaluation = evaluation
        # what training would do, when there is an output and something to train
        self.intro = QLabel("", self)
        self.intro.setObjectName("trainSummary")
        self.intro.setWordWrap(True)
        self.intro.setMinimumWidth(380)
        self.body.addWidget(self.intro)
        self.filter: QLineEdit | None = None  # (a model of many variables: see _variable_boxes)
        self.check_all: QPushButton | None = None
        self.check_none: QPushButton | None = None
        self.boxes = self._variable_boxes() if output_in_use(graph)[0] else {}
        self.intro.setVisible(bool(self.boxes))
        self.data_note = ToneLabel("", tones.muted, self)  # why some start unchecked
        self.data_note.setObjectName("trainDataNote")
        self.data_note.setWordWrap(True)
        data = [display_label(graph, v) for v, box in self.boxes.items() if not box.isChecked()]
        if data:
            it, starts = ("it", "starts") if len(data) == 1 else ("them", "start")
            self.data_note.setText(f"{named(data)} {starts} unchecked: {RULE}. Check {it} to train {it} too.")
        self.data_note.setVisible(bool(data))
        self.body.addWidget(self.data_note)
        self.frozen = ToneLabel(frozen_note(graph) if self.boxes else "", tones.muted, self)
        self.frozen.setObjectName("trainFrozenNote")
        self.frozen.setWordWrap(True)
        self.frozen.setVisible(bool(self.frozen.text()))
        self.body.addWidget(self.frozen)
        # X @ w − y made ℝⁿˣⁿ: the loss trained is not the one meant (as `train` warns on stderr)
        self.broadcast = warning_label(broadcast_note(graph, evaluation), "trainBroadcastWarning", self)
        self.body.addWidget(self.broadcast)
        self._show_summary()

        optimizer, lr, steps = self._saved()
        self.optimizer = QComboBox(self)
        for key, info in OPTIMIZERS.items():
            self.optimizer.addItem(info.title, key)
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(optimizer)))
        self.rule = ToneLabel("", parent=self)
        self.lr = QLineEdit(lr, self)
        self.lr.setPlaceholderText(f"such as {train_defaults.LEARNING_RATE_EXAMPLES}")
        self.steps = QLineEdit(steps, self)
        self.steps.setPlaceholderText(f"1 to {MAX_STEPS:,}")
        form = QFormLayout()
        form.addRow("&Optimizer:", self.optimizer)
        form.addRow("", self.rule)
        form.addRow("&Learning rate η:", self.lr)
        form.addRow("&Steps:", self.steps)
        self.body.addLayout(form)
        for box in self.boxes.values():
            box.toggled.connect(self._changed)
        self.optimizer.currentIndexChanged.connect(self._changed)
        self.lr.textChanged.connect(self._changed)
        self.steps.textChanged.connect(self._changed)
        self.finish()
        self.problem_label.setMinimumWidth(380)  # (as wide as the summary: a long reason wraps less)
        self._show_rule()
        self.lr.setFocus()
        self.lr.selectAll()

    def _variable_boxes(self) -> dict[str, QCheckBox]:
        """A checkbox per trainable variable, in the graph's order: checked, but for data names.
        Above them, for a model of several rows, Check all / Check none (and a filter by name)."""
        graph = self.graph
        ids = trainable_variables(graph)
        left_as_data = set(default_training(graph)[1])
        grid_widget = QWidget(self)
        self.grid = QGridLayout(grid_widget)
        self.grid.setContentsMargins(12, 0, 0, 0)
        boxes = {}
        for i, nid in enumerate(ids):
            box = QCheckBox(display_label(graph, nid), grid_widget)
            box.setObjectName(f"trainVariable:{display_label(graph, nid)}")
            box.setChecked(nid not in left_as_data)
            self.grid.addWidget(box, i // COLUMNS, i % COLUMNS)
            boxes[nid] = box
        if not boxes:
            return boxes
        if len(ids) >= BUTTONS_FROM:
            self._add_choice_row(len(ids))
        scroll = QScrollArea(self)
        scroll.setWidget(grid_widget)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        rows = min(ROWS_SHOWN, (len(ids) + COLUMNS - 1) // COLUMNS)
        row_height = grid_widget.sizeHint().height() / max(1, (len(ids) + COLUMNS - 1) // COLUMNS)
        scroll.setFixedHeight(int(row_height * rows) + 2)
        scroll.setMinimumWidth(min(grid_widget.sizeHint().width() + 24, 560))
        self.body.addWidget(scroll)
        return boxes

    def _add_choice_row(self, count: int) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(12, 0, 0, 0)
        if count >= FILTER_FROM:
            self.filter = QLineEdit(self)
            self.filter.setObjectName("trainVariableFilter")
            self.filter.setPlaceholderText("Filter by name")
            self.filter.setToolTip(f"Show only the variables whose name holds this text ({count} in all)")
            self.filter.setClearButtonEnabled(True)
            self.filter.textChanged.connect(self._filter_boxes)
            row.addWidget(self.filter, 1)
        self.check_all = QPushButton("Check all", self)
        self.check_all.setObjectName("trainCheckAll")
        self.check_none = QPushButton("Check none", self)
        self.check_none.setObjectName("trainCheckNone")
        for button, state in ((self.check_all, True), (self.check_none, False)):
            button.setAutoDefault(False)  # (Enter still means OK)
            button.clicked.connect(lambda _=False, state=state: self._check_shown(state))
            row.addWidget(button)
        if self.filter is None:
            row.addStretch(1)
        self.body.addLayout(row)

    def _shown_boxes(self) -> list[QCheckBox]:
        return [box for box in self.boxes.values() if not box.isHidden()]

    def _check_shown(self, state: bool) -> None:
        """Check (or uncheck) every variable the filter shows: one check of the whole choice after."""
        for box in self._shown_boxes():
            box.blockSignals(True)  # (each toggle would re-check the diagram: 400 of them take seconds)
            box.setChecked(state)
            box.blockSignals(False)
        self._changed()

    def _filter_boxes(self, text: str) -> None:
        """Show the variables whose name holds the text (case aside; W1 finds W₁), packed in rows."""
        wanted = typed(text.strip()).casefold()
        shown = 0
        for box in self.boxes.values():
            self.grid.removeWidget(box)
            match = wanted in typed(box.text()).casefold()
            box.setHidden(not match)
            if match:
                self.grid.addWidget(box, shown // COLUMNS, shown % COLUMNS)
                shown += 1
        filtered = bool(wanted)
        self.check_all.setText("Check shown" if filtered else "Check all")
        self.check_none.setText("Uncheck shown" if filtered else "Check none")

    def checked(self) -> tuple[str, ...]:
        """Ids of the variables checked, in the graph's order."""
        return tuple(nid for nid, box in self.boxes.items() if box.isChecked())

    def _show_summary(self) -> None:
        if self.boxes:
            self.intro.setText(summary(self.graph, len(self.checked())))

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
        self._show_summary()
        self._show_rule()
        self.check()

    def _show_rule(self) -> None:
        self.rule.setText(RULES[self.optimizer.currentData()])

    # ------------------------------------------------------------ reading
    def chosen(self) -> TrainSettings | None:
        """The settings typed (None while one cannot be used)."""
        try:
            return TrainSettings(
                self.optimizer.currentData(), parse_lr(self.lr.text()), parse_steps(self.steps.text()), self.checked()
            )
        except ValueError:
            return None

    def problem(self) -> str | None:
        if self.blocked:
            return self.blocked
        if self.failure:
            return self.failure
        problems = [self._choice_problem()] if self.boxes else []
        problems = [p for p in problems if p]
        for parse, edit in ((parse_lr, self.lr), (parse_steps, self.steps)):
            try:
                parse(edit.text())
            except ValueError as exc:
                problems.append(str(exc))
        chosen = self.chosen()
        if not problems and chosen is not None and chosen.variables:
            try:  # (a large model's iterates for the steps typed must fit memory)
                check_record_fits(self.graph, list(chosen.variables), chosen.steps)
            except UserError as exc:
                problems.append(sentence(exc.message, self.graph))
        return "\n".join(problems) or None

    def _choice_problem(self) -> str | None:
        """Why the checked variables cannot be trained (none checked, none feeding the output)."""
        checked = self.checked()
        if not checked:
            return "Check at least one variable to train."
        try:
            check_start(self.graph, evaluation=self.evaluation, variables=checked)
        except UserError as exc:
            return sentence(exc.message, self.graph)
        return None

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
