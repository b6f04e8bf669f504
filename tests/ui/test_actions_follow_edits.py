"""Whether an action is enabled follows every edit, undo and redo, not only a change of the selection:
right after Ctrl+G the group actions work on the new group; after undoing it they are off again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import when_modal

from graphviz_app.core.naming import display_labels
from graphviz_app.resources_path import examples_dir

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
GROUP_ACTIONS = ("ungroup", "collapse_group", "rename_group")


@pytest.fixture
def network(window):
    """Example 07 (no groups) with x, W1 and b1 selected."""
    assert window.files.open_path(examples_dir() / "07_two_layer_network.json", ask=False)
    window.view.zoom_to_fit()
    labels = display_labels(window.graph)
    window.scene.select_nodes([n for n, shown in labels.items() if shown in ("x", "W1", "b1")])
    window.view.setFocus()
    QApplication.processEvents()
    return window


def enabled(window) -> list[bool]:
    return [window.action(a).isEnabled() for a in GROUP_ACTIONS]


def test_right_after_ctrl_g_shift_f2_renames_the_new_group(network, qtbot):
    from graphviz_app.ui.canvas.group_actions import GroupNameDialog

    assert enabled(network) == [False, False, False]
    qtbot.keyClick(network.view, Qt.Key.Key_G, CTRL)
    assert [g.name for g in network.graph.groups] == ["group₁"]
    assert enabled(network) == [True, True, True]  # the selection did not change, the groups did

    def answer(dialog):
        dialog.edit.setText("inputs")
        dialog.accept()

    check = when_modal(GroupNameDialog, answer)
    qtbot.keyClick(network.view, Qt.Key.Key_F2, SHIFT)
    check()
    assert [g.name for g in network.graph.groups] == ["inputs"]


def test_ctrl_shift_g_right_after_ctrl_g_ungroups(network, qtbot):
    qtbot.keyClick(network.view, Qt.Key.Key_G, CTRL)
    qtbot.keyClick(network.view, Qt.Key.Key_G, CTRL | SHIFT)
    assert len(network.graph.groups) == 0 and network.undo_stack.count() == 2
    assert enabled(network) == [False, False, False]


def test_undoing_ctrl_g_turns_the_group_actions_off_and_redo_on(network, qtbot):
    qtbot.keyClick(network.view, Qt.Key.Key_G, CTRL)
    qtbot.keyClick(network.view, Qt.Key.Key_Z, CTRL)
    assert len(network.graph.groups) == 0
    assert enabled(network) == [False, False, False]
    qtbot.keyClick(network.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert enabled(network) == [True, True, True]


def test_set_as_output_is_offered_again_after_undoing_it(network, qtbot):
    labels = display_labels(network.graph)
    h = next(n for n, shown in labels.items() if shown == "h")
    network.scene.select_nodes([h])
    assert network.action("set_output").isEnabled()
    qtbot.keyClick(network.view, Qt.Key.Key_O, CTRL | SHIFT)
    assert network.graph.output == h and not network.action("set_output").isEnabled()
    qtbot.keyClick(network.view, Qt.Key.Key_Z, CTRL)
    assert network.graph.output != h and network.action("set_output").isEnabled()
