"""Starting the desktop program: the application object, its colours, the window.

A light window (ui.opening_window) shows at once; once it has painted, the main window is
imported and built and takes its place. The file given on the command line and the offer to
recover unsaved work come one event-loop turn after the main window is shown (work recovered
keeps that window; the file then opens in a window of its own); the symbolic
maths a moment later (see load_formulas_soon).
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from .opening_window import OpeningWindow
from .settings import APPLICATION, ORGANIZATION

if TYPE_CHECKING:
    from .main_window import MainWindow


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


def name_app(app: QApplication) -> None:
    """Names (the settings' place, the windows' titles) and colours."""
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("graphviz-app")
    apply_colour_scheme(app)


def launch_window(app: QApplication, opening: OpeningWindow | None = None) -> MainWindow:
    """The main window shown, in the opening window's place if given (which then closes)."""
    # Here, not at the top: the opening window shows before numpy, networkx and the window's modules load.
    from .main_window import MainWindow

    if opening is None:  # (else start_program has named it, before the opening window showed)
        name_app(app)
    window = MainWindow()
    QGuiApplication.styleHints().colorSchemeChanged.connect(
        lambda _scheme: (apply_colour_scheme(app), window.apply_theme())
    )
    if opening is not None:
        window.setGeometry(opening.normalGeometry())  # (moved or resized while opening)
        window.setWindowState(opening.windowState())
    window.show()
    if opening is not None:
        opening.close()
        opening.deleteLater()
    load_formulas_soon()
    return window


FORMULAS_AFTER_MS = 400  # after the window's first paints and the opening of a file given to it


def load_formulas_soon() -> None:
    """Import sympy (about 0.6 s here) while the user looks at the new window, not when the first
    formula is asked for: otherwise the first F6 or formula tooltip freezes the window that long.
    On a thread of its own, so the window keeps answering meanwhile (Python hands the GUI thread
    its turn every few milliseconds); a garbage collection that thread runs frees no Qt objects
    (collect_on_gui_thread, which every main window installs)."""

    def load() -> None:
        importlib.import_module("sympy")
        _formulas_loaded.set()

    def start() -> None:
        threading.Thread(target=load, name="import sympy", daemon=True).start()

    QTimer.singleShot(FORMULAS_AFTER_MS, start)


_formulas_loaded = threading.Event()


def formulas_loaded() -> bool:
    """Whether load_formulas_soon's import has finished ('sympy' is in sys.modules as soon as the
    import begins, long before it ends)."""
    return _formulas_loaded.is_set()


def start_program(app: QApplication, path: str | None = None) -> OpeningWindow:
    """The opening window shown now; once it has painted, the main window in its place, then
    the offer to recover unsaved work and the file asked for. Closed while opening: nothing more."""
    name_app(app)
    opening = OpeningWindow(path)
    opening.ready.connect(lambda: open_main_window(app, opening, path))
    opening.show()
    return opening


def open_main_window(app: QApplication, opening: OpeningWindow, path: str | None) -> None:
    try:
        from . import main_window  # noqa: F401  (the slow part: numpy, networkx, the window's modules)
        from .recovery import offer_recovery

        app.processEvents()  # a close asked for meanwhile
        if not opening.isVisible():
            return
        window = launch_window(app, opening)
    except BaseException:
        app.exit(1)  # the traceback and the end, not "Opening…" for ever
        raise

    def start() -> None:
        recovered = offer_recovery(window)
        if recovered and path:
            open_beside_recovered(window, recovered, path)
        elif path:
            window.files.open_path(path)

    QTimer.singleShot(0, window, start)  # once the window is on screen


def open_beside_recovered(window: MainWindow, recovered: list[MainWindow], path: str) -> None:
    """The file asked for opens in a window of its own: the work recovered a moment ago stays in
    `window`, never put at risk by a Save/Discard question (the user sees both at once). A file
    that cannot be opened is said so, and its empty window goes. A file whose own unsaved work was
    recovered is not opened again: a second window on the older copy would save over that work."""
    holder = next((w for w in recovered if w.files.path == Path(os.path.realpath(path))), None)
    if holder is not None:
        holder.status.show(f"{Path(path).name}: its unsaved work was recovered; save to keep it.", 0)
        holder.raise_()
        holder.activateWindow()
        return
    other = window.new_window()
    if not other.files.open_path(path, ask=False):
        other.close()
        window.activateWindow()


def run_app(path: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    opening = start_program(app, path)  # noqa: F841  (held until the main window takes its place)
    return app.exec()
