"""View → Live gradients: while no animation runs, every card shows its gradient of the output,
computed again after each edit (core.engine.gradients; no animation needed)."""

from __future__ import annotations

import numpy as np

from ...core import domain_check, engine
from ...core.errors import UserError
from ...core.naming import display_label
from ...core.output_choice import output_in_use
from ..key_text import key_text
from ..overlay import SceneOverlay
from ..settings import app_settings
from . import overlay_builder as ob

LIVE_KEY = "view/live_gradients"


def warning_text(messages: list[str]) -> str:
    """The first place a number became nan or inf, as the CLI's `warning:` line says it; a count of
    the others, which the Inspector says at their nodes."""
    more = len(messages) - 1
    rest = f"  (and {more} more: the Inspector says each at its node)" if more else ""
    return f"⚠ {messages[0]}{rest}"


class LiveGradients:
    """The canvas's gradient badges when Live gradients is on; an animation's overlay takes the
    canvas while it runs (AnimationUi calls `show` when the canvas is free again or the graph changed)."""

    def __init__(self, scene, controller, message) -> None:
        self.scene = scene
        self.controller = controller  # (its convention; whether an animation runs)
        self.message = message  # the status bar's
        self.on = app_settings().value(LIVE_KEY, False, type=bool)
        self.seeds: dict[str, object] = {}  # output id -> the seed Backward last used for it (a vector output's)
        self._told: list[str] = []  # the warnings the status bar last said
        # what the cards show, as plain data for the Inspector: node -> gradient, and the loss they are of
        self.gradients: dict[str, np.ndarray] = {}
        self.loss = ""
        self.changed = lambda: None  # called once the cards show other gradients (the Inspector follows)

    def set_on(self, on: bool) -> None:
        """View → Live gradients: every card shows its gradient of the output after each edit."""
        if on == self.on:
            return
        self.on = on
        app_settings().setValue(LIVE_KEY, on)
        if on:
            self._told = []  # (said again when turned on again)
            self.show()
        else:
            self.gradients, self.loss = {}, ""
            if not self.controller.active:
                self.scene.overlay_presenter.show(None)
            self.changed()

    def turned_on_text(self) -> str:
        """What the status bar says when it is turned on: what the cards will show, and when."""
        graph = self.scene.graph
        if len(graph) == 0:
            return (
                "Live gradients on: they show once the graph has an output (drag ops from the palette, or press Tab)."
            )
        if output_in_use(graph)[0] is None:
            return (
                "Live gradients on: they show once the graph has one output "
                "(several nodes feed nothing: right-click a node → Set as Output)."
            )
        if self.controller.active:
            return "Live gradients on: each card shows its gradient of the output once the animation ends."
        return "Live gradients on: each card shows its gradient of the output, after every edit."

    def show(self, evaluation=None) -> None:
        """The gradients of this evaluation (default: the scene's latest), when on and no animation runs."""
        if not self.on or self.controller.active:
            return
        evaluation = evaluation if evaluation is not None else self.scene.evaluator.evaluation
        self.gradients, self.loss = {}, ""  # (until the overlay has them)
        self.scene.overlay_presenter.show(self.overlay(evaluation))
        self.changed()

    def of(self, node: str) -> tuple[str, np.ndarray] | None:
        """(the loss, the gradient) a card shows while no animation runs; None where it shows none."""
        if not self.on or self.controller.active or node not in self.gradients:
            return None
        return self.loss, self.gradients[node]

    def overlay(self, evaluation) -> SceneOverlay:
        """Each card's gradient of the output (core.engine.gradients), or a title saying why not."""
        graph = self.scene.graph
        if len(graph) == 0:
            return SceneOverlay(title="Live gradients: the graph is empty")
        if evaluation is None:
            return SceneOverlay(title="Live gradients: evaluating…")  # (the next evaluation shows them)
        out, _implied = output_in_use(graph)  # the only node that feeds nothing is the output, as for F6
        if out is None:
            return SceneOverlay(
                title=f"Live gradients: several nodes feed nothing: {key_text('backward')} asks which is the output"
            )
        problem = evaluation.problem(out)
        if problem is not None:
            return SceneOverlay(title=f"Live gradients: {problem}")
        shape = evaluation.values[out].shape
        seed = self.seeds.get(out)
        if shape != () and np.shape(seed) != shape:
            name = display_label(graph, out)
            return SceneOverlay(
                title=f'Live gradients: the output "{name}" is not a scalar: Backward ({key_text("backward")}) chooses a seed'
            )
        try:
            grads = engine.gradients(graph, out, seed=None if shape == () else seed, evaluation=evaluation)
        except UserError as exc:
            return SceneOverlay(title=f"Live gradients: {exc}")
        self._tell_warnings(evaluation, out, seed if shape != () else None, grads)
        convention = self.controller.convention
        overlay = ob.gradients_overlay(graph, evaluation, out, grads, convention, seeded=shape != ())
        self.gradients = {nid: g for nid, g in grads.items() if nid in overlay.node_badges}  # (those on cards)
        self.loss = ob.live_loss_label(graph, out, seeded=shape != ())
        return overlay

    def _tell_warnings(self, evaluation, out: str, seed, grads) -> None:
        """A gradient the cards show as inf or nan where every value is a number (√ at 0): the
        status bar says where it began and why, once as it appears. Only then is a backward pass
        made to find it; a value's nan is told by the scene as it begins (and explains the rest)."""
        messages: list[str] = []
        if not evaluation.undefined and not all(domain_check.finite(g) for g in grads.values()):
            try:
                trace = engine.backward(self.scene.graph, out, seed=seed, evaluation=evaluation)
            except UserError:  # (the gradients were just computed with the same seed)
                trace = None
            if trace is not None:
                messages = [u.message for u in domain_check.undefined_gradients(self.scene.graph, trace)]
        if messages and messages != self._told:
            self.message(warning_text(messages))
        self._told = messages
