"""Where a number stopped being one: the first nodes whose value (or gradient) became nan or
±inf from finite inputs, said as a reader needs it.

    log gets x = −1: log is defined for positive numbers only; its value is nan
    sqrt gets x = 0, where its derivative 1/(2√x) is not finite: ∂sqrt/∂x is inf

Only the node where it began is named: everything downstream of a nan is nan too, and saying
so for each node would bury the cause. An op says where it is defined (OpDef.defined_for);
an op defined everywhere that still gives inf has overflowed. Qt-free; reads an evaluation
and a trace, computes nothing but the tests of finiteness (and the op's own domain mask).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .conventions import symbol
from .entry_names import entry_of
from .naming import describe, display_label
from .number_text import fmt_number
from .ops import get_op

MAX_WARNINGS = 5  # told one by one; beyond, a count
_FLOAT_MAX = "1.8 × 10³⁰⁸"


@dataclass(frozen=True)
class Undefined:
    node: str  # where it began (an id: messages name it as its card does)
    message: str
    source: str = ""  # for a gradient: the input it was passed back to


_FEW = 16  # entries: up to this many floats, finiteness is asked of each in Python


def finite(value) -> bool:
    """Whether every entry is a number (None: nothing to say). A few floats are asked one by one:
    numpy's test on a 3-vector costs about as much as the op that made it, and it runs for every
    value an evaluation makes and every gradient Live Gradients shows."""
    if value is None:
        return True
    if isinstance(value, np.ndarray) and value.size <= _FEW and value.dtype.kind == "f":
        return all(map(math.isfinite, value.ravel().tolist()))
    return bool(np.isfinite(value).all())


# ------------------------------------------------------- outside the domain
# The one rule for derivatives there: an output entry whose input lies outside the op's domain
# (log at x = −1 has no value, so no slope) has no derivative, unless the op declares the limit
# its derivative has there (OpDef.limits_outside: ∂(1/x)/∂x → −∞ at 0 from both sides). The
# gradient passed back to each input entry it reads is nan (or gradient · limit) where a non-zero
# gradient arrives through such an entry, and exact elsewhere (those entries pass back nothing,
# not the formula's 0·inf); a dense local Jacobian has nan (or the limit) in such an entry's row at
# the input entries it reads, and 0 in the rest of that row. The engine, full Jacobians and the
# local Jacobians (dense or a row at a time) all come from here.
def outside_domain(op, xs, out, params) -> np.ndarray | None:
    """Which output entries (out's shape) got an input outside the op's domain; None: none did.
    (Only elementwise ops declare a domain: an output entry reads one entry of each input.)"""
    if op.defined_for is None or finite(out):
        return None
    _, inside, _ = op.defined_for(xs, params)
    outside = ~np.broadcast_to(np.asarray(inside, dtype=bool), np.shape(out))
    return outside if outside.any() else None


def domain_vjp(op, g, xs, out, params) -> list:
    """op.vjp(g, ...) with the rule above where some output entry lies outside the domain. An
    entry a zero gradient arrives through passes back 0 too, even where the derivative is inf
    (√ at 0): 0 flows, not IEEE's 0·inf = nan."""
    if op.defined_for is None:
        return op.vjp(g, xs, out, params)
    outside = outside_domain(op, xs, out, params)
    if outside is None:
        parts = op.vjp(g, xs, out, params)
        if all(finite(part) for part in parts):
            return parts
        outside = np.zeros(np.shape(out), dtype=bool)
    g = np.broadcast_to(np.asarray(g, dtype=float), np.shape(out))
    silent = outside | (g == 0)  # entries that pass back nothing
    full = [np.broadcast_to(x, np.shape(out)) for x in xs]  # each part then holds one output entry's share
    parts = op.vjp(np.where(silent, 0.0, g), full, out, params)
    hit = outside & (g != 0)
    with np.errstate(all="ignore"):  # (g · limit is also formed where it is not used: 0 · inf)
        edges = [np.where(hit, g * limit, 0.0) for limit in _limits(op, full, out, params)]
    return [_sum_to(np.where(silent, 0.0, part) + edge, x.shape) for x, part, edge in zip(xs, parts, edges)]


def _limits(op, full: list, out, params) -> list:
    """Per input, the op's derivative where an input lies outside its domain (the output's shape):
    the limit it declares (OpDef.limits_outside), nan where it declares none."""
    if op.limits_outside is None:
        return [np.full(np.shape(out), np.nan) for _ in full]
    with np.errstate(all="ignore"):
        return [
            np.broadcast_to(np.asarray(limit, dtype=float), np.shape(out)) for limit in op.limits_outside(full, params)
        ]


def domain_jacobians(op, jacobians: list, xs, out, params) -> list:
    """Dense local Jacobians (out_shape + x_shape each) with the rule above."""
    outside = outside_domain(op, xs, out, params)
    if outside is None:
        return jacobians
    rows = np.flatnonzero(outside)
    limits = _limits(op, [np.broadcast_to(x, out.shape) for x in xs], out, params)
    masked = []
    for x, jac, limit in zip(xs, jacobians, limits):
        read = np.broadcast_to(np.arange(x.size).reshape(x.shape), out.shape).reshape(-1)  # entry each row reads
        flat = np.array(np.reshape(jac, (out.size, x.size)), dtype=float)
        flat[rows] = 0.0
        flat[rows, read[rows]] = np.reshape(limit, -1)[rows]
        masked.append(flat.reshape(np.shape(jac)))
    return masked


def _sum_to(a: np.ndarray, shape) -> np.ndarray:
    """a (the output's shape) summed over the axes broadcasting stretched an input of shape to."""
    a = np.asarray(a).sum(axis=tuple(range(np.ndim(a) - len(shape))))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and a.shape[i] != 1)
    return (a.sum(axis=stretched, keepdims=True) if stretched else a).reshape(shape)


# ------------------------------------------------------------------ values
def undefined_values(graph, evaluation, nodes: list[str] | None = None) -> dict[str, str]:
    """node id -> why its value is nan or inf, for each node where that began (topological order):
    an input holding such a number, or an op given finite inputs. nodes: only those (a node just
    added, core.evaluation.evaluate_added); every node when None."""
    if not evaluation.warnings:  # the engine warns for every op whose value is not finite
        return {}
    return _values_undefined(graph, evaluation.values, evaluation.order if nodes is None else nodes)


def _values_undefined(graph, values, order) -> dict[str, str]:
    found: dict[str, str] = {}
    for nid in order:
        value = values.get(nid)
        if value is None or finite(value):
            continue
        node = graph.node(nid)
        if node.kind != "op":
            found[nid] = f"{describe(graph, nid)} holds {_entry_text(graph, nid, value)}"
            continue
        sources = _sources(graph, nid)
        if all(finite(values.get(s)) for s in sources):
            found[nid] = _value_reason(graph, nid, sources, values)
    return found


def _sources(graph, nid: str) -> list[str]:
    ports = graph.inputs_of(nid)
    return [ports[p] for p in sorted(ports)]


def _value_reason(graph, nid: str, sources: list[str], values) -> str:
    node = graph.node(nid)
    op = get_op(node.op)
    params = op.params_with_defaults(node.params)
    xs = [values[s] for s in sources]
    out = values[nid]
    where = _first_bad(out)
    said = _result_text(graph, nid, out, where)
    if op.category != "elementwise":
        return f"{describe(graph, nid)}: {said}, although its inputs are finite{_overflow(out, where)}"
    if op.defined_for is not None:
        port, inside, sentence = op.defined_for(xs, params)
        inside = np.broadcast_to(np.asarray(inside, dtype=bool), out.shape)
        if sentence and not inside[where]:
            src = sources[port]
            entry = _input_entry(graph, src, values[src], where)
            return f"{describe(graph, nid)} gets {entry}: {sentence}; {said}"
    entries = ", ".join(dict.fromkeys(_input_entry(graph, s, values[s], where) for s in sources))  # x·x: x once
    return f"{describe(graph, nid)} gets {entries}: {said}{_overflow(out, where)}"


def _overflow(out: np.ndarray, where: tuple[int, ...]) -> str:
    return f" (beyond ±{_FLOAT_MAX}: too large for a floating-point number)" if np.isinf(out[where]) else ""


def _number(x: float) -> str:
    return fmt_number(x)


def _first_bad(value: np.ndarray) -> tuple[int, ...]:
    """The multi-index of the first entry that is nan or ±inf (C order)."""
    flat = int(np.flatnonzero(~np.isfinite(value))[0])
    return tuple(int(i) for i in np.unravel_index(flat, value.shape))


def _source_index(shape: tuple[int, ...], where: tuple[int, ...]) -> tuple[int, ...]:
    """The entry of an input of shape that broadcasting sends to the output's entry where."""
    tail = where[len(where) - len(shape) :] if shape else ()
    return tuple(0 if n == 1 else i for n, i in zip(shape, tail))


def _input_entry(graph, src: str, value: np.ndarray, where: tuple[int, ...]) -> str:
    """x = −1, entry 2 of x = −1 (the entry that went in at the output's entry where)."""
    index = _source_index(value.shape, where)
    return f"{entry_of(display_label(graph, src), index)} = {_number(float(value[index]))}"


def _entry_text(graph, nid: str, value: np.ndarray) -> str:
    where = _first_bad(value)
    return f"{entry_of(display_label(graph, nid), where)} = {_number(float(value[where]))}"


def _result_text(graph, nid: str, value: np.ndarray, where: tuple[int, ...]) -> str:
    """its value is nan, or for a tensor: entry 2 of log is nan (and 2 more entries)."""
    bad = _number(float(value[where]))
    if value.ndim == 0:
        return f"its value is {bad}"
    more = int((~np.isfinite(value)).sum()) - 1
    others = f" (and {more} more {'entry' if more == 1 else 'entries'})" if more else ""
    return f"{entry_of(display_label(graph, nid), where)} is {bad}{others}"


# --------------------------------------------------------------- gradients
def undefined_gradients(graph, trace) -> list[Undefined]:
    """Each edge of a backward pass that first passed back nan or ±inf, everything it used being
    finite (the gradient arriving, the node's value and its inputs'): a derivative that is not
    finite where the value is (√ at 0), or an overflow."""
    found: list[Undefined] = []
    if all(finite(g) for g in trace.gradients.values()):
        return found  # (a contribution that is not finite makes its source's gradient so too)
    values = trace.values
    out_label = display_label(graph, trace.output)
    for step in trace.steps:
        if not finite(step.grad) or not finite(step.value):
            continue
        for inp in step.inputs:
            if finite(inp.contribution) or not finite(values.get(inp.source)):
                continue
            if not all(finite(values.get(s)) for s in _sources(graph, step.node)):
                continue
            found.append(Undefined(step.node, _gradient_reason(graph, step, inp, out_label, values), inp.source))
    return found


def _gradient_reason(graph, step, inp, out_label: str, values) -> str:
    contribution = np.asarray(inp.contribution)
    where = _first_bad(contribution)
    bad = _number(float(contribution[where]))
    target = symbol(out_label, display_label(graph, inp.source))
    lead = len(contribution.shape) - len(inp.in_shape)
    entry_index = where[lead:]
    source_value = values[inp.source]
    entry = f"{entry_of(display_label(graph, inp.source), entry_index)} = {_number(float(source_value[entry_index]))}"
    op = get_op(step.op)
    if op.category == "elementwise" and inp.structure:
        node = describe(graph, step.node)
        return f"{node} gets {entry}, where its derivative {inp.structure} is not finite: {target} is {bad}"
    return (
        f"{describe(graph, step.node)} passes back {bad} to {display_label(graph, inp.source)}, "
        f"although every number it uses is finite: {target} is {bad}{_overflow(contribution, where)}"
    )


# ------------------------------------------------------------------ report
def first_undefined(graph, trace, on: set[str] | None = None) -> str:
    """Why a backward pass has a gradient that is nan or ±inf: where the first value, or else the
    first gradient, stopped being a number (as the status bar says it); "" when all are finite.
    With on (the nodes on the paths from one variable to the output), only a cause on those paths
    (a value there, a gradient passed along them), or else a value one of them reads: log(x) + √y
    at 0 is undefined in y because √ gets y = 0, not because log gets x = 0."""
    order = [n for n in graph.topological_order() if n in trace.values]
    values = _values_undefined(graph, trace.values, order)
    gradients = undefined_gradients(graph, trace)
    if on is None:
        reasons = list(values.values()) + [u.message for u in gradients]
        return reasons[0] if reasons else ""
    read = {s for n in on for s in _sources(graph, n)} - on  # values the paths' Jacobians may use
    reasons = [why for nid, why in values.items() if nid in on]
    reasons += [u.message for u in gradients if u.node in on and u.source in on]
    reasons += [why for nid, why in values.items() if nid in read]
    return reasons[0] if reasons else ""


def warnings(graph, evaluation, trace=None) -> list[str]:
    """The messages a command prints: where values became undefined, then gradients (when a
    trace is given), at most MAX_WARNINGS and a count of the rest."""
    messages = list(evaluation.undefined.values())
    if trace is not None:
        messages += [u.message for u in undefined_gradients(graph, trace)]
    if len(messages) > MAX_WARNINGS:
        rest = len(messages) - MAX_WARNINGS + 1
        messages = messages[: MAX_WARNINGS - 1] + [f"and {rest} more nodes where a value or gradient became nan or inf"]
    return messages
