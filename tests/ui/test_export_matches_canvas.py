"""An export draws exactly what the canvas draws: node footers (shape, value), edge shape labels, overlay.

The command line has no event loop, so its scene must not be drawn before the
model is evaluated; these tests compare its files with the real window's view.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRectF
from PySide6.QtWidgets import QApplication
from test_export_support import LINEAR, TWO_LAYER, make_scene, pixels, qimage_pixels

from graphviz_app.cli import main
from graphviz_app.core import engine
from graphviz_app.export import render
from graphviz_app.ui.canvas.labels import shape_text
from graphviz_app.ui.canvas.node_item import FOOTER, card_scene_rect


@pytest.fixture
def window(window):
    window.resize(1600, 900)  # wide enough for every example at 100 %
    return window


def open_example(window, path):
    assert window.files.open_path(path, ask=False)
    QApplication.processEvents()  # the scene evaluates on the next event-loop turn, as in real use
    return window.scene


def cli_png(capsys, tmp_path, path, *extra) -> np.ndarray:
    out = tmp_path / "cli.png"
    code = main(["export", str(path), "-o", str(out), *map(str, extra)])
    _, err = capsys.readouterr()
    assert code == 0, err
    return pixels(out)


@pytest.mark.parametrize("example", [LINEAR, TWO_LAYER])
def test_command_png_is_pixel_identical_to_the_window_export(window, tmp_path, capsys, example):
    scene = open_example(window, example)
    assert all(edge.shape_label for edge in scene.edge_items().values())  # the window labels every edge
    from_window = qimage_pixels(render.render_image(scene, render.export_rect(scene), 1))
    assert np.array_equal(cli_png(capsys, tmp_path, example, "--scale", 1), from_window)


def test_command_step_is_pixel_identical_to_the_window_at_that_step(window, tmp_path, capsys):
    scene = open_example(window, LINEAR)
    controller = window.animation.controller
    controller.start_backward(window.graph, engine.backward(window.graph))
    controller.seek(2)  # shown as "step 3 / 6", which is --step 3
    QApplication.processEvents()
    from_window = qimage_pixels(render.render_image(scene, render.export_rect(scene), 2))
    assert np.array_equal(cli_png(capsys, tmp_path, LINEAR, "--step", 3, "--scale", 2), from_window)


def test_a_fresh_scene_is_evaluated_before_it_is_exported(drawn_scene):
    """No event loop ran: the export itself must bring shapes and edge labels up to date."""
    scene = make_scene(drawn_scene, LINEAR)
    assert not any(edge.shape_label for edge in scene.edge_items().values())  # nothing evaluated yet
    render.export_rect(scene)
    values = engine.evaluate(scene.graph).values
    for (src, _, _), edge in scene.edge_items().items():
        assert edge.shape_label == shape_text(values[src].shape) != ""
    for nid, item in scene.node_items().items():
        assert item.state.shape == values[nid].shape


def test_node_footers_in_the_export_match_the_view_pixel_for_pixel(window, tmp_path, capsys):
    """Crop each node's footer (shape ℝⁿ and value preview) from the live view and from the file."""
    scene = open_example(window, LINEAR)
    view = window.view
    view.set_grid_visible(False)
    view.resetTransform()  # zoom 1: one view pixel per scene unit, like a 1× export
    exported = cli_png(capsys, tmp_path, LINEAR, "--scale", 1)
    source = render.export_rect(scene)
    compared = 0
    for nid, item in scene.node_items().items():
        card = card_scene_rect(item)
        footer = QRectF(card.left() + 4, card.bottom() - FOOTER + 2, card.width() - 8, FOOTER - 5)
        view.centerOn(card.center())
        QApplication.processEvents()
        grab = qimage_pixels(view.viewport().grab().toImage())
        corner = view.mapFromScene(footer.topLeft())
        # the view's scroll offset is whole pixels; crop where the footer's corner lands in both
        left = int(np.floor(footer.left() - source.left()))
        top = int(np.floor(footer.top() - source.top()))
        w, h = int(footer.width()), int(footer.height())
        dx = corner.x() - (footer.left() - np.floor(footer.left()))
        dy = corner.y() - (footer.top() - np.floor(footer.top()))
        origin = QPoint(round(dx), round(dy))
        in_view = grab[origin.y() : origin.y() + h, origin.x() : origin.x() + w, :3]
        in_file = exported[top : top + h, left : left + w, :3]
        assert in_view.shape == in_file.shape
        assert np.abs(in_view - in_file).max() <= 8, f"footer of {nid} differs from the canvas"
        assert in_file.std() > 5, f"footer of {nid} is empty in the export"
        compared += 1
    assert compared == len(scene.node_items())
