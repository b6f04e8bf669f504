"""A transport's five buttons (first, back, play, forward, last), as the animation's timeline and
the Training dock show them: each is the window's action of that name (actions_table
TIMELINE_BUTTONS, TRAINING_BUTTONS), so what it does, when it is enabled, its picture and tooltip
are the action's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton, QWidget


def transport_buttons(parent: QWidget | None = None) -> tuple[QToolButton, ...]:
    """The five buttons, left to right, raised on hover; their actions come later (use_actions)."""
    buttons = tuple(QToolButton(parent) for _ in range(5))
    for button in buttons:
        button.setAutoRaise(True)
    return buttons


def use_actions(buttons: tuple[QToolButton, ...], keys: tuple[str, ...], action: Callable[[str], QAction]) -> None:
    """Each button becomes its action's (keys: the actions' ids, left to right; action: the
    window's, made once every part of it is built)."""
    for button, key in zip(buttons, keys, strict=True):
        button.setDefaultAction(action(key))
