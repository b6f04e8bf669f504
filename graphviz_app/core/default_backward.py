"""Which backward pass is shown when nobody chose a seed: a gradient, else the full Jacobian."""

from __future__ import annotations

from .backward_trace import backward
from .evaluation import Evaluation, evaluate
from .graph import Graph
from .local_jacobians import JACOBIAN_LIMIT
from .output_choice import resolve_output
from .trace import BackwardTrace


def default_backward(
    graph: Graph,
    output: str | None = None,
    evaluation: Evaluation | None = None,
    jacobian_limit: int = JACOBIAN_LIMIT,
) -> BackwardTrace:
    """The backward pass shown when nobody chose a seed (an export, the Chain rule dock, `grad`): a
    scalar output's gradient, else the full Jacobian of a vector or matrix output."""
    output = resolve_output(graph, output)
    ev = evaluation or evaluate(graph)
    seed = None if ev.require(output).shape == () else "jacobian"
    return backward(graph, output, seed=seed, evaluation=ev, jacobian_limit=jacobian_limit)
