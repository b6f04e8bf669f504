"""File → Export… while the Training dock plays the iterations: opening the dialog pauses playing (as
Run → Train… does), and the backward pass it exports is always the one of the values the cards show,
even when they change while the dialog is open."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from test_export_support import LINEAR, pixels

from graphviz_app.ui.training.dialog import TrainSettings


def trained(window, qtbot, steps: int = 60):
    assert window.files.open_path(LINEAR, ask=False)
    assert window.training.train(TrainSettings("sgd", 0.02, steps)) is None
    return window.training


def frames_dialog(window, qtbot):
    """The Export dialog, open, with every step as numbered PNG frames chosen (its size note measured),
    at 1× (the frames' numbers differ as well at a quarter of the pixels of the default 2×)."""
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_format("steps:png")
    dialog.resolution.setCurrentIndex(dialog.resolution.findText("1× (96 dpi)"))
    assert "frame" in dialog.note.text(), dialog.note.text()
    return dialog


def export_frames(qtbot, dialog, path) -> list[np.ndarray]:
    """Every backward step as numbered PNG frames, exported from the dialog."""
    path.parent.mkdir()
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = sorted(path.parent.glob(f"{path.stem}_*.png"))
    assert len(written) > 2
    return [pixels(frame) for frame in written]


def test_opening_the_export_dialog_pauses_playing(window, qtbot):
    training = trained(window, qtbot)
    qtbot.mouseClick(training.dock.play_button, Qt.MouseButton.LeftButton)
    assert training.playing
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert not training.playing
    shown = training.step_shown()
    qtbot.wait(400)  # (several frames of play)
    assert training.step_shown() == shown
    dialog.reject()


def test_the_exported_steps_are_those_of_the_values_shown_when_exporting(window, qtbot, tmp_path):
    training = trained(window, qtbot)
    training.show_step(0)
    dialog = frames_dialog(window, qtbot)  # (its size note has measured the backward pass of step 0)
    training.show_step(60)  # the values change behind the open dialog
    exported = export_frames(qtbot, dialog, tmp_path / "open_at_0" / "f.png")

    fresh = export_frames(qtbot, frames_dialog(window, qtbot), tmp_path / "open_at_60" / "f.png")
    training.show_step(0)
    at_start = export_frames(qtbot, frames_dialog(window, qtbot), tmp_path / "at_0" / "f.png")
    assert len(exported) == len(fresh) and all(np.array_equal(a, b) for a, b in zip(exported, fresh))
    assert not all(np.array_equal(a, b) for a, b in zip(exported, at_start))  # (the numbers differ)
