"""Forward evaluation: every node's value, or the reason it has none (recorded, not raised)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np

from .broadcast_doubt import broadcast_doubt
from .code_text import operands, transposed_operand
from .domain_check import finite, undefined_values
from .errors import ShapeError, UserError
from .graph import Graph
from .naming import describe, message_listing
from .plan import PlanStep, node_step, plan
from .shape_advice import shape_hint
from .shape_problem import explain_shape_problem
from .walks import walk_forward

Shape = tuple[int, ...]


@dataclass
class Evaluation:
    """Values of every node that can be computed, and why the others cannot."""

    values: dict[str, np.ndarray]
    errors: dict[str, str] = field(default_factory=dict)  # the node's own problem
    short_problems: dict[str, str] = field(default_factory=dict)  # the same, as its card has room for it
    clashes: set[str] = field(default_factory=set)  # the nodes of errors whose inputs' shapes do not fit
    fixes: dict[str, str] = field(default_factory=dict)  # a clash's fix, alone (the end of its error's text)
    unconnected: dict[str, list[str]] = field(default_factory=dict)  # node -> its input ports left empty
    blocked: dict[str, str] = field(default_factory=dict)  # node -> the failing node upstream
    warnings: dict[str, str] = field(default_factory=dict)  # nan or inf produced here
    undefined: dict[str, str] = field(default_factory=dict)  # where nan or inf began, and why (domain_check)
    # computed, but seldom as meant: a column against a vector broadcast to n×n (core.broadcast_doubt);
    # a warning, never an error, whole and as its card has room for it
    notes: dict[str, str] = field(default_factory=dict)
    short_notes: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def shape(self, node: str) -> Shape | None:
        value = self.values.get(node)
        return None if value is None else value.shape

    def problem(self, node: str) -> str | None:
        """The message explaining why node has no value (its own or the first one upstream)."""
        if node in self.errors:
            return self.errors[node]
        if node in self.blocked:
            return self.errors.get(self.blocked[node])
        return None

    def require(self, node: str) -> np.ndarray:
        problem = self.problem(node)
        if problem is not None:
            raise UserError(problem, self.blocked.get(node, node))
        return self.values[node]


def evaluate(graph: Graph) -> Evaluation:
    """Evaluate every node in topological order; problems are recorded, not raised.

    Raises GraphError only for a cycle, where no order exists.
    """
    compiled = plan(graph)
    ev = Evaluation(values={}, order=list(compiled.order))
    with np.errstate(all="ignore"):
        walk_forward(compiled.steps, ev.values, partial(_leaf, graph), partial(_apply, graph, ev))
    if ev.warnings:  # the nodes where it began say why: log gets x = −1, ...
        ev.undefined = undefined_values(graph, ev)
        ev.warnings.update(ev.undefined)
    return ev


def evaluate_added(graph: Graph, ev: Evaluation, node: str) -> Evaluation:
    """ev, the evaluation of graph before `node` was added, extended with that node: its value, or
    why it has none, as evaluate(graph) gives them, without walking the rest of the graph again
    (the Python API checks each op it adds so: a walk per op made building a graph O(n²)).
    `node` feeds nothing yet, so no other node's value changes; the other nodes' messages keep the
    words they were written with (sin, where a second sin now makes it sin₁). ev is changed, and
    returned."""
    step = node_step(graph, node, graph.inputs_of(node))  # (its `constant` unset: only the reverse walks read it)
    first = not ev.warnings
    with np.errstate(all="ignore"):
        walk_forward((step,), ev.values, partial(_leaf, graph), partial(_apply, graph, ev))
    ev.order.append(node)
    if ev.warnings:  # where it began: this node, or at the first value not finite, anywhere upstream
        found = undefined_values(graph, ev, None if first else [node])
        ev.undefined.update(found)
        ev.warnings.update(found)
    return ev


def _fail(graph: Graph, ev: Evaluation, nid: str, problem: str) -> None:
    ev.errors[nid], ev.short_problems[nid] = f"{describe(graph, nid)}: {problem}", problem


def _leaf(graph: Graph, step: PlanStep) -> np.ndarray:
    value = graph.node(step.node).value
    return value if value is not None else np.zeros(())


def _apply(graph: Graph, ev: Evaluation, step: PlanStep, xs: list | None) -> np.ndarray | None:
    """An op's value from its inputs' values xs (None: an input has none); else its problem, recorded in ev."""
    nid, op = step.node, step.op
    if xs is None:
        if not step.connected:
            missing = [op.inputs[p] for p, src in enumerate(step.sources) if src is None]
            which = (
                "its input is"
                if op.arity == 1
                else f"input {missing[0]} is"
                if len(missing) == 1
                else f"inputs {' and '.join(missing)} are"
            )
            _fail(graph, ev, nid, f"{which} not connected")
            ev.unconnected[nid] = missing
        else:
            src = next(s for s in step.sources if s not in ev.values)
            ev.blocked[nid] = ev.blocked.get(src, src)
        return None
    try:
        op.shape([x.shape for x in xs], step.params)
        out = op.forward(xs, step.params)
    except ShapeError as exc:
        names = operands(graph, step.sources)  # (named as their cards, matmul₁; typed as code, X @ W1)
        computed = [graph.node(src).kind == "op" for src in step.sources]
        shapes = [x.shape for x in xs]
        transposes = [transposed_operand(graph, src) for src in step.sources]
        hint = shape_hint(graph, op, list(step.sources), ev.values, step.params, exc, nid)
        said = explain_shape_problem(
            describe(graph, nid),
            exc.message,
            names,
            shapes,
            hint,
            computed,
            exc.transposed,
            transposes,
            op.broadcasts,
            listed=message_listing(graph, nid, list(step.sources)),
        )
        ev.errors[nid], ev.short_problems[nid] = said.text, said.short
        ev.clashes.add(nid)
        if said.fix:
            ev.fixes[nid] = said.fix
        return None
    except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
        _fail(graph, ev, nid, f"cannot evaluate ({exc})")
        return None
    if op.outer_by_mistake is not None:
        doubt = broadcast_doubt(graph, nid, op, list(step.sources), [x.shape for x in xs], out.shape)
        if doubt is not None:
            ev.notes[nid], ev.short_notes[nid] = doubt.text, doubt.short
    if not finite(out):
        ev.warnings[nid] = f"{describe(graph, nid)}: the value contains nan or inf"
    return out
