"""The keyboard's way between the window's panes: View → Focus Next Pane (Ctrl+Tab) and Focus
Previous Pane (Ctrl+Shift+Tab) move the focus canvas → Nodes → Inspector → Chain rule → Training
→ canvas, over the docks that are open (a dock behind another's tab is brought to the front) and
skipping one with nothing to focus (the Training dock before a run shows only a note), so both ways
always come back to the canvas; View → Nodes, Inspector, Chain Rule and Training, when they show a dock, also focus it. (Tab on
the canvas is Quick Add, so Tab alone cannot leave it.)"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget


class PaneFocus(QObject):
    def __init__(self, window, canvas: QWidget, docks: list[QDockWidget]):
        super().__init__(window)
        self.canvas, self.docks = canvas, docks
        for dock in docks:  # (shown from the View menu: the focus goes with it)
            dock.toggleViewAction().triggered.connect(
                lambda shown, d=dock: shown and QTimer.singleShot(0, self, lambda: self.show(d))
            )

    def panes(self) -> list[QWidget]:
        return [self.canvas, *(d for d in self.docks if d.toggleViewAction().isChecked())]

    def current(self) -> QWidget | None:
        focused = QApplication.focusWidget()
        for pane in self.panes():
            if focused is not None and (focused is pane or pane.isAncestorOf(focused)):
                return pane
        return None

    def next(self) -> None:
        self._move(1)

    def previous(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        panes = self.panes()
        here = self.current()
        if here is None:  # (the focus on the toolbar, or nowhere): the canvas first
            self.focus(self.canvas)
            return
        start = panes.index(here)
        for offset in range(1, len(panes)):  # the next pane that can take the focus (the canvas can)
            if self.focus(panes[(start + offset * step) % len(panes)]):
                return

    def show(self, dock: QDockWidget) -> None:
        """A dock the View menu shows: in front, and focused when something in it can be."""
        dock.raise_()
        self.focus(dock)

    def focus(self, pane: QWidget) -> bool:
        """The pane's first widget that takes the focus from the keyboard (the canvas itself); False,
        and the pane left as it was, when nothing in it can."""
        root = pane.widget() if isinstance(pane, QDockWidget) else pane
        target = _first_focusable(root)
        if target is None:
            return False
        if isinstance(pane, QDockWidget):
            pane.show()
            pane.raise_()  # (a tab behind another dock's: to the front)
        target.setFocus(Qt.FocusReason.TabFocusReason)
        return True


def _first_focusable(root: QWidget | None) -> QWidget | None:
    if root is None:
        return None
    if _takes_focus(root, root):
        return root
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root:
        if root.isAncestorOf(widget) and _takes_focus(widget, root):
            return widget
        widget = widget.nextInFocusChain()
    return None


def _takes_focus(widget: QWidget, root: QWidget) -> bool:
    """(Visible once its pane is: a dock behind another's tab is not visible yet.)"""
    shown = widget is root or widget.isVisibleTo(root)
    return shown and widget.isEnabled() and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
