"""A diagram file dragged from a file manager onto the window opens there, as File → Open opens
it (asking first about unsaved changes). Anything else (a picture, several files, a folder) is
refused while it is dragged, and the status bar says why, naming it. The palette's own drags
(not files) pass on to the canvas untouched."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer

DIAGRAM_SUFFIX = ".json"
DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def dropped_diagram(mime) -> tuple[Path | None, str]:
    """The diagram file a drag carries, or None and why it is refused (in words for the status bar)."""
    urls = mime.urls()
    files = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    if len(urls) > 1:
        return None, f"Drop one diagram file at a time ({len(urls)} were dragged)."
    if not files:
        return None, f"{urls[0].toString()} is not a file on this computer: only diagram files (.json) open here."
    path = files[0]
    if path.is_dir():
        return None, f"{path.name} is a folder: drop a diagram file (.json) to open it."
    if path.suffix.lower() != DIAGRAM_SUFFIX:
        return None, f"{path.name} is not a diagram file (.json), so it does not open here."
    return path, ""


class FileDrop(QObject):
    """Watches the canvas and the window for dragged files (an event filter: the canvas keeps its
    own handling of the palette's drags)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        window.setAcceptDrops(True)  # (a file dropped on a dock or the toolbar reaches the window)
        for watched in (window, window.view.viewport()):
            watched.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() not in DRAG_EVENTS or not event.mimeData().hasUrls():
            return False  # (the palette's drags, and everything else)
        path, why = dropped_diagram(event.mimeData())
        if path is None:
            if event.type() == QEvent.Type.DragEnter:
                self.window.status.show(why)
            event.ignore()
            return True
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            # after the drop has ended: the file manager is not held while the question is asked
            QTimer.singleShot(0, self.window, lambda: self.window.files.open_path(path))
        return True
