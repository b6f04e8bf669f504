"""File → New from Expression…: an expression, and optionally the shapes of some of its variables
("X 8×5, W1 5×4, b1 4", also numpy's "X (8, 5) b1 (4,)"); the others' shapes are guessed around them (core.shape_guess).

The shapes are read as they are typed, the expression a moment after typing pauses (a long one
takes tens of milliseconds to read: not on every key); what cannot be used is said above the
buttons and OK waits. Typed shapes that fit but broadcast a column against a vector to n×n
(X @ w − y) are warned of under the fields, and OK still builds the graph as typed. OK reads what it
has not read yet, with the same reader (`read_entry`)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QLineEdit

from ..core import engine
from ..core.data_names import RULE, is_data_name
from ..core.entry_names import display_name
from ..core.errors import UserError
from ..core.expr import expression_names, given_name, missing_name_hint, parse_expression
from ..core.graph import Graph
from ..core.shape_guess import typed_clash
from ..core.shape_text import EXAMPLE, read_shapes, shape_text
from . import tones
from .broadcast_warning import broadcast_warning, warning_label
from .checked_dialog import CheckedDialog
from .tones import ToneLabel

READ_AFTER_MS = 250  # the expression is read once typing pauses this long


class Entry(NamedTuple):
    """What the dialog read from (expression, shapes): the graph it makes, or why it cannot be used."""

    text: str
    shapes: str
    graph: Graph | None
    problem: str | None
    warning: str = ""  # shapes that fit, but broadcast as seldom meant (the graph is made all the same)


def read_entry(text: str, shapes: str) -> Entry:
    """The one reader of the dialog's two fields, for the live message and for OK alike."""
    try:
        stated = read_shapes(shapes)
    except UserError as exc:
        return Entry(text, shapes, None, _shapes_problem(exc))
    try:
        graph = parse_expression(text, shapes=stated)
    except UserError as exc:
        return Entry(text, shapes, None, _which_field(text, stated, exc))
    evaluation = engine.evaluate(graph) if stated else None
    errors = evaluation.errors if evaluation is not None else {}
    if errors:  # (shapes the user stated that do not fit: said here, not on a card)
        clash = typed_clash(graph, errors, stated)
        if clash is None:  # (every error reaches a guess: name what was typed, not the guess)
            typed = ", ".join(f"{name} {shape_text(shape)}" for name, shape in stated.items())
            clash = f"no shapes of the other variables fit {typed} together"
        return Entry(text, shapes, None, f"The shapes do not fit: {clash}")
    warning = broadcast_warning(evaluation, "OK builds the graph as typed.") if evaluation is not None else ""
    return Entry(text, shapes, graph, None, warning)


def _which_field(text: str, stated: dict, exc: UserError) -> str:
    """Why the fields were not read, named by the field at fault: the expression read without the
    shapes is fine when a stated name is not one of its variables."""
    try:  # (every free name: a loss's target and data names become constants, but can be given shapes)
        names = expression_names(text)
    except UserError as own:
        return f"Cannot read the expression: {own.message}"
    typed: dict[str, str] = {}  # the expression's name -> as the Shapes field wrote it
    for name in stated:
        meant = given_name(name, names)  # (Phi is Φ: the expression's own reading of names)
        if meant is None:
            known = ", ".join(display_name(n) for n in names) or "none"
            hint = missing_name_hint(name, names) or f" (its variables: {known})"
            return f"Shapes: {name} is not in the expression{hint}"
        if meant in typed:
            return f"Shapes: {typed[meant]} and {name} name the same variable: give its shape once"
        typed[meant] = name
    return f"Cannot read the expression: {exc.message}"


def _shapes_problem(exc: UserError) -> str:
    """The Shapes field's own mistake, named by the field ("Shapes: "W 3×": write …")."""
    words = exc.message.removeprefix("shapes: ")
    return f"Shapes: {words}"


class ExpressionDialog(CheckedDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("New from Expression")
        self.graph: Graph | None = None  # what OK made
        self._entry: Entry | None = None  # the fields as last read (shown until the next reading)
        self._read_later = QTimer(self)
        self._read_later.setSingleShot(True)
        self._read_later.setInterval(READ_AFTER_MS)
        self._read_later.timeout.connect(self.read_now)
        form = QFormLayout()
        self.expression = QLineEdit(self)
        self.expression.setPlaceholderText("sum(sigmoid(W @ x + b))")
        self.expression.setMinimumWidth(420)
        self.shapes = QLineEdit(self)
        self.shapes.setPlaceholderText(f"optional:  {EXAMPLE}   or   X (8, 5) b (4,)")
        self.shapes.setToolTip(
            "Each variable's name, then its shape:\n"
            "  a matrix  X 8×5,  X 8x5  or  X (8, 5)\n"
            "  a vector  b 4  or  b (4,)\n"
            "  a scalar  c scalar  or  c ()\n"
            "Separate them by commas, semicolons or spaces:  X 8x5 W 5x4 b 4"
        )
        form.addRow("&Expression:", self.expression)
        form.addRow("&Shapes:", self.shapes)
        self.body.addLayout(form)
        # typed shapes that broadcast X @ w − y to n×n: said under the fields, OK stays enabled
        self.broadcast = warning_label("", "expressionBroadcastWarning", self)
        self.body.addWidget(self.broadcast)
        syntax = ToneLabel(
            "Write ** * / + - @ between operands (x², x^2 or x**2; 2x or 2*x; e^x; W @ x), and any "
            "operation of the palette by its name: sin(x), exp, log (or ln), tanh, sum, …",
            tones.muted,
            self,
        )
        syntax.setWordWrap(True)
        self.body.addWidget(syntax)
        hint = ToneLabel(
            "Variables without a shape get one that fits: a vector or a matrix where the operations "
            "need it, else a scalar. Each gets small example numbers, to edit on its card. "
            f"{RULE}: they start frozen, so Train leaves them as they are (Edit → Trainable changes that). "
            "The target of softmax_xent starts as a one-hot constant.",
            tones.muted,
            self,
        )
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.finish()
        for field in (self.expression, self.shapes):
            field.textChanged.connect(self._typed)
            # Enter right after a key: read first, so the dialog's Enter finds OK as the text stands
            field.returnPressed.connect(self.read_now)

    def _typed(self, *_args) -> None:
        if not self.expression.text().strip():
            self._entry = None  # (an emptied field: an older reading is not shown again)
        self.check()  # (an empty expression and unreadable shapes are said at once: cheap)
        self._read_later.start()

    def read_now(self) -> Entry:
        """Read the fields unless they were read as they are; show what was read."""
        self._read_later.stop()
        fields = (self.expression.text(), self.shapes.text())
        if self._entry is None or (self._entry.text, self._entry.shapes) != fields:
            self._entry = read_entry(*fields)
        self.check()
        return self._entry

    def problem(self) -> str | None:
        try:  # (said whatever the expression holds, also while it is empty)
            read_shapes(self.shapes.text())
        except UserError as exc:
            return _shapes_problem(exc)
        if not self.expression.text().strip():
            return ""  # (nothing to say yet: OK waits for an expression)
        # the last reading, until the fields typed since are read (no flicker at each key)
        return None if self._entry is None else self._entry.problem

    def check(self, *_args) -> None:
        super().check()
        problem = self.problem()
        self.problem_label.setVisible(bool(problem))  # (an empty expression is not a problem to show)
        # the last reading's warning, as its problem is shown (none while the fields have a problem)
        warning = self._entry.warning if self._entry is not None and problem is None else ""
        self.broadcast.setText(warning)
        self.broadcast.setVisible(bool(warning))

    def accept(self) -> None:
        if not self.expression.text().strip():
            return
        graph = self.read_now().graph  # (OK pressed before the pause: read now)
        if graph is None or self.problem() is not None:
            return
        names = [n.name for n in graph.variables()]
        for node in graph.variables():
            if is_data_name(node.name, names):
                graph.set_trainable(node.id, False)
        self.graph = graph
        super().accept()

    def done(self, result: int) -> None:
        self._read_later.stop()  # (closed: nothing left to read)
        super().done(result)

    def text(self) -> str:
        return self.expression.text().strip()
