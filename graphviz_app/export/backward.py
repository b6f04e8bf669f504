"""The backward pass that exports show: the same one the editor animates."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from ..core.errors import UserError
from .formats import ExportError


def backward_trace(graph, output: str | None = None, path: str | None = None):
    """The backward pass the editor animates: a scalar output's gradient, else the full Jacobian.

    The output: the node --output names, else the diagram's, else its only end node (the rule of
    core.output_choice). A node --output names is set on `graph` (export's own copy), so its card
    is drawn as the output, as Set as Output marks it; an implied one is not: F6 from the only end
    node marks no card in the window, and a step's picture is the same from every way in.
    path: the file the diagram was read from, which a problem evaluating it names ("d.json: line 10: …")."""
    from ..core import engine
    from ..core.file_lines import said_of_file
    from ..core.output_choice import command_line_output

    try:
        chosen = command_line_output(graph, output)
    except UserError as exc:
        if output is not None:
            raise  # (--output names no node: its message says so)
        raise ExportError(f"the diagram has no backward pass to show: {exc.message}") from None
    if output is not None:
        graph.set_output(chosen)
    with said_of_file(path):  # ("d.json: line 10: the diagram has no backward pass to show: matmul₂: …")
        try:
            return engine.default_backward(graph, chosen)
        except UserError as exc:
            raise ExportError(f"the diagram has no backward pass to show: {exc.message}", exc.node) from None


def window_stepping(graph, trace):
    """The window's stepping of the trace (ui.animation.group_steps.GroupSteps), no group dived into."""
    from ..ui.animation.group_steps import GroupSteps

    groups = GroupSteps()
    groups.start(graph, trace)
    return groups


def backward_stops(graph, trace) -> list[int]:
    """The trace steps the window's stepping shows (→, play): every step, a collapsed group's steps
    once, at its last (ui.animation.group_steps, the window's own rule). Exports hold one frame per
    stop; without collapsed groups, every step."""
    return window_stepping(graph, trace).stops(len(trace))


def frames_text(graph=None, trace=None, count: int | None = None) -> str:
    """How many frames an export of every step holds, worded against the steps they show: "10
    frames, one per step", or with collapsed groups "8 frames for 10 steps (the 3 steps of layer1
    as one)". A pass without groups (or a forward pass: count alone) has one frame per step."""
    if trace is None:
        return f"{count} frames, one per step" if count != 1 else "1 frame, one per step"
    groups = window_stepping(graph, trace)
    stops = groups.stops(len(trace))
    merged = [k for k in stops if len(groups.steps_of(k)) > 1]
    if not merged:
        return frames_text(count=len(stops))
    as_one = ", ".join(f"the {len(groups.steps_of(k))} steps of {groups.group_step(k).name} as one" for k in merged)
    frames = "1 frame" if len(stops) == 1 else f"{len(stops)} frames"
    return f"{frames} for {len(trace)} steps ({as_one})"


class Stop(NamedTuple):
    """A stop of the backward pass as the pictures show it: its place in backward_stops (so its
    frame of every step), and the trace steps it shows (one, or a collapsed group's)."""

    place: int
    steps: list[int]


def stop_of(graph, trace, index: int) -> Stop:
    """The stop showing trace step `index`: its place in backward_stops (so its frame of every
    step), and its trace steps: the step's own, [index], or, inside a collapsed group, the group's
    steps, as its picture shows them ("steps 4–6 / 12"). A group's steps need not be
    adjacent ("steps 2, 4–5 / 6"): step 3 there is another node's stop. LaTeX at --step K (and the
    window's "at the step shown now") writes these steps, so it says what the picture shows."""
    groups = window_stepping(graph, trace)
    return next(
        Stop(place, groups.steps_of(k))
        for place, k in enumerate(groups.stops(len(trace)))
        if index in groups.steps_of(k)
    )


def check_step(count: int, step: int | None, file: str) -> int | None:
    """--step K names step K of the pass's count steps (1 to count), numbered as the pictures
    title it ("step K / N"; inside a collapsed group, "steps 4–6 / N"); returns its index (0 to
    count-1), None when no step is asked for."""
    if step is None:
        return None
    if not 1 <= step <= count:
        raise ExportError(
            f'--step {step} is out of range: the backward pass of "{Path(file).name}" {steps_text(count)}'
        )
    return step - 1


def steps_text(count) -> str:
    """How steps are numbered, in every message about one: "has 6 steps (1 to 6)" (count: a number
    of steps, or a trace)."""
    count = count if isinstance(count, int) else len(count)
    return "has 1 step (step 1)" if count == 1 else f"has {count} steps (1 to {count})"


PROBLEMS_SAID = 5  # the nodes whose problem a warning names; more are counted


def warn_undefined(graph, trace=None, path: str | None = None) -> None:
    """What the picture shows without a value, as `warning:` lines on stderr: a node that cannot be
    evaluated (a shape problem, an unconnected input), in the words `grad` uses, and where a value
    (or, with a trace, a gradient) became nan or ±inf, and why. The export goes on: the picture
    shows the problem as the editor does (a red card, "no value" after it). path: the file the
    diagram was read from, which each problem names with its node's line ("d.json: line 10: …")."""
    from ..core import domain_check, engine
    from ..core.file_lines import in_file, node_lines

    ev = engine.evaluate(graph)
    problems = list(ev.errors.items())
    if path is not None and problems:
        lines = node_lines(path)
        problems = [(failing, in_file(path, message, failing, lines)) for failing, message in problems]
    after_each = Counter(ev.blocked.values())  # (blocked: a card -> the failing card before it)
    for failing, message in problems[:PROBLEMS_SAID]:
        after = after_each[failing]
        blocked = (
            f"; {after} card{'s' if after != 1 else ''} after it {'have' if after != 1 else 'has'} no value"
            if after
            else ""
        )
        print(f"warning: {message} (exported as it is{blocked})", file=sys.stderr)
    if len(problems) > PROBLEMS_SAID:
        print(f"warning: and {len(problems) - PROBLEMS_SAID} more cards that cannot be evaluated", file=sys.stderr)
    for message in domain_check.warnings(graph, ev, trace):
        print(f"warning: {message}", file=sys.stderr)
