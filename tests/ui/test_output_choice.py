"""F6 on a graph without an output: the only node that feeds nothing is used as it is (the
document is not edited), or the user picks one from a short list (named as the cards name
them), which becomes the output: one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from ui.animation_helpers import load, squares_graph, when_modal

from graphviz_app.core import fileformat
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


def test_the_only_sink_is_used_without_editing_the_document(window, qtbot):
    graph, ids = squares_graph()
    graph = load(window, graph)
    graph.add_node("variable", value=3.0)  # a stray input beside the graph is not a candidate
    assert graph.output is None
    steps = window.undo_stack.count()
    f6(qtbot, window)
    c = window.animation.controller
    assert c.active and c.mode == "backward" and c.k == 0 and c.trace.output == ids["y"]
    assert graph.output is None and window.undo_stack.count() == steps  # nothing to undo, nothing to save
    assert 'Backward from "add₂" (the only end node)' in window.statusBar().currentMessage()
    graph.set_value(ids["x1"], 2.5)  # an edit during the pass: it runs again from the same node
    qtbot.waitUntil(lambda: c.trace.values[ids["y"]] == 13.0)
    assert c.active and c.trace.output == ids["y"]
    graph.connect(ids["y"], graph.add_node("op", "sin"), 0)  # another end node: the pass goes on from add₂
    qtbot.wait(50)
    assert c.active and not c.problem and c.trace.output == ids["y"]
    assert graph.output is None and window.undo_stack.count() == steps


def test_f6_on_a_saved_file_with_one_end_node_leaves_it_unmodified(window, qtbot, tmp_path):
    """A saved file with no output and one end node: F6 animates from it; the title has no '*',
    the undo stack stays empty and closing does not ask to save."""
    graph, ids = squares_graph()
    path = tmp_path / "teacher.json"
    fileformat.save(graph, path)
    assert window.files.open_path(path, ask=False)
    assert window.graph.output is None and not window.isWindowModified()
    f6(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key_Right)
    c = window.animation.controller
    assert c.active and c.k == 1 and c.trace.output == ids["y"]
    assert not window.isWindowModified() and window.undo_stack.count() == 0
    assert not window.action("undo").isEnabled()
    asked = []
    window.files.ask_unsaved = lambda: asked.append(True) or QMessageBox.StandardButton.Cancel
    assert window.close() and not asked


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
    assert window.undo_stack.count() == steps + 1 and window.undo_stack.undoText() == "Set sin as output"
    assert window.isWindowModified()  # choosing one of several is an edit the user asked for
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
    steps = window.undo_stack.count()
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert "passed" in dialog.summary_label.text() and "∂add₂/∂variable₁" in dialog.summary_label.text()
    assert graph.output is None and window.undo_stack.count() == steps  # the only end node, used as it is


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


def _add_broken_sink(graph, at_y: float, name: str = "total") -> str:
    """add(ℝ³, ℝ²): a shape error, so it has no value."""
    import numpy as np

    a = graph.add_node("variable", value=np.array([1.0, 2.0, 3.0]), pos=(0, at_y))
    b = graph.add_node("variable", value=np.array([1.0, 2.0]), pos=(0, at_y + 150))
    bad = graph.add_node("op", "add", name=name, pos=(300, at_y + 75))
    graph.connect(a, bad, 0)
    graph.connect(b, bad, 1)
    return bad


def test_a_node_without_a_value_is_greyed_with_the_reason_and_never_chosen(window, qtbot):
    graph, ids = squares_graph()
    _add_broken_sink(graph, -600)  # above the others: the first row
    graph = load(window, graph)
    seen: dict = {}

    def act(dialog):
        seen.update(names=dialog.names(), usable=dialog.usable(), tips=dialog.tips(), choice=dialog.choice())
        qtbot.keyClick(dialog.list, Qt.Key_Up)  # the greyed row cannot be reached
        qtbot.keyClick(dialog.list, Qt.Key_Return)

    when_modal(OutputChoiceDialog, act, focus=lambda d: d.list)
    f6(qtbot, window)
    assert seen["names"][0].startswith("total") and "no value" in seen["names"][0]
    assert seen["usable"] == [False, True]
    assert "total has no value" in seen["tips"][0] and "ℝ³" in seen["tips"][0]  # the shape problem itself
    assert seen["choice"] == ids["y"]  # the usable row is the current one from the start
    assert graph.output == ids["y"] and window.animation.controller.active


def test_when_no_end_node_has_a_value_nothing_is_edited(window, qtbot):
    graph = Graph()
    _add_broken_sink(graph, 0)
    _add_broken_sink(graph, 400, "other")
    graph = load(window, graph)
    steps = window.undo_stack.count()
    seen: dict = {}

    def act(dialog):
        from PySide6.QtWidgets import QDialogButtonBox, QLabel

        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        seen.update(usable=dialog.usable(), ok=ok.isEnabled(), note=dialog.findChild(QLabel, "outputNone").text())
        qtbot.keyClick(dialog.list, Qt.Key_Return)
        if dialog.isVisible():
            dialog.reject()

    when_modal(OutputChoiceDialog, act, focus=lambda d: d.list)
    f6(qtbot, window)
    assert seen["usable"] == [False, False] and not seen["ok"]
    assert "None of them has a value yet" in seen["note"]
    assert graph.output is None and window.undo_stack.count() == steps and not window.isWindowModified()
    assert not window.animation.controller.active
