"""The reverse pass written down step by step (a BackwardTrace): the reverse walk with a recorder,
then one step per node with its local Jacobians (dense only up to a limit)."""

from __future__ import annotations

from collections import Counter
from math import prod

import numpy as np

from .evaluation import Evaluation, evaluate
from .full_jacobian import basis_seeds, check_full_jacobian_size
from .gradients import check_seed
from .graph import Graph
from .local_jacobians import JACOBIAN_LIMIT, local_jacobians, trace_operands
from .naming import display_label, display_labels, elided
from .output_choice import resolve_output
from .plan import PlanStep, plan
from .trace import BackwardStep, BackwardTrace, InputStep
from .walks import walk_reverse

Shape = tuple[int, ...]


class _Stacks:
    """What the reverse walk passes along each edge: its contribution and, where several meet,
    the partial sum. With a lead shape (a full Jacobian), each pass fills the row `index` of
    arrays of shape lead + the source's shape."""

    def __init__(self, lead: Shape = ()):
        self.lead = lead
        self.index: tuple[int, ...] = ()
        self.contributions: dict[tuple[str, int], np.ndarray] = {}
        self.sums: dict[tuple[str, int], np.ndarray] = {}  # only where a contribution was added to others

    def _put(self, table: dict, key, value) -> None:
        if not self.lead:
            table[key] = np.asarray(value)
            return
        stacked = table.get(key)
        if stacked is None:
            stacked = table[key] = np.zeros(self.lead + np.shape(value))
        stacked[self.index] = value

    def edge(self, step: PlanStep, port: int, contribution, accumulated) -> None:
        self._put(self.contributions, (step.node, port), contribution)
        if accumulated is not None:
            self._put(self.sums, (step.node, port), accumulated)


def backward(
    graph: Graph,
    output: str | None = None,
    seed=None,
    evaluation: Evaluation | None = None,
    jacobian_limit: int = JACOBIAN_LIMIT,
) -> BackwardTrace:
    """The reverse pass written down step by step (a BackwardTrace).

    seed: None for a scalar output, an array of the output's shape (L = ⟨seed, output⟩),
    or "jacobian" for the full Jacobian: every gradient then carries the output's shape in
    front, from one reverse pass per output entry. Local Jacobians with more than
    jacobian_limit entries are not held densely (their `entries` compute any window).
    """
    output = resolve_output(graph, output)
    ev = evaluation or evaluate(graph)
    out_value = ev.require(output)
    steps = plan(graph).upto(output)
    if isinstance(seed, str) and seed == "jacobian":
        # (the walk keeps a stacked array per edge, and a partial sum for each further edge into a node)
        edges = [src for s in steps for src in s.sources]
        sums = [src for src, n in Counter(edges).items() for _ in range(n - 1)]
        check_full_jacobian_size(graph, output, ev, edges + sums)
        out_shape = out_value.shape
        stacks = _Stacks(out_shape)
        with np.errstate(all="ignore"):
            for idx, basis in basis_seeds(out_shape):
                stacks.index = idx  # this pass fills row idx of every stacked array
                walk_reverse(steps, ev.values, {output: basis}, recorder=stacks)
        seed_used = np.eye(max(prod(out_shape), 1)).reshape(out_shape + out_shape)
        mode = "jacobian"
    else:
        seed_used, mode = check_seed(seed, out_value.shape, display_label(graph, output)), "vjp"
        stacks = _Stacks()
        with np.errstate(all="ignore"):
            walk_reverse(steps, ev.values, {output: seed_used}, recorder=stacks)
    with np.errstate(all="ignore"):  # (local_jacobians is called inside it: entered once per pass)
        written, grads = _backward_steps(graph, steps, ev.values, seed_used, stacks, jacobian_limit)
    return BackwardTrace(
        output, elided(display_label(graph, output)), out_value.shape, seed_used, mode, written, grads, dict(ev.values)
    )


def _backward_steps(
    graph: Graph,
    steps: tuple[PlanStep, ...],
    values: dict[str, np.ndarray],
    seed: np.ndarray,
    stacks: _Stacks,
    limit: int,
) -> tuple[list[BackwardStep], dict[str, np.ndarray]]:
    """The trace's steps, in the order gradients complete, and every node's gradient.

    Built from what the reverse walk recorded: a node's gradient is the last partial sum
    it received (a single contribution is its own sum), so no array is kept twice. Constants,
    and ops on constants only, get no gradient: no step of their own, no input step into them. Local
    Jacobians are computed here, once per step whatever the number of passes.
    """
    output = steps[-1].node  # the output comes after everything it depends on
    grads = {output: seed}
    constants = {step.node for step in steps if step.constant}  # no gradient, so no step
    path_count = Counter(src for step in steps if not step.constant for src in step.sources)
    received: Counter[str] = Counter()
    written: list[BackwardStep] = []
    # (once per pass: a step names its node and its inputs, a long name shortened as headings show it)
    labels = {nid: elided(label) for nid, label in display_labels(graph).items()}
    operands = trace_operands(graph, steps)  # (what the structures write, for every step at once)
    for step in reversed(steps):
        if step.node in constants and step.node != output:
            continue
        value = values[step.node]
        kind = "seed" if step.node == output else ("op" if step.op is not None else "leaf")
        record = BackwardStep(
            len(written),
            step.node,
            labels.get(step.node, step.node),
            kind,
            step.op.name if step.op is not None else None,
            value,
            value.shape,
            grads[step.node],
        )
        for port, local in enumerate(
            local_jacobians(graph, step, values, limit, operands) if step.node not in constants else ()
        ):
            src, key = step.sources[port], (step.node, port)
            if src in constants:  # (the step shows its Jacobians with respect to what gets a gradient)
                continue
            received[src] += 1
            contribution = stacks.contributions[key]
            grads[src] = stacks.sums.get(key, contribution)
            record.inputs.append(
                InputStep(
                    port,
                    step.op.inputs[port],
                    src,
                    labels.get(src, src),
                    local.in_shape,
                    local.dense,
                    local.structure,
                    contribution,
                    grads[src],
                    received[src],
                    path_count[src],
                    local.entries,
                    local.transposed_structure,
                )
            )
        written.append(record)
    return written, grads
