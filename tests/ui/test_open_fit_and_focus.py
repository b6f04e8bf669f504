"""Opening a diagram (an example, a file, New from Expression) at a usual laptop size: it shows
whole when it can be read whole, else at a readable zoom on its inputs, and the status bar says
which; afterwards the window has the keys (F6, Ctrl+G work without a click first)."""

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from ui.canvas_helpers import activate, when_modal, window_of_size

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui import document_files, loading
from graphviz_app.ui.canvas.framing import READABLE_ZOOM
from graphviz_app.ui.expression_dialog import ExpressionDialog


@pytest.fixture
def laptop(qtbot):
    w = window_of_size(qtbot, (1280, 800))
    activate(qtbot, w)
    return w


def shown(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def cards(window):
    return [window.scene.node_item(n.id).sceneBoundingRect() for n in window.graph.nodes()]


def test_the_two_layer_network_opens_whole_at_a_laptop_size(laptop):
    assert laptop.files.open_example(examples_dir() / "07_two_layer_network.json")
    view = laptop.view
    assert all(shown(view).contains(rect) for rect in cards(laptop))
    assert READABLE_ZOOM <= view.zoom() <= 1.0
    assert "Zoom to Fit" not in laptop.statusBar().currentMessage()


def test_a_network_too_wide_to_read_whole_opens_on_its_inputs_and_says_so(laptop):
    assert laptop.files.open_example(examples_dir() / "09_mnist_sized_network.json")
    view = laptop.view
    assert view.fit_zoom() < READABLE_ZOOM  # (fitted, its card texts could not be read)
    assert view.zoom() == pytest.approx(READABLE_ZOOM)
    inputs = [laptop.scene.node_item(n.id).sceneBoundingRect() for n in laptop.graph.nodes() if n.is_input]
    assert any(shown(view).contains(rect) for rect in inputs)
    assert not all(shown(view).contains(rect) for rect in cards(laptop))
    status = laptop.statusBar().currentMessage()
    assert "Its inputs in view" in status and status.endswith("Zoom to Fit (Ctrl+1) shows it whole.")


def test_after_a_slow_open_no_dialog_is_left_and_the_canvas_has_the_keys(laptop, monkeypatch):
    def slow(path):
        time.sleep(loading.SHOW_AFTER + 0.4)  # long enough for the "Opening" dialog to show
        return loading.read_diagram(path)

    real = document_files.load_with_progress
    monkeypatch.setattr(
        document_files, "load_with_progress", lambda parent, path, meanwhile=None: real(parent, path, slow, meanwhile)
    )
    assert laptop.files.open_path(examples_dir() / "05_linear_model.json", ask=False)
    QApplication.processEvents()
    assert QApplication.activeModalWidget() is None
    assert QApplication.activeWindow() is laptop
    assert QApplication.focusWidget() is laptop.view
    QTest.keyClick(laptop.view, Qt.Key.Key_F6)  # Backward runs at once
    assert "Backward" in laptop.statusBar().currentMessage() or laptop.action("stop_animation").isEnabled()


def test_after_new_from_expression_the_canvas_has_the_keys(laptop):
    def answer(dialog):
        QTest.keyClicks(dialog.expression, "mean(relu(X @ W + b))")
        QTest.keyClicks(dialog.shapes, "X 4×3, W 3×2, b 2")
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    check = when_modal(ExpressionDialog, answer)
    laptop.action("from_expression").trigger()
    check()
    QApplication.processEvents()
    assert QApplication.activeModalWidget() is None
    assert QApplication.activeWindow() is laptop
    assert QApplication.focusWidget() is laptop.view
    status = laptop.statusBar().currentMessage()
    whole = all(shown(laptop.view).contains(rect) for rect in cards(laptop))
    assert whole or "inputs in view: Zoom to Fit (Ctrl+1) shows it whole." in status  # (what the user sees is said)
