"""The output card is told apart from a selected or hovered one, in its colours and in what is drawn."""

import numpy as np
import pytest
from ui.canvas_helpers import two_nodes

from graphviz_app.ui.canvas.theme import DARK, LIGHT


@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_the_output_card_does_not_look_selected(theme):
    assert theme.output != theme.selection and theme.output != theme.hover


def _card_pixels(scene, item):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    rect = item.sceneBoundingRect().adjusted(-4, -4, 4, 4)
    image = QImage(int(rect.width() * 2), int(rect.height() * 2), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)  # bytes R, G, B, A in every pixel
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 4 * image.width()].reshape(-1, 4).astype(int)


def _near(pixels, colour) -> int:
    """How many opaque pixels are within 40 (summed over red, green, blue) of colour."""
    opaque = pixels[pixels[:, 3] > 200]
    return int((np.abs(opaque[:, :3] - (colour.red(), colour.green(), colour.blue())).sum(axis=1) < 40).sum())


def test_the_drawn_output_card_is_told_apart_from_a_selected_one(window, qtbot):
    g, x, s = two_nodes(window)
    g.set_output(s)
    scene = window.scene
    scene.evaluator.refresh()
    item = scene.node_item(s)
    theme = scene.theme
    output = _card_pixels(scene, item)
    scene.select_nodes([s])
    selected = _card_pixels(scene, item)
    assert _near(output, theme.selection) * 4 < _near(selected, theme.selection)  # no blue outline unselected
    assert _near(output, theme.output) > 200  # the ink outline and the OUTPUT chip
