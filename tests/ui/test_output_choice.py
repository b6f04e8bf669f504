"""F6 on a graph without an output chooses one: the only node that feeds nothing, or the one
the user picks from a short list (named as the cards name them); one undo step either way."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.animation_helpers import load, squares_graph, when_modal

from graphviz_app.core.graph import Graph
from graphviz_app.ui.animation.output_choice import OutputChoiceDialog


def f6(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key_F6)


def answer_list(qtbot, keys, seen: dict):
    """When the list dialog opens (modal), note what it lists and press `keys` in it."""

    def act(dialog):
        seen["names"] = dialog.names()
        seen["focus"] = QApplication.focusWidget() is dialog.list
        for key in keys:
            qtbot.keyClick(QApplication.focusWidget() or dialog, key)

    when_modal(OutputChoiceDialog, act, focus=lambda d: d.list)


def test_the_only_sink_becomes_the_output_and_the_animation_starts(window, qtbot):
    graph, ids = squares_graph()
    graph = load(window, graph)
    graph.add_node("variable", value=3.0)  # a stray input beside the graph is not a candidate
    assert graph.output is None
    steps = window.undo_stack.count()
    f6(qtbot, window)
    c = window.animation.controller
    assert graph.output == ids["y"]
    assert c.active and c.mode == "backward" and c.k == 0
    assert window.undo_stack.count() == steps + 1 and window.undo_stack.undoText() == "Set output add₂"
    assert window.scene.node_item(ids["y"]).is_output  # the card shows it
    assert 'Backward from "add₂"' in window.statusBar().currentMessage()
    window.undo_stack.undo()  # the choice is one step: undone, the graph has no output again
    assert graph.output is None
    qtbot.waitUntil(lambda: not c.active)  # (the animation's output is gone)
    assert "output is no longer chosen" in window.statusBar().currentMessage()


def test_several_sinks_are_offered_in_a_list_and_the_choice_is_one_undo_step(window, qtbot):
    graph, ids = squares_graph()
    graph = load(window, graph)
    extra = graph.add_node("op", "sin")
    graph.connect(ids["s1"], extra, 0)  # a second sink: sin(square₁)
    graph.node(extra).pos = (graph.node(ids["y"]).pos[0], graph.node(ids["y"]).pos[1] + 400)
    steps = window.undo_stack.count()
    seen: dict = {}
    answer_list(qtbot, [Qt.Key_Down, Qt.Key_Return], seen)
    f6(qtbot, window)
    assert seen["focus"]  # the list takes the keyboard at once
    assert [n.split()[0] for n in seen["names"]] == ["add₂", "sin"]  # top to bottom, as the cards name them
    assert all("ℝ" in n for n in seen["names"])
    assert graph.output == extra
    assert window.animation.controller.active and window.animation.controller.trace.output == extra
    assert window.undo_stack.count() == steps + 1
    window.undo_stack.undo()
    assert graph.output is None


def test_escape_in_the_list_chooses_nothing(window, qtbot):
    graph, ids = squares_graph()
    graph = load(window, graph)
    graph.connect(ids["s1"], graph.add_node("op", "sin"), 0)
    steps = window.undo_stack.count()
    answer_list(qtbot, [Qt.Key_Escape], {})
    f6(qtbot, window)
    assert graph.output is None and not window.animation.controller.active
    assert window.undo_stack.count() == steps
    assert "No output chosen" in window.statusBar().currentMessage()


def test_an_empty_graph_says_so(window, qtbot):
    assert len(window.graph) == 0
    f6(qtbot, window)
    assert not window.animation.controller.active
    assert "empty" in window.statusBar().currentMessage()


def test_gradient_check_chooses_the_output_too(window, qtbot):
    graph, ids = squares_graph()
    graph = load(window, graph)
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert graph.output == ids["y"] and "passed" in dialog.summary_label.text()


def test_candidates_list_only_ops_when_there_are_some():
    from graphviz_app.core.output_choice import output_candidates

    g = Graph()
    x = g.add_node("variable", value=1.0)
    assert output_candidates(g) == [x]  # a lone variable can be the output
    s = g.add_node("op", "sin")
    g.connect(x, s, 0)
    g.add_node("constant", value=2.0)
    assert output_candidates(g) == [s]


def output_text(window) -> str:
    from PySide6.QtWidgets import QLabel

    return window.statusBar().findChild(QLabel, "outputLabel").text()


def test_the_status_bar_names_the_only_end_node_as_the_output_in_use(window, qtbot):
    """No output set, one node feeds nothing: the status bar shows its value, as F6 and Live
    gradients take it; a second end node: it says no output is chosen and F6 asks."""
    graph, ids = squares_graph()
    graph = load(window, graph)
    assert graph.output is None
    qtbot.waitUntil(lambda: "(the only end node)" in output_text(window))
    text = output_text(window)
    assert text.startswith("7 nodes · add₂ = 5  ℝ") and "no output" not in text
    extra = graph.add_node("op", "sin")
    graph.connect(ids["s1"], extra, 0)
    qtbot.waitUntil(lambda: "no output chosen — F6 asks which" in output_text(window))
    graph.set_output(extra)
    qtbot.waitUntil(lambda: output_text(window).startswith("8 nodes · sin = "))
    assert "only end node" not in output_text(window)
