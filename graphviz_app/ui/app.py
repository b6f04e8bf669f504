"""Starting the desktop program: the application object, its palette and settings, the window.

Nothing heavy runs before the window is shown: the file given on the command line
and the offer to recover unsaved work come one event-loop turn later.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

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
    """The user's settings; under tests (GRAPHVIZ_APP_SETTINGS=test) a throwaway ini file."""
    if _test_mode():
        return QSettings(str(_test_folder() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def recovery_dir() -> Path:
    """Where autosaved copies of unsaved work are kept until a clean exit."""
    if _test_mode():
        folder = _test_folder() / "recovery"
    else:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        folder = Path(base or Path.home() / ".graphviz_app") / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#24272e"), QColor("#1b1d22"), QColor("#e6e9ef")
    disabled = QColor("#7a8190")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#2a2e36"),
        QPalette.ColorRole.ToolTipBase: QColor("#2f343d"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#2d3139"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Highlight: QColor("#3d7be0"),
        QPalette.ColorRole.HighlightedText: QColor("white"),
        QPalette.ColorRole.Link: QColor("#6aa8ff"),
        QPalette.ColorRole.PlaceholderText: disabled,
        QPalette.ColorRole.Mid: QColor("#4a505c"),
        QPalette.ColorRole.Dark: QColor("#15171b"),
        QPalette.ColorRole.Light: QColor("#3a3f49"),
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def apply_colour_scheme(app: QApplication, dark: bool | None = None) -> None:
    """Fusion with a light or dark palette; by default the one the system asks for."""
    if dark is None:
        dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())


def launch_window(app: QApplication):
    """The program's start: names, colours, the window shown. The window completes itself
    (palette, animation, export) one event-loop turn after its first paint."""
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("graphviz-app")
    apply_colour_scheme(app)

    from .main_window import MainWindow

    window = MainWindow(defer_setup=True)
    QGuiApplication.styleHints().colorSchemeChanged.connect(
        lambda _scheme: (apply_colour_scheme(app), window.apply_theme())
    )
    window.show()
    return window


def run_app(path: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = launch_window(app)
    window.settle_garbage = True

    def start() -> None:
        window.settle_garbage_soon()  # the program's own objects (once with a document opened now)
        window.offer_recovery()
        if path:
            window.open_path(path)

    window.when_ready(start)
    return app.exec()
