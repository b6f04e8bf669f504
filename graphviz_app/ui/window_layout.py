"""The window's size and its docks' widths: as the user left them (or a first size that suits
the screen), and the canvas keeping its share of the width beside the docks. A small first
window (below SHARED_COLUMN_WINDOW) shows the palette as a tab of the Inspector's column, so the
canvas keeps room for a whole example; the canvas is never narrower than MIN_CANVAS_WIDTH."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget

DEFAULT_SIZE = (1480, 920)  # the first start's window (then as the user left it), screen allowing
MIN_DEFAULT = (1024, 700)
CANVAS_SHARE = 0.45  # the least of the window's width the canvas keeps beside the docks
PALETTE_WIDTH = 230  # the op palette's first width: its entries read in full, the canvas keeps the room
WIDE_WINDOW = 1600  # from this width on, the palette widens (until the user sets its width)
PALETTE_WIDE_WIDTH = 320  # ... to this: most descriptions then read whole in their two lines
DOCK_SHARE = 0.27  # until the user sets it, the Inspector's side takes this much of a wide window
RIGHT_MOST = 1 / 3  # ... and its first width (340 px) not more than this of a small one (at its least width)
SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
# a first start narrower than this puts the palette in the Inspector's column, as a tab: beside two
# columns (palette about 210 px, Inspector 340) a 1024 px window left the canvas 460 px, and the
# smallest example (870 px wide) opened with its output out of view; one column leaves it about 670
SHARED_COLUMN_WINDOW = 1200
# the canvas is never narrower than this (a dock's edge dragged stops there; at 80 px a step's title
# read "Back… step … nume…"); with both docks at their least widths the window still fits 701 px
MIN_CANVAS_WIDTH = 220


def restore_size(window, settings) -> None:
    """The window's size and place as the user left them (the first start: one that fits the
    screen). The opening window (ui.opening_window) takes them too, so the main window replaces
    it in place."""
    geometry = settings.value("window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
        return
    # the first start: room for the canvas between the two docks, within the screen
    screen = window.screen().availableGeometry() if window.screen() is not None else None
    width, height = DEFAULT_SIZE
    if screen is not None and screen.width() > 0:
        width = min(width, max(MIN_DEFAULT[0], int(screen.width() * 0.9)))
        height = min(height, max(MIN_DEFAULT[1], int(screen.height() * 0.9)))
    window.resize(width, height)


class WindowLayout:
    def __init__(self, window, canvas, palette_dock, settings):
        self.window, self.canvas, self.palette_dock, self.settings = window, canvas, palette_dock, settings
        canvas.setMinimumWidth(MIN_CANVAS_WIDTH)
        self._room = QTimer(window)  # the canvas keeps its room once the layout has settled
        self._room.setSingleShot(True)
        self._room.setInterval(0)
        self._room.timeout.connect(self.fit_docks)
        self._sharing = False  # the right side follows DOCK_SHARE (a first start, until its width is set)
        self._given: int | None = None  # the right side's width as last fitted (another one: the user's)
        self._palette_given: int | None = None  # the same for the palette
        self._column_pending = False  # a first start: whether its palette joins the Inspector's column

    def restore(self) -> None:
        """The size, dock places and widths the user left (the first start: ones that fit)."""
        window = self.window
        restore_size(window, self.settings)
        state = self.settings.value("window/state")
        if state is not None:
            window.restoreState(state)
            self._room.start()
        else:
            window.resizeDocks([self.palette_dock], [PALETTE_WIDTH], Qt.Orientation.Horizontal)
            self._sharing = True
            self._column_pending = True  # (decided at the first resize: when shown, at its size)

    def share_column(self) -> None:
        """A small first window: the palette becomes a tab of the Inspector's column, in front
        (Backward brings the Inspector forward: animation.setup), and the canvas gets the width
        of the palette's column. The user can drag the tab back to the left; that layout stays."""
        window = self.window
        right = self._docks_by_side().get(Qt.DockWidgetArea.RightDockWidgetArea)
        if not right or not self._palette_shown():
            return
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.palette_dock)
        for dock in sorted(right, key=lambda d: d is not window.animation.inspector):  # Nodes, Inspector, Chain rule
            window.tabifyDockWidget(self.palette_dock, dock)
        self.palette_dock.raise_()

    def save(self) -> None:
        self.settings.setValue("window/geometry", self.window.saveGeometry())
        self.settings.setValue("window/state", self.window.saveState())

    def showing(self) -> None:
        """The window is about to show: a first start's columns and widths, for the size it shows
        at, set before its first layout, so that the window is laid out once, at them (set at its
        first resize, they made Qt lay the whole window out twice as it showed)."""
        if self._column_pending:
            self._column_pending = False
            if self.window.width() < SHARED_COLUMN_WINDOW:
                self.share_column()
            self.share_right()  # the first widths at once: the Inspector is never laid out narrower first
            self.widen_palette()

    def resized(self) -> None:
        self.showing()  # (a window that showed without being asked through setVisible: at its first resize)
        self._room.start()  # once the new layout has given the canvas its width

    def fit_docks(self) -> None:
        """After the layout: the right side's share of the window (see share_right), then the
        canvas's room (see keep_canvas_room)."""
        if not self.window.isVisible():
            return
        self.share_right()
        self.widen_palette()
        self.keep_canvas_room()
        if self._sharing:
            self.window.layout().activate()  # (the widths asked for, applied now)
            self._given = self._right_width()
            self._palette_given = self.palette_dock.width() if self._palette_shown() else None

    def _docks_by_side(self) -> dict:
        """The docks shown on each side: one column, one width (tabbed or stacked)."""
        window = self.window
        sides: dict = {}
        # (docks added to a window are its direct children: no walk through every widget inside)
        for dock in window.findChildren(QDockWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            area = window.dockWidgetArea(dock)
            if not dock.isHidden() and not dock.isFloating() and area in SIDES:  # (also before it shows)
                sides.setdefault(area, []).append(dock)
        return sides

    def _right_width(self) -> int | None:
        docks = self._docks_by_side().get(Qt.DockWidgetArea.RightDockWidgetArea)
        return max(d.width() for d in docks) if docks else None

    def share_right(self) -> None:
        """On a first start the Inspector's side widens with the window to DOCK_SHARE of it (its
        tables and headings read without wrapping or scrolling at 1920 px), never narrower than it
        starts; once the user (or a restored state) sets its width, that width stays."""
        if not self._sharing:
            return
        width = self._right_width()
        if width is None:
            return
        if self._given is not None and abs(width - self._given) > 2:
            self._sharing = False  # the splitter was dragged: the user's width from now on
            return
        docks = self._docks_by_side()[Qt.DockWidgetArea.RightDockWidgetArea]
        column = {t for d in docks for t in [d, *self.window.tabifiedDockWidgets(d)]}  # (tabs behind too)
        wanted = min(max(d.sizeHint().width() for d in column), int(self.window.width() * RIGHT_MOST))
        floor = max([wanted] + [d.minimumSizeHint().width() for d in column])
        target = max(floor, int(self.window.width() * DOCK_SHARE))
        if abs(target - width) > 2:
            self.window.resizeDocks(docks, [target] * len(docks), Qt.Orientation.Horizontal)

    def _palette_shown(self) -> bool:
        dock = self.palette_dock
        return not dock.isHidden() and not dock.isFloating()

    def widen_palette(self) -> None:
        """On a first start the palette takes PALETTE_WIDE_WIDTH in a window WIDE_WINDOW wide or
        more (PALETTE_WIDTH below); once the user drags its edge, their width stays."""
        if not self._sharing or not self._palette_shown() or self.window.tabifiedDockWidgets(self.palette_dock):
            return  # (a tab of the Inspector's column: share_right sets that width)
        width = self.palette_dock.width()
        if self._palette_given is not None and abs(width - self._palette_given) > 2:
            self._sharing = False  # the user's widths from now on
            return
        target = PALETTE_WIDE_WIDTH if self.window.width() >= WIDE_WINDOW else PALETTE_WIDTH
        target = max(target, self.palette_dock.minimumSizeHint().width())
        if abs(target - width) > 2:
            self.window.resizeDocks([self.palette_dock], [target], Qt.Orientation.Horizontal)

    def keep_canvas_room(self) -> None:
        """Docks keep their width when the window narrows (and a saved state brings back widths
        made for a wider window): narrow the widest side so the canvas keeps CANVAS_SHARE of the
        window. Run after the layout (see resized); docks with room are left alone."""
        window = self.window
        lack = int(window.width() * CANVAS_SHARE) - self.canvas.width()
        if not window.isVisible() or lack <= 0:
            return
        sides = self._docks_by_side()
        width = {area: max(d.width() for d in docks) for area, docks in sides.items()}
        floor = {area: max(d.minimumSizeHint().width() for d in docks) for area, docks in sides.items()}
        for area in sorted(sides, key=lambda a: -width[a]):
            give = min(lack, width[area] - floor[area])
            if give > 0:
                width[area] -= give
                lack -= give
        docks = [d for area in sides for d in sides[area]]
        window.resizeDocks(docks, [width[window.dockWidgetArea(d)] for d in docks], Qt.Orientation.Horizontal)
