"""The backward pass that exports show: the same one the editor animates."""

from __future__ import annotations

import sys

from ..core.errors import GraphError, UserError
from .formats import ExportError


def backward_trace(graph, output: str | None = None):
    """The backward pass the editor animates: a scalar output's gradient, else the full Jacobian.

    The output: the node --output names, else the diagram's, else its only end node (the rule of
    core.output_choice). It is set on `graph` (export's own copy) so its card is drawn as the
    output, as F6 sets it in the editor."""
    from ..core import engine
    from ..core.output_choice import resolve_output

    if output is not None:
        try:
            output = graph.find(output)
        except GraphError:
            raise ExportError(f'--output {output}: the diagram has no node named "{output}"') from None
    try:
        output = resolve_output(graph, output, choose="--output NAME")
    except UserError as exc:
        raise ExportError(f"the diagram has no backward pass to show: {exc.message}") from None
    graph.set_output(output)
    evaluation = engine.evaluate(graph)
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
