"""F6 (or F5, Shift+F6, F7) pressed while a diagram is still being opened is not lost: the run
starts on the new graph as soon as it is open, and the progress dialog says it will."""

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog
from ui.canvas_helpers import when_modal

from graphviz_app.resources_path import example_files
from graphviz_app.ui import loading


@pytest.fixture
def slow_reads(monkeypatch):
    """Reading takes long enough for the progress dialog to show (a large file on a busy machine)."""
    read = loading.read_diagram

    def slow(path):
        time.sleep(0.9)
        return read(path)

    monkeypatch.setattr(loading, "read_diagram", slow)


def mnist_example():
    return next(p for p in example_files() if p.stem.startswith("09"))


def test_f6_at_once_after_opening_the_large_example_starts_backward(window, qtbot):
    assert window.files.open_example(mnist_example())
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    controller = window.animation.controller
    assert controller.active and controller.count > 0
    assert controller.active_label() == "loss"


def test_f6_pressed_while_the_file_is_read_starts_backward_once_it_is_open(window, qtbot, slow_reads):
    said = []

    def press_f6(dialog):
        qtbot.waitUntil(dialog.isActiveWindow)  # (it takes the keys, as a shown dialog does)
        qtbot.keyClick(dialog, Qt.Key.Key_F6)
        said.append(dialog.labelText())

    check = when_modal(QProgressDialog, press_f6)
    assert window.files.open_example(mnist_example())
    check()
    assert said and "Backward starts once it is open" in said[0]
    controller = window.animation.controller
    assert controller.active, window.statusBar().currentMessage()
    assert controller.graph is window.graph and controller.active_label() == "loss"  # on the new graph
    assert window.statusBar().currentMessage().startswith('Backward from "loss"')


def test_a_cancelled_open_runs_nothing(window, qtbot, slow_reads):
    def press_f6_then_cancel(dialog):
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(dialog, Qt.Key.Key_F6)
        dialog.cancel()

    check = when_modal(QProgressDialog, press_f6_then_cancel)
    assert not window.files.open_example(mnist_example())
    check()
    assert not window.animation.controller.active
    assert len(window.graph) == 0  # the empty document stays as it was
