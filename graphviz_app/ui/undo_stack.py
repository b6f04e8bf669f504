"""The window's undo stack: Qt's, counting the edits pushed.

After one Undo, "Delete x" pushed again and Redo look alike from the stack's index, count and
texts; the status bar tells them apart by whether an edit was pushed (and never by holding a
command's Python wrapper: Qt deletes a macro, a plain QUndoCommand, without telling Python)."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack


class UndoStack(QUndoStack):
    pushes = 0  # edits pushed so far, each push inside a macro too (only whether it moved is read)

    def push(self, command: QUndoCommand) -> None:
        self.pushes += 1  # (before Qt's push: the index changes, and is reported, inside it)
        super().push(command)

    def endMacro(self) -> None:
        self.pushes += 1
        super().endMacro()
