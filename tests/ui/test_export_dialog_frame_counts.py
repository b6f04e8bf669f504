"""The Export dialog words an animation's frames against its steps: with a collapsed group, its
steps are one frame ("3 frames for 4 steps (the 2 steps of inputs as one)"), as the command line
says, and as many frames are written."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt
from ui.animation_helpers import load, sin_of_product, start_backward

COLLAPSED = "3 frames for 4 steps (the 2 steps of inputs as one)"


def gif_dialog(window, qtbot, key="steps:gif"):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format(key)
    return dialog


def test_a_running_animation_with_a_collapsed_group(window, qtbot, tmp_path):
    load(window, sin_of_product(collapsed=True)[0])
    start_backward(window, qtbot)
    dialog = gif_dialog(window, qtbot)
    assert COLLAPSED in dialog.note.text()
    assert "One frame per step" not in dialog.note.text()
    dialog.path.setText(str(tmp_path / "anim"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert Image.open(tmp_path / "anim.gif").n_frames == 3
    frames = gif_dialog(window, qtbot, "steps:png")
    frames.path.setText(str(tmp_path / "f.png"))
    assert f"f_000.png … f_003.png: the diagram at rest, then {COLLAPSED}" in frames.note.text()
    window.undo_stack.setClean()


def test_the_backward_pass_offered_when_no_animation_runs(window, qtbot):
    load(window, sin_of_product(collapsed=True)[0])
    assert COLLAPSED in gif_dialog(window, qtbot).note.text()
    load(window, sin_of_product(collapsed=False)[0])
    assert "4 frames, one per step" in gif_dialog(window, qtbot).note.text()
    window.undo_stack.setClean()
