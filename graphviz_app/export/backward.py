"""The backward pass that exports show: the same one the editor animates."""

from __future__ import annotations

import sys

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


def warn_undefined(graph, trace=None) -> None:
    """Where a value (or, with a trace, a gradient) became nan or ±inf, and why, as `warning:`
    lines on stderr. The export goes on: the picture shows the nan as the editor does."""
    from ..core import domain_check, engine

    for message in domain_check.warnings(graph, engine.evaluate(graph), trace):
        print(f"warning: {message}", file=sys.stderr)
