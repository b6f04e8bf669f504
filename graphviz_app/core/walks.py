"""The two walks over a plan: forward in topological order, reverse from a seed (vector-Jacobian
products, optionally told to a recorder that writes the trace down)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from .domain_check import domain_vjp
from .plan import PlanStep


class EdgeRecorder(Protocol):
    """Told what the reverse walk passes along each edge (see backward_trace)."""

    def edge(self, step: PlanStep, port: int, contribution, accumulated) -> None: ...


def walk_forward(
    steps: Iterable[PlanStep],
    results: dict[str, Any],
    leaf: Callable[[PlanStep], Any],
    apply: Callable[[PlanStep, list | None], Any],
) -> dict[str, Any]:
    """Give each node a result in topological order: leaf(step) for an input, apply(step, xs) for an op.

    xs are the results of the op's sources, or None when a port is empty or a source has
    no result. A node whose leaf or apply returns None gets no result.
    """
    for step in steps:
        if step.op is None:
            result = leaf(step)
        else:
            xs = None
            if step.connected and all(s in results for s in step.sources):
                xs = [results[s] for s in step.sources]
            result = apply(step, xs)
        if result is not None:
            results[step.node] = result
    return results


def walk_reverse(
    steps: tuple[PlanStep, ...],
    values: dict[str, Any],
    grads: dict[str, Any],
    scalar: bool = False,
    recorder: EdgeRecorder | None = None,
) -> dict[str, Any]:
    """Reverse mode over steps (an output and its ancestors) from the seed already in grads.

    Each op passes gradient · local Jacobian back through its vjp (scalar_vjp on plain
    floats when scalar); what reaches a node from several consumers is summed. A recorder
    is told each edge's contribution and, when it was added to earlier ones, the sum.
    Constants (and ops on constants only) get no gradient: nothing flows into them.
    """
    constants = {step.node for step in steps if step.constant}
    for step in reversed(steps):
        op = step.op
        if op is None or step.constant:
            continue
        xs = [values[s] for s in step.sources]
        g, out = grads[step.node], values[step.node]
        if scalar:  # (plain floats: all finite, inside every domain)
            parts = op.scalar_vjp(g, xs, out, step.params)
        else:  # (undefined where an input lies outside the op's domain: core.domain_check)
            parts = domain_vjp(op, g, xs, out, step.params)
        for port, (src, part) in enumerate(zip(step.sources, parts)):
            if src in constants:
                continue
            prev = grads.get(src)
            grads[src] = acc = part if prev is None else prev + part
            if recorder is not None:
                recorder.edge(step, port, part, None if prev is None else acc)
    return grads
