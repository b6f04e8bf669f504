"""Starting the desktop program: the application object, its colours, the window.

The file given on the command line and the offer to recover unsaved work come one
event-loop turn after the window is shown; the symbolic maths a moment later (see
load_formulas_soon).
"""

from __future__ import annotations

import importlib
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from .main_window import MainWindow
from .recovery import offer_recovery
from .settings import APPLICATION, ORGANIZATION


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


def launch_window(app: QApplication) -> MainWindow:
    """The program's start: names, colours, the window shown."""
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("graphviz-app")
    apply_colour_scheme(app)
    window = MainWindow()
    QGuiApplication.styleHints().colorSchemeChanged.connect(
        lambda _scheme: (apply_colour_scheme(app), window.apply_theme())
    )
    window.show()
    load_formulas_soon()
    return window


FORMULAS_AFTER_MS = 400  # after the window's first paints and the opening of a file given to it


def load_formulas_soon() -> None:
    """Import sympy (about 0.6 s here) while the user looks at the new window, not when the first
    formula is asked for: otherwise the first F6 or formula tooltip freezes the window that long.
    In the GUI thread on purpose: a garbage collection run by an import thread could delete Qt
    objects off the GUI thread."""
    QTimer.singleShot(FORMULAS_AFTER_MS, lambda: importlib.import_module("sympy"))


def run_app(path: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = launch_window(app)

    def start() -> None:
        offer_recovery(window)
        if path:
            window.files.open_path(path)

    QTimer.singleShot(0, start)  # once the window is on screen
    return app.exec()
