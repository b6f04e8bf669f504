"""An op's parameters (pow's exponent p) are edited in a dialog: double-click, the context menu,
or Edit → Edit Parameters; one undo step, and the card and the value follow."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialogButtonBox
from ui.canvas_helpers import send_mouse, when_modal

from graphviz_app.core.graph import Graph
from graphviz_app.ui.params_dialog import ParamsDialog


def _pow_graph(window):
    g = window.graph
    g.replace_with(Graph())
    x = g.add_node("variable", name="x", value=3.0, pos=(0, 0))
    p = g.add_node("op", "pow", pos=(240, 0))
    g.connect(x, p, 0)
    g.set_output(p)
    window.undo_stack.clear()
    window.scene.evaluator.refresh()
    return g, x, p


def _answer(qtbot, texts, press="ok"):
    """Once the parameters dialog shows: type each text into its field, note whether OK is
    enabled after each, then press OK (Enter) or Cancel (Escape). Returns (what was seen, a
    check that raises what went wrong in the dialog)."""
    seen = []

    def act(dialog):
        edit = dialog.edits["p"]
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        for text in texts:
            edit.selectAll()
            qtbot.keyClicks(edit, text)
            seen.append(ok.isEnabled())
        qtbot.keyClick(edit, Qt.Key.Key_Return if press == "ok" else Qt.Key.Key_Escape)

    return seen, when_modal(ParamsDialog, act)


def test_double_click_on_pow_edits_its_exponent_in_one_undo_step(window, qtbot):
    g, x, p = _pow_graph(window)
    assert window.scene.evaluator.evaluation.values[p] == 9.0
    seen, check = _answer(qtbot, ["abc", "nan", "3"])
    item = window.scene.node_item(p)
    point = window.view.mapFromScene(item.sceneBoundingRect().center())
    left = Qt.MouseButton.LeftButton
    send_mouse(window.view, QEvent.Type.MouseButtonDblClick, point, left, left)
    check()
    assert seen == [False, False, True]  # not a number, not finite, then fine
    assert g.node(p).params == {"p": 3.0}
    assert window.scene.evaluator.evaluation.values[p] == 27.0
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Set p of pow to 3"
    window.undo_stack.undo()
    assert g.node(p).params == {} and window.scene.evaluator.evaluation.values[p] == 9.0


def test_the_context_menu_and_the_edit_menu_offer_the_parameters(window, qtbot):
    g, x, p = _pow_graph(window)
    menu = window.canvas_menus.build(window.scene.node_item(p), window.scene.node_item(p).pos())
    action = next(a for a in menu.actions() if a.text() == "Edit Parameter&s…")
    check = _answer(qtbot, ["-0.5"])[1]
    action.trigger()
    check()
    assert g.node(p).params == {"p": -0.5}
    window.scene.select_nodes([p])
    assert window.action("edit_value").isEnabled() and "Parameters" in window.action("edit_value").text().replace(
        "&", ""
    )
    check = _answer(qtbot, ["7"], press="cancel")[1]
    window.action("edit_value").trigger()
    check()
    assert g.node(p).params == {"p": -0.5}  # cancelled
    check = _answer(qtbot, ["2.0000001"])[1]
    window.action("edit_value").trigger()
    check()
    assert window.undo_stack.undoText() == "Set p of pow to 2.0000001"  # (as typed, not rounded)
    window.undo_stack.undo()
    check = _answer(qtbot, ["-0.5"])[1]  # the same again: nothing to undo
    window.action("edit_value").trigger()
    check()
    assert window.undo_stack.index() == 1
    window.scene.select_nodes([x])
    assert "Value" in window.action("edit_value").text()


def test_a_file_with_a_parameter_pow_cannot_take_is_named_and_the_work_stays(window, tmp_path, monkeypatch):
    g, x, p = _pow_graph(window)
    shown = []
    monkeypatch.setattr(window.files, "show_error", lambda title, message: shown.append(message))
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "graphviz_app", "version": 1, "nodes": [\n'
        ' {"id": "n1", "kind": "variable", "name": "x", "value": 2.0},\n'
        ' {"id": "n2", "kind": "op", "op": "pow", "name": "y",\n'
        '  "params": {"p": "abc"}}\n'
        '], "edges": [{"from": "n1", "to": "n2", "port": 0}], "output": "n2"}\n',
        "utf-8",
    )
    assert not window.files.open_path(bad, ask=False)
    assert len(shown) == 1
    assert (
        "bad.json" in shown[0] and 'line 4: pow node y: parameter "p" must be a finite number, found "abc"' in shown[0]
    )
    assert window.graph is g and g.node(p).params == {} and window.scene.evaluator.evaluation.values[p] == 9.0


def test_a_parameter_edit_pow_cannot_take_is_refused_in_the_status_bar_and_nothing_changes(window, qtbot):
    """What the dialog lets through is a number; an edit from elsewhere (a script, a plug-in)
    with anything else is refused by the command, named as the card is."""
    from graphviz_app.ui.commands.common import try_push
    from graphviz_app.ui.commands.nodes import SetParamsCommand

    g, x, p = _pow_graph(window)
    said = []
    window.scene.statusMessage.connect(said.append)
    assert try_push(window.undo_stack, lambda: SetParamsCommand(g, p, {"p": "abc"}), said.append) is None
    assert said == ['pow: parameter "p" must be a finite number, found "abc"']
    assert g.node(p).params == {} and window.undo_stack.count() == 0
