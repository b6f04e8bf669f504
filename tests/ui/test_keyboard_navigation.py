"""Keyboard only: Ctrl+Tab and Ctrl+Shift+Tab take the focus from the canvas to the docks and back
over every open dock that can take it, the Training dock too, at a normal and a small first window
(Tab on the canvas stays Quick Add), View's dock entries focus the dock they show, and Alt+Right /
Alt+Left select the following / preceding card in graph order, so a chain built with Tab can be
walked back to its input to edit or rename it."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from ui.canvas_helpers import activate, first_start_window
from ui.quick_add_helpers import keys_only, tab_add

from graphviz_app.core.naming import display_label
from graphviz_app.resources_path import examples_dir

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window(window, qtbot):
    yield from keys_only(window, qtbot)


def focused_pane(window):
    focus = QApplication.focusWidget()
    if focus is window.view or window.view.isAncestorOf(focus):
        return "canvas"
    for name, dock in (
        ("nodes", window.palette_dock),
        ("inspector", window.animation.inspector),
        ("chain", window.animation.chain),
        ("training", window.training.dock),
    ):
        if dock.isAncestorOf(focus):
            return name
    return None


def press(window, qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier):
    """A key to the focused widget of the active window (as a user's keyboard sends it); after Quick
    Add's popup the offscreen platform gives the activation back late."""
    activate(qtbot, window)
    if QApplication.focusWidget() is None:
        window.view.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)
    QApplication.processEvents()


def test_ctrl_tab_leaves_the_canvas_and_comes_back(window, qtbot):
    window.training.dock.close()  # (open docks only)
    assert focused_pane(window) == "canvas"
    seen = []
    for _ in range(4):
        press(window, qtbot, Qt.Key.Key_Tab, CTRL)
        seen.append(focused_pane(window))
    assert seen == ["nodes", "inspector", "chain", "canvas"]
    assert QApplication.activePopupWidget() is None  # not Quick Add
    press(window, qtbot, Qt.Key.Key_Tab, CTRL | SHIFT)
    assert focused_pane(window) == "chain" and window.animation.chain.isVisible()  # its tab to the front
    press(window, qtbot, Qt.Key.Key_Tab, CTRL | SHIFT)
    assert focused_pane(window) == "inspector" and window.animation.inspector.isVisible()


def open_at(qtbot, size):
    """The window as first started at this size (at 1024×720 the palette is a tab of the
    Inspector's column), on example 05, the canvas focused."""
    w = first_start_window(qtbot, size)
    assert w.files.open_example(examples_dir() / "05_linear_model.json", ask=False)
    activate(qtbot, w)
    return w


def cycle(window, qtbot, modifiers, times=5) -> list:
    window.view.setFocus()
    seen = []
    for _ in range(times):
        press(window, qtbot, Qt.Key.Key_Tab, modifiers)
        seen.append(focused_pane(window))
    return seen


@pytest.mark.parametrize("size", [(1400, 900), (1024, 720)])
def test_ctrl_tab_both_ways_passes_a_training_dock_with_nothing_to_focus(qtbot, size):
    window = open_at(qtbot, size)
    window.training.dock.show()  # (before a run it shows only a note)
    assert cycle(window, qtbot, CTRL) == ["nodes", "inspector", "chain", "canvas", "nodes"]
    assert cycle(window, qtbot, CTRL | SHIFT) == ["chain", "inspector", "nodes", "canvas", "chain"]


@pytest.mark.parametrize("size", [(1400, 900), (1024, 720)])
def test_ctrl_tab_both_ways_visits_the_training_dock_after_a_run(qtbot, size):
    window = open_at(qtbot, size)
    window.action("train").trigger()
    dialog = window.training.dialog
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert window.training.dock.isVisible()
    forward = cycle(window, qtbot, CTRL, times=6)
    assert forward == ["nodes", "inspector", "chain", "training", "canvas", "nodes"]
    assert window.palette_dock.isVisible()  # (at 1024 its tab came back to the front)
    assert cycle(window, qtbot, CTRL | SHIFT, times=6) == [
        "training",
        "chain",
        "inspector",
        "nodes",
        "canvas",
        "training",
    ]


def test_the_chain_rule_variable_can_be_chosen_by_keyboard(window, qtbot):
    x = tab_add(window, qtbot, "variable")
    tab_add(window, qtbot, "sin")
    for _ in range(3):  # the canvas → Nodes → Inspector → Chain rule
        press(window, qtbot, Qt.Key.Key_Tab, CTRL)
    assert focused_pane(window) == "chain"
    combo = window.animation.chain.variable_box
    assert QApplication.focusWidget() is combo
    assert combo.currentData() == x


def test_view_menu_entries_that_show_a_dock_focus_it(window, qtbot):
    chain = window.animation.chain
    chain.close()
    chain.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: focused_pane(window) == "chain", timeout=2000)
    window.palette_dock.close()
    window.palette_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: focused_pane(window) == "nodes", timeout=2000)


def test_alt_arrows_walk_a_chain_built_with_tab(window, qtbot):
    x = tab_add(window, qtbot, "variable")
    s = tab_add(window, qtbot, "square")
    n = tab_add(window, qtbot, "sin")
    assert window.scene.selected_node_ids() == [n]
    press(window, qtbot, Qt.Key.Key_Left, ALT)
    assert window.scene.selected_node_ids() == [s]
    press(window, qtbot, Qt.Key.Key_Left, ALT)
    assert window.scene.selected_node_ids() == [x]
    press(window, qtbot, Qt.Key.Key_Right, ALT)
    assert window.scene.selected_node_ids() == [s]
    press(window, qtbot, Qt.Key.Key_Right, ALT)
    press(window, qtbot, Qt.Key.Key_Right, ALT)  # past the last: round to the first
    assert window.scene.selected_node_ids() == [x]
    # and from there, F2 renames the input
    press(window, qtbot, Qt.Key.Key_F2)
    qtbot.keyClicks(window.view, "t")
    press(window, qtbot, Qt.Key.Key_Return)
    assert window.graph.node(x).name == "t"


def test_alt_arrows_do_not_move_cards_and_start_at_an_end(window, qtbot):
    x = tab_add(window, qtbot, "variable")
    s = tab_add(window, qtbot, "sin")
    before = {nid: window.graph.node(nid).pos for nid in (x, s)}
    window.scene.clearSelection()
    press(window, qtbot, Qt.Key.Key_Right, ALT)
    assert window.scene.selected_node_ids() == [x]
    window.scene.clearSelection()
    press(window, qtbot, Qt.Key.Key_Left, ALT)
    assert window.scene.selected_node_ids() == [s]
    assert {nid: window.graph.node(nid).pos for nid in (x, s)} == before
    assert window.undo_stack.count() == 2  # the two additions: no move


def test_mouse_and_keyboard_names_the_new_keys(window, qtbot):
    window.action("gestures").trigger()
    dialog = window.gestures_dialog
    qtbot.waitExposed(dialog)
    text = dialog.text()
    dialog.close()
    for words in ("Select Following Card", "Select Preceding Card", "Focus Next Pane", "Focus Previous Pane"):
        assert words in text
    for key in ("Alt+Right", "Alt+Left", "Ctrl+Tab", "Ctrl+Shift+Tab"):
        assert key in text


def test_alt_arrows_reach_a_collapsed_groups_card_where_its_first_card_stood(window, qtbot):
    x = tab_add(window, qtbot, "variable")
    s = tab_add(window, qtbot, "square")
    n = tab_add(window, qtbot, "sin")
    e = tab_add(window, qtbot, "exp")
    window.scene.select_nodes([s, n])
    window.action("group").trigger()
    (group,) = list(window.graph.groups)
    window.scene.clearSelection()
    window.scene.groups.frame_item(group.id).setSelected(True)
    window.action("collapse_group").trigger()
    assert window.graph.groups.get(group.id).collapsed
    card = window.scene.groups.card_item(group.id)

    window.scene.select_nodes([x])
    press(window, qtbot, Qt.Key.Key_Right, ALT)
    assert window.scene.selectedItems() == [card]  # (square and sin, hidden in it, are skipped)
    press(window, qtbot, Qt.Key.Key_Right, ALT)
    assert window.scene.selected_node_ids() == [e]
    press(window, qtbot, Qt.Key.Key_Left, ALT)
    assert window.scene.selectedItems() == [card]
    press(window, qtbot, Qt.Key.Key_Left, ALT)
    assert window.scene.selected_node_ids() == [x]
    window.action("select_all").trigger()  # from the last card selected, round to the first
    press(window, qtbot, Qt.Key.Key_Right, ALT)
    assert window.scene.selected_node_ids() == [x]


def selected_names(window) -> list[str]:
    return [display_label(window.graph, nid) for nid in window.scene.selected_node_ids()]


def test_alt_right_follows_the_columns_left_to_right_on_a_branching_network(window, qtbot):
    # example 08: the weights and biases stand on a row above the chain, each over the card using it
    assert window.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    window.scene.clearSelection()
    walked = []
    for _ in range(12):
        press(window, qtbot, Qt.Key.Key_Right, ALT)
        walked += selected_names(window)
    # column by column, top to bottom in a column (the input x after W1 above it, not after every input)
    assert walked == ["W1", "x", "b1", "matmul₁", "add", "W2", "h", "b2", "matmul₂", "target", "logits", "loss"]
    walked_back = []
    for _ in range(12):
        press(window, qtbot, Qt.Key.Key_Left, ALT)
        walked_back += selected_names(window)
    assert walked_back == [*reversed(walked[:-1]), "loss"]  # (from the first card, round to the last)


def test_alt_right_while_renaming_renames_first_then_moves_on(window, qtbot):
    x = tab_add(window, qtbot, "variable")
    s = tab_add(window, qtbot, "sin")
    press(window, qtbot, Qt.Key.Key_Left, ALT)
    assert window.scene.selected_node_ids() == [x]
    before = window.graph.node(x).name
    press(window, qtbot, Qt.Key.Key_F2)
    assert window.view.title_editor.editing
    qtbot.keyClicks(window.view, "t")
    press(window, qtbot, Qt.Key.Key_Right, ALT)
    assert window.graph.node(x).name == "t"  # the name typed is kept (one undo step) ...
    assert not window.view.title_editor.editing  # ... the editor closed ...
    assert window.scene.selected_node_ids() == [s]  # ... and the following card is selected
    window.action("undo").trigger()
    assert window.graph.node(x).name == before
