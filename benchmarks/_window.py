"""What the window benchmarks share: an application that notes when widgets paint, and the real
main window (offscreen) with a graph opened in it as a user opens a file."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from graphviz_app.core import fileformat


class PaintClock(QApplication):
    """Notes when each widget finished painting (perf_counter): `first` since the last clear(),
    and `last`. Only widgets count (a QWindow's paint is not what a user sees of a widget)."""

    def __init__(self, argv):
        super().__init__(argv)
        self.first: dict[QWidget, float] = {}
        self.last: dict[QWidget, float] = {}

    def clear(self) -> None:
        self.first.clear()
        self.last.clear()

    def notify(self, receiver, event):
        if event.type() != QEvent.Type.Paint or not isinstance(receiver, QWidget):
            return super().notify(receiver, event)
        done = super().notify(receiver, event)
        now = time.perf_counter()
        self.first.setdefault(receiver, now)
        self.last[receiver] = now
        return done

    def painted_in(self, widget: QWidget, since: float, last: bool = True) -> list[float]:
        """When widget or any widget inside it painted at or after since (each one's last or first paint)."""
        table = self.last if last else self.first
        return [t for w, t in table.items() if t >= since and (w is widget or widget.isAncestorOf(w))]


def main_window(graph=None):
    """The real main window, 1400×900, shown; with graph opened in it through a saved file."""
    from graphviz_app.ui.main_window import MainWindow

    window = MainWindow()
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.resize(1400, 900)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()  # its shortcuts (F6) reach only the active window
    QTest.qWaitForWindowActive(window)
    if graph is not None:
        open_graph(window, graph)
    return window


def open_graph(window, graph) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "benchmark.json"
        fileformat.save(graph, path)
        assert window.files.open_path(path, ask=False), "could not open the benchmark graph"
