"""New from Expression with maths as a student types it: superscript powers build powers, and
maths notation the parser cannot read is answered in the dialog with what to write."""

from PySide6.QtWidgets import QLabel
from ui.canvas_helpers import when_modal
from ui.expression_helpers import answer_expression

from graphviz_app.ui.expression_dialog import ExpressionDialog


def test_a_superscript_square_builds_a_power(window, monkeypatch):
    problems = []
    answer_expression(monkeypatch, "x² + sin(x)", "", problems)
    window.action("from_expression").trigger()
    assert problems == [""]
    assert sorted(n.op or n.kind for n in window.graph.nodes()) == ["add", "pow", "sin", "variable"]
    assert [n.params for n in window.graph.nodes() if n.op == "pow"] == [{"p": 2.0}]


def test_maths_notation_is_answered_in_the_dialog_with_what_to_write(window, monkeypatch):
    problems = []
    for typed in ("e^x", "x^2 + sin(x)", "sin x", "ln(x)", "f(x) = x**2"):
        answer_expression(monkeypatch, typed, "", problems)
        window.action("from_expression").trigger()
    assert problems == [
        'Cannot read the expression: column 2: the operator "^" is not allowed: write exp(x) for e to the power x',
        'Cannot read the expression: column 2: the operator "^" is not allowed: write x**2 for a power',
        'Cannot read the expression: column 5: "sin x": write sin(x) (a function takes its input in brackets)',
        'Cannot read the expression: column 1: unknown function "ln": use log (natural logarithm ln u)',
        "Cannot read the expression: column 6: an equation: write only the right-hand side, x**2",
    ]
    assert len(window.graph) == 0


def test_the_dialog_says_which_operators_and_functions_it_reads(window):
    seen = []

    def look(dialog):
        seen.extend(label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog))
        dialog.reject()

    check = when_modal(ExpressionDialog, look)
    window.action("from_expression").trigger()
    check()
    syntax = next(text for text in seen if "**" in text)
    assert all(part in syntax for part in ("* / + - @", "x²", "sin(x)", "exp", "log", "tanh", "sum"))
