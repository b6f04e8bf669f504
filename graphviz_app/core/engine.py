"""Forward evaluation and reverse mode over a Graph, with an optional trace.

The graph is compiled once per structure into a `Plan`: one `PlanStep` per node,
in topological order. One forward walk serves evaluation, the scalar fast path
and forward mode; one reverse walk serves gradients, full Jacobians and the
backward trace, which it writes down when given a recorder.

Gradients always come from vector-Jacobian products, never from dense
Jacobians, so they stay exact and cheap for any size. A dense local Jacobian is
built only for a trace, once per step, and only up to `jacobian_limit` entries;
every local Jacobian can also give any window of its entries on demand
(`trace.JacobianEntries`), so a trace's memory grows with what is shown.
"""

from __future__ import annotations

import math
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from math import prod
from typing import Any

import numpy as np

from . import output_choice
from .domain_check import domain_vjp, undefined_values
from .errors import HINT_SEPARATOR, ShapeError, UserError
from .graph import Graph
from .local_jacobians import local_jacobians
from .naming import describe, display_label, display_labels, operand_names
from .ops import OpDef, fmt_shape, get_op
from .trace import (
    BackwardStep,
    BackwardTrace,
    ForwardStep,
    ForwardTrace,
    InputStep,
    TangentInput,
)

# a local Jacobian with more entries than this is not held densely in a trace (see local_jacobians)
JACOBIAN_LIMIT = 10**6
# a full Jacobian holds output size × input size numbers for every node: refuse beyond this many
FULL_JACOBIAN_LIMIT = 10**7
Shape = tuple[int, ...]


@dataclass
class Evaluation:
    """Values of every node that can be computed, and why the others cannot."""

    values: dict[str, np.ndarray]
    errors: dict[str, str] = field(default_factory=dict)  # the node's own problem
    blocked: dict[str, str] = field(default_factory=dict)  # node -> the failing node upstream
    warnings: dict[str, str] = field(default_factory=dict)  # nan or inf produced here
    undefined: dict[str, str] = field(default_factory=dict)  # where nan or inf began, and why (domain_check)
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


# -------------------------------------------------------------------- plan
@dataclass(frozen=True)
class PlanStep:
    """One node of the compiled graph."""

    node: str
    op: OpDef | None  # None: an input (variable or constant)
    sources: tuple[str | None, ...] = ()  # the producer in each port, None where nothing is connected
    params: dict[str, Any] = field(default_factory=dict)  # the op's parameters, defaults filled in

    @property
    def connected(self) -> bool:
        return None not in self.sources


@dataclass(frozen=True)
class Plan:
    """The graph compiled for the walks: rebuilt only when its structure changes."""

    version: int  # the graph's version it was compiled for
    order: tuple[str, ...]
    steps: tuple[PlanStep, ...]
    _upto: dict[str, tuple[PlanStep, ...]] = field(default_factory=dict, compare=False, repr=False)

    def upto(self, output: str) -> tuple[PlanStep, ...]:
        """The steps output depends on (itself included), in topological order."""
        found = self._upto.get(output)
        if found is None:
            by_node = {step.node: step for step in self.steps}
            needed, todo = {output}, [output]
            while todo:
                for src in by_node[todo.pop()].sources:
                    if src is not None and src not in needed:
                        needed.add(src)
                        todo.append(src)
            found = self._upto[output] = tuple(s for s in self.steps if s.node in needed)
        return found


_PLANS: weakref.WeakKeyDictionary[Graph, Plan] = weakref.WeakKeyDictionary()


def plan(graph: Graph) -> Plan:
    """The graph's plan, compiled again only after a change of its structure (its version)."""
    cached = _PLANS.get(graph)
    if cached is not None and cached.version == graph.version:
        return cached
    order = tuple(graph.topological_order())
    producers = {(v, k): u for u, v, k in graph.nx.edges(keys=True)}  # (one pass, not a query per node)
    steps = []
    for nid in order:
        node = graph.node(nid)
        if node.kind != "op":
            steps.append(PlanStep(nid, None))
            continue
        op = get_op(node.op)
        sources = tuple(producers.get((nid, p)) for p in range(op.arity))
        steps.append(PlanStep(nid, op, sources, op.params_with_defaults(node.params)))
    compiled = Plan(graph.version, order, tuple(steps))
    _PLANS[graph] = compiled
    return compiled


# ------------------------------------------------------------------- walks
def _walk_forward(
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


def _walk_reverse(
    steps: tuple[PlanStep, ...],
    values: dict[str, Any],
    grads: dict[str, Any],
    scalar: bool = False,
    recorder: _Stacks | None = None,
) -> dict[str, Any]:
    """Reverse mode over steps (an output and its ancestors) from the seed already in grads.

    Each op passes gradient · local Jacobian back through its vjp (scalar_vjp on plain
    floats when scalar); what reaches a node from several consumers is summed. A recorder
    is told each edge's contribution and, when it was added to earlier ones, the sum.
    """
    for step in reversed(steps):
        op = step.op
        if op is None:
            continue
        xs = [values[s] for s in step.sources]
        g, out = grads[step.node], values[step.node]
        if scalar:  # (plain floats: all finite, inside every domain)
            parts = op.scalar_vjp(g, xs, out, step.params)
        else:  # (undefined where an input lies outside the op's domain: core.domain_check)
            parts = domain_vjp(op, g, xs, out, step.params)
        for port, (src, part) in enumerate(zip(step.sources, parts)):
            prev = grads.get(src)
            grads[src] = acc = part if prev is None else prev + part
            if recorder is not None:
                recorder.edge(step, port, part, None if prev is None else acc)
    return grads


# -------------------------------------------------------------- evaluation
def evaluate(graph: Graph) -> Evaluation:
    """Evaluate every node in topological order; problems are recorded, not raised.

    Raises GraphError only for a cycle, where no order exists.
    """
    compiled = plan(graph)
    ev = Evaluation(values={}, order=list(compiled.order))

    def leaf(step: PlanStep) -> np.ndarray:
        value = graph.node(step.node).value
        return value if value is not None else np.zeros(())

    def apply(step: PlanStep, xs: list | None) -> np.ndarray | None:
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
                ev.errors[nid] = f"{describe(graph, nid)}: {which} not connected"
            else:
                src = next(s for s in step.sources if s not in ev.values)
                ev.blocked[nid] = ev.blocked.get(src, src)
            return None
        try:
            op.shape([x.shape for x in xs], step.params)
            out = op.forward(xs, step.params)
        except ShapeError as exc:
            names = operand_names(graph, nid, list(step.sources))  # (an unnamed op as what it computes: sin(x))
            ev.errors[nid] = shape_problem(describe(graph, nid), exc.message, names, [x.shape for x in xs], exc.hint)
            return None
        except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
            ev.errors[nid] = f"{describe(graph, nid)}: cannot evaluate ({exc})"
            return None
        if not (math.isfinite(out) if out.ndim == 0 else np.isfinite(out).all()):
            ev.warnings[nid] = f"{describe(graph, nid)}: the value contains nan or inf"
        return out

    with np.errstate(all="ignore"):
        _walk_forward(compiled.steps, ev.values, leaf, apply)
    if ev.warnings:  # the nodes where it began say why: log gets x = −1, ...
        ev.undefined = undefined_values(graph, ev)
        ev.warnings.update(ev.undefined)
    return ev


_SUPERSCRIPTS = set("⁰¹²³⁴⁵⁶⁷⁸⁹ˣ")


def shape_problem(who: str, message: str, names: list[str], shapes: list[Shape], hint: str = "") -> str:
    """An op's shape message as every surface says it (the window, the CLI, the Python API): its
    operands named before their shapes, after the op (who) unless the message begins with it, then
    the op's hint with the operands' names: "matmul: W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ — x
    must be ℝ² to match W's 2 columns (or W ℝ³ˣ³)", "softmax_xent(Z ℝ²ˣ³, Y ℝ¹ˣ³): …"."""
    named = _name_operands(message, names, shapes) + (f"{HINT_SEPARATOR}{hint.format(*names)}" if hint else "")
    return named if named.startswith((f"{who}(", f"{who} of ")) else f"{who}: {named}"


def _name_operands(message: str, names: list[str], shapes: list[Shape]) -> str:
    """An op's shape message with each operand's shape preceded by its card's name, so the reader
    knows which cards clash: "ℝ³ˣ² @ ℝ³: inner sizes …" -> "W ℝ³ˣ² @ x ℝ³: inner sizes …". The op
    writes the shapes in port order; where it does not, the operands are named before its words."""
    out, pos = message, 0
    for name, shape in zip(names, shapes):
        text = fmt_shape(shape)
        at = out.find(text, pos)
        while at >= 0 and out[at + len(text) : at + len(text) + 1] in _SUPERSCRIPTS:
            at = out.find(text, at + 1)  # ℝ is not the start of ℝ³
        if at < 0:
            listed = " and ".join(f"{n} {fmt_shape(s)}" for n, s in zip(names, shapes))
            return f"{listed}: {message}"
        out = f"{out[:at]}{name} {out[at:]}"
        pos = at + len(name) + 1 + len(text)
    return out


def resolve_output(graph: Graph, output: str | None) -> str:
    """The output's id: the one given (an id or a name), the graph's, or its only end node
    (core.output_choice, the rule the window and the CLI follow too)."""
    return output_choice.resolve_output(graph, output)


def _check_seed(seed, out_shape: Shape, label: str) -> np.ndarray:
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


# --------------------------------------------------------------- gradients
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
    seed = _check_seed(seed, ev.require(output).shape, display_label(graph, output))
    with np.errstate(all="ignore"):
        return _walk_reverse(plan(graph).upto(output), ev.values, {output: seed})


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
        values = _walk_forward(steps, {}, leaf, apply)
        grads = _walk_reverse(steps, values, {output: 1.0}, scalar=True)
    except (_NotScalar, ValueError, ArithmeticError):
        return None
    if not all(math.isfinite(v) for v in values.values()):
        return None
    return {nid: np.asarray(g) for nid, g in grads.items()}


def _check_full_jacobian_size(graph: Graph, output: str, ev: Evaluation, nodes: Iterable[str]) -> None:
    """A full Jacobian is one reverse pass per output entry: refuse one too big to hold, naming the culprit."""
    out = ev.values[output]
    sizes = [(ev.values[n].size, n) for n in nodes]
    if not sizes or out.size <= 1:
        return
    size, worst = max(sizes)
    if out.size * size > FULL_JACOBIAN_LIMIT:
        raise ShapeError(
            f'the full Jacobian of "{display_label(graph, output)}" {fmt_shape(out.shape)} with respect to '
            f'"{display_label(graph, worst)}" {fmt_shape(ev.values[worst].shape)} would hold {out.size * size:,} numbers, '
            f"more than {FULL_JACOBIAN_LIMIT:,}; use a seed vector (a vector-Jacobian product) or reduce the output to a scalar"
        )


def _basis_seeds(out_shape: Shape) -> Iterable[tuple[tuple[int, ...], np.ndarray]]:
    """Each entry of the output with its basis seed: one reverse pass per entry gives a full Jacobian."""
    for idx in np.ndindex(*out_shape):
        seed = np.zeros(out_shape)
        seed[idx] = 1.0
        yield idx, seed


def full_jacobians(
    graph: Graph, output: str | None = None, wrt: list[str] | None = None, evaluation: Evaluation | None = None
) -> dict[str, np.ndarray]:
    """∂output/∂node, of shape out_shape + node_shape, for each node in wrt (default: the variables).

    A node the output does not depend on gets zeros. Raises ShapeError when a Jacobian
    would hold more than FULL_JACOBIAN_LIMIT numbers.
    """
    output = resolve_output(graph, output)
    ev = evaluation or evaluate(graph)
    out_shape = ev.require(output).shape
    wrt = wrt if wrt is not None else [v.id for v in graph.variables()]
    _check_full_jacobian_size(graph, output, ev, [n for n in wrt if n in ev.values])
    result = {n: np.zeros(out_shape + ev.values[n].shape) for n in wrt if n in ev.values}

    steps = plan(graph).upto(output)
    with np.errstate(all="ignore"):
        for idx, seed in _basis_seeds(out_shape):
            grads = _walk_reverse(steps, ev.values, {output: seed})
            for n, jac in result.items():
                if n in grads:
                    jac[idx] = grads[n]
    return result


# ---------------------------------------------------------- backward trace
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
        _check_full_jacobian_size(graph, output, ev, [s.node for s in steps])
        out_shape = out_value.shape
        stacks = _Stacks(out_shape)
        with np.errstate(all="ignore"):
            for idx, basis in _basis_seeds(out_shape):
                stacks.index = idx  # this pass fills row idx of every stacked array
                _walk_reverse(steps, ev.values, {output: basis}, recorder=stacks)
        seed_used = np.eye(max(prod(out_shape), 1)).reshape(out_shape + out_shape)
        mode = "jacobian"
    else:
        seed_used, mode = _check_seed(seed, out_value.shape, display_label(graph, output)), "vjp"
        stacks = _Stacks()
        with np.errstate(all="ignore"):
            _walk_reverse(steps, ev.values, {output: seed_used}, recorder=stacks)
    written, grads = _backward_steps(graph, steps, ev.values, seed_used, stacks, jacobian_limit)
    return BackwardTrace(
        output, display_label(graph, output), out_value.shape, seed_used, mode, written, grads, dict(ev.values)
    )


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
    it received (a single contribution is its own sum), so no array is kept twice. Local
    Jacobians are computed here, once per step whatever the number of passes.
    """
    output = steps[-1].node  # the output comes after everything it depends on
    grads = {output: seed}
    path_count = Counter(src for step in steps for src in step.sources)
    received: Counter[str] = Counter()
    written: list[BackwardStep] = []
    labels = display_labels(graph)  # (once per pass: a step names its node and its inputs)
    for step in reversed(steps):
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
        for port, local in enumerate(local_jacobians(graph, step, values, limit)):
            src, key = step.sources[port], (step.node, port)
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
                )
            )
        written.append(record)
    return written, grads


# ------------------------------------------------------------ forward mode
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
        nid = graph.find(name)
        expected = ev.values[nid].shape
        if np.shape(t) != expected:
            raise ShapeError(
                f'the tangent of "{display_label(graph, nid)}" has shape {fmt_shape(np.shape(t))}, expected {fmt_shape(expected)}'
            )
    chosen = {graph.find(k): np.asarray(v, dtype=float) for k, v in tangents.items()}
    values = ev.values
    written: list[ForwardStep] = []

    def leaf(step: PlanStep) -> np.ndarray | None:
        if step.node not in values:
            return None
        value = values[step.node]
        tangent = chosen.get(step.node, np.zeros(value.shape))
        written.append(
            ForwardStep(
                len(written), step.node, display_label(graph, step.node), "leaf", None, value, value.shape, tangent
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
            display_label(graph, step.node),
            "op",
            node.op,
            outv,
            outv.shape,
            np.zeros(outv.shape),
        )
        total = np.zeros(outv.shape)
        for port, local in enumerate(local_jacobians(graph, step, values, jacobian_limit)):
            only = [t if p == port else None for p, t in enumerate(ts)]
            contribution = np.asarray(op.tangent(only, xs, outv, step.params))
            total = total + contribution
            src = step.sources[port]
            record.inputs.append(
                TangentInput(
                    port,
                    op.inputs[port],
                    src,
                    display_label(graph, src),
                    local.in_shape,
                    local.dense,
                    local.structure,
                    ts[port],
                    contribution,
                    local.entries,
                )
            )
        record.tangent = np.asarray(total)
        written.append(record)
        return record.tangent

    with np.errstate(all="ignore"):
        _walk_forward(steps, {}, leaf, apply)
    return ForwardTrace(out, chosen, written, dict(values))
