"""Where the view goes after Auto Layout, its Undo and its Redo: it stays where the user was
looking when that still shows (the selection, or cards that were in view), and shows the whole
graph only when most of it moved or nothing of what was in view is left in view."""

from __future__ import annotations

from ..commands.document import LayoutCommand
from . import framing
from .node_item import NodeItem
from .undo_step import stepped_over


class LayoutFollower:
    """Told every move of the undo stack; a layout done, undone or redone places the view."""

    def __init__(self, view, stack) -> None:
        self.view, self.stack = view, stack
        self.index = stack.index()

    def moved(self, index: int) -> bool:
        """The stack is at index now: after a layout, the view kept (True) or fitted to the graph."""
        before, self.index = self.index, index
        command = stepped_over(self.stack, before, index)
        if not isinstance(command, LayoutCommand):
            return False
        # (the collapsed cards placed first, whichever listener of the stack runs first: it reads them)
        self.view.scene().groups.later.place_held_cards()
        old, new = (command.new, command.old) if index < before else (command.old, command.new)
        if keeps_view(self.view, old, new):
            return True
        self.view.zoom_to_fit()
        return False


def keeps_view(view, old: dict, new: dict) -> bool:
    """Whether the view may stay after the cards of `new` moved there from `old`: fewer than half the
    cards moved, and a selected card, or a card that was in view before, is in view now."""
    scene = view.scene()
    if 2 * len(new) > len(scene.graph):
        return False  # most of the graph moved: what the user looked at has gone
    shown = framing.shown_rect(view)
    if any(item.isVisible() and shown.intersects(item.sceneBoundingRect()) for item in scene.selectedItems()):
        return True
    for item in scene.items(shown):
        if not isinstance(item, NodeItem) or not item.isVisible():
            continue
        if item.node_id not in new:
            return True  # it did not move: it was in view before too
        was = item.sceneBoundingRect().translated(
            old[item.node_id][0] - new[item.node_id][0], old[item.node_id][1] - new[item.node_id][1]
        )
        if shown.intersects(was):
            return True
    return False
