"""The window's part for gradient descent: the Trainable action, Run → Train… (core.train, with a
progress bar for long runs), the Training dock, and the undo steps they make.

Every change of values is a command (ui/commands/training.py): Train (the iterations played through merge
into it: one undo step), showing another iteration, Reset. The dock shows what the model holds:
which iteration the trained variables' values are, and whether the run still describes the diagram.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

from ...core.errors import UserError
from ...core.graph import GraphEvent, Reset
from ...core.number_text import fmt_number
from ..actions_table import TRAINING_BUTTONS
from ..canvas.empty_hint import EMPTY_GRAPH
from ..commands.common import try_push
from ..commands.training import ResetTrainingCommand, SetTrainableCommand, ShowTrainingStepCommand, TrainCommand
from ..window_menus import show_playing
from .dock import UNCHANGED, TrainingDock, loss_text

if TYPE_CHECKING:  # (the dialog, the run and core.train are imported when first used: a faster launch)
    from .dialog import TrainDialog, TrainSettings
    from .run import TrainingRun

PLAY_FRAMES = 60  # a run plays through in about this many frames, whatever its length
FRAME_MS = 30
PROGRESS_MS = 400  # training that takes longer shows a progress bar with Cancel
PROGRESS_EVERY = 0.03  # seconds between progress updates (each lets the window handle events)
MESSAGE_MS = 10000
DOCK_HEIGHT = 260  # the Training dock's height when a run first shows it, in a tall window ...
DOCK_SHARE = 0.25  # ... but not more than this of the window's height (the canvas keeps the rest)


class _Cancelled(Exception):
    def __init__(self, step: int):
        super().__init__(step)
        self.step = step


class TrainingUi(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.run: TrainingRun | None = None
        self.dialog: TrainDialog | None = None
        # the dock's run before a run that stopped early, while the dialog that ran it is open: closing
        # the dialog without training shows it again (the cards still carry its values)
        self._before_stopped: tuple[TrainingRun | None] | None = None
        self.dock = TrainingDock(window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()  # until the first run (a saved window state may show it again)
        self._shown: int | None = None
        self._state: tuple[bool, int | None] = (False, None)  # (live, step shown) at the last refresh
        self._said = ""  # training's last message on the status bar
        self._pushing = False
        self._pushing_play = False  # (a frame of play: stepping that does not pause)
        self._play = QTimer(self)
        self._play.setInterval(FRAME_MS)
        self._play.timeout.connect(self._frame)
        self.dock.stepRequested.connect(self.show_step)
        window.graph.subscribe(self._on_model)

    def detach(self) -> None:
        """Stop following the model and stop playing (the window is closing)."""
        self.graph.unsubscribe(self._on_model)
        self._play.stop()

    @property
    def graph(self):
        return self.window.graph

    @property
    def stack(self):
        return self.window.undo_stack

    @property
    def playing(self) -> bool:
        return self._play.isActive()

    # =========================================================== trainable
    def selected_variables(self) -> list[str]:
        graph = self.graph
        return [n for n in self.window.scene.selected_node_ids() if n in graph and graph.node(n).kind == "variable"]

    def set_trainable(self, on: bool) -> None:
        """Edit → Trainable on the selected variables (one undo step; nothing when all are so)."""
        ids = [n for n in self.selected_variables() if self.graph.node(n).trainable != on]
        if ids:
            try_push(self.stack, lambda: SetTrainableCommand(self.graph, ids, on), self.window.status.show)
        self.update_actions()

    def update_actions(self) -> None:
        """Edit → Trainable checked when every selected variable trains (the window calls this when
        the selection changes; the controller after each edit)."""
        variables = self.selected_variables()
        trainable = self.window.action("trainable")
        trainable.setEnabled(bool(variables))
        trainable.setChecked(bool(variables) and all(self.graph.node(n).trainable for n in variables))
        self.window.action("reset_training").setEnabled(self.can_reset())
        # the Training dock's transport (its buttons are these actions), by the animation's rule:
        # Play while the run's iterations can be shown; each step action while it would show another
        # iteration (Starting Values and Previous not at step 0, Next and Trained Values not at the last)
        can, shown = self.can_step(), self._state[1]
        targets = self._step_targets(shown) if can else {}
        for key in TRAINING_BUTTONS:
            self.window.action(key).setEnabled(can and targets.get(key, -1) != shown)
        show_playing(self.window.action("training_play"), self.playing, self.window.palette())

    def can_step(self) -> bool:
        """The run's iterations can be shown: it has some, and it still describes the diagram."""
        live, _shown = self._state
        return live and self.run.steps > 0

    def can_reset(self) -> bool:
        """Reset has something to do: the run describes the diagram, its values are not the start."""
        live, shown = self._state
        return live and shown != 0

    # ============================================================== train
    def open_dialog(self) -> TrainDialog | None:
        """Run → Train…: the dialog (window-modal); its OK trains (`train`). None on an empty graph:
        the status bar says so, as Backward does."""
        from .dialog import TrainDialog

        if len(self.graph) == 0:
            self.window.status.show(EMPTY_GRAPH)
            return None
        self.pause()
        if self.dialog is not None:
            self.dialog.deleteLater()  # (the one before, closed)
        evaluation = self.window.scene.evaluator.evaluation  # (up to date: the dialog's checks reuse it)
        self.dialog = TrainDialog(self.graph, self.window.settings, self.train, self.window, evaluation)
        self._before_stopped = None
        self.dialog.rejected.connect(self._declined)
        self.dialog.open()
        return self.dialog

    def train(self, settings: TrainSettings) -> str | None:
        """Train, push the run as one undo step and play its iterations on the cards; None when it
        ran, else the message of a run that could not start or that stopped early (the loss grew
        or became nan): such a run is shown in the dock but leaves the values as they were."""
        from ...core.optim import OPTIMIZERS
        from ...core.train import train
        from .run import TrainingRun

        self.pause()
        progress = _Progress(self.dialog or self.window, settings.steps)
        try:
            result = train(
                self.graph,
                steps=settings.steps,
                lr=settings.lr,
                optimizer=settings.optimizer,
                progress=progress,
                variables=settings.variables,
            )
        except UserError as exc:
            return exc.message
        except _Cancelled as exc:
            return f"Training was cancelled at step {exc.step} of {settings.steps}: nothing changed."
        finally:
            progress.close()
        if result.stopped is None:
            self._before_stopped = None
        elif self._before_stopped is None:  # (the first stop in this dialog: the run before it is kept)
            self._before_stopped = (self.run,)
        self.run = TrainingRun(self.graph, result)
        self._shown = None
        was_empty = self.dock.run is None
        self.dock.show_run(self.run)
        if not self.dock.isVisible() or was_empty:  # (else: the height the user left it)
            self.dock.show()
            self._fit_height(self.dock_height())
        self.dock.raise_()
        if result.stopped is None:
            title = OPTIMIZERS[result.optimizer].title
            text = f"Train {result.steps} step{'s' if result.steps != 1 else ''} of {title}"
            # the trained values on the cards at once; ▶ plays the iterations from the start
            self._push(lambda: TrainCommand(self.graph, result, result.steps, text))
        self._refresh()
        self._say(self._summary(), MESSAGE_MS)
        if result.stopped is not None:
            # A run that went wrong changes nothing (the values stay those before training, its step 0):
            # training again with a smaller rate starts from them. The dialog stays open to say so.
            return f"{result.stopped}. {UNCHANGED}"
        return None

    def _declined(self) -> None:
        """The dialog closed without a run to keep. After a run that stopped early the dock goes back
        to the run the cards' values come from (when there is one still stepping through this
        diagram; else the stopped run stays: its step 0 is what the cards hold) and the status bar
        says the stopped run was not applied. (Otherwise what the bar said before is stale: say so,
        as Forward mode does.)"""
        before, self._before_stopped = self._before_stopped, None
        stopped = self.run.result.stopped if self.run is not None else None
        if before is None or stopped is None:
            self._say("Training cancelled.")
            return
        where = stopped.split(":", 1)[0]  # "Stopped at step 3 of 100", "Ran 5 steps and made the model worse"
        message = f"Training {where[:1].lower()}{where[1:]}; values not applied."
        previous = before[0]
        if previous is not None and previous.describes(self.graph):
            self.run = previous
            self._shown = None
            self.dock.show_run(previous)
            self._refresh()
            message += " The Training dock shows the run the values come from again."
        self._say(message, MESSAGE_MS)

    def dock_height(self) -> int:
        """The dock's height when a run shows in it: DOCK_HEIGHT, at most DOCK_SHARE of the window."""
        return min(DOCK_HEIGHT, int(self.window.height() * DOCK_SHARE))

    def _fit_height(self, height: int) -> None:
        self.window.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)

    def _fit_empty(self) -> None:
        if self.dock.run is None and self.dock.isVisible():
            self._fit_height(self.dock.empty_height())

    def _say(self, message: str, timeout: int | None = None) -> None:
        """A message of training's on the status bar (remembered: another document clears it)."""
        self._said = message
        if timeout is None:
            self.window.status.show(message)
        else:
            self.window.status.show(message, timeout)

    def _summary(self) -> str:
        from ...core.optim import OPTIMIZERS

        r = self.run.result
        if r.stopped:
            return f"{r.stopped}. {UNCHANGED}"
        name = self.run.loss_name
        return (
            f"Trained {r.steps} steps: {name} from {loss_text(r.losses[0])} to {loss_text(r.losses[-1])} "
            f"({OPTIMIZERS[r.optimizer].title}, learning rate {fmt_number(r.lr)}). ▶ in the Training dock plays the iterations."
        )

    # ============================================================ stepping
    def _live(self) -> bool:
        return self.run is not None and self.run.describes(self.graph)

    def step_shown(self) -> int | None:
        """The iteration of the run whose values the trained variables hold (None: none)."""
        return self.run.step_shown(self.graph, self._shown) if self.run is not None else None

    def show_step(self, step: int) -> None:
        """The values after `step` steps on the cards (one undo step with the stepping around it)."""
        if not self._live() or not 0 <= step <= self.run.steps or step == self.step_shown():
            return
        if not self._pushing_play:
            self.pause()
        result = self.run.result
        self._push(lambda: ShowTrainingStepCommand(self.graph, result, step))

    def first_step(self) -> None:
        """The starting values (step 0)."""
        self.show_step(0)

    def last_step(self) -> None:
        """The trained values (the last step)."""
        if self.run is not None:
            self.show_step(self.run.steps)

    def step_forward(self) -> None:
        if self.run is not None:
            self.show_step(self._step_targets(self.step_shown())["training_forward"])

    def step_back(self) -> None:
        if self.run is not None:
            self.show_step(self._step_targets(self.step_shown())["training_back"])

    def _step_targets(self, shown: int | None) -> dict[str, int]:
        """The iteration each step action of the transport shows: Previous and Next one from
        `shown`, the one the cards show (None, values edited by hand: from the one the dock's slider
        still marks, the last shown), Starting Values and Trained Values the ends."""
        base = shown if shown is not None else self.dock.slider.value()
        last = self.run.steps
        return {
            "training_first": 0,
            "training_back": max(0, base - 1),
            "training_forward": min(base + 1, last),
            "training_last": last,
        }

    def reset(self) -> None:
        """The values from before training back (undoable)."""
        if self.can_reset():
            self.pause()
            result = self.run.result
            self._push(lambda: ResetTrainingCommand(self.graph, result))

    def play(self) -> None:
        if not self._live() or self.run.steps == 0:
            return
        if self.step_shown() in (None, self.run.steps):  # (at the end, or values edited by hand)
            self.show_step(0)
        self._play.start()
        self._refresh()

    def pause(self) -> None:
        if self._play.isActive():
            self._play.stop()
            self._refresh()

    def toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def _frame(self) -> None:
        live, shown = self._state
        if not live or shown is None or shown >= self.run.steps:
            self.pause()
            return
        stride = max(1, math.ceil(self.run.steps / PLAY_FRAMES))
        self._pushing_play = True
        try:
            self.show_step(min(shown + stride, self.run.steps))
        finally:
            self._pushing_play = False
        if self._state[1] == self.run.steps:
            self.pause()

    # ============================================================ following
    def _push(self, make) -> None:
        self._pushing = True
        try:
            try_push(self.stack, make, self.window.status.show)
        finally:
            self._pushing = False
        # evaluated now, not on the next turn of the event loop: the status bar's output shows the
        # loss of the step the dock shows, at every frame of play
        self.window.scene.evaluator.evaluation  # noqa: B018
        self._refresh()

    def stack_changed(self, _index: int) -> None:
        """Another edit, an undo or a redo (MainWindow._stack_moved)."""
        if not self._pushing:
            self.pause()  # another edit, an undo, a redo: playing stops there
        self._refresh()

    def _on_model(self, event: GraphEvent) -> None:
        if isinstance(event, Reset):  # another document (or all of it replaced): the run is not its
            self.pause()
            self.run = None
            self._shown = None
            self._state = (False, None)
            shown = self.dock.run is not None and self.dock.isVisible()
            self.dock.show_run(None)
            if shown:  # (the user's choice to show the dock stays; its empty text needs little room)
                QTimer.singleShot(0, self.dock, self._fit_empty)  # (once the dock's layout has dropped the plot)
            if self._said and self.window.statusBar().currentMessage() == self._said:
                self.window.statusBar().clearMessage()  # (about the document before)
            self._said = ""

    def _refresh(self) -> None:
        self._state = (False, None)
        if self.run is not None:
            self._shown = self.step_shown()
            self._state = (self._live(), self._shown)
            self.dock.show_state(self._shown, self._state[0])
        self.update_actions()

    # ============================================================== export
    def loss_curve_size(self) -> tuple[int, int] | None:
        """The exported loss curve's size at 1× (None: no run to export)."""
        from .run import LOSS_CURVE_SIZE  # (imported with the first run)

        return LOSS_CURVE_SIZE if self.run is not None else None

    def export_loss_curve(self, path: Path, scale: float, transparent: bool) -> list[Path]:
        """The loss curve, marker at the iteration shown, to a PNG (File → Export…)."""
        from ...export.formats import ExportError, atomic_outputs, check_folder
        from .loss_plot import save_png

        if self.run is None:
            raise ExportError("there is no training run to export: Run → Train… first")
        path = Path(path)
        check_folder(path)
        log = self.dock.plot.log if self.dock.plot is not None else None
        with atomic_outputs([path]) as (temp,):
            save_png(
                self.run.result,
                self._shown,
                temp,
                title=f"{self.run.loss_name} · {self.run.title}",
                palette=self.window.palette(),
                scale=scale,
                transparent=transparent,
                log=log,
            )
        return [path]


class _Progress:
    """core.train's progress callback: a progress bar once training has taken PROGRESS_MS; Cancel
    abandons the run (the callback raises, core.train stops)."""

    def __init__(self, parent, steps: int):
        self.parent, self.steps = parent, steps
        self.started = time.perf_counter()
        self.last = self.started
        self.bar: QProgressDialog | None = None

    def __call__(self, step: int) -> None:
        now = time.perf_counter()
        if now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        if self.bar is None and now - self.started > PROGRESS_MS / 1000:
            self.bar = QProgressDialog("Training…", "Cancel", 0, self.steps, self.parent)
            self.bar.setObjectName("trainingProgress")
            self.bar.setWindowTitle("Train")
            self.bar.setWindowModality(Qt.WindowModality.WindowModal)
            self.bar.setMinimumDuration(0)
        if self.bar is not None:
            self.bar.setValue(step)  # (window-modal: it lets the window handle events, Cancel too)
            self.bar.setLabelText(f"Training… step {step:,} of {self.steps:,}")
            if self.bar.wasCanceled():
                raise _Cancelled(step)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.reset()
            self.bar.deleteLater()
            self.bar = None
