"""File → Export… draws light or dark pictures whatever the window's look: the dialog's Colours
choice (the window's look, dark or light as it is then, until the user chooses other colours:
then the last ones chosen), pixel for pixel what
`graphviz-app export --theme` and the Python API's theme= draw."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_export_support import EXAMPLES, pixels
from ui.palette_helpers import switch

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.ui.canvas.theme import DARK

GROUPS = EXAMPLES / "08_two_layer_network_groups.json"


@pytest.fixture
def window(window):
    assert window.files.open_path(GROUPS, ask=False)
    return window


def export(window, qtbot, path, theme=None, fmt="png"):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    if theme is not None:
        dialog.theme.setCurrentIndex(dialog.theme.findData(theme))
    dialog.set_format(fmt)
    dialog.resolution.setCurrentIndex(0)  # 1×
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    return dialog


def darkness(arr) -> float:
    return float(arr[..., :3].mean())


def test_a_light_window_writes_a_dark_picture_as_the_command_line_and_the_api(window, qtbot, tmp_path, capsys):
    light_canvas = window.view.viewport().grab().toImage()
    dialog = export(window, qtbot, tmp_path / "dialog.png", theme="dark")
    assert dialog.theme.currentText() == "Dark"
    assert main(["export", str(GROUPS), "--theme", "dark", "--scale", "1", "-o", str(tmp_path / "cli.png")]) == 0
    ga.load(GROUPS).to_png(tmp_path / "api.png", scale=1, theme="dark")
    dialog_px, cli_px, api_px = (pixels(tmp_path / f"{n}.png") for n in ("dialog", "cli", "api"))
    assert np.array_equal(dialog_px, cli_px) and np.array_equal(cli_px, api_px)
    assert darkness(dialog_px) < 80  # a dark canvas
    assert window.view.viewport().grab().toImage() == light_canvas  # the canvas keeps its own look
    export(window, qtbot, tmp_path / "light.png", theme="light")
    assert darkness(pixels(tmp_path / "light.png")) > 180


def test_the_choice_is_remembered_and_at_first_is_the_windows_look(window, qtbot, tmp_path):
    first = window.exporter.make_dialog()
    qtbot.addWidget(first)
    assert first.theme.currentData() == "light"  # the window's look (light under the tests)
    export(window, qtbot, tmp_path / "a.png", theme="dark")
    again = window.exporter.make_dialog()
    qtbot.addWidget(again)
    assert again.theme.currentData() == "dark"


def test_the_colours_are_offered_for_pictures_and_animations_only(window, qtbot):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    for key, offered in (("png", True), ("svg", True), ("steps:gif", True), ("tex", False), ("dot", False)):
        dialog.set_format(key)
        assert dialog.theme.isEnabled() == offered, key


def test_a_dark_animation_from_the_dialog(window, qtbot, tmp_path):
    from PIL import Image

    export(window, qtbot, tmp_path / "anim.gif", theme="dark", fmt="steps:gif")
    image = Image.open(tmp_path / "anim.gif")
    image.seek(image.n_frames - 1)
    assert darkness(pixels(image)) < 80


def offered(window, qtbot) -> str:
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    return dialog.theme.currentData()


@pytest.mark.usefixtures("restore_palette")
def test_colours_left_as_offered_follow_the_windows_look_when_it_changes(window, qtbot, tmp_path):
    export(window, qtbot, tmp_path / "a.png")  # the Colours left at the window's look: light
    switch(dark=True)  # the system's scheme turns dark
    qtbot.waitUntil(lambda: window.scene.theme is DARK)
    assert offered(window, qtbot) == "dark"
    export(window, qtbot, tmp_path / "b.png", theme="light")  # chosen: kept whatever the window's look
    switch(dark=False)
    assert offered(window, qtbot) == "light"
    switch(dark=True)
    assert offered(window, qtbot) == "light"
    export(window, qtbot, tmp_path / "c.png", theme="dark")  # back to the window's look: follows it again
    switch(dark=False)
    qtbot.waitUntil(lambda: window.scene.theme is not DARK)
    assert offered(window, qtbot) == "light"
