"""More windows in one program: File → New Window, and recovered work beyond the first.

Each window is one document with its own undo stack; copy and paste work between them (the
clipboard). The windows are kept here while open, as Qt does not keep a Python reference.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint

CASCADE = 32  # pixels each new window sits down-right of the one it came from

_open: list = []
told: set[str] = set()  # notices said once per program ("storage": its folders cannot be written)


def open_windows() -> list:
    return list(_open)


def keep(window) -> None:
    if window not in _open:
        _open.append(window)
        window.destroyed.connect(lambda *_args, w=window: _forget(w))


def _forget(window) -> None:
    if window in _open:
        _open.remove(window)


def place_beside(window, like) -> None:
    """A new window the size of `like` (the window it was asked from), cascaded from the newest
    window shown, so windows opened one after another never hide each other."""
    anchor = next((w for w in reversed(_open) if w.isVisible() and w is not window), like)
    window.resize(like.size())
    window.move(anchor.pos() + QPoint(CASCADE, CASCADE))
