"""Autosave of unsaved work into a recovery file, and finding what a crashed session left.

Each window writes its own file (shortly after every change, and periodically)
while it has unsaved changes, and removes it when the work is saved or the
window closes normally. A file whose writer process is gone is a crash leftover.
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from ..core.errors import UserError

AFTER_CHANGE_MS = 2000
PERIOD_MS = 60000
_counter = itertools.count(1)


@dataclass
class Leftover:
    file: Path
    original: str | None  # the document's own path, if it had one

    def discard(self) -> None:
        for path in (self.file, _meta_of(self.file)):
            try:
                path.unlink()
            except OSError:
                pass

    def set_aside(self) -> Path | None:
        """A leftover that cannot be read: renamed so it is no longer offered, never deleted."""
        stem = self.file.stem.replace("autosave-", "unreadable-", 1)
        aside = self.file.with_name(stem + ".json")
        for i in itertools.count(2):  # (process ids come back: never over an earlier one)
            if not aside.exists():
                break
            aside = self.file.with_name(f"{stem}-{i}.json")
        try:
            self.file.rename(aside)
        except OSError:
            return None
        try:
            _meta_of(self.file).unlink()
        except OSError:
            pass
        return aside


def _meta_of(file: Path) -> Path:
    return file.with_suffix(".meta")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def leftovers(folder: Path) -> list[Leftover]:
    """Recovery files written by processes that no longer run, newest first."""
    found = []
    for file in folder.glob("autosave-*.json"):
        try:
            pid = int(file.stem.split("-")[1])
        except (IndexError, ValueError):
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        original = None
        try:
            original = json.loads(_meta_of(file).read_text("utf-8")).get("path")
        except (OSError, ValueError, AttributeError):
            pass
        found.append(Leftover(file, original))
    found.sort(key=lambda item: item.file.stat().st_mtime if item.file.exists() else 0, reverse=True)
    return found


class Autosaver(QObject):
    def __init__(self, window, folder: Path):
        super().__init__(window)
        self.window = window
        self.file = folder / f"autosave-{os.getpid()}-{next(_counter)}.json"
        self.last_error: str | None = None
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(AFTER_CHANGE_MS)
        self._soon.timeout.connect(self.save_now)
        self._period = QTimer(self)
        self._period.setInterval(PERIOD_MS)
        self._period.timeout.connect(self.save_now)
        self._period.start()

    def changed(self) -> None:
        self._soon.start()

    def save_now(self) -> None:
        from ..core import fileformat

        if self.window.undo_stack.isClean():
            self.remove()
            return
        try:
            fileformat.save(self.window.graph, self.file)
            path = self.window.path
            _meta_of(self.file).write_text(json.dumps({"path": str(path) if path else None}), "utf-8")
            self.last_error = None
        except (OSError, UserError) as exc:  # never interrupt the user for a failed backup
            self.last_error = str(exc)

    def remove(self) -> None:
        Leftover(self.file, None).discard()

    def stop(self) -> None:
        self._soon.stop()
        self._period.stop()
        self.remove()
