"""Copy, paste and duplicate on the canvas: pastes never stack on each other, names take the next number."""

from PySide6.QtCore import QPointF
from ui.canvas_helpers import _two_nodes


def test_pasting_twice_at_one_spot_never_stacks_copies_on_each_other(window):
    g, x, s = _two_nodes(window)
    window.scene.select_nodes([x, s])
    assert window.view.editor.copy()
    for _ in range(3):
        window.view.editor.paste(QPointF(500, 300))
    places = [tuple(n.pos) for n in g.nodes()]
    assert len(places) == 8 and len(set(places)) == 8


def test_duplicating_a_numbered_name_takes_the_next_number(window):
    g, x, s = _two_nodes(window)
    g.rename(x, "y_2")
    window.scene.select_nodes([x])
    window.view.editor.duplicate()
    window.scene.select_nodes([x])
    window.view.editor.duplicate()
    assert sorted(n.name for n in g.nodes() if n.name) == ["y_2", "y_3", "y_4"]


def test_the_edit_keys_on_the_canvas_are_one_undo_step_each(window, qtbot):
    from PySide6.QtCore import Qt
    from ui.canvas_helpers import activate

    g, x, s = _two_nodes(window)
    activate(qtbot, window)
    window.view.setFocus()
    stack, ctrl = window.undo_stack, Qt.KeyboardModifier.ControlModifier
    window.scene.select_nodes([s])
    qtbot.keyClick(window.view, Qt.Key.Key_D, ctrl)  # duplicate: the copy is selected
    assert len(g) == 3 and stack.count() == 1 and window.scene.selected_node_ids() != [s]
    qtbot.keyClick(window.view, Qt.Key.Key_X, ctrl)  # cut the copy
    assert len(g) == 2 and stack.count() == 2
    qtbot.keyClick(window.view, Qt.Key.Key_V, ctrl)  # and paste it back, selected
    assert len(g) == 3 and stack.count() == 3 and len(window.scene.selected_node_ids()) == 1
    qtbot.keyClick(window.view, Qt.Key.Key_L, ctrl)  # auto layout
    assert stack.count() == 4 and stack.undoText() == "Auto layout"
    qtbot.keyClick(window.view, Qt.Key.Key_L, ctrl)  # already arranged: no empty step
    assert stack.count() == 4
    for _ in range(4):
        stack.undo()
    assert sorted(n.id for n in g.nodes()) == sorted([x, s]) and g.node(s).pos == (200.0, 0.0)
