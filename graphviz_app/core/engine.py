"""Forward evaluation and reverse mode over a Graph, with an optional trace.

Gradients always come from vector-Jacobian products, never from dense
Jacobians, so they stay exact and cheap for any size. Dense local Jacobians
are built only for the trace, and only up to `jacobian_limit` entries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from math import prod

import numpy as np

from .errors import GraphError, ShapeError, UserError
from .graph import Graph
from .naming import describe, display_label, operand_names
from .ops import fmt_shape, get_op
from .trace import BackwardStep, BackwardTrace, ForwardStep, ForwardTrace, InputStep, TangentInput

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


@dataclass
class _Plan:
    """The graph compiled for evaluation: rebuilt only when its structure changes."""

    key: tuple[int, int, int]
    order: list[str]
    # per node in order: (id, Node, OpDef or None, source ids or None when an input is missing, params)
    entries: list[tuple]
    subgraphs: dict = field(default_factory=dict)  # output -> its ancestors in order (cached)


def _plan(graph: Graph) -> _Plan:
    key = (graph.version, len(graph), graph.number_of_edges())
    cached = getattr(graph, "_engine_plan", None)
    if cached is not None and cached.key == key:
        return cached
    order = graph.topological_order()
    entries = []
    for nid in order:
        node = graph.node(nid)
        if node.kind != "op":
            entries.append((nid, node, None, None, None))
            continue
        op = get_op(node.op)
        ports = graph.inputs_of(nid)
        sources = [ports[p] for p in range(op.arity)] if len(ports) == op.arity else None
        entries.append((nid, node, op, sources, op.params_with_defaults(node.params)))
    plan = _Plan(key, order, entries)
    graph._engine_plan = plan
    return plan


def evaluate(graph: Graph) -> Evaluation:
    """Evaluate every node in topological order; problems are recorded, not raised.

    Raises GraphError only for a cycle, where no order exists.
    """
    plan = _plan(graph)
    ev = Evaluation(values={}, order=plan.order)
    values, errors, blocked = ev.values, ev.errors, ev.blocked
    if not plan.entries:
        return ev  # an empty graph: nothing to compute (and numpy need not be imported yet)
    with np.errstate(all="ignore"):
        for nid, node, op, sources, params in plan.entries:
            if op is None:
                values[nid] = node.value if node.value is not None else np.zeros(())
                continue
            if sources is None:
                ports = graph.inputs_of(nid)
                missing = [op.inputs[p] for p in range(op.arity) if p not in ports]
                which = f"input {missing[0]} is" if len(missing) == 1 else f"inputs {' and '.join(missing)} are"
                errors[nid] = f"{describe(graph, nid)}: {which} not connected"
                continue
            try:
                xs = [values[s] for s in sources]
            except KeyError:
                src = next(s for s in sources if s not in values)
                blocked[nid] = blocked.get(src, src)
                continue
            try:
                op.shape([x.shape for x in xs], params)
                out = op.forward(xs, params)
            except ShapeError as exc:
                errors[nid] = f"{describe(graph, nid)}: {exc.message}"
                continue
            except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
                errors[nid] = f"{describe(graph, nid)}: cannot evaluate ({exc})"
                continue
            if not (math.isfinite(out) if out.ndim == 0 else np.isfinite(out).all()):
                ev.warnings[nid] = f"{describe(graph, nid)}: the value contains nan or inf"
            values[nid] = out
    return ev


def _subgraph_order(graph: Graph, output: str, ev: Evaluation) -> list[str]:
    """Topological order of the output and everything it depends on."""
    plan = _plan(graph)
    if output not in plan.subgraphs:
        needed = graph.ancestors(output) | {output}
        plan.subgraphs[output] = [n for n in plan.order if n in needed]
    return plan.subgraphs[output]


def _resolve_output(graph: Graph, output: str | None) -> str:
    output = output or graph.output
    if output is None:
        raise GraphError("no output node is chosen")
    return graph.find(output)


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


def gradients(
    graph: Graph, output: str | None = None, seed=None, evaluation: Evaluation | None = None
) -> dict[str, np.ndarray]:
    """∂L/∂node for every node the output depends on, L = ⟨seed, output⟩. No trace: the fast path."""
    output = _resolve_output(graph, output)
    if evaluation is None and seed is None:
        fast = _scalar_gradients(graph, output)
        if fast is not None:
            return fast
    ev = evaluation or evaluate(graph)
    out_value = ev.require(output)
    grads = {output: _check_seed(seed, out_value.shape, display_label(graph, output))}
    values = ev.values
    plan = _plan(graph)
    needed = set(_subgraph_order(graph, output, ev))
    with np.errstate(all="ignore"):
        for nid, _node, op, sources, params in reversed(plan.entries):
            if op is None or nid not in needed:
                continue
            xs = [values[s] for s in sources]
            for src, g in zip(sources, op.vjp(grads[nid], xs, values[nid], params)):
                prev = grads.get(src)
                grads[src] = g if prev is None else prev + g
    return grads


def _scalar_gradients(graph: Graph, output: str) -> dict[str, np.ndarray] | None:
    """Reverse mode on plain floats when every node of the subgraph is a scalar.

    Returns None (use the general path) when some node is not a scalar, an op has no
    scalar rules, an input is missing, or the maths leaves the reals (log of a negative,
    overflow): the general path then reports it exactly as usual.
    """
    plan = _plan(graph)
    try:
        entries = plan.subgraphs[("scalar", output)]
    except KeyError:
        needed = graph.ancestors(output) | {output}
        entries = [e for e in plan.entries if e[0] in needed]
        plan.subgraphs[("scalar", output)] = entries
    values: dict[str, float] = {}
    try:
        for nid, node, op, sources, params in entries:
            if op is None:
                value = node.value
                if value is None or value.ndim != 0:
                    return None
                values[nid] = float(value)
            elif sources is None or op.scalar_forward is None or op.scalar_vjp is None:
                return None
            else:
                values[nid] = op.scalar_forward([values[s] for s in sources], params)
        grads: dict[str, float] = {output: 1.0}
        for nid, node, op, sources, params in reversed(entries):  # noqa: B023,B007,B018
            if op is None:
                continue
            xs = [values[s] for s in sources]
            for src, g in zip(sources, op.scalar_vjp(grads[nid], xs, values[nid], params)):
                grads[src] = grads.get(src, 0.0) + g
    except (ValueError, ArithmeticError):
        return None
    if not all(math.isfinite(v) for v in values.values()):
        return None
    return {nid: np.asarray(g) for nid, g in grads.items()}


def backward(
    graph: Graph,
    output: str | None = None,
    seed=None,
    evaluation: Evaluation | None = None,
    jacobian_limit: int = JACOBIAN_LIMIT,
) -> BackwardTrace:
    """The reverse pass written down step by step. seed="jacobian" asks for the full Jacobian."""
    output = _resolve_output(graph, output)
    ev = evaluation or evaluate(graph)
    out_value = ev.require(output)
    label = display_label(graph, output)
    if isinstance(seed, str) and seed == "jacobian":
        return _jacobian_trace(graph, output, ev, jacobian_limit)
    seed = _check_seed(seed, out_value.shape, label)
    return _vjp_trace(graph, output, seed, ev, jacobian_limit)


def _vjp_trace(graph: Graph, output: str, seed: np.ndarray, ev: Evaluation, limit: int) -> BackwardTrace:
    order = _subgraph_order(graph, output, ev)
    inside = set(order)
    path_count = {n: sum(1 for e in graph.consumers_of(n) if e.dst in inside) for n in order}
    received = {n: 0 for n in order}
    grads: dict[str, np.ndarray] = {output: seed}
    values = ev.values
    steps: list[BackwardStep] = []
    with np.errstate(all="ignore"):
        for nid in reversed(order):
            node = graph.node(nid)
            grad = grads.get(nid)
            if grad is None:  # cannot happen for an ancestor, but stay safe
                grad = np.zeros(values[nid].shape)
                grads[nid] = grad
            kind = "seed" if nid == output else ("op" if node.kind == "op" else "leaf")
            step = BackwardStep(
                len(steps), nid, display_label(graph, nid), kind, node.op, values[nid], values[nid].shape, grad
            )
            if node.kind == "op":
                op = get_op(node.op)
                params = op.params_with_defaults(node.params)
                ports = graph.inputs_of(nid)
                sources = [ports[p] for p in range(op.arity)]
                xs = [values[s] for s in sources]
                out = values[nid]
                contributions = op.vjp(grad, xs, out, params)
                dense = None
                if all(out.size * x.size <= limit for x in xs):
                    dense = op.local_jacobians(xs, out, params)
                structures = op.structures([x.shape for x in xs], params, operand_names(graph, nid, sources))
                for port, (src, x, g) in enumerate(zip(sources, xs, contributions)):
                    prev = grads.get(src)
                    acc = g if prev is None else prev + g
                    grads[src] = acc
                    received[src] += 1
                    jac = dense[port] if dense is not None else None
                    step.inputs.append(
                        InputStep(
                            port,
                            op.inputs[port],
                            src,
                            display_label(graph, src),
                            x.shape,
                            jac,
                            structures[port],
                            np.asarray(g),
                            np.asarray(acc),
                            received[src],
                            path_count[src],
                        )
                    )
            steps.append(step)
    return BackwardTrace(
        output, display_label(graph, output), values[output].shape, seed, "vjp", steps, grads, dict(values)
    )


def _check_full_jacobian_size(graph: Graph, output: str, ev: Evaluation, nodes) -> None:
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


def _jacobian_trace(graph: Graph, output: str, ev: Evaluation, limit: int) -> BackwardTrace:
    """One reverse pass per output entry, stacked: every gradient gains the output's shape in front."""
    out_shape = ev.values[output].shape
    _check_full_jacobian_size(graph, output, ev, _subgraph_order(graph, output, ev))
    traces = []
    for idx in np.ndindex(*out_shape):
        seed = np.zeros(out_shape)
        seed[idx] = 1.0
        traces.append(_vjp_trace(graph, output, seed, ev, limit))
    base = traces[0]

    def stack(arrays):
        return np.stack(arrays).reshape(out_shape + arrays[0].shape)

    for k, step in enumerate(base.steps):
        step.grad = stack([t.steps[k].grad for t in traces])
        for p, inp in enumerate(step.inputs):
            inp.contribution = stack([t.steps[k].inputs[p].contribution for t in traces])
            inp.accumulated = stack([t.steps[k].inputs[p].accumulated for t in traces])
    base.gradients = {n: stack([t.gradients[n] for t in traces]) for n in base.gradients}
    base.seed = np.eye(max(int(prod(out_shape)), 1)).reshape(out_shape + out_shape)
    base.mode = "jacobian"
    return base


def full_jacobians(
    graph: Graph, output: str | None = None, wrt: list[str] | None = None, evaluation: Evaluation | None = None
) -> dict[str, np.ndarray]:
    """∂output/∂node, of shape out_shape + node_shape, for each node in wrt (default: the variables)."""
    output = _resolve_output(graph, output)
    ev = evaluation or evaluate(graph)
    out_shape = ev.require(output).shape
    wrt = wrt if wrt is not None else [v.id for v in graph.variables()]
    _check_full_jacobian_size(graph, output, ev, [n for n in wrt if n in ev.values])
    result = {n: np.zeros(out_shape + ev.values[n].shape) for n in wrt if n in ev.values}
    for idx in np.ndindex(*out_shape):
        seed = np.zeros(out_shape)
        seed[idx] = 1.0
        grads = gradients(graph, output, seed, ev)
        for n in result:
            if n in grads:
                result[n][idx] = grads[n]
    return result


def forward_mode(
    graph: Graph,
    tangents: dict[str, np.ndarray],
    output: str | None = None,
    evaluation: Evaluation | None = None,
    jacobian_limit: int = JACOBIAN_LIMIT,
) -> ForwardTrace:
    """Jacobian-vector products in topological order: each node's tangent along the chosen direction."""
    ev = evaluation or evaluate(graph)
    order = list(ev.order)
    if output is not None or graph.output is not None:
        out = _resolve_output(graph, output)
        ev.require(out)
        order = _subgraph_order(graph, out, ev)
    else:
        out = None
    for name, t in tangents.items():
        nid = graph.find(name)
        expected = ev.values[nid].shape
        if np.shape(t) != expected:
            raise ShapeError(
                f'the tangent of "{display_label(graph, nid)}" has shape {fmt_shape(np.shape(t))}, expected {fmt_shape(expected)}'
            )
    chosen = {graph.find(k): np.asarray(v, dtype=float) for k, v in tangents.items()}
    values = ev.values
    tans: dict[str, np.ndarray] = {}
    steps: list[ForwardStep] = []
    with np.errstate(all="ignore"):
        for nid in order:
            if nid not in values:
                continue
            node = graph.node(nid)
            if node.kind != "op":
                t = chosen.get(nid, np.zeros(values[nid].shape))
                tans[nid] = t
                steps.append(
                    ForwardStep(
                        len(steps), nid, display_label(graph, nid), "leaf", None, values[nid], values[nid].shape, t
                    )
                )
                continue
            op = get_op(node.op)
            params = op.params_with_defaults(node.params)
            ports = graph.inputs_of(nid)
            sources = [ports[p] for p in range(op.arity)]
            xs = [values[s] for s in sources]
            outv = values[nid]
            ts = [tans[s] for s in sources]
            dense = (
                op.local_jacobians(xs, outv, params) if all(outv.size * x.size <= jacobian_limit for x in xs) else None
            )
            structures = op.structures([x.shape for x in xs], params, operand_names(graph, nid, sources))
            step = ForwardStep(
                len(steps), nid, display_label(graph, nid), "op", node.op, outv, outv.shape, np.zeros(outv.shape)
            )
            total = np.zeros(outv.shape)
            for port, (src, x, t) in enumerate(zip(sources, xs, ts)):
                only = [t if p == port else None for p in range(op.arity)]
                contribution = np.asarray(op.tangent(only, xs, outv, params))
                total = total + contribution
                step.inputs.append(
                    TangentInput(
                        port,
                        op.inputs[port],
                        src,
                        display_label(graph, src),
                        x.shape,
                        dense[port] if dense is not None else None,
                        structures[port],
                        t,
                        contribution,
                    )
                )
            step.tangent = np.asarray(total)
            tans[nid] = step.tangent
            steps.append(step)
    return ForwardTrace(out, chosen, steps, dict(values))


@dataclass
class GradCheckEntry:
    node: str
    label: str
    analytic: np.ndarray
    numeric: np.ndarray
    rel_error: float


@dataclass
class GradCheck:
    entries: list[GradCheckEntry]
    max_rel_error: float
    tolerance: float

    @property
    def passed(self) -> bool:
        return self.max_rel_error <= self.tolerance


def _richardson(central, eps: float) -> np.ndarray:
    """The derivative from central differences at steps 100·eps … eps/100, Richardson-extrapolated.

    One fixed step fails on steep functions (cos of a high power: the h² error dominates) and on
    flat ones (rounding dominates). Like Ridders' method, keep the extrapolation whose neighbours
    agree best.
    """
    steps = [eps * 100 / 4**k for k in range(7)]
    diffs = [central(h) for h in steps]
    # halving h by 4 each time: (16·D(h/4) − D(h)) / 15 removes the h² term
    rich = [(16 * b - a) / 15 for a, b in zip(diffs, diffs[1:])]
    spread = [float(np.abs(b - a).max(initial=0.0)) for a, b in zip(rich, rich[1:])]
    best = int(np.argmin(spread))
    return rich[best + 1]


def gradcheck(graph: Graph, output: str | None = None, eps: float = 1e-6, tolerance: float = 1e-5) -> GradCheck:
    """Compare ∂output/∂variable with central finite differences for every variable."""
    output = _resolve_output(graph, output)
    work = graph.copy()
    ev = evaluate(work)
    analytic = full_jacobians(work, output, evaluation=ev)
    entries = []
    for var in work.variables():
        if var.id not in analytic:
            continue
        base = var.value.copy()
        numeric = np.zeros(analytic[var.id].shape)
        for idx in np.ndindex(*base.shape):

            def central(h: float) -> np.ndarray:
                plus, minus = base.copy(), base.copy()  # noqa: B023,B007,B018  # noqa: B023,B007,B018
                plus[idx] += h  # noqa: B023,B007,B018
                minus[idx] -= h  # noqa: B023,B007,B018
                var.value = plus  # noqa: B023,B007,B018
                f_plus = evaluate(work).require(output)
                var.value = minus  # noqa: B023,B007,B018
                f_minus = evaluate(work).require(output)
                return (f_plus - f_minus) / (2 * h)

            numeric[(...,) + idx] = _richardson(central, eps * max(1.0, abs(float(base[idx]))))
        var.value = base
        a = analytic[var.id]
        scale = max(float(np.abs(a).max(initial=0.0)), float(np.abs(numeric).max(initial=0.0)), 1.0)
        err = float(np.abs(a - numeric).max(initial=0.0)) / scale
        entries.append(GradCheckEntry(var.id, display_label(graph, var.id), a, numeric, err))
    worst = max((e.rel_error for e in entries), default=0.0)
    return GradCheck(entries, worst, tolerance)
