"""File → Open Recent: the files last opened or saved, the same list in every window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu

from . import windows
from .actions_table import CONTEXT_BY_ID

MAX_RECENT = 10


class RecentFiles:
    def __init__(self, settings, open_file: Callable[[str], object], parent=None):
        self.settings = settings
        self.open_file = open_file
        self.menu = QMenu("Open &Recent", parent)
        self.refresh_menu()

    def files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add(self, path: Path) -> None:
        files = [str(path)] + [f for f in self.files() if f != str(path)]
        self.settings.setValue("files/recent", files[:MAX_RECENT])
        self.settings.setValue("files/last_dir", str(path.parent))
        _changed()

    def forget(self, file: str) -> None:
        self.settings.setValue("files/recent", [f for f in self.files() if f != file])
        _changed()

    def clear(self) -> None:
        self.settings.setValue("files/recent", [])
        _changed()

    def refresh_menu(self) -> None:
        menu = self.menu
        menu.clear()
        files = self.files()
        for file in files:
            menu.addAction(Path(file).name, lambda f=file: self.open_file(f)).setStatusTip(file)
        if files:
            menu.addSeparator()
            spec = CONTEXT_BY_ID["clear_recent"]
            menu.addAction(spec.text, self.clear).setStatusTip(spec.help)
        menu.setEnabled(bool(files))


def _changed() -> None:
    for window in windows.open_windows():  # every window's menu lists the same files
        window.files.recent.refresh_menu()
