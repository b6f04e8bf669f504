"""The animation's state machine: which trace, which step, playing or paused.

The overlay shown at step k is a pure function of (trace, k, layout), so
stepping back or seeking shows exactly what was shown before. Stepping
forward (and playing) also moves a marker along the step's edges within the
step's duration. The animation lives through edits: a change of the model marks the pass
stale, and once the scene has evaluated the edited graph (`rerun`) the same pass runs again and
shows the same step, its nodes named as their cards are now (a rename is an edit too), (or the nearest one that still exists). An edit that leaves the graph without
a value for the pass pauses it with the problem (`problem`) until a later edit fixes it; a pass
that cannot go on (its output deleted) ends. A new document ends it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from ...core import conventions as cv
from ...core import domain_check
from ...core.engine import Evaluation
from ...core.graph import Graph, GraphEvent, NodeMoved, Reset
from ...core.groups import GroupCollapsed
from ...core.naming import display_label, elided
from ...core.trace import BackwardTrace, ForwardTrace
from ..overlay import SceneOverlay
from . import overlay_builder as ob
from . import passes
from .group_steps import GroupSteps, group_stop_overlay

BACKWARD, FORWARD, VALUES = "backward", "forward", "values"
STEP_MS = 900  # duration of one step at speed 1×
FRAME_MS = 16
HOLD_FRACTION = 0.25  # part of a played step spent still, after the marker arrived
MODE_NAMES = {BACKWARD: "Backward", FORWARD: "Forward mode", VALUES: "Forward values"}
# model events that cannot change what a pass computes (a card moved)
# events after which the pass still holds: a card moved, a group collapsed (values stay)
UNCHANGING_EVENTS = (NodeMoved, GroupCollapsed)


class AnimationController(QObject):
    stepChanged = Signal(int)  # the current step index
    started = Signal(str)  # the mode
    ended = Signal(str)  # why it ended ("" when the user stopped it)
    playingChanged = Signal(bool)
    conventionChanged = Signal(str)
    updated = Signal()  # the pass ran again after an edit, or is paused by a problem (see `problem`)

    def __init__(self, scene=None, parent=None, convention: str = cv.NUMERATOR):
        super().__init__(parent)
        self.scene = scene
        self.graph: Graph | None = None
        self.mode: str | None = None
        self.trace: BackwardTrace | ForwardTrace | None = None
        self.evaluation: Evaluation | None = None
        self.order: list[str] = []
        self.convention = cv.check(convention)
        self.speed = 1.0
        self.k = -1
        self.playing = False
        self.overlay = None  # the overlay last given to the scene
        self.stale = False  # the graph was edited since the pass was computed (rerun follows)
        self.problem = ""  # why the edited graph cannot show the pass now ("" when it can)
        self.problem_node: str | None = None  # the card that message names (the view shows it)
        # node -> where a gradient of the backward pass became nan or ±inf there, and why (the CLI's text)
        self.gradient_warnings: dict[str, list[str]] = {}
        # step -> overlay, for the pass as computed: stepping back and forth rebuilds nothing
        # (a rerun after an edit starts afresh)
        self._overlays: dict[int, object] = {}
        self._base = None  # step k's overlay without the marker
        self._marker_edges: list = []
        self._clock = QElapsedTimer()
        self._frames = QTimer(self)
        self._frames.setInterval(FRAME_MS)
        self._frames.timeout.connect(self._frame)
        self.groups = GroupSteps()  # collapsed groups stepped over as one step (group_steps.py)

    # ------------------------------------------------------------ starting
    def start_backward(self, graph: Graph, trace: BackwardTrace) -> None:
        self._start(graph, BACKWARD, trace=trace)

    def start_forward(self, graph: Graph, trace: ForwardTrace) -> None:
        self._start(graph, FORWARD, trace=trace)

    def start_values(self, graph: Graph, evaluation: Evaluation) -> None:
        self._start(graph, VALUES, evaluation=evaluation, order=ob.value_order(graph, evaluation))

    def _start(self, graph, mode, trace=None, evaluation=None, order=None) -> None:
        self.stop(emit=False)
        self.graph, self.mode, self.trace = graph, mode, trace
        self.evaluation, self.order = evaluation, order or []
        self._check_gradients()
        self._overlays = {}
        self.stale, self.problem = False, ""
        self.groups.start(graph, trace if mode == BACKWARD else None)
        graph.subscribe(self._on_model_event)
        self.started.emit(mode)
        self.seek(self.first_stop)

    def _check_gradients(self) -> None:
        """Where the backward pass's gradients became nan or ±inf (core.domain_check), by node."""
        self.gradient_warnings = {}
        if self.mode == BACKWARD and self.trace is not None:
            for found in domain_check.undefined_gradients(self.graph, self.trace):
                self.gradient_warnings.setdefault(found.node, []).append(found.message)

    @property
    def active(self) -> bool:
        return self.mode is not None

    @property
    def count(self) -> int:
        if self.mode == VALUES:
            return len(self.order)
        return len(self.trace) if self.trace is not None else 0

    # ------------------------------------------------------------ overlays
    def overlay_at(self, k: int):
        if self.problem:  # paused by an error: no step of the old numbers is shown (nor exported)
            return self._base
        overlay = self._overlays.get(k)
        if overlay is None:
            overlay = self._overlays[k] = self._build_overlay(k)
        return overlay

    def _backward_shown(self) -> bool:
        """A backward pass shows its steps (not paused by a problem): collapsed groups' stops apply."""
        return self.mode == BACKWARD and not self.problem

    def stop_overlay(self, k: int):
        """Step k as the window shows it: a collapsed group's stop is titled with the steps it stands
        for ("group₁ · steps 3–4 / 4"; an export of every step shows each under its own number)."""
        overlay = self.overlay_at(k)
        if not self._backward_shown():
            return overlay
        overlay = group_stop_overlay(self.groups, overlay, self.trace, k, self.convention)
        where = self.groups.inside(k)
        if where:  # the canvas says which group is looked into (expanded: its cards show the step)
            group = self.groups.group_step(k)  # (a collapsed group inside it: its stop, "steps 2–3 / 10")
            numbers = self.groups.step_text(k, self.count) if group else f"{k + 1} / {self.count}"
            steps = f"inside {where.name} · step {where.index} of {where.count} ({numbers})"
            steps = f"{elided(group.name)} · {steps}" if group else steps
            overlay = replace(overlay, title=ob.backward_title(self.trace, k, self.convention, steps))
        return overlay

    def _build_overlay(self, k: int):
        if self.mode == BACKWARD:
            return ob.backward_overlay(self.graph, self.trace, k, self.convention)
        if self.mode == FORWARD:
            return ob.forward_overlay(self.graph, self.trace, k, self.convention)
        if self.mode == VALUES:
            return ob.values_overlay(self.graph, self.evaluation, self.order, k)
        return None

    def edges_at(self, k: int) -> list:
        if self.mode == VALUES:
            return ob.value_edges(self.graph, self.order, k)
        return ob.step_edges(self.trace, k) if self.trace is not None else []

    def cards_at(self, k: int) -> list[str]:
        """The nodes step k's arrows connect: its edges' ends. A leaf's step (a variable or
        constant) has no edges of its own: the consumers whose arrows bring its gradient (or
        take its tangent) stand in for them, with the leaf."""
        edges = self.edges_at(k)
        if edges or self.mode == VALUES or self.trace is None or not 0 <= k < len(self.trace.steps):
            return [n for edge in edges for n in edge[:2]]
        node = self.trace.steps[k].node
        return [node, *(s.node for s in self.trace.steps if any(inp.source == node for inp in s.inputs))]

    def active_node(self) -> str | None:
        if not self.active or not 0 <= self.k < self.count:
            return None
        if self.mode == VALUES:
            return self.order[self.k]
        return self.trace.steps[self.k].node

    def active_label(self) -> str:
        """The current step's node as its card names it ("" when there is none)."""
        node = self.active_node()
        if node is None or node not in self.graph:
            return ""
        if self.mode == VALUES:
            return display_label(self.graph, node)
        group = self.groups.group_step(self.k)  # (its node hidden in a collapsed group: the card's name)
        return (
            group.name if group is not None else display_label(self.graph, node)
        )  # (in full: the trace's is shortened)

    def _show(self, overlay) -> None:
        self.overlay = overlay
        if self.scene is not None:
            self.scene.overlay_presenter.show(overlay)

    # ------------------------------------------------------------ stepping
    def seek(self, k: int, animate: bool = False) -> None:
        """Show step k exactly (clamped); animate moves the marker along its edges first."""
        if not self.active or self.count == 0 or self.problem:
            return
        self._frames.stop()
        k = max(0, min(int(k), self.count - 1))
        changed = k != self.k
        self.k = k
        self._base = self.stop_overlay(k)
        edges = self.edges_at(k) if animate else []
        if not edges:
            self._show(self._base)  # with edges, the first marker frame shows the step
        if edges:
            self._marker_edges = edges
            self._clock.start()
            self._frame()
            self._frames.start()
        elif self.playing:
            self._frames.start()  # a step without edges still takes its time
            self._marker_edges = []
            self._clock.start()
        if changed:
            self.stepChanged.emit(k)

    def step_forward(self) -> None:
        if self.active and self.k != self.last_stop:
            self.seek(self.groups.next_stop(self.k, self.count), animate=True)

    def step_back(self) -> None:
        if self.active:
            self.pause()
            self.seek(self.groups.previous_stop(self.k, self.count))

    def diving_group(self) -> str | None:
        """The collapsed group whose step shows, which Dive In expands (None: there is none)."""
        return self.groups.collapsed_group(self.k) if self.can_dive_in() else None

    def can_dive_in(self) -> bool:
        """Is the step shown a collapsed group's, which Dive In opens?"""
        return self._backward_shown() and self.groups.can_dive_in(self.k)

    def inside_group(self) -> str:
        """ "Inside layer1: step 2 of 3" while stepping inside a group dived into, else "" (also while
        a problem pauses the pass: no step shows, so there is nothing to leave)."""
        return self.groups.inside_text(self.k) if self._backward_shown() else ""

    def dive_out(self, group: str) -> None:
        """The group dived into, just collapsed again by Dive Out: back to its step, stepped over as one."""
        self._show_level(self.groups.group_stop(group) if self._backward_shown() else None)

    def _show_level(self, k: int | None) -> None:
        """Shows step k after a dive in or out (None: nothing to do)."""
        if k is not None:
            self.pause()
            same = k == self.k
            self.seek(k)
            if same:
                self.stepChanged.emit(k)  # (the same step shows differently now)

    @property
    def first_stop(self) -> int:
        """The step a pass starts on: 0, or with a collapsed group holding the output (its steps come
        first) the group's stop, as stepping and every export show it."""
        return self.groups.first_stop(self.count) if self._backward_shown() else 0

    @property
    def last_stop(self) -> int:
        """The step a pass ends on: its last, or with collapsed groups its last stop (stops come in
        the order of their first step, so a group ending the trace may be stepped to earlier)."""
        return self.groups.last_stop(self.count) if self._backward_shown() else max(self.count - 1, 0)

    @property
    def stop_count(self) -> int:
        """How many stops stepping shows (the timeline's positions): every step, or with collapsed
        groups one stop per group (a group dived into: one per step of the group)."""
        return len(self.groups.stops(self.count))

    def stop_place(self, k: int) -> int:
        """Where the stop showing step k comes among the stops (0: the first): its timeline position."""
        return self.groups.place(k)

    def stop_at(self, place: int) -> int:
        """The step of the stop at timeline position `place` (clamped to the stops)."""
        stops = self.groups.stops(self.count)
        return stops[max(0, min(place, len(stops) - 1))] if stops else 0

    def first(self) -> None:
        self.pause()
        self.seek(self.first_stop)

    def last(self) -> None:
        self.pause()
        self.seek(self.last_stop)

    def finish_marker(self) -> None:
        """Stop the marker and show the step's final picture."""
        self._frames.stop()
        self._marker_edges = []
        if self.active:
            self._show(self._base)

    @property
    def marker_running(self) -> bool:
        return self._frames.isActive()

    # ------------------------------------------------------------- playing
    def play(self) -> None:
        if not self.active or self.playing or self.problem:
            return
        self.playing = True
        self.playingChanged.emit(True)
        if self.k == self.last_stop:
            self.seek(self.first_stop, animate=True)
        else:
            self.step_forward()

    def pause(self) -> None:
        if self.playing:
            self.playing = False
            self.playingChanged.emit(False)
        if self._frames.isActive():
            self.finish_marker()

    def toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, speed: float) -> None:
        self.speed = max(0.05, float(speed))

    def step_ms(self) -> float:
        return STEP_MS / self.speed

    def _frame(self) -> None:
        elapsed = self._clock.elapsed()
        total = self.step_ms()
        travel = total * (1.0 - HOLD_FRACTION) if self.playing else total
        edges = self._marker_edges
        if edges and elapsed < travel:
            per_edge = travel / len(edges)
            i = min(int(elapsed // per_edge), len(edges) - 1)
            fraction = (elapsed - i * per_edge) / per_edge
            self._show(ob.marker_overlay(self._base, edges[i], fraction))
            return
        if edges:
            self._marker_edges = []
            self._show(self._base)
        if not self.playing:
            self._frames.stop()
        elif elapsed >= total:
            self._frames.stop()
            if self.k != self.last_stop:
                self.step_forward()
            else:
                self.playing = False
                self.playingChanged.emit(False)

    # ------------------------------------------------------------ settings
    def set_convention(self, convention: str) -> None:
        self.convention = cv.check(convention)
        self._overlays = {}
        if self.active and not self.problem:
            self._base = self.stop_overlay(self.k)
            if not self._marker_edges:
                self._show(self._base)
        self.conventionChanged.emit(self.convention)

    # -------------------------------------------------------------- ending
    def stop(self, message: str = "", emit: bool = True) -> None:
        """End the animation: no overlay, controls reset."""
        was_active = self.active
        self._frames.stop()
        self._marker_edges = []
        if self.playing:
            self.playing = False
            self.playingChanged.emit(False)
        if self.graph is not None:
            self.graph.unsubscribe(self._on_model_event)
        self.graph = self.trace = self.evaluation = None
        self.gradient_warnings = {}
        self.mode, self.order, self.k, self._base = None, [], -1, None
        self.stale, self.problem = False, ""
        self.groups.stop()
        self._overlays = {}
        if was_active:
            self._show(None)
            if emit:
                self.ended.emit(message)

    def _on_model_event(self, event: GraphEvent) -> None:
        if isinstance(event, Reset):
            self.stop("A new graph: the animation ended.")
        elif isinstance(event, GroupCollapsed) and self.mode == BACKWARD:
            # the same pass, but which steps a collapsed group takes as one changed: the
            # Inspector shows the group's step where a member's step was (it showed nothing)
            group = event.group_id
            opened = (
                self._backward_shown()
                and self.groups.collapsed_group(self.k) == group
                and not self.graph.groups.get(group).collapsed
            )
            self.groups.start(self.graph, self.trace, keep_dived=True)
            first = self.groups.dive_in(group) if opened else None
            if first is not None:
                # the group whose step shows expanded (Dive In, or its card's Collapse or Expand
                # Group): dived into, its first step shown, as Dive In does
                self.pause()
                self.k = first
            elif self._backward_shown() and not self.groups.is_stop(self.k, self.count):
                # a step inside a group collapsed now (Undo right after Dive In): the group's own step
                self.k = self.groups.group_stop(self.groups.collapsed_group(self.k))
            if not self.problem:  # (its title: the steps a collapsed group's stop stands for)
                self._base = self.stop_overlay(self.k)  # (a marker running ends on it: its frames draw on it)
                if not self._marker_edges:
                    self._show(self._base)
            self.stepChanged.emit(self.k)
        elif not isinstance(event, UNCHANGING_EVENTS):
            self.stale = True  # the scene evaluates the edited graph, then `rerun` follows

    # ------------------------------------------------------------- edits
    def rerun(self, evaluation: Evaluation) -> None:
        """After an edit, with the scene's evaluation of the edited graph: the same pass again,
        at the same step (or the nearest that still exists); paused by a problem, or ended."""
        if not self.active or not self.stale:
            return
        self.stale = False
        graph = self.graph
        try:
            if self.mode == BACKWARD:
                self._restart(trace=passes.backward_again(graph, evaluation, self.trace))
            elif self.mode == FORWARD:
                self._restart(trace=passes.forward_again(graph, evaluation, self.trace))
            else:
                self._restart(evaluation=evaluation, order=passes.values_again(graph, evaluation))
        except passes.Gone as exc:
            self.stop(str(exc))
        except passes.Broken as exc:
            self.problem_node = exc.node
            self._pause_for(str(exc))

    def _restart(self, trace=None, evaluation=None, order=None) -> None:
        node, k = self.active_node(), self.k
        if trace is not None:
            self.trace = trace
            self._check_gradients()
        if self.mode == BACKWARD:  # the edited graph's groups: their steps, names and passed-back gradients
            self.groups.start(self.graph, self.trace, keep_dived=True)
        if evaluation is not None:
            self.evaluation, self.order = evaluation, order
        self.problem = ""
        self._overlays = {}
        self._frames.stop()
        self._marker_edges = []
        self.k = self._index_of(node, k)
        self._base = self.stop_overlay(self.k)
        self._show(self._base)
        if self.playing:  # the played step takes its time again, then the next one follows
            self._clock.start()
            self._frames.start()
        self.updated.emit()

    def _index_of(self, node: str | None, k: int) -> int:
        """The step of `node` in the pass as now computed, else the nearest to k that exists."""
        if self.mode == VALUES:
            nodes = self.order
        else:
            nodes = [s.node for s in self.trace.steps]
        if node in nodes:
            return nodes.index(node)
        return max(0, min(k, len(nodes) - 1))

    def _pause_for(self, problem: str) -> None:
        """The edited graph has no value for the pass: nothing of the old numbers is shown, the
        canvas's title says why; the cards show the error. The next edit tries again."""
        self.problem = problem
        self.pause()
        self._frames.stop()
        self._marker_edges = []
        self._overlays = {}
        self._base = SceneOverlay(title=f"{MODE_NAMES[self.mode]} paused · {problem}")
        self._show(self._base)
        self.updated.emit()
