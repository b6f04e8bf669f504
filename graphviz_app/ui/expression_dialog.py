"""File → New from Expression…: an expression, and optionally the shapes of some of its variables
("X 8×5, W1 5×4, b1 4", also numpy's "X (8, 5) b1 (4,)"); the others' shapes are guessed around them (core.shape_guess).

The shapes are read as they are typed; the expression is read at OK, and a problem keeps the
dialog open with the user's text, saying what is wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit

from ..core import engine
from ..core.data_names import RULE, is_data_name
from ..core.errors import UserError
from ..core.expr import parse_expression
from ..core.graph import Graph
from ..core.shape_guess import typed_clash
from ..core.shape_text import EXAMPLE, read_shapes, shape_text
from . import tones
from .checked_dialog import CheckedDialog
from .tones import ToneLabel


class ExpressionDialog(CheckedDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("New from Expression")
        self.graph: Graph | None = None  # what OK made
        self._refused: tuple[str, str, str] | None = None  # (expression, shapes, why) OK last refused
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
        self.expression.textChanged.connect(self.check)
        self.shapes.textChanged.connect(self.check)

    def problem(self) -> str | None:
        if self._refused is not None and self._refused[:2] == (self.expression.text(), self.shapes.text()):
            return self._refused[2]
        if not self.expression.text().strip():
            return ""  # (nothing to say yet: OK waits for an expression)
        try:
            read_shapes(self.shapes.text())
        except UserError as exc:
            return exc.message
        return None

    def check(self, *_args) -> None:
        super().check()
        self.problem_label.setVisible(bool(self.problem()))  # (an empty expression is not a problem to show)

    def accept(self) -> None:
        if self.problem() is not None:
            return
        text, shapes = self.expression.text(), self.shapes.text()
        try:
            stated = read_shapes(shapes)
            graph = parse_expression(text, shapes=stated)
        except UserError as exc:
            self._refused = (text, shapes, f"Cannot read the expression: {exc.message}")
            self.check()
            return
        errors = engine.evaluate(graph).errors if stated else {}
        if errors:  # (shapes the user stated that do not fit: said here, not on a card)
            clash = typed_clash(graph, errors, stated)
            if clash is None:  # (every error reaches a guess: name what was typed, not the guess)
                typed = ", ".join(f"{name} {shape_text(shape)}" for name, shape in stated.items())
                clash = f"no shapes of the other variables fit {typed} together"
            self._refused = (text, shapes, f"The shapes do not fit: {clash}")
            self.check()
            return
        names = [n.name for n in graph.variables()]
        for node in graph.variables():
            if is_data_name(node.name, names):
                graph.set_trainable(node.id, False)
        self.graph = graph
        super().accept()

    def text(self) -> str:
        return self.expression.text().strip()
