"""File → Export… while the backward animation plays: opening the dialog pauses it (as it pauses the
Training dock's playing), so the still written is the step the dialog names, as the command line
draws it, however long the dialog stays open."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_export_support import LINEAR, pixels
from ui.animation_helpers import start_backward

from graphviz_app.cli import main


def test_opening_the_export_dialog_pauses_the_animation_on_the_step_it_names(window, qtbot, tmp_path, capsys):
    assert window.files.open_path(LINEAR, ask=False)
    controller = start_backward(window, qtbot)
    controller.set_speed(8)  # (a step every ~110 ms)
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: controller.k >= 1, timeout=3000)
    assert controller.playing
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert not controller.playing and not window.animation.timeline.play_button.toolTip().startswith("Pause")
    k = controller.k
    assert dialog.step_label.text().endswith(f"step {k + 1} / {controller.count} · numerator layout")
    qtbot.wait(500)  # (several steps, had it played on)
    assert controller.k == k

    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(1)  # 2×, the command line's default
    dialog.path.setText(str(tmp_path / "now.png"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    cli = tmp_path / "cli.png"
    assert main(["export", str(LINEAR), "-o", str(cli), "--step", str(k + 1)]) == 0, capsys.readouterr().err
    assert np.array_equal(pixels(tmp_path / "now.png"), pixels(cli))
    controller.stop()
