"""Opening a diagram without freezing the window: the file is read in a worker thread while
the window keeps painting; a read that takes longer than SHOW_AFTER shows a progress dialog
whose Cancel drops the read (the worker's result is then thrown away) and leaves the user's
current document as it was. Building the canvas of a large diagram happens on the GUI thread
(Qt items) and cannot be cancelled: a dialog says that it is being drawn.

A Run key pressed meanwhile (F6 right after File → Open) is not lost: before the dialog shows,
key presses wait in Qt's queue for the open to end; once it shows, the dialog takes those keys
(PressedMeanwhile) and the window runs them when the graph is open.

The garbage collector stays on while the worker reads, so a collection may run on the worker's
thread; it frees nothing there (collect_on_gui_thread.py): Qt objects that the window leaves as
garbage, before or during the read, are destroyed by a later collection on the GUI thread."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QProgressDialog

SHOW_AFTER = 0.5  # seconds of reading before the progress dialog shows
POLL = 0.02  # seconds between two looks at the worker (the window's events are handled between)
DRAW_NOTICE = 1500  # nodes from which building the canvas takes about a second: said while it lasts


def read_diagram(path: Path):
    """The reading itself (core.fileformat.load): what the worker thread runs."""
    from ..core import fileformat

    return fileformat.load(path)


class PressedMeanwhile:
    """The window's actions (Backward, …) whose keys a progress dialog takes while it shows:
    those pressed are run, once each and in order, by run() once the document is open."""

    def __init__(self, actions=()) -> None:
        self.actions = list(actions)
        self.pressed: list[QAction] = []

    def take_keys(self, dialog: QProgressDialog) -> None:
        for action in self.actions:
            stand_in = QAction(action.text(), dialog)
            stand_in.setShortcuts(action.shortcuts())
            stand_in.triggered.connect(lambda _checked=False, a=action: self._press(a, dialog))
            dialog.addAction(stand_in)

    def _press(self, action: QAction, dialog: QProgressDialog) -> None:
        if action in self.pressed:
            return
        self.pressed.append(action)
        name = action.text().replace("&", "").rstrip("…")
        dialog.setLabelText(f"{dialog.labelText()}\n{name} starts once it is open.")

    def run(self) -> None:
        pressed, self.pressed = self.pressed, []
        for action in pressed:
            if action.isEnabled():
                action.trigger()


def load_with_progress(parent, path: Path, read=None, meanwhile: PressedMeanwhile | None = None):
    """The graph read from path, or None when the user cancelled. Raises what the reader raises
    (UserError naming the file and line, OSError), on this thread. meanwhile: the keys the
    progress dialog takes for the window (run by the caller once the graph is open)."""
    outcome: dict = {}
    done = threading.Event()
    read = read or read_diagram

    def work() -> None:
        try:
            outcome["graph"] = read(path)
        except BaseException as exc:  # (raised again on the GUI thread)
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name=f"read {Path(path).name}", daemon=True).start()
    if not done.wait(POLL):  # most files are read by now: no dialog, no event loop turn
        if not _wait(parent, Path(path), done, meanwhile):
            return None
    if "error" in outcome:
        raise outcome["error"]
    return outcome["graph"]


@contextmanager
def drawing(parent, count: int):
    """While the canvas builds the cards of a large diagram (on the GUI thread, not cancellable):
    a dialog saying so, painted before the work starts."""
    if count < DRAW_NOTICE:
        yield
        return
    dialog = QProgressDialog(f"Drawing {count} nodes…", None, 0, 0, parent)
    dialog.setWindowTitle("Opening")
    dialog.setObjectName("drawProgress")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.show()
    for _ in range(3):  # (shown, laid out, painted)
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    try:
        yield
    finally:
        _close(dialog, parent)


def _wait(parent, path: Path, done: threading.Event, meanwhile: PressedMeanwhile | None) -> bool:
    """Keep the window painting until the worker is done; False when the user cancelled."""
    dialog = QProgressDialog(f"Reading {path.name}{_size(path)}…", "Cancel", 0, 0, parent)
    if meanwhile is not None:
        meanwhile.take_keys(dialog)
    dialog.setWindowTitle("Opening")
    dialog.setObjectName("loadProgress")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(2**31 - 1)  # (shown by _wait, not by Qt's own timer)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    started = time.monotonic()
    quiet = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents  # (kept for later, not lost)
    try:
        while not done.wait(POLL):
            if dialog.isHidden() and time.monotonic() - started >= SHOW_AFTER:
                dialog.show()
                dialog.activateWindow()  # (keys go to it: Esc cancels, F6 waits for the graph)
            flags = QEventLoop.ProcessEventsFlag.AllEvents if dialog.isVisible() else quiet
            QCoreApplication.processEvents(flags, int(POLL * 1000))
            if dialog.wasCanceled():
                return False
        return True
    finally:
        _close(dialog, parent)


def _close(dialog: QProgressDialog, parent) -> None:
    """Close a progress dialog for good: no longer modal (a hidden dialog awaiting deletion must
    not stay the application's modal widget), and, if it took the keys, the window active again
    with the focus where it was (else F6 or Ctrl+G would do nothing until the user clicks)."""
    took_keys = dialog.isVisible()
    dialog.hide()
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.deleteLater()
    if took_keys and parent is not None:
        window = parent.window()
        window.activateWindow()
        focus = window.focusWidget()
        if focus is not None and QApplication.focusWidget() is not focus:
            focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return ""
    return f" ({size / 1e6:.1f} MB)" if size >= 1e6 else f" ({max(1, round(size / 1e3))} kB)"
