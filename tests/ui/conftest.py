"""Fixtures shared by the window tests."""

import pytest
from PySide6.QtWidgets import QMessageBox
from ui.canvas_helpers import activate


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
    activate(qtbot, w)
    w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.action("layout_numerator").trigger()
    return w


@pytest.fixture
def tall_view(qtbot):
    """480 cards, about a third of them on screen at 10 %, on the middle of the graph; the zoom
    gesture never settles by itself (the zoom picture tests)."""
    from PySide6.QtGui import QTransform
    from ui.canvas_helpers import shown_view

    from graphviz_app.core.autolayout import apply_layout
    from graphviz_app.core.sample_graphs import scalar_chains

    g = scalar_chains(120, lambda i: 0.1, lambda _i: ["sin", "tanh"])
    apply_layout(g)
    scene, view = shown_view(qtbot, g, (900, 700), (0, 0))
    view._zoom_settle.setInterval(60_000)
    view.setTransform(QTransform.fromScale(0.1, 0.1))
    view.centerOn(scene.items_bounding_rect().center())
    return scene, view
