"""The command one move of the undo stack went over: what the canvas's watchers of the stack
(LayoutFollower, CollapseSelection) each ask before doing their part after a command of theirs is
done, undone or redone."""

from __future__ import annotations

from shiboken6 import isValid


def stepped_over(stack, before: int, index: int):
    """The command the stack went over moving from `before` to `index` (done or redone: moved up;
    undone: moved down); None for a move of more than one step (a clear, a jump) or a stack gone
    (the window's, as it clears while closing)."""
    if abs(index - before) != 1 or not isValid(stack):
        return None
    return stack.command(min(index, before))
