"""Building a graph from the keyboard: with one card selected, Tab offers the ops that take its
output and the chosen node comes right of it, fed by it, and selected, so Tab, Tab, Tab builds a
chain (x → sin → square → sum)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.quick_add_helpers import card, keys_only, open_quick_add, overlapping, shown, tab_add

from graphviz_app.core import port_fit
from graphviz_app.core.naming import display_label
from graphviz_app.core.ops import all_ops


@pytest.fixture
def window(window, qtbot):
    yield from keys_only(window, qtbot)


def test_tab_tab_tab_builds_a_chain_each_node_fed_by_the_last(window, qtbot):
    x = tab_add(window, qtbot, "variable")
    s = tab_add(window, qtbot, "sin")
    assert window.undo_stack.undoText() == "Add sin and connect"
    q = tab_add(window, qtbot, "square")
    total = tab_add(window, qtbot, "sum")
    g = window.graph
    assert sorted(tuple(e) for e in g.edges()) == sorted([(x, s, 0), (s, q, 0), (q, total, 0)])
    assert window.scene.selected_node_ids() == [total]
    assert window.undo_stack.count() == 4  # one step each
    # left to right, each input level with the output feeding it, each card in view when added
    chain = [x, s, q, total]
    for a, b in zip(chain, chain[1:]):
        assert card(window, b).left() > card(window, a).right()
        assert window.scene.port_pos(b, False, 0).y() == pytest.approx(window.scene.port_pos(a, True).y())
    assert shown(window).contains(card(window, total))
    assert overlapping(window) == []
    window.undo_stack.undo()
    assert total not in g and len(g.edges()) == 2


def test_tab_beside_a_card_whose_right_is_taken_goes_to_a_free_spot(window, qtbot):
    x = tab_add(window, qtbot, "variable")
    s = tab_add(window, qtbot, "sin")
    window.scene.select_nodes([x])
    c = tab_add(window, qtbot, "cos")  # x's right is sin's place: cos goes beside it, fed by x too
    assert (x, c, 0) in [tuple(e) for e in window.graph.edges()]
    assert overlapping(window) == []
    assert card(window, c).left() > card(window, x).right()
    assert card(window, c).top() >= card(window, s).bottom()  # below sin, not on it


def test_tab_with_nothing_selected_puts_a_new_input_in_the_inputs_column(window, qtbot):
    x = tab_add(window, qtbot, "variable")
    m = tab_add(window, qtbot, "mul")
    tab_add(window, qtbot, "tanh")
    tab_add(window, qtbot, "sum")
    window.scene.clearSelection()
    y = tab_add(window, qtbot, "variable")  # nothing selected: an input to feed the cards
    assert abs(card(window, y).center().x() - card(window, x).center().x()) < 1  # under x, left of mul
    assert card(window, y).right() < card(window, m).left()
    assert overlapping(window) == [] and shown(window).contains(card(window, y))
    # wired into mul, its wire runs left to right (no loop back behind a card)
    window.scene.select_nodes([m])
    qtbot.keyClick(window.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    popup = QApplication.activePopupWidget()
    qtbot.keyClicks(popup.search_edit, "y")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    assert (y, m, 1) in [tuple(e) for e in window.graph.edges()]
    assert window.scene.port_pos(y, True).x() < window.scene.port_pos(m, False, 1).x()


def test_tab_offers_only_the_ops_that_take_the_selected_output(window, qtbot):
    g = window.graph
    m = tab_add(window, qtbot, "variable")
    g.set_value(m, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # a 2×3 matrix
    qtbot.waitUntil(lambda: window.scene.evaluator.evaluation is not None)
    window.scene.select_nodes([m])
    popup = open_quick_add(window, qtbot)
    ops = [e for e in popup.visible_entries() if e.kind == "op"]
    offered = {e.op for e in ops}
    # the ops first, then the inputs (they take nothing: added unconnected)
    assert [e.kind for e in popup.visible_entries()[len(ops) :]] == ["variable", "constant"]
    assert offered == {op.name for op in all_ops() if port_fit.port_taking(op, (2, 3)) is not None}
    assert "dot" not in offered and "matmul" in offered and "sin" in offered
    popup.close()
    assert len(g) == 1  # closing adds nothing


def test_a_card_whose_output_no_op_takes_gets_everything_unconnected(window, qtbot, monkeypatch):
    x = tab_add(window, qtbot, "variable")
    monkeypatch.setattr(port_fit, "port_taking", lambda *args, **kwargs: None)
    popup = open_quick_add(window, qtbot)
    assert popup.visible_entries()[0].kind == "variable"
    assert len(popup.visible_entries()) == len(all_ops()) + 2
    qtbot.keyClicks(popup.search_edit, "constant")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    (c,) = set(window.graph.node_ids()) - {x}
    assert window.graph.edges() == [] and window.undo_stack.undoText().startswith("Add constant")
    assert card(window, c).left() > card(window, x).right()  # still beside the card


def test_the_help_says_how_to_build_from_the_keyboard(window, qtbot):
    window.action("gestures").trigger()
    dialog = window.gestures_dialog
    qtbot.waitExposed(dialog)
    text = dialog.text()
    dialog.close()
    assert "Build from the keyboard" in text and "select a card, press Tab" in text
    assert "Esc clears the selection" in text
    assert "a variable or constant chosen there takes no input: it comes unconnected" in " ".join(text.split())


@pytest.mark.parametrize("kind", ["variable", "constant"])
def test_tab_beside_a_card_adds_an_input_unconnected_in_the_inputs_column(window, qtbot, kind):
    """The second input of a formula from the keyboard: x selected, Tab, "variable", Enter."""
    x = tab_add(window, qtbot, "variable")
    assert window.scene.selected_node_ids() == [x]
    y = tab_add(window, qtbot, kind)
    g = window.graph
    assert g.node(y).kind == kind and g.edges() == []
    assert window.undo_stack.undoText().startswith(f"Add {kind}")
    assert window.scene.selected_node_ids() == [y]
    assert abs(card(window, y).center().x() - card(window, x).center().x()) < 1  # under x, the inputs' column
    assert overlapping(window) == [] and shown(window).contains(card(window, y))
    message = window.statusBar().currentMessage()
    assert (
        message
        == f"Added {display_label(g, y)}, unconnected: a {kind} takes no input (to wire it: select a card, Shift+Tab, {display_label(g, y)})"
    )


def test_nothing_taking_the_output_says_why_and_how(window, qtbot):
    tab_add(window, qtbot, "variable")
    popup = open_quick_add(window, qtbot)
    qtbot.keyClicks(popup.search_edit, "zzzz")
    assert popup.visible_entries() == []
    assert popup.empty_label.isVisibleTo(popup)
    assert "No node that takes x's output matches" in popup.empty_label.text()
    assert "Tab: any node, on its own" in popup.empty_label.text()
    popup.close()
