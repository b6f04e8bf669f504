"""The animation's toolbar: play/pause, stepping, speed and a timeline slider with ticks for its
stops (a position per step, a collapsed group's steps one position: what → and ← step through),
then the step bar's text; the two share the toolbar's room by a fixed ratio, so the slider keeps
its geometry from step to step (a text too long is elided, in full in its tooltip)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QStylePainter,
    QToolBar,
    QWidget,
)

from ...core.naming import elided
from ..actions_table import BY_ID, TIMELINE_BUTTONS
from ..key_text import key_text, shortcut_texts
from ..transport import transport_buttons, use_actions
from .controller import MODE_NAMES, AnimationController

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)
IDLE_TEXT = f"Chain rule: no animation ({key_text('backward')})"  # (named: the Training dock has a bar of its own)


MIN_TICK_GAP = 4  # pixels between ticks: closer, thousands of steps' ticks merge into a solid bar
NICE_STEPS = (1, 2, 5)  # a tick every 1, 2, 5, 10, 20, 50, … steps


def tick_every(steps: int, span: float) -> int:
    """How many steps apart the ticks of a timeline of `steps` steps `span` pixels wide are drawn:
    the first of 1, 2, 5, 10, 20, 50, … that leaves MIN_TICK_GAP pixels between them (no room
    at all, a slider narrower than its handle: the first and last step only)."""
    if steps <= 0 or span <= 0:
        return max(steps, 1)
    scale = 1
    while True:
        for nice in NICE_STEPS:
            if span / steps * nice * scale >= MIN_TICK_GAP:
                return nice * scale
        scale *= 10


class StepSlider(QSlider):
    """The timeline: a tick per stop (a collapsed group is one; every 2nd, 5th, 10th, … stop when they would crowd), drawn in
    the palette's text colour (Fusion draws ticks in a shade of the window colour, which vanishes
    on a dark palette)."""

    def paintEvent(self, event) -> None:
        low, high = self.minimum(), self.maximum()
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        # the groove and handle as QSlider draws them, without the style's own ticks (one per step:
        # thousands of them merge into a grey band)
        option.subControls = QStyle.SubControl.SC_SliderGroove | QStyle.SubControl.SC_SliderHandle
        painter = QStylePainter(self)
        painter.drawComplexControl(QStyle.ComplexControl.CC_Slider, option)
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self)
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        colour = self.palette().color(group, QPalette.ColorRole.WindowText)
        colour.setAlpha(150)
        painter.setPen(QPen(colour, 1.0))
        span = groove.width() - handle.width()
        bottom = self.height() - 1.5
        for value in range(low, high + 1, tick_every(high - low, span)):
            x = groove.x() + handle.width() / 2 + QStyle.sliderPositionFromValue(low, high, value, span)
            painter.drawLine(QPointF(x, bottom - 4), QPointF(x, bottom))
        painter.end()


class StepLabel(QLabel):
    """The step bar's text in the width the toolbar gives it, whatever the text says: a text longer
    than that is elided (…), in full in its tooltip. (Sized to its text, the label re-laid the
    toolbar out at each step and the slider beside it changed width under the mouse.)"""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._tip = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def show_text(self, text: str, tip: str = "") -> None:
        """Shows `text`; `tip` is its tooltip (after the text in full, when it is elided)."""
        self._tip = tip
        self.setText(text)
        self._fit_tip()

    def shown_text(self) -> str:
        """The text as drawn: in full, or elided to the label's width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        role = QPalette.ColorRole.WindowText
        align = int(self.alignment())
        self.style().drawItemText(
            painter, self.contentsRect(), align, self.palette(), self.isEnabled(), self.shown_text(), role
        )
        painter.end()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_tip()

    def _fit_tip(self) -> None:
        text, tip = self.text(), self._tip
        if self.shown_text() != text:
            tip = f"{text}\n{tip}" if tip else text
        self.setToolTip(tip)


class TimelineBar(QToolBar):
    """The transport's buttons are the window's playback actions (`use_actions`): what they do,
    when they are enabled, their pictures and tooltips are the actions' (actions_table)."""

    def __init__(self, controller: AnimationController, parent=None):
        super().__init__("Animation", parent)
        self.setObjectName("animationToolbar")
        self.controller = controller
        self.buttons = transport_buttons()  # (the window's playback actions, use_actions)
        self.first_button, self.back_button, self.play_button, self.forward_button, self.last_button = self.buttons
        for button in self.buttons:
            self.addWidget(button)

        self.speed_box = QComboBox()
        self.speed_box.setToolTip("Animation speed")
        for s in SPEEDS:
            self.speed_box.addItem(f"{s:g}×", s)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.currentIndexChanged.connect(lambda i: controller.set_speed(self.speed_box.itemData(i)))
        self.addWidget(self.speed_box)

        self.slider = StepSlider(Qt.Horizontal)
        self.slider.setObjectName("timelineSlider")
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setPageStep(1)
        self.slider.setMinimumWidth(220)
        self.slider.setToolTip("Timeline: drag to any stop (a collapsed group is one)")
        self.slider.valueChanged.connect(self._slider_moved)

        self.step_label = StepLabel()
        self.step_label.setObjectName("stepLabel")
        self.step_label.setMinimumWidth(110)
        # the slider and the step bar share the room left by a fixed ratio: the slider's width never
        # follows the step's text (a drag would land on a neighbouring stop as the text changed)
        strip = QWidget()
        strip.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 2)
        row.addWidget(self.step_label, 3)
        self.addWidget(strip)

        controller.stepChanged.connect(self._sync)
        controller.started.connect(lambda _mode: self._sync())
        controller.ended.connect(lambda _msg: self._sync())
        controller.updated.connect(self._sync)
        self._sync()

    def use_actions(self, action: Callable[[str], QAction]) -> None:
        """Each button becomes its action's (the window's, made once every part of it is built)."""
        use_actions(self.buttons, TIMELINE_BUTTONS, action)

    def _slider_moved(self, place: int) -> None:
        """The slider has one position per stop, in stepping's order (with collapsed groups a group is
        one position, as → steps; inside a group dived into, the group's steps are positions of their own)."""
        c = self.controller
        if c.active and place != c.stop_place(c.k):
            c.pause()
            c.seek(c.stop_at(place))

    def _sync(self, *_args) -> None:
        c = self.controller
        active = c.active and c.count > 0 and not c.problem  # (the buttons: their actions' own rule)
        self.slider.setEnabled(active)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(c.stop_count - 1, 0))
        self.slider.setValue(max(c.stop_place(c.k), 0))
        self.slider.blockSignals(False)
        if c.active and c.problem:
            self.step_label.show_text(f"{MODE_NAMES[c.mode]} paused · the graph has an error", c.problem)
        elif active:
            name = c.active_label()
            at = f" · {elided(name)} · " if name else " · "  # (a long name shortened: the tooltip has it in full)
            steps = c.groups.step_text(c.k, c.count)  # (a collapsed group's stop: "steps 3–4 / 4")
            tip = c.groups.step_text(c.k, c.count, sep=" of ")
            tip = f"{tip[0].upper()}{tip[1:]}: {name}" if name else ""
            inside = c.inside_group()  # "Inside layer1: step 2 of 3"
            if inside:
                steps = f"{inside[0].lower()}{inside[1:]} ({steps}) · Esc leaves the group"
                keys = " or ".join([*shortcut_texts(BY_ID["dive_out"]), *shortcut_texts(BY_ID["stop"])])
                tip = f"{inside}: {name} (Dive Out, {keys}, collapses the group and goes back to its step)"
            self.step_label.show_text(f"{MODE_NAMES[c.mode]}{at}{steps}", tip)
        else:
            self.step_label.show_text(IDLE_TEXT)
