"""The backward pass that exports show: the same one the editor animates."""

from __future__ import annotations

from ..core.errors import UserError
from .formats import ExportError


def backward_trace(graph):
    """The backward pass the editor animates: a scalar output's gradient, else the full Jacobian."""
    from ..core import engine

    evaluation = engine.evaluate(graph)
    output = graph.output
    if output is None:
        raise ExportError("the diagram has no output node, so it has no backward pass")
    seed = None if evaluation.shape(output) == () else "jacobian"
    try:
        return engine.backward(graph, seed=seed, evaluation=evaluation)
    except UserError as exc:
        raise ExportError(f"the diagram has no backward pass to show: {exc.message}") from None
