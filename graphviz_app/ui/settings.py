"""Where the program keeps what outlives a session: the user's settings and the recovery folder.

Under tests (GRAPHVIZ_APP_SETTINGS=test) both live in a throwaway folder of this process,
so the user's own settings are never read or changed.
"""

from __future__ import annotations

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


def app_settings() -> QSettings:
    """The user's settings; under tests a throwaway ini file."""
    if _test_mode():
        return QSettings(str(_test_folder() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def app_data_dir() -> Path:
    """The program's own folder for data it writes (not the user's documents)."""
    if _test_mode():
        return _test_folder()
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".graphviz_app")


def recovery_dir() -> Path:
    """Where autosaved copies of unsaved work are kept until a clean exit."""
    folder = app_data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
