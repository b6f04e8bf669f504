"""File → New from Expression…: the dialog with its expression and optional shapes, driven as a
user does (typing, OK), through the window's action."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from ui.canvas_helpers import when_modal
from ui.expression_helpers import answer_expression

from graphviz_app.ui.expression_dialog import ExpressionDialog

OK = QDialogButtonBox.StandardButton.Ok


def test_typed_shapes_become_the_variables_shapes_and_the_cards_show_them(window):
    def answer(dialog):
        QTest.keyClicks(dialog.expression, "sum(tanh(X @ W + b))")
        QTest.keyClicks(dialog.shapes, "X 8×5, W 5×4, b 4")
        QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)

    check = when_modal(ExpressionDialog, answer)
    window.action("from_expression").trigger()
    check()
    shapes = {v.name: v.value.shape for v in window.graph.variables()}
    assert shapes == {"X": (8, 5), "W": (5, 4), "b": (4,)}
    assert window.undo_stack.undoText() == "Graph of sum(tanh(X @ W + b))"
    assert "New graph of sum(tanh(X @ W + b))" in window.statusBar().currentMessage()


@pytest.mark.parametrize("typed", ["X 8x5 W 5x4 b 4", "X (8,5), W (5, 4), b (4,)", "X (8, 5) W 5×4; b (4,)"])
def test_shapes_typed_without_commas_or_as_numpy_tuples_are_read(window, typed):
    def answer(dialog):
        QTest.keyClicks(dialog.expression, "sum(tanh(X @ W + b))")
        QTest.keyClicks(dialog.shapes, typed)
        assert not dialog.problem_label.isVisibleTo(dialog)
        QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)

    check = when_modal(ExpressionDialog, answer)
    window.action("from_expression").trigger()
    check()
    assert {v.name: v.value.shape for v in window.graph.variables()} == {"X": (8, 5), "W": (5, 4), "b": (4,)}


def test_a_shape_that_cannot_be_read_is_said_as_it_is_typed_and_ok_waits(window):
    seen = {}

    def answer(dialog):
        QTest.keyClicks(dialog.expression, "sum(W @ x)")
        QTest.keyClicks(dialog.shapes, "W 3×")
        seen["problem"] = dialog.problem_label.text()
        seen["shown"] = dialog.problem_label.isVisibleTo(dialog)
        seen["ok"] = dialog.buttons.button(OK).isEnabled()
        QTest.keyClicks(dialog.shapes, "2")
        seen["ok after"] = dialog.buttons.button(OK).isEnabled()
        QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)

    check = when_modal(ExpressionDialog, answer)
    window.action("from_expression").trigger()
    check()
    assert seen == {
        "problem": "Shapes: \"W 3×\": write a vector's length or a matrix's rows×columns (for example  X 8×5, W 5×4, b 4)",
        "shown": True,
        "ok": False,
        "ok after": True,
    }
    assert {v.name: v.value.shape for v in window.graph.variables()} == {"W": (3, 2), "x": (2,)}


def test_an_expression_that_cannot_be_read_keeps_the_dialog_open_with_the_text(window):
    seen = {}

    def answer(dialog):
        QTest.keyClicks(dialog.expression, "sin(x")
        QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["text"] = dialog.expression.text()
        seen["problem"] = dialog.problem_label.text()
        dialog.reject()

    check = when_modal(ExpressionDialog, answer)
    window.action("from_expression").trigger()
    check()
    assert seen["open"] and seen["text"] == "sin(x"
    assert seen["problem"].startswith("Cannot read the expression: ")
    assert len(window.graph) == 0 and window.undo_stack.count() == 0


def test_stated_shapes_that_do_not_fit_are_said_in_the_dialog(window):
    seen = {}

    def answer(dialog):
        QTest.keyClicks(dialog.expression, "sum(X @ W + b)")
        QTest.keyClicks(dialog.shapes, "X 8×5, W 4×4, b 4")
        QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["problem"] = dialog.problem_label.text()
        dialog.reject()

    check = when_modal(ExpressionDialog, answer)
    window.action("from_expression").trigger()
    check()
    assert seen == {
        "open": True,
        "problem": "The shapes do not fit: matmul: X ℝ⁸ˣ⁵ @ W ℝ⁴ˣ⁴: inner sizes 5 and 4 differ"
        " — W must be ℝ⁵ˣ⁴ to match X's 5 columns (or X ℝ⁸ˣ⁴)",
    }
    assert len(window.graph) == 0


def test_shapes_that_clash_are_named_as_typed_not_a_guess(window, monkeypatch):
    # W2's 3 columns make 8×3 logits, Y is 8×4: that, not the untyped W1, is the problem
    problems = []
    answer_expression(monkeypatch, "softmax_xent(tanh(X @ W1 + b1) @ W2 + b2, Y)", "X 8×5, W2 4x3, Y 8x4", problems)
    window.action("from_expression").trigger()
    assert problems == [
        "The shapes do not fit: softmax_xent(add₂(matmul₂, b2) ℝ⁸ˣ³, Y ℝ⁸ˣ⁴): logits and target shapes differ — "
        "Y must be ℝ⁸ˣ³ like add₂ (one-hot rows, one per example)"
    ]


def test_with_two_clashes_the_message_names_typed_operands_never_a_guessed_one(window, monkeypatch):
    # no single freed size makes these fit: the guesses stay scalars, and the clash shown is
    # between X and Y as typed, not "X @ W1 ℝ: use mul for a scalar" about the untyped W1
    problems = []
    text = "softmax_xent(X @ W1 @ W2, Y) + softmax_xent(X, Y)"
    answer_expression(monkeypatch, text, "X 8×5, W2 4x3, Y 8x4", problems)
    window.action("from_expression").trigger()
    (problem,) = problems
    assert problem.startswith("The shapes do not fit: softmax_xent₂: softmax_xent(X ℝ⁸ˣ⁵, Y ℝ⁸ˣ⁴)"), problem
    assert "W1" not in problem


def test_a_cross_entropy_target_opens_as_one_hot_data(window):
    def answer(dialog):
        QTest.keyClicks(dialog.expression, "softmax_xent(W2 @ relu(W1 @ x + b1) + b2, y)")
        QTest.keyClicks(dialog.shapes, "W1 3×2, x 2, W2 3×3, y 3")
        assert "one-hot" in " ".join(label.text() for label in dialog.findChildren(type(dialog.problem_label)))
        QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)

    check = when_modal(ExpressionDialog, answer)
    window.action("from_expression").trigger()
    check()
    y = window.graph.node(window.graph.find("y"))
    assert y.kind == "constant" and y.value.tolist() == [0.0, 1.0, 0.0]
    assert {v.name for v in window.graph.variables()} == {"W1", "x", "b1", "W2", "b2"}


def shown_dialog(qtbot) -> ExpressionDialog:
    dialog = ExpressionDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def said(dialog) -> str:
    return dialog.problem_label.text() if dialog.problem_label.isVisibleTo(dialog) else ""


def test_an_unclosed_bracket_is_said_once_typing_pauses_and_ok_waits(qtbot):
    dialog = shown_dialog(qtbot)
    QTest.keyClicks(dialog.expression, "sum(tanh(W @ x + b)) * log(")
    qtbot.waitUntil(lambda: said(dialog) != "")
    assert said(dialog) == "Cannot read the expression: column 27: '(' was never closed"
    assert not dialog.buttons.button(OK).isEnabled()
    QTest.keyClicks(dialog.expression, "x)")
    qtbot.waitUntil(lambda: dialog.buttons.button(OK).isEnabled())
    assert said(dialog) == ""
    QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.graph is not None


def test_typed_shapes_that_clash_are_said_as_typed_in_the_words_ok_used(window, qtbot, monkeypatch):
    # OK pressed at once (before typing pauses) reads the fields and says why not
    ok_said = []
    answer_expression(monkeypatch, "relu(W @ x) - y", "W 3x4, x 5", ok_said)
    window.action("from_expression").trigger()
    monkeypatch.undo()
    dialog = shown_dialog(qtbot)
    QTest.keyClicks(dialog.expression, "relu(W @ x) - y")
    QTest.keyClicks(dialog.shapes, "W 3x4, x 5")
    qtbot.waitUntil(lambda: said(dialog) != "")
    live = said(dialog)
    assert live.startswith("The shapes do not fit: matmul: W ℝ³ˣ⁴ @ x ℝ⁵: inner sizes 4 and 5 differ"), live
    assert not dialog.buttons.button(OK).isEnabled()
    assert ok_said == [live] and len(window.graph) == 0
    QTest.keyClick(dialog.shapes, Qt.Key.Key_Backspace)
    QTest.keyClicks(dialog.shapes, "4")
    qtbot.waitUntil(lambda: dialog.buttons.button(OK).isEnabled())
    QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
    assert {v.name: v.value.shape for v in dialog.graph.variables()} == {"W": (3, 4), "x": (4,), "y": (3,)}


def test_enter_right_after_the_fixing_key_makes_the_graph(window):
    # the message of the bad text still shows (typing has not paused): Enter reads the text first
    seen = {}

    def answer(dialog):
        QTest.keyClicks(dialog.expression, "sin(x")
        QTest.qWait(400)
        seen["before"] = (said(dialog), dialog.buttons.button(OK).isEnabled())
        QTest.keyClicks(dialog.expression, ")")
        QTest.keyClick(dialog.expression, Qt.Key.Key_Return)

    check = when_modal(ExpressionDialog, answer)
    window.action("from_expression").trigger()
    check()
    assert seen["before"] == ("Cannot read the expression: column 4: '(' was never closed", False)
    assert [n.name for n in window.graph.variables()] == ["x"]


def test_an_emptied_expression_forgets_the_old_message(qtbot):
    dialog = shown_dialog(qtbot)
    QTest.keyClicks(dialog.expression, "sin(")
    qtbot.waitUntil(lambda: said(dialog) != "")
    dialog.expression.selectAll()
    QTest.keyClick(dialog.expression, Qt.Key.Key_Delete)
    QTest.keyClicks(dialog.expression, "x")
    assert said(dialog) == "" and dialog.buttons.button(OK).isEnabled()


def test_a_shape_for_a_name_not_in_the_expression_is_said_of_the_shapes_field(qtbot):
    dialog = shown_dialog(qtbot)
    QTest.keyClicks(dialog.expression, "sin(x)")
    QTest.keyClicks(dialog.shapes, "z 3")
    QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)  # (OK reads at once)
    assert dialog.isVisible() and not dialog.buttons.button(OK).isEnabled()
    assert said(dialog) == "Shapes: z is not in the expression (its variables: x)"


def test_a_greek_name_spelled_out_in_the_shapes_is_the_expressions_letter(window, qtbot):
    """Phi 3×2 gives the Φ of ‖y − Φθ‖² its shape; phi (φ, another letter) is refused with the
    name as typed and the one meant, never a list holding the name said to be missing."""

    def answer(dialog):
        dialog.expression.insert("sqnorm(y - Φ @ θ)")  # (as pasted: keyClicks types Latin-1 only)
        QTest.keyClicks(dialog.shapes, "Phi 3×2")
        QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)

    check = when_modal(ExpressionDialog, answer)
    window.action("from_expression").trigger()
    check()
    assert {v.name: v.value.shape for v in window.graph.variables()} == {"y": (3,), "Φ": (3, 2), "θ": (2,)}
    dialog = shown_dialog(qtbot)
    dialog.expression.insert("sqnorm(y - Φ @ θ)")  # (as pasted: keyClicks types Latin-1 only)
    QTest.keyClicks(dialog.shapes, "phi 3×2")
    QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.buttons.button(OK).isEnabled()
    assert said(dialog) == 'Shapes: phi is not in the expression (did you mean "Φ"?)'
    dialog.shapes.clear()
    dialog.shapes.insert("Phi 3×2, Φ 3×2")  # (OK waits: the message comes once typing pauses)
    qtbot.waitUntil(lambda: said(dialog) == "Shapes: Phi and Φ name the same variable: give its shape once")


def test_a_wrong_name_beside_a_losss_target_is_the_one_named(qtbot):
    """softmax_xent's target y becomes a constant, but it is in the expression and may be given a
    shape: the name at fault is q."""
    dialog = shown_dialog(qtbot)
    QTest.keyClicks(dialog.expression, "softmax_xent(z, y)")
    QTest.keyClicks(dialog.shapes, "y 3, q 2")
    QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.buttons.button(OK).isEnabled()
    assert said(dialog) == "Shapes: q is not in the expression (its variables: z, y)"


@pytest.mark.parametrize("expression", ["", "sin(x)"])
def test_shapes_that_cannot_be_read_are_said_whatever_the_expression_holds(qtbot, expression):
    dialog = shown_dialog(qtbot)
    QTest.keyClicks(dialog.expression, expression)
    QTest.keyClicks(dialog.shapes, "x 3x")
    assert said(dialog).startswith('Shapes: "x 3x"') and not dialog.buttons.button(OK).isEnabled()


BROADCAST = "sub: ℝ⁴ − ℝ⁴ˣ¹ broadcasts to ℝ⁴ˣ⁴; did you mean matmul as ℝ⁴ˣ¹ or y as ℝ⁴?"


def test_typed_shapes_that_broadcast_to_n_by_n_are_warned_of_under_the_fields_and_ok_still_builds(window, qtbot):
    """X @ w − y with y typed as a column broadcasts to 4×4: the dialog warns before OK, in the words
    the status bar then uses (the graph's own check), and OK is not blocked; a vector y is no warning."""
    seen = {}

    def answer(dialog):
        warning = dialog.findChild(QLabel, "expressionBroadcastWarning")
        QTest.keyClicks(dialog.expression, "sum((X @ w - y)**2)")
        QTest.keyClicks(dialog.shapes, "X 4×3, w 3, y 4")
        qtbot.waitUntil(lambda: dialog.problem() is None and dialog.buttons.button(OK).isEnabled(), timeout=3000)
        qtbot.wait(400)  # (read once typing paused: nothing to warn of)
        seen["vector y"] = warning.isVisibleTo(dialog)
        QTest.keyClick(dialog.shapes, Qt.Key.Key_Backspace)
        QTest.keyClicks(dialog.shapes, "4×1")
        qtbot.waitUntil(lambda: warning.isVisibleTo(dialog), timeout=3000)
        seen["column y"] = warning.text()
        seen["ok"] = dialog.buttons.button(OK).isEnabled() and not dialog.problem_label.isVisibleTo(dialog)
        QTest.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)

    check = when_modal(ExpressionDialog, answer)
    window.action("from_expression").trigger()
    check()
    assert seen == {"vector y": False, "column y": f"⚠ {BROADCAST}\nOK builds the graph as typed.", "ok": True}
    assert {v.name: v.value.shape for v in window.graph.variables()} == {"X": (4, 3), "w": (3,), "y": (4, 1)}
    window.scene.evaluator.refresh()
    assert BROADCAST in window.statusBar().currentMessage()  # (what the dialog said, the graph now says)
