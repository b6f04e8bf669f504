"""The Training dock: the loss curve of the last run, a marker at the iteration the cards show,
and the controls that step through the iterations (first, back, play, forward, last: the buttons of
the Run menu's training actions, `use_actions`; a slider), plus Reset (Run → Reset Trained Values); the
slider and Reset are enabled by those actions' rules (the controller's), never by a rule of their own; the run's optimizer, rate and
steps are said in that row (the plot keeps its height for the curve: a quarter of a 720 px window
is little). It only shows what the controller tells it and says what the user asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ...core.step_numbers import one_step
from .. import tones
from ..actions_table import TRAINING_BUTTONS
from ..canvas.labels import number_text
from ..key_text import key_text
from ..tones import ToneLabel
from ..transport import transport_buttons, use_actions

if TYPE_CHECKING:
    from .run import TrainingRun

PLACEHOLDER = (
    f"Run → Train… ({key_text('train')}) minimises the output by gradient descent on the trainable variables. "
    "The loss per step shows here; step through the iterations and the cards show their values."
)

UNCHANGED = "Training left the values as they were."  # (after a run that stopped early)


def loss_text(loss: float) -> str:
    """The loss as the cards and the status bar write numbers (4 significant digits)."""
    return number_text(loss)


class TrainingDock(QDockWidget):
    stepRequested = Signal(int)  # show the values of this iteration (the slider, a click on the plot)

    def __init__(self, parent=None):
        super().__init__("Training", parent)
        self.setObjectName("trainingDock")
        self.run: TrainingRun | None = None
        self.plot = None  # LossPlot, made with the first run (pyqtgraph is slow to import)
        self.step: int | None = None

        body = QWidget(self)
        self.layout_ = QVBoxLayout(body)
        self.placeholder = ToneLabel(PLACEHOLDER, parent=body)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(self.placeholder, 1)
        self.stopped = ToneLabel("", tones.error, body)
        self.stopped.setObjectName("trainingStopped")
        self.stopped.setWordWrap(True)
        self.stopped.hide()
        self.layout_.addWidget(self.stopped)

        self.buttons = transport_buttons(self)  # (the Run menu's training actions, use_actions)
        self.first_button, self.back_button, self.play_button, self.forward_button, self.last_button = self.buttons
        self.slider = QSlider(Qt.Orientation.Horizontal, body)
        self.slider.setObjectName("trainingSlider")
        self.slider.setToolTip("The iteration the cards show: drag, or use the arrow keys")
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._slider_moved)
        self.step_label = QLabel(body)
        self.step_label.setObjectName("trainingStep")
        self.step_label.setMinimumWidth(210)
        self.log_box = QCheckBox("Log scale", body)
        self.log_box.setToolTip("Draw the loss on a logarithmic scale (losses above zero only)")
        self.log_box.toggled.connect(lambda on: self.plot is not None and self.plot.set_log(on))
        self.reset_button = QPushButton("Reset", body)
        self.reset_button.setObjectName("trainingReset")
        self.reset_button.setToolTip("Put back the values the variables had before training (undoable)")
        self.title = QLabel("<b>Training</b>", body)  # (the Backward animation has a bar of its own)
        self.title.setObjectName("trainingBarTitle")
        self.title.setToolTip("Step through the training run's iterations; the cards show their values")
        # the run's optimizer, rate and steps: here, not as the plot's title (a short dock keeps its room for the curve)
        self.run_title = QLabel(body)
        self.run_title.setObjectName("trainingRunTitle")
        row = QHBoxLayout()
        row.addWidget(self.title)
        row.addWidget(self.run_title)
        for button in self.buttons:
            row.addWidget(button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.step_label)
        row.addWidget(self.log_box)
        row.addWidget(self.reset_button)
        self.controls = QWidget(body)
        self.controls.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.controls.hide()
        self.layout_.addWidget(self.controls)
        self.note = ToneLabel("", parent=body)
        self.note.setObjectName("trainingNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self.layout_.addWidget(self.note)
        self.setWidget(body)
        self._syncing = False
        self._reset_action: QAction | None = None
        self._play_action: QAction | None = None

    def use_actions(self, action: Callable[[str], QAction]) -> None:
        """Each transport button becomes its action's (the window's, made once every part of it is
        built): what it does, when it is enabled, its picture and tooltip are the action's. Reset
        does Run → Reset Trained Values and is enabled with it; the slider is enabled while the
        run's iterations can be shown, as Play is."""
        use_actions(self.buttons, TRAINING_BUTTONS, action)
        self._reset_action, self._play_action = action("reset_training"), action("training_play")
        self.reset_button.clicked.connect(self._reset_action.trigger)
        for each in (self._reset_action, self._play_action):
            each.changed.connect(self._follow_actions)
        self._follow_actions()

    def _follow_actions(self) -> None:
        self.reset_button.setEnabled(self._reset_action.isEnabled())
        self.slider.setEnabled(self._play_action.isEnabled())

    # ------------------------------------------------------------- shown
    def show_run(self, run: TrainingRun | None) -> None:
        """A new run (None: none, as for a new document)."""
        self.run = run
        self.step = None
        self.placeholder.setVisible(run is None)
        self.controls.setVisible(run is not None)
        if run is None:
            self.stopped.hide()
            self.note.hide()
            if self.plot is not None:
                self.plot.hide()
            return
        if self.plot is None:
            from .loss_plot import LossPlot

            self.plot = LossPlot(self.widget())
            self.plot.stepPicked.connect(self.stepRequested)
            self.layout_.insertWidget(2, self.plot, 1)
        self.plot.show()
        self.plot.set_run(run.result)
        self.run_title.setText(run.title)
        self._syncing = True
        self.log_box.setChecked(self.plot.log)
        self.log_box.setEnabled(min(run.result.losses) > 0)
        self.slider.setRange(0, run.steps)
        self._syncing = False
        stopped = run.result.stopped
        self.stopped.setText(f"{stopped}. {UNCHANGED}" if stopped else "")
        self.stopped.setVisible(stopped is not None)

    def empty_height(self) -> int:
        """The height the dock needs for its text without a run, at its width (title bar included)."""
        body = self.widget()
        return self.height() - body.height() + body.layout().totalHeightForWidth(body.width())

    def show_state(self, step: int | None, live: bool) -> None:
        """The iteration the cards show (None: none of the run's), whether the run still describes
        the diagram (else it cannot be stepped through)."""
        if self.run is None:
            return
        self.step = step
        self.plot.set_step(step)
        self._syncing = True
        if step is not None:
            self.slider.setValue(step)
        self._syncing = False
        steps = self.run.steps
        if step is None:
            self.step_label.setText(one_step("–", steps))
        else:
            loss = self.run.result.losses[step]
            self.step_label.setText(f"{one_step(step, steps)} · loss {loss_text(loss)}")  # (step 0: the start)
        if not live:
            note = "The diagram changed after this run: it shows the last run's losses. Train again to step through."
        elif step is None:
            note = "The trained variables hold values of no iteration (edited by hand): step to show one."
        else:
            note = ""
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def _slider_moved(self, value: int) -> None:
        if not self._syncing and value != self.step:
            self.stepRequested.emit(value)
