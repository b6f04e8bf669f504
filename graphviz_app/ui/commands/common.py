"""What every undoable edit uses: pushing a command that may be refused, and naming nodes
and counts in the Edit menu's undo and redo items.

Every command checks its arguments against the graph when it is built and raises the model's
UserError there, so a refused edit never reaches the undo stack half applied. `try_push` turns
such an error into a message for the status bar.

The status bar says each edit done (`done_text`): a command's text is an imperative for the Edit
menu's Undo and Redo items, in one case rule, sentence case ("Delete 2 nodes", "Make b1 a constant";
names as their cards write them); the status bar puts its first verb in the past ("Deleted 2 nodes"), or
shows the command's `said` when it sets one (a sentence the imperative cannot become).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from ...core.errors import UserError
from ...core.graph import Graph
from ...core.naming import display_label


class Command(QUndoCommand):
    """An undoable edit of the model."""

    # what the status bar says once it is done, when the text in the past tense would not do
    # ("": nothing, the message before stays; None: that text)
    said: str | None = None


def try_push(
    stack: QUndoStack, make: Callable[[], QUndoCommand], report: Callable[[str], None] | None = None
) -> QUndoCommand | None:
    """Build a command and push it; a refused edit is reported and nothing is pushed."""
    try:
        command = make()
    except UserError as exc:
        if report is not None:
            report(exc.message)
        return None
    stack.push(command)
    return command


def node_title(graph: Graph, node_id: str) -> str:
    """A node as the Edit menu's undo and redo items name it: what its card shows."""
    return display_label(graph, node_id)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


# the verbs that begin the commands' texts, in the past
PAST = {
    "Add": "Added",
    "Clear": "Cleared",
    "Collapse": "Collapsed",
    "Connect": "Connected",
    "Cut": "Cut",
    "Delete": "Deleted",
    "Disconnect": "Disconnected",
    "Duplicate": "Duplicated",
    "Edit": "Edited",
    "Expand": "Expanded",
    "Freeze": "Froze",
    "Group": "Grouped",
    "Insert": "Inserted",
    "Make": "Made",
    "Move": "Moved",
    "Paste": "Pasted",
    "Reconnect": "Reconnected",
    "Rename": "Renamed",
    "Replace": "Replaced",
    "Set": "Set",
    "Train": "Trained",
    "Ungroup": "Ungrouped",
}
_VERB = re.compile(r"^\w+")  # the first word only: the rest may hold names ("scale and add")


def done_text(command: QUndoCommand) -> str:
    """What the status bar says once the command is done: its `said` (empty: nothing, the
    message before stays), else its text with its first verb in the past ("Delete 2 nodes" ->
    "Deleted 2 nodes"). A text that joins several verbs sets `said` itself, built from its parts."""
    if isinstance(command, Command) and command.said is not None:  # (a macro is Qt's own QUndoCommand)
        return command.said
    return _VERB.sub(lambda m: PAST.get(m.group(0), m.group(0)), command.text())


class Steps(Command):
    """Several commands as one undo step, with the undo text and status-bar sentence given
    (a Qt macro has no `said`): done in order, undone in reverse."""

    def __init__(self, text: str, said: str, commands: list[QUndoCommand]):
        super().__init__()
        self.setText(text)
        self.said = said
        self.commands = commands

    def redo(self) -> None:
        for command in self.commands:
            command.redo()

    def undo(self) -> None:
        for command in reversed(self.commands):
            command.undo()
