"""Panning the canvas by hand: a middle-button drag, or a left drag while Space is held (the
cursor an open hand while Space is held, a closed one while dragging), as in most drawing programs.

The view hands it its mouse events and its Space key first (GraphView.mousePressEvent and the
others), as it does the knife; each method says whether the event was the pan's.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QGraphicsView


class Pan:
    def __init__(self, view) -> None:
        self.view = view
        self._from: QPointF | None = None  # where the drag last was (view coordinates), while panning
        self._space_held = False

    def key_press(self, event) -> bool:
        """Space held: a left drag pans (not a rubber band)."""
        if event.key() != Qt.Key.Key_Space or event.isAutoRepeat():
            return False
        self._space_held = True
        self.view.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.view.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        event.accept()
        return True

    def key_release(self, event) -> bool:
        if event.key() != Qt.Key.Key_Space or event.isAutoRepeat():
            return False
        self._space_held = False
        self._from = None
        self.view.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.view.viewport().unsetCursor()
        event.accept()
        return True

    def press(self, event) -> bool:
        panning = event.button() == Qt.MouseButton.MiddleButton or (
            self._space_held and event.button() == Qt.MouseButton.LeftButton
        )
        if panning:
            self._from = event.position()
            self.view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
        return panning

    def move(self, event) -> bool:
        if self._from is None:
            return False
        delta = event.position() - self._from
        self._from = event.position()
        view = self.view
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() - round(delta.x()))
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() - round(delta.y()))
        event.accept()
        return True

    def release(self, event) -> bool:
        if self._from is None or event.button() not in (Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            return False
        self._from = None
        self.view.viewport().setCursor(
            Qt.CursorShape.OpenHandCursor if self._space_held else Qt.CursorShape.ArrowCursor
        )
        event.accept()
        return True
