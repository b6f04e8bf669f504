"""Autosave of unsaved work into a recovery file, and finding what a crashed session left.

Each window writes its own file (shortly after every change, and periodically)
while it has unsaved changes, and removes it when the work is saved or the
window closes normally. A file whose writer process is gone is a crash leftover.
When the recovery folder cannot be written, autosave writes to a second place
(settings.autosave_places); recovery looks in every place.
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.errors import UserError
from .save_failure import why_not_saved

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


def _listed(folder: Path) -> list[Path]:
    try:
        return list(folder.glob("autosave-*.json"))
    except OSError:  # (a folder that cannot be read holds nothing we can recover)
        return []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def leftovers(*folders: Path) -> list[Leftover]:
    """Recovery files written by processes that no longer run, in any of the folders, newest first."""
    found = []
    files = [file for folder in folders for file in _listed(folder)]
    for file in files:
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
    """Writes the window's unsaved work to the first of its places that takes it.

    A place that fails (a full disk, a folder made read-only) is left for the next one for
    the rest of the session, and once the next one has the work the older copy in the failed
    place is removed (it would be offered beside the newer one after a crash). When every
    place fails, the older copies stay (better than nothing) and the next try starts at the
    first place again. `trouble` says so in words, once per kind of trouble, with whether the work is
    kept elsewhere; `working` says that a save succeeded again after every place failed.
    """

    trouble = Signal(str, bool)
    working = Signal()

    def __init__(self, window, folders: list[Path]):
        super().__init__(window)
        self.window = window
        self.folders = list(folders)
        self.place = 0
        self.name = f"autosave-{os.getpid()}-{next(_counter)}.json"
        self._told: str | None = None  # the trouble last told: "moved" or "failed"
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(AFTER_CHANGE_MS)
        self._soon.timeout.connect(self.save_now)
        self._period = QTimer(self)
        self._period.setInterval(PERIOD_MS)
        self._period.timeout.connect(self.save_now)
        self._period.start()

    @property
    def file(self) -> Path:
        """Where the work is (or would be) kept now."""
        return self.folders[self.place] / self.name

    def changed(self) -> None:
        self._soon.start()

    def save_now(self) -> bool:
        """Keep a copy of the unsaved work now (none when there is nothing unsaved). False when
        no place took it."""
        if self.window.undo_stack.isClean():
            self.remove()
            return True
        failed, tried = [], []
        for place in range(self.place, len(self.folders)):
            self.place = place
            try:
                self._write(self.file)
            except (OSError, UserError, ValueError) as exc:  # (a name that cannot be encoded: ValueError)
                failed.append(f"{self.folders[place]}: {why_not_saved(exc, self.window.graph)}")
                tried.append(self.file)
                if not isinstance(exc, OSError):
                    break  # the document itself cannot be written: another folder will not help
                continue
            for stale in tried:  # (an older copy there would be offered beside this one after a crash)
                Leftover(stale, None).discard()
            if failed:
                self._tell(
                    "moved",
                    f"Autosave cannot write to {failed[0]}. Unsaved work is kept in {self.folders[place]} instead.",
                )
            elif self._told == "failed":
                self._told = None
                self.working.emit()
            return True
        self.place = 0
        self._tell(
            "failed",
            "Autosave failed (" + "; ".join(failed) + "). Your unsaved changes are not backed up: save them.",
        )
        return False

    def _write(self, file: Path) -> None:
        from ..core import fileformat

        file.parent.mkdir(parents=True, exist_ok=True)
        fileformat.save(self.window.graph, file)
        path = self.window.files.path
        _meta_of(file).write_text(json.dumps({"path": str(path) if path else None}), "utf-8")

    def _tell(self, kind: str, message: str) -> None:
        if self._told != kind:
            self._told = kind
            self.trouble.emit(message, kind == "moved")

    def remove(self) -> None:
        Leftover(self.file, None).discard()

    def stop(self) -> None:
        self._soon.stop()
        self._period.stop()
        self.remove()
