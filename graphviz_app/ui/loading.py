"""Opening a diagram without freezing the window: the file is read in a worker thread while
the window keeps painting; a read that takes longer than SHOW_AFTER shows a progress dialog
whose Cancel drops the read (the worker's result is then thrown away) and leaves the user's
current document as it was. Building the canvas of a large diagram happens on the GUI thread
(Qt items) and cannot be cancelled: a dialog says that it is being drawn."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog

SHOW_AFTER = 0.5  # seconds of reading before the progress dialog shows
POLL = 0.02  # seconds between two looks at the worker (the window's events are handled between)
DRAW_NOTICE = 1500  # nodes from which building the canvas takes about a second: said while it lasts


def read_diagram(path: Path):
    """The reading itself (core.fileformat.load): what the worker thread runs."""
    from ..core import fileformat

    return fileformat.load(path)


def load_with_progress(parent, path: Path, read=None):
    """The graph read from path, or None when the user cancelled. Raises what the reader raises
    (UserError naming the file and line, OSError), on this thread."""
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
        if not _wait(parent, Path(path), done):
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
        dialog.hide()
        dialog.deleteLater()


def _wait(parent, path: Path, done: threading.Event) -> bool:
    """Keep the window painting until the worker is done; False when the user cancelled."""
    dialog = QProgressDialog(f"Reading {path.name}{_size(path)}…", "Cancel", 0, 0, parent)
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
            flags = QEventLoop.ProcessEventsFlag.AllEvents if dialog.isVisible() else quiet
            QCoreApplication.processEvents(flags, int(POLL * 1000))
            if dialog.wasCanceled():
                return False
        return True
    finally:
        dialog.hide()
        dialog.deleteLater()


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return ""
    return f" ({size / 1e6:.1f} MB)" if size >= 1e6 else f" ({max(1, round(size / 1e3))} kB)"
