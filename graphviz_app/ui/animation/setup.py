"""The animation's part of the main window: its controller, timeline, Inspector and Chain rule docks,
what the Run menu's actions (declared in ui/actions_table.py) do; it hands the canvas to View → Live
gradients (live_gradients.py) while no animation runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from ...core import conventions as cv
from ...core import engine
from ...core.errors import UserError
from ...core.gradient_check import Verdict
from ...core.naming import display_label, display_labels
from ...core.output_choice import output_candidates, output_in_use
from ..canvas.empty_hint import EMPTY_GRAPH
from ..canvas.overlay_items import BadgeItem
from ..canvas.problem_card import card_and_inputs, shown_item
from ..commands.nodes import SetOutputCommand
from ..settings import app_settings, remember
from .chain_view import ChainDock
from .controller import MODE_NAMES, AnimationController
from .dialogs import SeedDialog, TangentDialog
from .dives import Dives
from .inspector import InspectorDock
from .live_gradients import LiveGradients, warning_text
from .output_choice import OutputChoiceDialog
from .timeline import TimelineBar

if TYPE_CHECKING:
    from .gradcheck_dialog import GradCheckDialog

SETTINGS_KEY = "animation/convention"
MESSAGE_MS = 8000
# the status bar's word on a gradient check, as its dialog's heading says it (done, total: entries)
_CHECK_SAID = {
    Verdict.NOT_POSSIBLE: "Gradient check not possible: a number is nan or inf (see the dialog).",
    Verdict.CANCELLED: "Gradient check cancelled after {done} of {total} entries.",
    Verdict.INCONCLUSIVE: "Gradient check inconclusive: no gradient large enough to check (see the dialog).",
    Verdict.PASSED: "Gradient check passed.",
    Verdict.FAILED: "Gradient check FAILED: see the dialog.",
}


class AnimationUi(QObject):
    """Owns the controller, the timeline, the Inspector and Chain rule docks, and Live gradients."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.controller = AnimationController(window.scene, self, self._saved_convention())
        self.gradcheck_dialog: GradCheckDialog | None = None
        self.live_gradients = LiveGradients(window.scene, self.controller, self.message)  # View → Live gradients
        self._paused_by_problem = False  # the last update paused the pass (the next one says "fixed")
        self._check_message = ""  # the status bar's verdict of the gradient check (true until an edit)
        self._gradient_warnings_told: list[str] = []  # the backward pass's, as the status bar last said them
        self._stopped_by_user = False  # Esc / Run → Stop is ending the pass now (not an edit)
        # what the status bar says while the pass runs, when a message shown since has timed out
        # (a long pass: its start message went before the user reached its end)
        self._pass_text = ""
        # a pass just started: its first step shown may zoom in, if the view is too far out to read
        # a card; later steps keep the zoom the user chose, however far out
        self._zoom_to_read = False

        self.dives = Dives(window, self.controller, self.message)  # Run → Dive In / Dive Out
        self.timeline = TimelineBar(self.controller, window)
        window.addToolBar(Qt.BottomToolBarArea, self.timeline)
        self.inspector = InspectorDock(self.controller, window)
        self.inspector.graph = window.graph
        self.inspector.evaluator = window.scene.evaluator
        self.chain = ChainDock(self.controller, window.scene.evaluator, window)
        window.addDockWidget(Qt.RightDockWidgetArea, self.inspector)
        window.addDockWidget(Qt.RightDockWidgetArea, self.chain)
        window.tabifyDockWidget(self.inspector, self.chain)
        self.inspector.raise_()
        self.chain.refresh_variables()
        self.inspector.live = self.live_gradients  # (the Inspector shows the gradient a card shows)
        self.live_gradients.changed = self.inspector.live_changed

        scene = window.scene
        scene.selectedNodeChanged.connect(self.inspector.on_selected)
        window.undo_stack.indexChanged.connect(self.inspector.after_edit)  # (a node collapsed out of sight)
        scene.evaluator.evaluated.connect(self._on_evaluated)
        self.controller.ended.connect(self._on_ended)
        self.controller.updated.connect(self._on_updated)
        self.controller.started.connect(self._on_started)
        self.controller.stepChanged.connect(self._show_step)
        window.statusBar().messageChanged.connect(self._status_changed)

    def step_forward(self) -> None:
        """A step from the keyboard: playing stops, so the user reads the step in peace."""
        self.controller.pause()
        self.controller.step_forward()

    # -------------------------------------------------------------- layout
    @staticmethod
    def _saved_convention() -> str:
        value = app_settings().value(SETTINGS_KEY, cv.NUMERATOR)
        return value if value in cv.CONVENTIONS else cv.NUMERATOR

    def set_convention(self, convention: str) -> None:
        remember(app_settings(), SETTINGS_KEY, convention, "")
        self.controller.set_convention(convention)
        self.live_gradients.show()
        self.message(cv.convention_explanation(convention))

    # --------------------------------------------------------------- runs
    def message(self, text: str, fix: str = "") -> None:
        """fix: the shape problem's fix that text ends with (the bar shows it first when cut)."""
        self.window.statusBar().showMessage(text, MESSAGE_MS, fix)

    def after_edit(self, text: str) -> None:
        """What an edit did to the pass, said after the edit's own words (Undid: …) while they show."""
        self.window.status.problem(text)

    def _evaluate(self):
        """The scene's evaluation of the graph (up to date: it evaluates now if an edit is pending)."""
        ev = self.window.scene.evaluator.evaluation
        if ev is None or not ev.values:
            raise UserError(EMPTY_GRAPH)
        return ev

    def choose_output(self) -> str | None:
        """The node Backward differentiates: the output set, else the only node that feeds nothing
        (used as it is: the document is not edited), else the one the user picks from a list of
        them, which becomes the output (an edit asked for: one undo step). None: no output (a
        message says why)."""
        graph = self.window.graph
        if len(graph) == 0:
            self.message(EMPTY_GRAPH)
            return None
        out, _implied = output_in_use(graph)
        if out is not None:
            return out
        candidates = output_candidates(graph)  # (several: a graph without cycles has at least one)
        dialog = OutputChoiceDialog(graph, candidates, self.window.scene.evaluator.evaluation, self.window)
        if dialog.exec() != QDialog.Accepted or dialog.choice() is None:
            self.message("No output chosen: Backward needs one (right-click a node → Set as Output).")
            return None
        self.window.undo_stack.push(SetOutputCommand(graph, dialog.choice()))
        self.message(f'"{display_label(graph, dialog.choice())}" is the output (Undo takes it back).')
        return dialog.choice()

    def run_values(self) -> None:
        self.dives.leave_all()
        try:
            ev = self._evaluate()
        except UserError as exc:
            return self.message(str(exc))
        self.controller.start_values(self.window.graph, ev)
        self._after_start(
            "Forward: each card's value is computed as soon as its inputs have theirs.",
            f"Forward values: {self.controller.count} steps",
        )

    def run_backward(self) -> None:
        self.dives.leave_all()
        graph = self.window.graph
        output = self.choose_output()
        if output is None:
            return
        try:
            ev = self._evaluate()
            value = ev.require(output)
            seed = None
            if value.shape != ():
                upstream = graph.ancestors(output)
                variables = [display_label(graph, v.id) for v in graph.variables() if v.id in upstream]
                dialog = SeedDialog(display_label(graph, output), value.shape, self.window, variables)
                self.message("Backward: choose the seed for the vector output…")
                if dialog.exec() != QDialog.Accepted:
                    return self.message("Backward cancelled.")
                seed = dialog.seed()
            trace = engine.backward(graph, output, seed=seed, evaluation=ev)
        except UserError as exc:
            self._show_shape_problem(exc)
            ev = self.window.scene.evaluator.evaluation
            return self.message(str(exc), ev.fixes.get(exc.node, "") if ev is not None else "")
        if seed is not None and not isinstance(seed, str):
            self.live_gradients.seeds[output] = seed  # Live gradients of this vector output use it too
        self.controller.start_backward(graph, trace)
        name = display_label(graph, output)
        implied = " (the only end node)" if graph.output is None else ""
        started = f'Backward from "{name}"{implied}: {len(trace)} steps.'
        # where a value or gradient became nan or inf, and why: the F6 message would hide the value's
        self._gradient_warnings_told = self._gradient_warnings()
        told = list(ev.undefined.values()) + self._gradient_warnings_told
        said = f"{started} {warning_text(told)}" if told else f"{started} Space plays, ←/→ step."
        self._after_start(said, started.rstrip("."))

    def run_forward_mode(self) -> None:
        self.dives.leave_all()
        graph = self.window.graph
        try:
            ev = self._evaluate()
            variables = [
                (n.id, display_label(graph, n.id), ev.values[n.id].shape)
                for n in graph.variables()
                if n.id in ev.values
            ]
            if not variables:
                raise UserError("Forward mode needs a variable: the graph has none.")
            if graph.output is not None:
                ev.require(graph.output)
            dialog = TangentDialog(variables, self.window)
            self.message("Forward mode: choose the direction (a tangent for each variable)…")
            if dialog.exec() != QDialog.Accepted:
                return self.message("Forward mode cancelled.")
            trace = engine.forward_mode(graph, dialog.tangents(), evaluation=ev)
        except UserError as exc:
            return self.message(str(exc))
        self.controller.start_forward(graph, trace)
        self._after_start(
            f"Forward mode: {len(trace)} steps; each node's tangent along the chosen direction.",
            f"Forward mode: {len(trace)} steps",
        )

    def run_gradcheck(self) -> None:
        self.dives.leave_all()
        graph = self.window.graph
        output = self.choose_output()
        if output is None:
            return
        from .gradcheck_dialog import GradCheckDialog, run_check  # (imported when first used, not at start)

        QGuiApplication.setOverrideCursor(Qt.BusyCursor)  # (busy, not wait: its Cancel can be clicked)
        try:
            ev = self._evaluate()
            ev.require(output)
            result = run_check(graph, output, display_label(graph, output), self.window)
        except UserError as exc:
            return self.message(str(exc))
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.gradcheck_dialog is not None:
            self.gradcheck_dialog.close()

        self.gradcheck_dialog = GradCheckDialog(
            result, display_label(graph, output), self.window, display_labels(graph), list(ev.undefined.values())
        )
        self.gradcheck_dialog.show()
        self._check_message = _CHECK_SAID[result.verdict].format(done=result.checked, total=result.total_entries)
        self.message(self._check_message)

    def stop(self) -> None:
        """Esc: inside a group dived into, back to the group's step; else the animation ends. (The
        Run menu's entry says which: the window relabels it while inside a group.)"""
        if self.dives.group_inside() is not None:
            self.dives.dive_out()
        else:
            self._stopped_by_user = True  # (its own words, never after an earlier edit's)
            self.controller.stop("Animation ended.")
            self._stopped_by_user = False

    def _show_shape_problem(self, exc: UserError) -> None:
        """Backward refused over a card whose inputs clash: that card (the one the message names,
        which blocks the output; not any other card in error) selected and brought into view, with
        its inputs' cards when they fit at a readable zoom, and the Inspector in front, where the
        problem and its fix are shown whole (the status bar may have to cut it)."""
        rects = card_and_inputs(self.window.scene, exc.node)
        if rects is None:
            return
        self.window.scene.select_nodes([exc.node])
        self.window.view.show_step(*rects, zoom_in=True)
        self.inspector.show()
        self.inspector.raise_()

    def _after_start(self, text: str, lasting: str) -> None:
        """text: the status bar's message; lasting: what it says of the pass once that times out."""
        self._pass_text = lasting
        self.inspector.show()  # (a closed Inspector comes back, as a tab)
        if self.chain.visibleRegion().isEmpty():  # a user reading the Chain rule tab keeps it in front
            self.inspector.raise_()
        self.chain.refresh_variables()
        self.message(text)

    # ------------------------------------------------------------- events
    def _status_changed(self, text: str) -> None:
        """A message timed out (or was cleared) while a pass runs: the status bar names the pass again."""
        if not text and self.controller.active and self._pass_text:
            self.window.statusBar().showMessage(self._pass_text)

    def _on_ended(self, message: str) -> None:
        self.dives.inside = None
        self.inspector.graph = self.window.graph
        self.live_gradients.show()  # (first: the Inspector shows the gradients the cards show)
        self.inspector.refresh()
        if message:  # an edit that ended the pass is said after the edit's own words (Undid: …)
            if self._stopped_by_user:
                self.message(message)
            else:
                self.after_edit(message)

    def _show_step(self, k: int) -> None:
        """The canvas pans on its own only here: to bring the current step into view when it is off
        screen: its card, with the cards its arrows connect (the step's inputs; a leaf's consumers)
        when they fit; zoomed in first when the view is too far out to read a card (a large graph
        fitted whole: GraphView.show_step), on a pass's first step only. Into a group dived into:
        the group with the cards wired to it. Out of its steps (→ past its last, ← before its
        first): the group collapsed again as Dive Out does (Dives.at_step)."""
        if self.dives.leaving:
            return  # (the step shows once the groups left are collapsed)
        view, c = self.window.view, self.controller
        entered = self.dives.at_step(k)
        scene = view.scene()
        hidden = scene.graph.groups.shown_as()
        card = shown_item(scene, c.active_node(), hidden)
        if card is None:
            return
        if entered is not None:
            self._show_group(entered, _with_badge(card))
        else:
            shown = {shown_item(scene, n, hidden) for n in c.cards_at(k)} - {None}
            cards = [i.sceneBoundingRect() for i in shown]
            view.show_step(_with_badge(card), cards, self._zoom_to_read, [_with_badge(i) for i in shown])
        self._zoom_to_read = False

    def _show_group(self, group: str, card: QRectF) -> None:
        """A group just dived into brought into view: its frame (with the step's card and badge),
        with the cards wired to it when they fit at a readable zoom (framing.show_group)."""
        scene, graph = self.window.scene, self.window.graph
        frame = scene.groups.frame_item(group)
        if frame is None:
            return
        members, hidden = graph.groups.get(group).nodes, graph.groups.shown_as()
        edges = [e for e in graph.edges() if (e.src in members) != (e.dst in members)]

        def rects(nodes) -> list[QRectF]:
            return [item.sceneBoundingRect() for item in {shown_item(scene, n, hidden) for n in nodes} - {None}]

        downstream = rects(e.dst for e in edges if e.src in members)
        upstream = rects(e.src for e in edges if e.dst in members)
        self.window.view.show_group(frame.sceneBoundingRect().united(card), downstream, upstream)

    def _on_started(self, _mode: str) -> None:
        self._zoom_to_read = True

    def _on_updated(self) -> None:
        """The pass ran again after an edit, or the edited graph pauses it."""
        c = self.controller
        if c.problem:
            self.after_edit(f"{c.problem}  ({MODE_NAMES[c.mode]} resumes when this is fixed.)")
            self._show_problem(c.problem_node)
        elif self._paused_by_problem:
            self.after_edit(f"Fixed: {MODE_NAMES[c.mode]} resumes at step {c.k + 1} of {c.count}.")
        self._paused_by_problem = bool(c.problem)
        told, self._gradient_warnings_told = self._gradient_warnings_told, self._gradient_warnings()
        if not c.problem and self._gradient_warnings_told and self._gradient_warnings_told != told:
            self.message(warning_text(self._gradient_warnings_told))  # (a value's are told as they begin)

    def _show_problem(self, node: str | None) -> None:
        """The card the paused banner names, brought into view as a step's card is."""
        scene = self.window.view.scene()
        card = shown_item(scene, node) if node in scene.graph else None
        if card is not None:
            self.window.view.show_step(card.sceneBoundingRect(), [])

    def _gradient_warnings(self) -> list[str]:
        """Where a gradient of the pass shown became nan or inf, in the order of its steps."""
        return [m for messages in self.controller.gradient_warnings.values() for m in messages]

    def _on_evaluated(self, evaluation) -> None:
        bar = self.window.statusBar()
        if self._check_message and bar.currentMessage() == self._check_message:
            bar.clearMessage()  # the verdict was about the graph before this edit
        self._check_message = ""
        self.inspector.graph = self.window.graph
        if not self.controller.active:
            self.live_gradients.show(evaluation)  # (first: the Inspector shows the gradients the cards show)
        self.inspector.on_evaluated(evaluation)
        if self.controller.active:
            self.controller.rerun(evaluation)  # an edit during the animation: the pass again
        else:
            self.chain.refresh_variables()  # (only when it is shown)


def _with_badge(item) -> QRectF:
    """The card and the step's badge under it (wider than the card: "∂square/∂x = 0.8415 1×1"),
    in scene coordinates: a step brings both into view, not the card alone with its badge cut."""
    rect = item.sceneBoundingRect()
    for child in item.childItems():
        if isinstance(child, BadgeItem) and child.isVisible():
            rect = rect.united(child.sceneBoundingRect())
    return rect
