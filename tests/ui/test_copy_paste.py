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
