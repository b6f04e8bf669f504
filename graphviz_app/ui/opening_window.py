"""The program's first window: its title, size and place with "Opening…", painted before the
libraries the main window needs are imported (numpy and networkx alone take about 0.5 s here,
3–4× a bare window; see benchmarks/README.md, "Launch"). The main window then takes its place
(ui.app.launch_window) and this one closes. It imports nothing but Qt, the settings and
window_layout (Qt only)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow

from .settings import app_settings
from .window_layout import restore_size

UNSEEN_MS = 300  # a window the system never shows (started minimised) still goes on after this


class OpeningWindow(QMainWindow):
    """`ready` once it has painted (or after UNSEEN_MS): time to build the main window."""

    ready = Signal()

    def __init__(self, path: str | None = None):
        super().__init__()
        self.setWindowTitle(QGuiApplication.applicationDisplayName())
        label = QLabel(f"Opening {Path(path).name}…" if path else "Opening…", self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(label)
        restore_size(self, app_settings())
        self._said = False
        QTimer.singleShot(UNSEEN_MS, self, self._ready)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        QTimer.singleShot(0, self, self._ready)  # once this paint is on the screen

    def _ready(self) -> None:
        if not self._said:
            self._said = True
            self.ready.emit()
