"""The timeline's ticks: one per step while they are a few pixels apart; with thousands of steps,
every 10th, 50th, … step, so the ticks stay ticks instead of merging into a solid bar."""

import pytest
from PySide6.QtCore import Qt

from graphviz_app.ui.animation.timeline import MIN_TICK_GAP, StepSlider, tick_every


def tick_columns(qtbot, steps: int, width: int = 900) -> list[int]:
    """The x of each tick drawn under the groove of a timeline of `steps` steps."""
    slider = StepSlider(Qt.Horizontal)
    qtbot.addWidget(slider)
    slider.setRange(0, steps - 1)
    slider.resize(width, 30)
    image = slider.grab().toImage()
    band = range(int((slider.height() - 5) * image.devicePixelRatio()), image.height())
    inked = [x for x in range(image.width()) if any(image.pixelColor(x, y).lightness() < 150 for y in band)]
    return [x for i, x in enumerate(inked) if i == 0 or x - inked[i - 1] > 1]  # runs of inked columns


def test_a_few_steps_have_a_tick_each(qtbot):
    assert len(tick_columns(qtbot, 12)) == 12


@pytest.mark.parametrize("steps", [300, 5000])
def test_thousands_of_steps_draw_separate_ticks(qtbot, steps):
    ticks = tick_columns(qtbot, steps)
    assert 20 <= len(ticks) <= 900 // MIN_TICK_GAP
    assert min(b - a for a, b in zip(ticks, ticks[1:])) >= MIN_TICK_GAP - 1  # (rounding to pixels)


def test_ticks_are_a_round_number_of_steps_apart():
    assert tick_every(10, 800) == 1
    assert tick_every(4999, 860) == 50  # 860 px / 4999 steps: 5 px per 50 steps
    assert tick_every(300, 860) == 2


@pytest.mark.parametrize("width", [1, 10, 20])
def test_a_timeline_narrower_than_its_handle_still_draws(qtbot, width):
    """No room between the ends (a slider squeezed smaller than its handle): the groove and the
    ticks of the first and last step at most, never an error while painting."""
    ticks = tick_columns(qtbot, 101, width)
    assert len(ticks) <= 2


def test_no_room_for_ticks_leaves_only_the_ends():
    assert tick_every(100, 0) == 100 and tick_every(100, -12) == 100
    assert tick_every(0, 0) == 1
