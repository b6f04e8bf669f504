"""Backward through collapsed groups: a collapsed group is stepped over as ONE step.

The trace keeps every node's step (the CLI's --step K names any of them); stepping with the
keys, the buttons, play or the timeline (one position per stop: `place`) stops at a collapsed
group only once, at its last inner step, when the group has passed its gradients back (core.group_trace says what it did). Stops come in the
order of their first step (`stops`, the one place that orders them): a group holding its
layer's weights (steps 4–6 and 9–10, b2 and W2 at 7 and 8) is shown where its step 4 falls,
before b2 and W2; each stop's picture shows what the stops up to it have done (`done_at`), so no
gradient is drawn before the stop that computes it, and none drawn earlier goes away. "Dive in" on
such a stop expands the group on the canvas (one undo step, Dives.dive_in) and steps through its
own steps from the first (a collapsed group inside it: one step, its stop), all of them in order
before any step outside it (its steps stay together in `stops`, where its first step falls: 4, 5, 6,
9, 10, then b2 at 7; → past its last or ← before its first leaves it); while a step of theirs
shows, the window says which ("inside layer1: step 2 of 3"; in groups dived into one inside another,
the innermost), and Dive Out (or Esc) collapses that group again (undoing Dive In's Expand when no
edit came after it) and goes back to its stop. Stepping out of its steps collapses it the same way
(Dives._leave), or leaves it expanded when its Expand is not the last edit; so does starting
another pass, or closing or replacing the document (Dives.leave_all). Dive In never drops
Redo history: it redoes the group's own Expand when that is next, and refuses while another undone
edit can be redone (an earlier dive's Expand, left again, is no loss: dropped). Closing or replacing
a document saved while dived into a group keeps the dive (leaving it would be a change to save). Any expand of the group at its stop (its card's Collapse or Expand Group, an
Undo of its Collapse) dives in (the controller's GroupCollapsed event).

Titles keep the trace's numbers; a group's stop is numbered with the steps it stands for,
"steps 3–4 / 4", so → from step 2 skips none. Exports step as the window does (`stops`): one
frame per stop; the CLI's --step K draws the stop whose steps (`steps_of`) hold step K. Its steps
need not be adjacent in the pass (another node's step may fall between them): the stop then lists
its own, "steps 2, 4–5 / 6", never claiming step 3, which the window and every export show as that
other node's; steps in more runs than two are said by count and span, "26 steps (159–1000) / 1000"
(core.step_numbers).
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from ...core import conventions as cv
from ...core.group_trace import GroupedTrace, GroupStep, group_trace
from ...core.naming import elided
from ...core.step_numbers import numbered_steps
from .overlay_builder import backward_overlay, backward_title, lead_shape, loss_label


class Inside(NamedTuple):
    """Where a step inside a group dived into is: its group, which of the group's steps (1-based), of how many."""

    group: str  # its id
    name: str  # as its card shows it
    index: int
    count: int


class GroupSteps:
    def __init__(self) -> None:
        self.grouped: GroupedTrace | None = None
        self.dived: dict[str, list[int]] = {}  # groups Dive In expanded -> their steps stepping stops at
        self._unit: dict[int, str] = {}  # trace step -> the collapsed group it belongs to
        self._steps: dict[str, list[int]] = {}  # group -> its trace steps, in order (the last: its stop)
        self._order: list[int] = []  # the stops, in the order of their first step (with collapsed groups)
        self._place: dict[int, int] = {}  # trace step -> the place in _order of the stop showing it
        self._graph = self._trace = None

    def start(self, graph, trace, keep_dived: bool = False) -> None:
        """A new backward trace: which of its steps belong to a collapsed group. keep_dived (the same
        pass again after an edit, or a group collapsed or expanded): a group dived into stays so while
        it is still expanded."""
        dived = self.dived if keep_dived else {}
        self.grouped, self._unit, self._steps, self.dived = None, {}, {}, {}
        self._order, self._place = [], {}
        self._graph, self._trace = graph, trace
        if trace is None:
            return
        if graph.groups.visible_collapsed():
            self.grouped = group_trace(graph, trace)
            for step in self.grouped.steps:
                if isinstance(step, GroupStep):
                    inner = set(step.nodes)
                    steps = [k for k, s in enumerate(trace.steps) if s.node in inner]
                    if steps:
                        self._steps[step.group] = steps
                        self._unit.update(dict.fromkeys(steps, step.group))
        for group in dived:
            if group in graph.groups and not graph.groups.get(group).collapsed:
                self._enter(group)
        self._arrange()

    def _arrange(self) -> None:
        """Orders the stops (`_order`, `_place`): by their first step, a group dived into kept
        together where its first step falls, so stepping walks its steps in order before leaving
        it (steps 4–6 and 9–10 of layer1: 4, 5, 6, 9, 10, then b2 at 7). Without collapsed groups
        or groups dived into, every step is a stop, in the trace's order (both stay empty)."""
        self._order, self._place = [], {}
        if not self._unit and not self.dived:
            return
        count = len(self._trace)
        self._order = sorted((k for k in range(count) if self.is_stop(k, count)), key=self._order_key)
        self._place = {j: place for place, k in enumerate(self._order) for j in self.steps_of(k)}
        for steps in self.dived.values():  # (numbered as stepping walks them: "step 4 of 5")
            steps.sort(key=self._place.__getitem__)

    def _order_key(self, k: int) -> tuple[int, ...]:
        """What the stop at k is ordered by: the first steps of the groups dived into holding it,
        outermost first, then its own first step."""
        holding = sorted((steps for steps in self.dived.values() if k in steps), key=len, reverse=True)
        return (*(min(map(self._first_step, steps)) for steps in holding), self._first_step(k))

    def _first_step(self, k: int) -> int:
        """The first trace step of the stop at k."""
        return self.steps_of(k)[0]

    @property
    def graph(self):
        """The graph of the pass stepped through (None when there is none)."""
        return self._graph

    def _enter(self, group: str) -> list[int]:
        """The group (expanded) is dived into: its members' trace steps that stepping stops at, in
        order (a collapsed group inside it: one step, its stop)."""
        members = self._graph.groups.get(group).nodes
        count = len(self._trace)
        steps = [k for k, s in enumerate(self._trace.steps) if s.node in members and self.is_stop(k, count)]
        self.dived[group] = steps = sorted(steps, key=self._first_step)  # (in stepping's order)
        return steps

    def stop(self) -> None:
        self.grouped, self._unit, self._steps, self.dived = None, {}, {}, {}
        self._order, self._place = [], {}
        self._graph = self._trace = None

    def is_stop(self, k: int, count: int) -> bool:
        """Is step k shown when stepping? (a collapsed group: only at its last inner step)"""
        group = self._unit.get(k)
        return group is None or k == self._steps[group][-1]

    def stops(self, count: int) -> list[int]:
        """The trace steps stepping shows, in order: every step, a collapsed group's only at its
        last, placed where its first step falls (what → and play show; every animation export has
        one frame per stop). The only place that orders stops."""
        return self._order if self._order else list(range(count))

    def place(self, k: int) -> int:
        """Where the stop showing step k comes among the stops (0: the first): its position on the
        timeline, which has one per stop, in stepping's order."""
        return self._place.get(k, k)

    def first_stop(self, count: int) -> int:
        """Where a pass starts (and Step Back, First Step and play from the end go back to): its
        first stop, not a step inside a collapsed group that only its stop shows (0 if none)."""
        return self.stops(count)[0] if count else 0

    def last_stop(self, count: int) -> int:
        """Where a pass ends (Last Step; → and play stop there): its last stop, which is not the
        trace's last step when a group's steps end the pass but another stop's first step comes
        after the group's first."""
        return self.stops(count)[-1] if count else 0

    def next_stop(self, k: int, count: int) -> int:
        """The stop after the one showing step k (the last stop: itself)."""
        if not self._order:
            return min(k + 1, count - 1)
        return self._order[min(self._place[k] + 1, len(self._order) - 1)]

    def previous_stop(self, k: int, count: int) -> int:
        """The stop before the one showing step k; from the first stop, the first stop. From a step
        inside a collapsed group, the stop before the group's."""
        if not self._order:
            return max(k - 1, 0)
        return self._order[max(self._place[k] - 1, 0)]

    def done_at(self, k: int) -> list[int] | None:
        """The trace steps whose results the stop at k shows: the steps of every stop up to it, in
        stepping order (None: steps 0..k, as every stop of a pass shows when its stops keep the
        trace's order, and as a step inside a collapsed group shows)."""
        place = self._place.get(k)
        if place is None or self._order[place] != k:
            return None
        done = sorted(j for stop in self._order[: place + 1] for j in self.steps_of(stop))
        return None if done == list(range(k + 1)) else done

    def steps_of(self, k: int) -> list[int]:
        """The trace steps the stop at k stands for: [k], or a collapsed group's inner steps."""
        group = self._unit.get(k)
        if group is None or k != self._steps[group][-1]:
            return [k]
        return self._steps[group]

    def step_text(self, k: int, count: int, sep: str = " / ") -> str:
        """ "step 4 / 4", or at a collapsed group's stop the steps it stands for: "steps 3–4 / 4",
        "steps 2, 4–5 / 6", "26 steps (159–1000) / 1000" (core.step_numbers; numbered as the trace
        is, so as every exported frame is)."""
        return numbered_steps(self.steps_of(k), count, sep)

    def group_step(self, k: int) -> GroupStep | None:
        """The group step shown at trace step k (None: a node's own step)."""
        group = self._unit.get(k)
        if group is None or self.grouped is None:
            return None
        return next(s for s in self.grouped.steps if isinstance(s, GroupStep) and s.group == group)

    def collapsed_group(self, k: int) -> str | None:
        """The collapsed group whose step k is, which Dive In expands (None: k is a node's own step)."""
        return self._unit.get(k)

    def can_dive_in(self, k: int) -> bool:
        """Is step k a collapsed group's step that Dive In opens?"""
        return k in self._unit

    def inside(self, k: int) -> Inside | None:
        """At a step of a group dived into: the group, and which of its steps k is (None: k is not).
        In groups dived into one inside another: the innermost (the one of fewest steps)."""
        holding = [(len(steps), group) for group, steps in self.dived.items() if k in steps]
        if not holding:
            return None
        group = min(holding)[1]
        steps = self.dived[group]
        return Inside(group, self._graph.groups.get(group).name, steps.index(k) + 1, len(steps))

    def inside_text(self, k: int) -> str:
        """ "Inside layer1: step 2 of 3" ("" when k is not inside a group dived into)."""
        where = self.inside(k)
        return f"Inside {where.name}: step {where.index} of {where.count}" if where else ""

    def dive_in(self, group: str) -> int | None:
        """The group, just expanded, is dived into: its first step (None: it has none)."""
        if self._graph is None or group not in self._graph.groups:
            return None
        steps = self._enter(group)
        self._arrange()
        return steps[0] if steps else None

    def group_stop(self, group: str) -> int | None:
        """A collapsed group's stop (its last inner step; None: it is no collapsed group)."""
        steps = self._steps.get(group)
        return steps[-1] if steps else None


def group_stop_overlay(groups: GroupSteps, overlay, trace, k: int, convention: str):
    """Backward step k's overlay as stepping shows it: at a collapsed group's stop, titled with the
    group's name and the steps it stands for ("group₁ · steps 3–4 / 4", as the step bar says it),
    with every wire into the group that carries a gradient back lit and labelled (not only its last
    inner step's); the window and every export show it so."""
    done = groups.done_at(k)
    if done is not None:  # (stops out of the trace's order: the stops up to this one shown done)
        overlay = backward_overlay(groups.graph, trace, k, convention, done)
    if len(groups.steps_of(k)) == 1:
        return overlay
    step = groups.group_step(k)
    steps = groups.step_text(k, len(trace))
    title = backward_title(trace, k, convention, f"{elided(step.name)} · {steps}" if step is not None else steps)
    overlay = replace(overlay, title=title)
    if step is None:
        return overlay
    labels = _wire_labels(step, trace, convention)
    return replace(overlay, edge_labels=labels, edge_highlight=set(labels))


def _wire_labels(step: GroupStep, trace, convention: str) -> dict:
    """The wires from outside into a group step's nodes (a constant's carry nothing: it has no step
    input), each labelled with the gradient it carries back. A source feeding several members has
    one wire per member, all drawn into the card's one port: only the first is labelled."""
    members = set(step.nodes)
    out, lead = loss_label(trace), lead_shape(trace)
    labels: dict = {}
    named: set[str] = set()
    for inner in step.inner:
        for inp in inner.inputs:
            if inp.source in members:
                continue
            text = (
                "" if inp.source in named else cv.gradient_label(out, inp.source_label, inp.in_shape, convention, lead)
            )
            labels[(inp.source, inner.node, inp.port)] = text
            named.add(inp.source)
    return labels
