"""In the window, a still exported at any step of the animation is drawn on the canvas all its
steps share (a slide deck does not jump), and is the command line's `--step K` of the same
step, collapsed groups stepped over as → steps over them: a group's stop is `--step K` of any
step K it stands for."""

from __future__ import annotations

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_export_support import LINEAR, pixels
from ui.animation_helpers import load, sin_of_product, start_backward

from graphviz_app.cli import main
from graphviz_app.core.fileformat import save


def export_png(window, qtbot, path) -> np.ndarray:
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(1)  # 2×, as the command line's default
    dialog.path.setText(str(path))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    return pixels(path)


def cli_step(capsys, diagram, out, step: int) -> np.ndarray:
    assert main(["export", str(diagram), "-o", str(out), "--step", str(step)]) == 0, capsys.readouterr().err
    return pixels(out)


def right(window, qtbot, controller) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()


def test_the_first_and_last_steps_export_at_one_size(window, qtbot, tmp_path, capsys):
    assert window.files.open_path(LINEAR, ask=False)
    controller = start_backward(window, qtbot)
    first = export_png(window, qtbot, tmp_path / "first.png")
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    assert controller.k == controller.count - 1
    last = export_png(window, qtbot, tmp_path / "last.png")
    assert first.shape == last.shape
    assert np.array_equal(first, cli_step(capsys, LINEAR, tmp_path / "cli1.png", 1))
    assert Image.open(tmp_path / "last.png").size == Image.open(tmp_path / "cli1.png").size
    controller.stop()


def test_a_collapsed_groups_stop_exports_as_the_command_line_at_any_of_its_steps(window, qtbot, tmp_path, capsys):
    graph, _ = sin_of_product(collapsed=True)
    graph.set_output(graph.find("sin"))  # (drawn as the output by both, as the command line marks it)
    diagram = tmp_path / "collapsed.json"
    save(graph, diagram)
    load(window, graph)
    controller = start_backward(window, qtbot)
    right(window, qtbot, controller)
    right(window, qtbot, controller)  # the third stop: the group "inputs", steps 3–4 / 4
    assert "steps 3–4 / 4" in window.scene.overlay_presenter.overlay.title
    shown = export_png(window, qtbot, tmp_path / "group.png")
    assert np.array_equal(shown, cli_step(capsys, diagram, tmp_path / "cli3.png", 3))
    assert np.array_equal(shown, cli_step(capsys, diagram, tmp_path / "cli4.png", 4))
    controller.stop()
    window.undo_stack.setClean()


def test_with_no_output_set_the_window_and_the_command_line_draw_one_picture(window, qtbot, tmp_path, capsys):
    graph, _ = sin_of_product()
    assert graph.output is None  # F6 goes from the only end node: neither way in marks it as the output
    diagram = tmp_path / "implied.json"
    save(graph, diagram)
    load(window, graph)
    controller = start_backward(window, qtbot)
    for _ in range(2):
        right(window, qtbot, controller)
    shown = export_png(window, qtbot, tmp_path / "window.png")
    assert np.array_equal(shown, cli_step(capsys, diagram, tmp_path / "cli3.png", controller.k + 1))
    controller.stop()
    window.undo_stack.setClean()
