"""The Inspector never shows a card the canvas hides: when the inspected node (the last step of a
pass, say) ends up inside a collapsed group (collapsed, or Redo All), it shows that group's card
instead. Undo opens the group with its frame selected (Ctrl+Alt+G collapses it again), so the
Inspector shows the group until the selection is cleared, then the node again; Redo collapses it
with its card selected."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel
from ui.animation_helpers import load, sin_of_product


def shown_texts(window) -> list[str]:
    return [label.text() for label in window.animation.inspector.findChildren(QLabel) if label.isVisible()]


def test_a_node_collapsed_out_of_sight_is_inspected_as_its_group(window, qtbot):
    graph, group = sin_of_product()
    graph = load(window, graph)
    window.animation.inspector.show_node(graph.find("x"))  # (as a backward step on x leaves it)
    qtbot.waitUntil(lambda: "x  ·  variable" in shown_texts(window), timeout=3000)
    window.scene.groups.toggle(group)  # collapse, as Edit → Collapse Group does
    assert graph.groups.get(group).collapsed
    qtbot.waitUntil(lambda: any("inputs  (group of 2 nodes)" in t for t in shown_texts(window)), timeout=3000)
    window.undo_stack.undo()  # open again: its frame is selected, and inspected
    assert not graph.groups.get(group).collapsed
    assert window.action("collapse_group").isEnabled()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # empty canvas
    assert window.scene.selectedItems() == []
    qtbot.waitUntil(lambda: "x  ·  variable" in shown_texts(window), timeout=3000)  # x's own card shows
    assert not any("group of 2 nodes" in t for t in shown_texts(window))
    window.undo_stack.redo()  # Redo All's case: collapsed again, its card selected
    assert window.scene.selectedItems() == [window.scene.groups.card_item(group)]
    qtbot.waitUntil(lambda: any("inputs  (group of 2 nodes)" in t for t in shown_texts(window)), timeout=3000)
    window.undo_stack.setClean()
