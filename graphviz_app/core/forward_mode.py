"""Forward mode (JVP): each node's tangent along a chosen direction, written down as a ForwardTrace."""

from __future__ import annotations

import numpy as np

from .errors import ShapeError
from .evaluation import Evaluation, evaluate
from .graph import Graph
from .local_jacobians import JACOBIAN_LIMIT, local_jacobians, trace_operands
from .naming import display_label, elided
from .ops import fmt_shape
from .output_choice import resolve_output
from .plan import PlanStep, plan
from .trace import ForwardStep, ForwardTrace, TangentInput
from .walks import walk_forward


def forward_mode(
    graph: Graph,
    tangents: dict[str, np.ndarray],
    output: str | None = None,
    evaluation: Evaluation | None = None,
    jacobian_limit: int = JACOBIAN_LIMIT,
) -> ForwardTrace:
    """Jacobian-vector products in topological order: each node's tangent along the chosen direction.

    tangents: variable name or id -> a direction of that variable's shape (others get zero).
    With an output (given or the graph's), only its subgraph is walked.
    """
    ev = evaluation or evaluate(graph)
    compiled = plan(graph)
    steps = compiled.steps
    out = None
    if output is not None or graph.output is not None:
        out = resolve_output(graph, output)
        ev.require(out)
        steps = compiled.upto(out)
    for name, t in tangents.items():
        nid = graph.node_id(name)
        expected = ev.values[nid].shape
        if np.shape(t) != expected:
            raise ShapeError(
                f'the tangent of "{display_label(graph, nid)}" has shape {fmt_shape(np.shape(t))}, expected {fmt_shape(expected)}'
            )
    chosen = {graph.node_id(k): np.asarray(v, dtype=float) for k, v in tangents.items()}
    values = ev.values
    written: list[ForwardStep] = []
    operands = trace_operands(graph, steps)  # (what the structures write, for every step at once)

    def leaf(step: PlanStep) -> np.ndarray | None:
        if step.node not in values:
            return None
        value = values[step.node]
        tangent = chosen.get(step.node, np.zeros(value.shape))
        written.append(
            ForwardStep(
                len(written),
                step.node,
                elided(display_label(graph, step.node)),
                "leaf",
                None,
                value,
                value.shape,
                tangent,
            )
        )
        return tangent

    def apply(step: PlanStep, ts: list | None) -> np.ndarray | None:
        if ts is None or step.node not in values:
            return None
        op, outv = step.op, values[step.node]
        xs = [values[s] for s in step.sources]
        node = graph.node(step.node)
        record = ForwardStep(
            len(written),
            step.node,
            elided(display_label(graph, step.node)),
            "op",
            node.op,
            outv,
            outv.shape,
            np.zeros(outv.shape),
        )
        total = np.zeros(outv.shape)
        for port, local in enumerate(local_jacobians(graph, step, values, jacobian_limit, operands)):
            only = [t if p == port else None for p, t in enumerate(ts)]
            contribution = np.asarray(op.tangent(only, xs, outv, step.params))
            total = total + contribution
            src = step.sources[port]
            record.inputs.append(
                TangentInput(
                    port,
                    op.inputs[port],
                    src,
                    elided(display_label(graph, src)),
                    local.in_shape,
                    local.dense,
                    local.structure,
                    ts[port],
                    contribution,
                    local.entries,
                    local.transposed_structure,
                )
            )
        record.tangent = np.asarray(total)
        written.append(record)
        return record.tangent

    with np.errstate(all="ignore"):
        walk_forward(steps, {}, leaf, apply)
    return ForwardTrace(out, chosen, written, dict(values))
