"""An action's shortcut as this system writes it, for every text that names one ("Backward (F6)",
"Ctrl+V pastes them"; ⌘V on macOS, as the menus show it): read from the actions table, so a key
changed there changes each text that names it."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from .actions_table import BY_ID, ActionSpec

NATIVE = QKeySequence.SequenceFormat.NativeText


def shortcut_texts(spec: ActionSpec) -> list[str]:
    """The action's shortcuts as this system writes them ("Ctrl+Shift+Z")."""
    return [QKeySequence(s).toString(NATIVE) for s in spec.shortcuts]


def key_text(action_id: str) -> str:
    """The first shortcut of the table's action action_id, as the menus write it ("F6", "Ctrl+V")."""
    return shortcut_texts(BY_ID[action_id])[0]


def keys_text(action_id: str, joiner: str = " or ") -> str:
    """Every shortcut of the action, joined ("Left", "Ctrl++ or Ctrl+=")."""
    return joiner.join(shortcut_texts(BY_ID[action_id]))
