"""Traces -> SceneOverlay: what the canvas draws at step k. Pure functions, no widgets.

Used by the animation controller and by export (an exported frame is exactly
what the canvas shows). An overlay is a function of (trace, k, layout) only,
so stepping back shows exactly what was shown before.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ...core import conventions as cv
from ...core import number_text
from ...core.engine import Evaluation
from ...core.graph import Graph
from ...core.naming import display_label, display_labels, elided
from ...core.shape_text import shape_text
from ...core.step_numbers import numbered_steps
from ...core.trace import BackwardTrace, ForwardTrace
from ..overlay import ACTIVE, FINISHED, PENDING, RECEIVING, EdgeKey, SceneOverlay

BADGE_ITEMS = 3  # entries of a vector shown in a badge before "…"
BADGE_LINE = 30  # longer badges break after the symbol and shape, so neighbours do not collide
# a sum rule written out (4 + 2 = 6) no longer than this; else only its result, "(sum of 3 paths)":
# [a, b, c] + [d, e, f] = [g, …] ran under the neighbours' badges, its result hidden (the
# Inspector writes every contribution)
SUM_LINE = 40


def _badge_text(head: str, shape_text: str, value: str, joiner: str = " = ") -> str:
    """ "∂L/∂x = 6  1×1" on one line when short, else a number broken after "∂L/∂x =", read in
    the same order ("−0.0001916  1×1" under it); a vector's or matrix's entries under the heading
    "∂L/∂x  1×3", as a table is (the badge no wider than its entries: labels keep their room)."""
    line = f"{head}{joiner}{value}  {shape_text}"
    if len(line) <= BADGE_LINE:
        return line
    if value.startswith("["):  # a vector's or matrix's entries: under a heading with its shape, as a table's
        return f"{head}  {shape_text}\n{value}"
    return f"{head}{joiner.rstrip()}\n{value}  {shape_text}"


def loss_label(trace: BackwardTrace) -> str:
    """The name of what is differentiated: the output, or L = ⟨seed, output⟩ for a seeded vector."""
    if trace.output_shape == () or trace.mode == "jacobian":
        return trace.output_label
    return "L"


def lead_shape(trace: BackwardTrace) -> tuple[int, ...]:
    """The output's shape in front of every gradient of a full-Jacobian trace, else ()."""
    return tuple(trace.output_shape) if trace.mode == "jacobian" else ()


def _grad_text(trace: BackwardTrace, node: str, label: str, grad: np.ndarray, convention: str) -> str:
    shape = np.shape(trace.values[node])
    p = cv.gradient(grad, shape, convention, lead_shape(trace), loss_label(trace), label)
    return cv.short_presented(p, BADGE_ITEMS)


def backward_title(trace: BackwardTrace, k: int, convention: str, steps: str = "") -> str:
    """ "Backward · step 4 / 10 · numerator layout"; steps: what is said of the step, when not
    "step 4 / 10" (a collapsed group's "group₁ · steps 3–4 / 4")."""
    kind = "Backward (full Jacobian)" if trace.mode == "jacobian" else "Backward"
    return f"{kind} · {steps or numbered_steps([k], len(trace))} · {cv.short_name(convention)}"


def step_edges(trace: BackwardTrace | ForwardTrace, k: int) -> list[EdgeKey]:
    """The edges a step's gradients (or tangents) travel along, in port order."""
    if not 0 <= k < len(trace.steps):
        return []
    step = trace.steps[k]
    return [(inp.source, step.node, inp.port) for inp in step.inputs]


def backward_overlay(
    graph: Graph, trace: BackwardTrace, k: int, convention: str, done: list[int] | None = None
) -> SceneOverlay:
    """Step k of the reverse pass: roles, gradient badges, the current step's edges labelled.
    done: the steps whose results show, in the trace's order (None: steps 0..k; a collapsed
    group's stop out of the trace's order shows its own and the stops' before it, group_steps)."""
    k = max(0, min(k, len(trace) - 1))
    done = list(range(k + 1)) if done is None else done
    state = trace.state_of(done, k)
    step = trace.steps[k]
    finished = set(state.finished)
    receiving = {inp.source for inp in step.inputs}
    out = loss_label(trace)
    lead = lead_shape(trace)
    roles, badges = {}, {}
    received: dict[str, list] = {}
    for j in done:
        for inp in trace.steps[j].inputs:
            received.setdefault(inp.source, []).append(inp)
    for s in trace.steps:
        nid = s.node
        if nid == state.active:
            roles[nid] = ACTIVE
        elif nid in finished:
            roles[nid] = FINISHED
        elif nid in receiving:
            roles[nid] = RECEIVING
        else:
            roles[nid] = PENDING
        if nid in state.partial:
            badges[nid] = _badge(
                trace, s.node, s.label, state.partial[nid], received.get(nid, []), nid in finished, convention
            )
    labels = {
        (inp.source, step.node, inp.port): cv.gradient_label(out, inp.source_label, inp.in_shape, convention, lead)
        for inp in step.inputs
    }
    overlay = _step_overlay(backward_title(trace, k, convention), roles, badges, labels, backward=True)
    return replace(overlay, seed=trace.output if _trivial_seed(trace) else "")


def _trivial_seed(trace: BackwardTrace) -> bool:
    """The seed is ∂L/∂L = 1 (a scalar output's), which says nothing about the graph."""
    return trace.mode != "jacobian" and np.size(trace.seed) == 1 and float(np.ravel(trace.seed)[0]) == 1.0


def _step_overlay(title: str, roles: dict, badges: dict, labels: dict, backward: bool) -> SceneOverlay:
    """A step's picture: the edges it labels are the ones highlighted; no marker yet."""
    return SceneOverlay(
        title=title,
        node_roles=roles,
        node_badges=badges,
        edge_labels=labels,
        edge_highlight=set(labels),
        marker=None,
        marker_backward=backward,
    )


def _order_role(i: int, k: int) -> str:
    """In a pass that visits nodes one by one: before step k finished, at it active, after pending."""
    return ACTIVE if i == k else (FINISHED if i < k else PENDING)


def _badge(
    trace: BackwardTrace, node: str, label: str, state_grad, contributions: list, complete: bool, convention: str
) -> str:
    """ "∂L/∂x = [1, 2]  1×2"; with several consumers the contributions and their running sum (only
    the sum when that is long)."""
    shape = np.shape(trace.values[node])
    sym = cv.symbol(loss_label(trace), label)
    shape_text = cv.gradient_shape_text(shape, convention, lead_shape(trace))
    total = _grad_text(trace, node, label, state_grad, convention)
    count = contributions[0].path_count if contributions else 1
    if count > 1:
        parts = [_grad_text(trace, node, label, c.contribution, convention) for c in contributions]
        sums = parts[0] + "".join(f" − {p[1:]}" if p.startswith("−") else f" + {p}" for p in parts[1:])  # 7 − 1
        done = complete or len(parts) == count
        progress = "" if done else f"  ({len(parts)} of {count})"
        value = f"{sums} + …" if len(parts) == 1 else f"{sums} = {total}"
        if len(value) > SUM_LINE:  # the sum so far, the number the reader wants, kept in view
            progress = f"  (sum of {count} paths)" if done else progress
            value = total if done else f"{total} + …"
        return _badge_text(sym, shape_text + progress, value)
    return _badge_text(sym, shape_text, total)


# ----------------------------------------------------------- live gradients
def live_loss_label(graph: Graph, output: str, seeded: bool) -> str:
    """What live gradients are of: the output as its card names it, L = ⟨seed, output⟩ for a vector."""
    return "L" if seeded else elided(display_label(graph, output))


def gradients_overlay(
    graph: Graph, evaluation: Evaluation, output: str, grads: dict, convention: str, seeded: bool
) -> SceneOverlay:
    """View → Live gradients: every card's gradient of the output (core.engine.gradients), as
    the last step of Backward shows it, with no step, roles or edge labels. `seeded`: the
    output is a vector and the gradients are of L = ⟨seed, output⟩."""
    names = {nid: elided(label) for nid, label in display_labels(graph).items()}  # (long names shortened)
    loss = live_loss_label(graph, output, seeded)
    values = evaluation.values
    shape_texts = {}  # a shape -> its gradient's shape text (written once: most cards share a few shapes)
    badges = {}
    for nid, grad in grads.items():
        value, name = values.get(nid), names.get(nid)
        if value is None or name is None:
            continue
        shape = value.shape
        if shape not in shape_texts:
            shape_texts[shape] = cv.gradient_shape_text(shape, convention)
        badges[nid] = _badge_text(
            cv.symbol(loss, name),
            shape_texts[shape],
            number_text.short_matrix(cv.gradient_matrix(grad, shape, convention), BADGE_ITEMS),
        )
    title = f"Live gradients of {names[output]} · {cv.short_name(convention)}"
    if seeded:
        title += f" · L = ⟨seed, {names[output]}⟩"
    return SceneOverlay(title=title, node_badges=badges)


# ------------------------------------------------------------ forward mode
def tangent_symbol(label: str) -> str:
    """The tangent of a node along the chosen direction v: ∂u·v."""
    return f"∂{label}·v"


def forward_overlay(graph: Graph, ftrace: ForwardTrace, k: int, convention: str) -> SceneOverlay:
    """Step k of forward mode: tangents flow from the variables towards the output."""
    k = max(0, min(k, len(ftrace) - 1))
    roles, badges = {}, {}
    for s in ftrace.steps:
        roles[s.node] = _order_role(s.index, k)
        if s.index <= k:
            p = cv.tangent(s.tangent, s.out_shape, convention, s.label)
            badges[s.node] = _badge_text(tangent_symbol(s.label), p.shape_text, cv.short_presented(p, BADGE_ITEMS))
    step = ftrace.steps[k]
    labels = {
        (
            inp.source,
            step.node,
            inp.port,
        ): f"{tangent_symbol(inp.source_label)}  {cv.tangent_shape_text(inp.in_shape, convention)}"
        for inp in step.inputs
    }
    title = f"Forward mode (JVP) · {numbered_steps([k], len(ftrace))} · {cv.short_name(convention)}"
    return _step_overlay(title, roles, badges, labels, backward=False)


# ----------------------------------------------------------- forward values
def value_order(graph: Graph, evaluation: Evaluation) -> list[str]:
    """The nodes that have a value, in the topological order they are computed."""
    return [n for n in evaluation.order if n in evaluation.values and n in graph]


def value_edges(graph: Graph, order: list[str], k: int) -> list[EdgeKey]:
    if not 0 <= k < len(order):
        return []
    node = order[k]
    return sorted(((src, node, port) for port, src in graph.inputs_of(node).items()), key=lambda e: e[2])


def values_overlay(graph: Graph, evaluation: Evaluation, order: list[str], k: int) -> SceneOverlay:
    """Step k of the forward evaluation: values appear node by node in topological order."""
    k = max(0, min(k, len(order) - 1))
    names = {nid: elided(label) for nid, label in display_labels(graph).items()}  # (long names shortened)
    roles, badges = {}, {}
    for i, nid in enumerate(order):
        roles[nid] = _order_role(i, k)
        if i <= k:
            value = evaluation.values[nid]
            badges[nid] = _badge_text(names[nid], _shape_word(value.shape), number_text.short(value, BADGE_ITEMS))
    labels = {
        key: f"{names[key[0]]}  {_shape_word(evaluation.values[key[0]].shape)}" for key in value_edges(graph, order, k)
    }
    title = f"Forward values · {numbered_steps([k], len(order))}"
    return _step_overlay(title, roles, badges, labels, backward=False)


def _shape_word(shape) -> str:
    """A value's shape as its card writes it: ∈ ℝ, ∈ ℝ³, ∈ ℝ³ˣ² (the gradients' 1×3 beside it in
    Backward are their layout's rows×columns, so those stay)."""
    return f"∈ {shape_text(tuple(shape))}"


# ------------------------------------------------------------------ marker
def marker_overlay(base: SceneOverlay, edge: EdgeKey, fraction: float) -> SceneOverlay:
    """The same picture with a marker travelling along edge (0 = start of the travel, 1 = end)."""
    return replace(base, marker=(edge, max(0.0, min(1.0, float(fraction)))))
