"""Canvas items drawn differently under the mouse (a card, an edge; a card also knows which of its ports)."""

from __future__ import annotations


class Hoverable:
    """Mixed in before the Qt item class: keeps `_hover` and calls the item's `redraw()` when the
    mouse comes and goes. The item calls setAcceptHoverEvents(True) and reads `_hover` when it paints."""

    _hover = False

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.redraw()

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.redraw()
