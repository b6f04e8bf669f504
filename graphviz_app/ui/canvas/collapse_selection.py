"""After a collapse or an expand (done, undone or redone), the group's card or frame is selected
alone, so the same key (Ctrl+Alt+G) toggles it back. Selection is the view's: the commands change
only the model, and this follows the undo stack's moves, as LayoutFollower does."""

from __future__ import annotations

from ..commands.groups import CollapseGroupCommand
from .undo_step import stepped_over


class CollapseSelection:
    def __init__(self, scene) -> None:
        self.scene = scene
        self.index = scene.undo_stack.index()

    def moved(self, index: int) -> None:
        """The stack is at index now: one step over a collapse or an expand selects its group."""
        before, self.index = self.index, index
        command = stepped_over(self.scene.undo_stack, before, index)
        if not isinstance(command, CollapseGroupCommand):
            return
        item = self.scene.groups.group_item(command.group_id)
        if item is not None and self.scene.selectedItems() != [item]:
            self.scene.clearSelection()
            self.scene.select_items([item])
