"""The animation's transport buttons (timeline toolbar, Training dock) and the timeline's step
ticks are drawn in the palette's text colour: they stand out on a light and on a dark toolbar,
and follow a switch while the program runs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from ui.animation_helpers import backward
from ui.palette_helpers import switch

from graphviz_app.ui.tones import contrast

READABLE = 3.0  # WCAG AA for graphical objects


pytestmark = pytest.mark.usefixtures("restore_palette")


def ink(button) -> QColor:
    """The average colour of the icon's drawn pixels (as shown: enabled)."""
    image = button.icon().pixmap(24, 24).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    drawn = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert len(drawn) > 20, "the icon draws (almost) nothing"
    n = len(drawn)
    return QColor(
        sum(c.red() for c in drawn) // n, sum(c.green() for c in drawn) // n, sum(c.blue() for c in drawn) // n
    )


def transport(window) -> dict:
    bar = window.animation.timeline
    dock = window.training.dock
    return {
        "first": bar.first_button,
        "back": bar.back_button,
        "play": bar.play_button,
        "forward": bar.forward_button,
        "last": bar.last_button,
        "training play": dock.play_button,
        "training back": dock.back_button,
    }


def assert_readable(window, dark: bool) -> None:
    for name, button in transport(window).items():
        bg = button.palette().color(QPalette.ColorRole.Window)
        colour = ink(button)
        assert (colour.lightness() > 150) if dark else (colour.lightness() < 110), (name, colour.name())
        assert contrast(colour, bg) >= READABLE, (name, colour.name(), bg.name())


def test_transport_icons_follow_a_switch_to_dark_and_back(window, qtbot):
    backward(window, qtbot, "01_chain_rule_sin_cos.json")
    assert_readable(window, dark=False)
    switch(dark=True)
    assert_readable(window, dark=True)
    switch(dark=False)
    assert_readable(window, dark=False)


def test_transport_icons_are_distinct_and_play_turns_to_pause(window, qtbot):
    switch(dark=True)
    _, c = backward(window, qtbot, "01_chain_rule_sin_cos.json")
    buttons = transport(window)
    pictures = [buttons[n].icon().pixmap(24, 24).toImage() for n in ("first", "back", "play", "forward", "last")]
    assert len({bytes(p.constBits()) for p in pictures}) == 5
    play = bytes(buttons["play"].icon().pixmap(24, 24).toImage().constBits())
    qtbot.keyClick(window.view, Qt.Key_Space)
    assert c.playing
    pause = buttons["play"].icon().pixmap(24, 24).toImage()
    assert bytes(pause.constBits()) != play
    assert ink(buttons["play"]).lightness() > 150  # still drawn for the dark palette


def test_the_timeline_shows_one_visible_tick_per_step_in_dark(window, qtbot):
    switch(dark=True)
    _, c = backward(window, qtbot, "03_two_variables_scalar_form.json")
    slider = window.animation.timeline.slider
    image = slider.grab().toImage()
    ratio = image.devicePixelRatio()
    band = range(int((slider.height() - 6) * ratio), image.height())  # under the groove

    def light_columns() -> list[int]:
        return [x for x in range(image.width()) if any(image.pixelColor(x, y).lightness() > 110 for y in band)]

    columns = light_columns()
    ticks = [x for i, x in enumerate(columns) if i == 0 or x - columns[i - 1] > 2]  # runs of columns
    assert len(ticks) == c.count, (ticks, c.count)
