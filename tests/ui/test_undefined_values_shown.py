"""A value (or a gradient) that became nan or inf: the status bar, the card and the Inspector say
where it began and why, in the words of the command line's `warning:` lines."""

import numpy as np
from PySide6.QtCore import Qt

from graphviz_app.cli import main
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.fileformat import save


def test_the_status_bar_and_the_card_say_why(window, qtbot, tmp_path):
    g = parse_expression("log(x)", {"x": np.asarray(-1.0)})
    save(g, tmp_path / "log.json")
    window.files.open_path(str(tmp_path / "log.json"), ask=False)
    message = "log gets x = −1: log is defined for positive numbers only; its value is nan"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == message)
    card = window.scene.node_item(window.graph.output)
    assert card.state.preview == "nan" and card.toolTip() == message
    window.graph.set_value(window.graph.find("x"), 2.0)  # fixed: the card says its usual tip
    qtbot.waitUntil(lambda: card.state.warning is None)
    assert "log" in card.toolTip() and "defined" not in card.toolTip()


# ------------------------------------------- a gradient undefined where the value is a number
def open_expression(window, tmp_path, text: str, **values) -> None:
    g = parse_expression(text, {k: np.asarray(v, dtype=float) for k, v in values.items()})
    save(g, tmp_path / "g.json")
    window.files.open_path(str(tmp_path / "g.json"), ask=False)
    window.scene.evaluator.refresh()


def cli_warnings(tmp_path, capsys) -> list[str]:
    """What `graphviz-app grad` prints as `warning:` lines for the window's file."""
    capsys.readouterr()
    main(["grad", str(tmp_path / "g.json")])
    return [line.removeprefix("warning: ") for line in capsys.readouterr().err.splitlines()]


def inspector_at(window, qtbot, node: str):
    """The Inspector once → has brought the pass to node's step."""
    c = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key_Home)
    while c.active_node() != node:
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
    return window.animation.inspector.panel


def test_f6_says_where_a_gradient_became_inf_and_the_inspector_at_its_step(window, qtbot, tmp_path, capsys):
    open_expression(window, tmp_path, "2 * sqrt(x)", x=0.0)
    (message,) = cli_warnings(tmp_path, capsys)
    assert message == "sqrt gets x = 0, where its derivative 1/(2√x) is not finite: ∂mul/∂x is ∞"
    assert window.statusBar().currentMessage() != message  # the value, 0, is a number: nothing said yet
    qtbot.keyClick(window.view, Qt.Key_F6)
    status = window.statusBar().currentMessage()
    assert status == f'Backward from "mul": 3 steps. ⚠ {message}'
    g = window.graph
    sqrt = next(n.id for n in g.nodes() if n.op == "sqrt")
    panel = inspector_at(window, qtbot, sqrt)
    assert panel.warning_label.isVisibleTo(panel) and panel.warning_label.text() == f"⚠ {message}"
    assert f"⚠ {message}" in panel.texts()
    window.grab().save(str(tmp_path.parent / "inspector_gradient_warning.png"))
    panel = inspector_at(window, qtbot, g.output)  # the step where it did not begin says nothing of it
    assert not panel.warning_label.isVisibleTo(panel) and "⚠" not in panel.texts()


def test_an_edit_during_the_pass_that_makes_a_gradient_inf_is_told(window, qtbot, tmp_path):
    open_expression(window, tmp_path, "2 * sqrt(x)", x=4.0)
    qtbot.keyClick(window.view, Qt.Key_F6)
    assert window.statusBar().currentMessage().endswith("Space plays, ←/→ step.")  # finite: the usual hint
    window.graph.set_value(window.graph.find("x"), 0.0)
    expected = "⚠ sqrt gets x = 0, where its derivative 1/(2√x) is not finite: ∂mul/∂x is ∞"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == expected)
    window.graph.set_value(window.graph.find("x"), 1.0)  # fixed: the Inspector no longer warns
    qtbot.waitUntil(lambda: not window.animation.controller.gradient_warnings)
    sqrt = next(n.id for n in window.graph.nodes() if n.op == "sqrt")
    assert "⚠" not in inspector_at(window, qtbot, sqrt).texts()


def test_a_value_undefined_is_said_after_f6_and_in_the_inspector_of_its_node(window, qtbot, tmp_path, capsys):
    open_expression(window, tmp_path, "2 * log(x)", x=-1.0)
    (message,) = cli_warnings(tmp_path, capsys)
    qtbot.keyClick(window.view, Qt.Key_F6)  # the F6 message does not hide why the gradient is nan
    assert window.statusBar().currentMessage() == f'Backward from "mul": 3 steps. ⚠ {message}'
    log = next(n.id for n in window.graph.nodes() if n.op == "log")
    assert f"⚠ {message}" in inspector_at(window, qtbot, log).texts()
    window.animation.stop()
    window.scene.node_item(log).setSelected(True)  # outside a pass: the selected node's Inspector
    panel = window.animation.inspector.panel
    assert panel.title_label.text() == "log" and panel.warning_label.text() == f"⚠ {message}"


def test_live_gradients_say_where_a_gradient_became_inf_as_it_appears(window, qtbot, tmp_path):
    from graphviz_app.ui.settings import app_settings

    open_expression(window, tmp_path, "2 * sqrt(x)", x=4.0)
    qtbot.keyClick(window.view, Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)  # View → Live gradients
    try:
        assert window.action("live_gradients").isChecked()
        window.statusBar().clearMessage()
        window.graph.set_value(window.graph.find("x"), 0.0)
        expected = "⚠ sqrt gets x = 0, where its derivative 1/(2√x) is not finite: ∂mul/∂x is ∞"
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == expected)
        window.statusBar().clearMessage()
        window.graph.set_value(window.graph.find("x"), np.array(0.0))  # told as it appears, not at each edit
        window.scene.evaluator.refresh()
        assert window.statusBar().currentMessage() == ""
        window.graph.set_value(window.graph.find("x"), 9.0)  # fixed, then undefined again: told again
        window.scene.evaluator.refresh()
        window.graph.set_value(window.graph.find("x"), 0.0)
        window.scene.evaluator.refresh()
        assert window.statusBar().currentMessage() == expected
    finally:
        app_settings().setValue("view/live_gradients", False)  # other tests' windows start without it


def test_a_collapsed_group_stepped_over_says_what_began_inside_it(window, qtbot, tmp_path):
    g = parse_expression("2 * sqrt(exp(x))", {"x": np.asarray(-1000.0)})  # exp underflows to 0: √ at 0
    sqrt = next(n.id for n in g.nodes() if n.op == "sqrt")
    exp = next(n.id for n in g.nodes() if n.op == "exp")
    g.groups.add([exp, sqrt], "inner", collapsed=True)
    save(g, tmp_path / "g.json")
    window.files.open_path(str(tmp_path / "g.json"), ask=False)
    window.scene.evaluator.refresh()
    qtbot.keyClick(window.view, Qt.Key_F6)
    message = "sqrt gets exp = 0, where its derivative 1/(2√(exp(x))) is not finite: ∂mul/∂exp is ∞"
    assert window.statusBar().currentMessage().endswith(f"⚠ {message}")
    c, inspector = window.animation.controller, window.animation.inspector
    qtbot.keyClick(window.view, Qt.Key_Home)
    while c.groups.group_step(c.k) is None:
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
    inspector.flush()
    assert inspector.group_view.warning_label.text() == f"⚠ {message}"
    assert f"⚠ {message}" in inspector.group_view.texts()
