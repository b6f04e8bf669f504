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


def test_unambiguous_maths_notation_builds_its_graph_in_the_dialog(window, monkeypatch):
    problems = []
    answer_expression(monkeypatch, "e^{-x} · ln(2x) + x^2", "", problems)
    window.action("from_expression").trigger()
    assert problems == [""]
    assert sorted(n.op for n in window.graph.nodes() if n.op) == ["add", "exp", "log", "mul", "mul", "neg", "pow"]


def test_ambiguous_maths_notation_is_answered_in_the_dialog_with_what_to_write(window, monkeypatch):
    problems = []
    for typed in ("e^2x", "sin x", "sin²x", "f(x) = x**2"):
        answer_expression(monkeypatch, typed, "", problems)
        window.action("from_expression").trigger()
    assert problems == [
        'Cannot read the expression: column 2: "e^2x": write e^(2x) for e to the power 2x, or e^2*x',
        'Cannot read the expression: column 5: "sin x": write sin(x) (a function takes its input in brackets)',
        "Cannot read the expression: column 1: write sin(x)**2 for a power of sin",
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
    assert all(
        part in syntax for part in ("* / + - @", "x²", "x^2", "2x", "e^x", "ln", "sin(x)", "exp", "log", "tanh", "sum")
    )
