"""The Run → Train… dialog checks what is typed and remembers it, and says before OK why a diagram cannot
train (no output, no trainable variable, a vector output, too many steps for a large model), naming
nodes as their cards do, each problem once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel
from ui.expression_helpers import answer_expression
from ui.training_helpers import EXAMPLES, LINEAR, fill, ok_button, open_dialog, variable_boxes

from graphviz_app.cli import main
from graphviz_app.core import fileformat
from graphviz_app.core.errors import UserError
from graphviz_app.core.graph import Graph
from graphviz_app.core.train import train


def test_the_dialog_checks_what_is_typed_and_remembers_it(window, qtbot):
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    assert "Minimises" in dialog.intro.text() and list(variable_boxes(dialog)) == ["θ"]
    ok = ok_button(dialog)
    for lr in ("0", "-1", "abc", "inf", "nan", ""):
        fill(dialog, qtbot, "sgd", lr, "10")
        assert not ok.isEnabled(), lr
        assert "Learning rate: type a finite positive number" in dialog.problem_label.text()
    for steps in ("0", "-3", "2.5", "ten", "", "100001"):
        fill(dialog, qtbot, "sgd", "0.1", steps)
        assert not ok.isEnabled(), steps
        assert "Steps: type a whole number from 1 to 100,000" in dialog.problem_label.text()
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


def test_the_dialog_the_command_line_and_core_train_give_one_example_rate(window, qtbot, capsys):
    """One hint for a learning rate that cannot be used, wherever it is typed."""
    examples = "such as 0.02 or 1e-3"  # (the default rate, and one written as a power of ten)
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    assert dialog.lr.placeholderText() == examples
    fill(dialog, qtbot, "sgd", "-1", "10")
    assert dialog.problem_label.text() == f"Learning rate: type a finite positive number, {examples}"
    dialog.reject()
    assert main(["train", str(LINEAR), "--lr", "-1"]) == 2
    assert capsys.readouterr().err == f'error: --lr must be a finite positive number ({examples}), got "-1"\n'
    with pytest.raises(
        UserError, match=rf"^the learning rate must be a finite positive number \({examples}\), got -1$"
    ):
        train(fileformat.load(LINEAR), steps=3, lr=-1)
