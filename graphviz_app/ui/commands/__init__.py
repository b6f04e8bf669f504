"""The undoable edits of the model (QUndoCommands), one module per kind of thing edited."""
