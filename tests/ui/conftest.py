"""Fixtures shared by the window tests."""

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from ui.canvas_helpers import activate


@pytest.fixture
def window(qtbot):
    """The main window at a normal size, shown, in numerator layout (a first start's: see
    _first_start_layout); closing never waits for an answer.

    A test file may define its own `window` fixture instead.
    """
    from graphviz_app.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    return w


@pytest.fixture
def restore_palette():
    """The application's colours and style as they were before the test."""
    app = QApplication.instance()
    palette, style = app.palette(), app.style().name()
    yield
    app.setStyle(style)
    app.setPalette(palette)
    QApplication.processEvents()


@pytest.fixture(autouse=True)
def _first_start_layout():
    """Each test's windows start with the first start's size, docks and layout convention
    (numerator), whatever a window of an earlier test saved (a 1024 px first start tabs the palette
    in the Inspector's column; a test at 1280 px would otherwise inherit it; a test that chose the
    denominator layout would leave it to the next)."""
    from graphviz_app.ui.animation.setup import SETTINGS_KEY as CONVENTION_KEY
    from graphviz_app.ui.settings import app_settings

    settings = app_settings()
    for key in ("window/state", "window/geometry", CONVENTION_KEY):
        settings.remove(key)
    settings.sync()
