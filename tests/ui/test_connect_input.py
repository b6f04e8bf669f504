"""Edit → Connect Input… (Shift+Tab): a card's second input wired from the keyboard. A popup lists
the other cards by the names they show, filtered as you type; Enter connects the chosen card's
output to the selected card's free input (several free: which one is asked), one undo step;
a cycle or a shape that does not fit is refused with a message naming the nodes and shapes."""

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import activate, dump
from ui.quick_add_helpers import keys_only

from graphviz_app.core.graph import Graph
from graphviz_app.ui.card_chooser import CardChooserPopup


@pytest.fixture
def window(window, qtbot):
    yield from keys_only(window, qtbot)


def _graph() -> tuple[Graph, dict[str, str]]:
    """theta (2-vector), Phi (4×2), y (4-vector), matmul(Phi, ·) and sub(y, ·) with free inputs."""
    g = Graph()
    ids = {
        "theta": g.add_node("variable", name="theta", value=np.array([0.5, 0.8]), pos=(0, 200)),
        "Phi": g.add_node("constant", name="Phi", value=np.ones((4, 2)), pos=(0, 0)),
        "y": g.add_node("constant", name="y", value=np.arange(4.0), pos=(0, -200)),
        "mm": g.add_node("op", "matmul", pos=(300, 0)),
        "sub": g.add_node("op", "sub", pos=(600, -100)),
    }
    g.connect(ids["Phi"], ids["mm"], 0)
    g.connect(ids["y"], ids["sub"], 0)
    return g, ids


def _open(window, qtbot, node_id) -> CardChooserPopup:
    window.scene.select_nodes([node_id])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), CardChooserPopup), timeout=3000)
    return QApplication.activePopupWidget()


def _titles(popup) -> list[str]:
    return [c.title for c in popup.visible_choices()]


@pytest.fixture
def shown(window, qtbot):
    g, ids = _graph()
    window.open_graph(g, None, "connect")
    qtbot.waitUntil(lambda: window.scene.evaluator.evaluation is not None)
    window.scene.evaluator.refresh()
    return window.graph, ids


def test_shift_tab_lists_the_other_cards_by_name_and_enter_connects_the_free_input(window, qtbot, shown):
    g, ids = shown
    before = dump(g)
    popup = _open(window, qtbot, ids["mm"])
    titles = _titles(popup)
    assert "matmul" not in titles and set(titles) == {"θ", "Φ", "y", "sub"}  # names, never ids
    assert not any(nid in " ".join(titles) for nid in ids.values())
    assert titles[0] == "θ"  # the one that fits B first (Phi is 4×2: a 2-vector)
    # a dashed wire shows where the highlighted card would go
    start, end = window.view.input_connector.wire_shown()
    assert start == window.scene.port_pos(ids["theta"], True) and end == window.scene.port_pos(ids["mm"], False, 1)
    qtbot.keyClicks(popup.search_edit, "th")  # theta, as written, finds θ
    assert _titles(popup) == ["θ"]
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=3000)
    assert g.inputs_of(ids["mm"]) == {0: ids["Phi"], 1: ids["theta"]}
    assert window.undo_stack.undoText() == "Connect θ → matmul.B"
    assert window.view.input_connector.wire_shown() is None
    after = dump(g)
    window.undo_stack.undo()
    assert dump(g) == before
    window.undo_stack.redo()
    assert dump(g) == after


def test_several_free_inputs_ask_which_one(window, qtbot, shown):
    g, ids = shown
    add = g.add_node("op", "add", pos=(300, 300))
    popup = _open(window, qtbot, add)
    qtbot.keyClicks(popup.search_edit, "y")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    assert "Into which input of" in popup.title_label.text()
    assert [(c.title, c.detail) for c in popup.visible_choices()] == [("a", "free"), ("b", "free")]
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Down)
    start, end = window.view.input_connector.wire_shown()
    assert end == window.scene.port_pos(add, False, 1)
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=3000)
    assert g.inputs_of(add) == {1: ids["y"]}
    window.undo_stack.undo()
    assert g.inputs_of(add) == {}


def test_a_cycle_is_refused_naming_the_nodes(window, qtbot, shown):
    g, ids = shown
    sin = g.add_node("op", "sin", pos=(900, 0))
    g.connect(ids["sub"], sin, 0)
    count = window.undo_stack.count()
    popup = _open(window, qtbot, ids["sub"])
    choice = next(c for c in popup.visible_choices() if c.title == "sin")
    assert choice.detail == "would close a cycle"
    refused = [c.refusal is not None for c in popup.visible_choices()]
    assert refused == sorted(refused)  # the ones that fit first
    qtbot.keyClicks(popup.search_edit, "sin")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    message = "Not connected: sin → sub would close a cycle (sub already feeds sin)"
    assert popup.isVisible() and popup.message() == message  # stays open: choose another
    assert window.statusBar().currentMessage() == message
    popup.close()
    assert window.undo_stack.count() == count and g.inputs_of(ids["sub"]) == {0: ids["y"]}


def test_a_shape_that_does_not_fit_is_refused_naming_the_nodes_and_shapes(window, qtbot, shown):
    g, ids = shown
    popup = _open(window, qtbot, ids["mm"])
    y = next(c for c in popup.visible_choices() if c.title == "y")
    assert y.detail == "ℝ⁴ does not fit B"
    qtbot.keyClicks(popup.search_edit, "y")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    message = popup.message()
    assert message.startswith("Not connected: y (ℝ⁴) does not fit B of matmul, whose A gets Φ (ℝ⁴ˣ²): ")
    assert "ℝ⁴ˣ² @ ℝ⁴" in message
    popup.close()
    assert g.inputs_of(ids["mm"]) == {0: ids["Phi"]}


def test_with_every_input_connected_the_chosen_one_is_replaced(window, qtbot, shown):
    g, ids = shown
    g.connect(ids["theta"], ids["mm"], 1)
    v = g.add_node("variable", name="v", value=np.ones(2), pos=(0, 400))
    window.scene.evaluator.refresh()
    popup = _open(window, qtbot, ids["mm"])
    assert "is connected" in popup.title_label.text()
    assert next(c for c in popup.visible_choices() if c.title == "Φ").detail == "already goes into A"
    qtbot.keyClicks(popup.search_edit, "v")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    details = [(c.title, c.detail) for c in popup.visible_choices()]
    assert details == [("A", "replaces Φ"), ("B", "replaces θ")]
    qtbot.keyClicks(popup.search_edit, "B")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    assert g.inputs_of(ids["mm"]) == {0: ids["Phi"], 1: v}
    window.undo_stack.undo()
    assert g.inputs_of(ids["mm"]) == {0: ids["Phi"], 1: ids["theta"]}


def test_a_variable_has_no_input_to_connect(window, qtbot, shown):
    g, ids = shown
    window.scene.select_nodes([ids["theta"]])
    window.action("connect_input").trigger()
    assert QApplication.activePopupWidget() is None
    assert window.statusBar().currentMessage() == "θ is a variable: it has no inputs to connect (select an operation)"


def test_the_cards_context_menu_offers_it(window, qtbot, shown):
    g, ids = shown
    item = window.scene.node_item(ids["sub"])
    menu = window.canvas_menus.build(item, item.scenePos())
    entry = next(a for a in menu.actions() if a.text() == "Connect &Input…")
    entry.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), CardChooserPopup), timeout=3000)
    popup = QApplication.activePopupWidget()
    assert "of <b>sub</b>" in popup.title_label.text()
    popup.close()
    variable_menu = window.canvas_menus.build(window.scene.node_item(ids["y"]), item.scenePos())
    assert "Connect &Input…" not in [a.text() for a in variable_menu.actions()]


def test_help_lists_connect_input_with_its_key(window, qtbot):
    window.action("gestures").trigger()
    text = window.gestures_dialog.text()
    window.gestures_dialog.close()
    assert "Connect Input…" in text and "Shift+Tab" in text


def test_plain_digits_find_a_card_shown_with_subscripts_as_the_cli_does(window, qtbot, shown):
    g, ids = shown
    first = g.add_node("op", "square", pos=(300, 300))
    second = g.add_node("op", "square", pos=(300, 400))
    add = g.add_node("op", "add", pos=(600, 300))
    g.connect(first, add, 0)
    popup = _open(window, qtbot, add)
    qtbot.keyClicks(popup.search_edit, "square2")  # nobody types ₂: the CLI's --output matmul1 finds matmul₁
    assert _titles(popup) == ["square₂"]
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=3000)
    assert g.inputs_of(add) == {0: first, 1: second}


def test_a_closed_window_s_connect_input_goes_with_it(qtbot):
    """Connect Input, its popup open when the window closes, is destroyed with the window, not left to
    the garbage collector (a collection may run on any thread, and destroys a Qt object there)."""
    from graphviz_app.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    g, ids = _graph()
    window.open_graph(g, None, "connect")
    popup = _open(window, qtbot, ids["mm"])
    connector = window.view.input_connector
    window.undo_stack.setClean()
    window.close()
    window.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(popup))
    assert not shiboken6.isValid(connector)  # (before any collection)
