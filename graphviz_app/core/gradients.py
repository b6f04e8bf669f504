"""Gradients without a trace: reverse mode from a seed, with a fast path on plain floats for an
all-scalar subgraph. Gradients always come from vector-Jacobian products, never dense Jacobians."""

from __future__ import annotations

import math

import numpy as np

from .errors import ShapeError
from .evaluation import Evaluation, evaluate
from .graph import Graph
from .naming import display_label
from .ops import fmt_shape
from .output_choice import resolve_output
from .plan import PlanStep, plan
from .walks import walk_forward, walk_reverse

Shape = tuple[int, ...]


def check_seed(seed, out_shape: Shape, label: str) -> np.ndarray:
    if seed is None:
        if out_shape != ():
            raise ShapeError(
                f'the output "{label}" has shape {fmt_shape(out_shape)}: give a seed of that shape or ask for the full Jacobian'
            )
        return np.ones(())
    seed = np.asarray(seed, dtype=float)
    if seed.shape != out_shape:
        raise ShapeError(
            f'the seed has shape {fmt_shape(seed.shape)} but the output "{label}" has shape {fmt_shape(out_shape)}'
        )
    return seed


def gradients(
    graph: Graph, output: str | None = None, seed=None, evaluation: Evaluation | None = None
) -> dict[str, np.ndarray]:
    """∂L/∂node for every node the output depends on, L = ⟨seed, output⟩. No trace: the fast path.

    output: a node id or name (default: the graph's output). seed: an array of the output's
    shape, or None for a scalar output. evaluation: a result of evaluate(graph) to reuse.
    Raises UserError when the output has no value, ShapeError for a seed of the wrong shape.
    """
    output = resolve_output(graph, output)
    if evaluation is None and seed is None:
        fast = _scalar_gradients(graph, output)
        if fast is not None:
            return fast
    ev = evaluation or evaluate(graph)
    seed = check_seed(seed, ev.require(output).shape, display_label(graph, output))
    with np.errstate(all="ignore"):
        return walk_reverse(plan(graph).upto(output), ev.values, {output: seed})


class _NotScalar(Exception):
    """The scalar fast path does not apply: use the general one."""


def _scalar_gradients(graph: Graph, output: str) -> dict[str, np.ndarray] | None:
    """Reverse mode on plain floats when every node of the subgraph is a scalar.

    Returns None (use the general path) when some node is not a scalar, an op has no
    scalar rules, an input is missing, or the maths leaves the reals (log of a negative,
    overflow): the general path then reports it exactly as usual.
    """
    steps = plan(graph).upto(output)

    def leaf(step: PlanStep) -> float:
        value = graph.node(step.node).value
        if value is None or value.ndim != 0:
            raise _NotScalar
        return float(value)

    def apply(step: PlanStep, xs: list | None) -> float:
        if xs is None or step.op.scalar_forward is None or step.op.scalar_vjp is None:
            raise _NotScalar
        return step.op.scalar_forward(xs, step.params)

    try:
        values = walk_forward(steps, {}, leaf, apply)
        grads = walk_reverse(steps, values, {output: 1.0}, scalar=True)
    except (_NotScalar, ValueError, ArithmeticError):
        return None
    if not all(math.isfinite(v) for v in values.values()):
        return None
    return {nid: np.asarray(g) for nid, g in grads.items()}
