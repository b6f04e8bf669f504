"""Editing keys on the canvas: Delete acts only while the canvas has the focus; arrow keys move the
selection a grid step (onto the grid with snapping on, Shift for one unit)."""

from PySide6.QtCore import Qt
from ui.canvas_helpers import two_nodes


def test_delete_acts_only_while_the_canvas_has_the_focus(window, qtbot):
    g, x, s = two_nodes(window)
    window.scene.select_nodes([x])
    tree = window.palette_dock.tree
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    qtbot.keyClick(tree, Qt.Key.Key_Backspace)
    assert x in g  # the palette's list had the focus
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert x not in g and window.undo_stack.undoText() == "Delete x"
    window.undo_stack.undo()
    window.scene.select_nodes([s])
    window.action("delete").trigger()  # the menu item works whatever has the focus
    assert s not in g


def test_arrow_keys_step_a_grid_cell_and_land_on_the_grid_with_snapping_on(window, qtbot):
    g, x, s = two_nodes(window)
    g.move(x, (3.0, 7.0))
    window.scene.select_nodes([x])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert g.node(x).pos == (13.0, 7.0)  # half a cell without snapping
    window.action("snap").setChecked(True)
    try:
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        assert g.node(x).pos == (40.0, 0.0)  # a cell on, onto the grid
        qtbot.keyClick(window.view, Qt.Key.Key_Down)
        assert g.node(x).pos == (40.0, 20.0)
        qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
        assert g.node(x).pos == (39.0, 20.0)  # Shift: one unit, off the grid on purpose
    finally:
        window.action("snap").setChecked(False)
