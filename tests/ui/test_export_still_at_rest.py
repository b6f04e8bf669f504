"""A still exported right after → shows the step at rest, as the command line draws it: the
gradient marker still travelling along a wire is left out (File → Export and Copy Image alike),
and the window's animation goes on as it was."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from test_export_support import LINEAR, pixels, qimage_pixels
from ui.animation_helpers import start_backward

from graphviz_app.cli import main


def cli_step(capsys, tmp_path, step: int, *extra) -> np.ndarray:
    out = tmp_path / f"cli_step{step}.png"
    assert main(["export", str(LINEAR), "-o", str(out), "--step", str(step), *extra]) == 0, capsys.readouterr().err
    return pixels(out)


def pressed_right_twice(window, qtbot):
    """Backward (F6) on the linear model, then → twice: step 3 / 6, its marker on its way."""
    assert window.files.open_path(LINEAR, ask=False)
    controller = start_backward(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert controller.k == 2 and controller.marker_running
    assert window.scene.overlay_presenter.overlay.marker is not None  # (the wire's dot is drawn now)
    return controller


def test_export_right_after_a_step_equals_the_command_lines_picture_of_it(window, qtbot, tmp_path, capsys):
    controller = pressed_right_twice(window, qtbot)
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(1)  # 2×, the command line's default
    dialog.path.setText(str(tmp_path / "now.png"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert np.array_equal(pixels(tmp_path / "now.png"), cli_step(capsys, tmp_path, 3))
    # the window goes on animating: the marker is still on its way
    assert controller.marker_running and window.scene.overlay_presenter.overlay.marker is not None
    controller.stop()


def test_copy_image_right_after_a_step_shows_it_at_rest(window, qtbot, tmp_path, capsys):
    controller = pressed_right_twice(window, qtbot)
    window.action("copy_image").trigger()
    copied = qimage_pixels(QGuiApplication.clipboard().image())
    controller.finish_marker()
    window.action("copy_image").trigger()
    assert np.array_equal(copied, qimage_pixels(QGuiApplication.clipboard().image()))
    controller.stop()
