"""Where the program keeps what outlives a session: the user's settings and the recovery folders.

Under tests (GRAPHVIZ_APP_SETTINGS=test) all of them live in a throwaway folder of this
process, so the user's own settings are never read or changed.

None of these folders has to be writable: with a read-only home the editor still starts and
works (recent files and settings are then kept for the session only, and autosave uses the
system's temporary folder).
"""

from __future__ import annotations

import getpass
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANIZATION = "graphviz_app"
APPLICATION = "graphviz-app"
TEST_SETTINGS = "test"


def _test_mode() -> bool:
    return os.environ.get("GRAPHVIZ_APP_SETTINGS") == TEST_SETTINGS


def _test_folder() -> Path:
    folder = Path(tempfile.gettempdir()) / f"graphviz_app-test-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def settings_file() -> Path | None:
    """The settings file when it is not the platform's usual place (under tests: a throwaway one)."""
    return _test_folder() / "settings.ini" if _test_mode() else None


def app_settings() -> QSettings:
    """The user's settings; under tests a throwaway ini file."""
    file = settings_file()
    if file is not None:
        return QSettings(str(file), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def remember(settings: QSettings, key: str, value, default) -> None:
    """Store a choice only when it differs from the stored one (default when none is): each write
    rewrites and flushes the settings file, and a window restoring its choices changes nothing."""
    if settings.value(key, default, type=type(default)) != value:
        settings.setValue(key, value)


def app_data_dir() -> Path:
    """The program's own folder for data it writes (not the user's documents)."""
    if _test_mode():
        return _test_folder()
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".graphviz_app")


def recovery_dir() -> Path:
    """Where autosaved copies of unsaved work are kept until a clean exit (made if missing and
    possible: a folder that cannot be made is reported by storage_problems, not raised)."""
    folder = app_data_dir() / "recovery"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return folder


def spare_recovery_dir() -> Path:
    """The second place for autosaved work, when the first cannot be written (a full disk, a
    read-only home): a folder of this user in the system's temporary folder."""
    if _test_mode():
        return _test_folder() / "recovery-spare"
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"graphviz-app-recovery-{user}"


def recovery_dirs() -> list[Path]:
    """Every place autosaved work may be: crash recovery looks in all of them."""
    return [recovery_dir(), spare_recovery_dir()]


def autosave_places() -> list[Path]:
    """Where autosave writes, in order of preference: the recovery folder when it can be
    written, then the spare one."""
    first, spare = recovery_dirs()
    return [spare] if cannot_write(first) else [first, spare]


def cannot_write(folder: Path) -> str | None:
    """Why nothing can be written in folder (made if missing), or None when a file can be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except FileExistsError as exc:  # (a file where the folder should be)
        return f"{exc.filename} is a file, not a folder"
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def storage_problems() -> list[str]:
    """The program's own folders that cannot be written, each with the reason ("folder: why")."""
    settings_folder = Path(app_settings().fileName()).parent
    problems = []
    for folder in dict.fromkeys([settings_folder, recovery_dir()]):
        why = cannot_write(folder)
        if why:
            problems.append(f"{folder}: {why}")
    return problems
