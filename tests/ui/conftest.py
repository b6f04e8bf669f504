"""Fixtures shared by the window tests."""
import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def window(qtbot):
    """The main window at a normal size, shown, in numerator layout; closing never waits for an answer.

    A test file may define its own `window` fixture instead.
    """
    from graphviz_app.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.animation.set_convention("numerator")
    return w


@pytest.fixture(autouse=True)
def _collect_qt_garbage_on_the_gui_thread():
    """After each test, free the windows and scenes it left behind here, on the GUI thread:
    left to Python's cycle collector, they could be destroyed later on another thread (a
    background import), which leaves their timers registered and crashes the event loop."""
    yield
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
