"""A transparent picture goes on a slide of either colour: a group's title is drawn on a small
plate there (as the step title is), never pale grey straight on the slide; on the canvas, and in
a picture with a background, it looks as in the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from graphviz_app.export.render import background
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.theme import DARK, LIGHT


def title_picture(window, transparent: bool) -> QImage:
    """The first group's title band, drawn as an export draws the scene (transparent: no background)."""
    scene = window.scene
    group = window.graph.groups.find("layer1")
    frame = scene.groups.frame_item(group.id)
    band = frame.mapRectToScene(frame.title_rect())
    image = QImage(int(band.width()), int(band.height()), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    with background(scene, transparent):
        painter = QPainter(image)
        scene.render(painter, QRectF(image.rect()), band)
        painter.end()
    return image


def left_of_the_name(image: QImage) -> list[int]:
    """Alpha of the pixels between the frame's edge and the name (where the plate begins)."""
    return [image.pixelColor(x, y).alpha() for x in range(6, 9) for y in range(8, 14)]


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_group_titles_stand_on_a_plate_in_a_transparent_picture(window, theme):
    assert window.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    window.scene.apply_theme(DARK if theme == "dark" else LIGHT)
    clear = left_of_the_name(title_picture(window, transparent=True))
    assert min(clear) > 200, clear  # the plate; the frame's own fill is nearly clear (alpha ≈ 20)


def test_on_a_background_the_group_title_has_no_plate(window):
    assert window.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    image = title_picture(window, transparent=False)
    canvas = window.scene.backgroundBrush().color()
    for x, y in ((7, 10), (7, 12)):  # the frame's faint tint over the canvas, as in the window
        assert abs(image.pixelColor(x, y).lightness() - canvas.lightness()) < 25
