"""QuickAddOpener: the Quick Add popup (a double-click on the empty canvas, or Tab) opened at a
point of the canvas, and the node chosen in it added there (by the view's editor).

Pointed at (a double-click), the new card goes where the user pointed, moved inward to show
whole; from the keyboard (Tab), a new variable or constant goes to the column of the inputs,
left of the cards it will feed."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from ..quick_add import QuickAddPopup
from .drop_place import input_spot


class QuickAddOpener:
    def __init__(self, view) -> None:
        self.view = view
        self._popup: QuickAddPopup | None = None  # made when first opened
        self._pos, self._pointed = QPointF(), True  # where it opened; pointed at or Tab

    def open(self, global_pos, pointed: bool = True) -> None:
        """Quick add at global_pos; `pointed`: the user pointed at that place (a double-click, a
        right-click), not Tab from the keyboard, where a new input goes to the inputs' column."""
        view = self.view
        local = view.viewport().mapFromGlobal(global_pos)
        if not view.viewport().rect().contains(local):
            local = view.viewport().rect().center()
            global_pos = view.viewport().mapToGlobal(local)
        if self._popup is None:
            self._popup = QuickAddPopup(view)
            self._popup.chosen.connect(self._chosen)
        self._pos = view.mapToScene(local)
        self._pointed = pointed
        self._popup.popup_at(global_pos)

    def _chosen(self, kind: str, op) -> None:
        editor = self.view.editor
        spot = None
        if not self._pointed and kind in ("variable", "constant"):
            spot = input_spot(self.view.scene(), kind, op or None)  # left of the cards it will feed
        if spot is None:
            editor.add_node_inside(kind, op or None, self._pos)
        else:
            editor.add_node_and_show(kind, op or None, spot)  # (the view scrolls to it: the column may be at its edge)
