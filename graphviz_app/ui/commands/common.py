"""What every undoable edit uses: pushing a command that may be refused, and naming nodes
and counts in the Edit menu's undo and redo items.

Every command checks its arguments against the graph when it is built and raises the model's
UserError there, so a refused edit never reaches the undo stack half applied. `try_push` turns
such an error into a message for the status bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from ...core.errors import UserError
from ...core.graph import Graph
from ...core.naming import display_label


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
