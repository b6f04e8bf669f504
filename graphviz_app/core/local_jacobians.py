"""Each input's local Jacobian ∂out/∂input of one op step, as a trace holds it.

Dense when it has at most `limit` entries; any window of its entries is always available
(`trace.JacobianEntries`), a row at a time from one VJP of a basis vector, so a trace's memory
grows with what is shown, not with the size of the Jacobians.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from .domain_check import domain_jacobians, domain_vjp
from .graph import Graph
from .naming import operand_texts
from .ops import OpDef
from .trace import JacobianEntries

# a local Jacobian with more entries than this is not held densely in a trace (the engine's default)
JACOBIAN_LIMIT = 10**6
# a local Jacobian beyond the limit is built densely from one VJP per output entry only while
# those VJPs read at most ROW_WORK × limit numbers in all (a step stays within milliseconds)
ROW_WORK = 10
# rows of a large local Jacobian kept once computed (each is one VJP, for every input at once)
ROWS_KEPT = 16
Shape = tuple[int, ...]


class LocalJacobian(NamedTuple):
    """One input's local Jacobian as a trace shows it (a tuple: made for every input of every
    step, and a frozen dataclass costs three times as much to make)."""

    in_shape: Shape
    dense: np.ndarray | None
    structure: str
    entries: JacobianEntries
    transposed_structure: str  # structure, written for the transpose the denominator layout shows


@dataclass(frozen=True)
class TraceOperands:
    """What a trace's structure texts write for the operands, worked out once per pass, not per
    step: every node as an input (naming.operand_texts), and what each transpose card transposes."""

    texts: dict[str, str]
    transposing: dict[str, str]  # a transpose card -> what it transposes, written as an input


def trace_operands(graph: Graph, steps) -> TraceOperands:
    """TraceOperands of an engine plan's steps (an output and everything it depends on)."""
    texts = operand_texts(graph, {step.node: step.sources for step in steps})
    transposing = {
        step.node: texts[step.sources[0]] if step.sources[0] is not None else step.op.inputs[0]
        for step in steps
        if step.op is not None and step.op.transposes and any(src is not None for src in step.sources)
    }
    return TraceOperands(texts, transposing)


def local_jacobians(
    graph: Graph, step, values: dict[str, np.ndarray], limit: int, operands: TraceOperands
) -> list[LocalJacobian]:
    """∂out/∂input for each input of an op step (an engine PlanStep): dense when it has at most
    limit entries. operands: what the structures write, worked out once for every step of the
    walk (trace_operands). Called by a walk over steps (a backward trace, forward mode) inside
    np.errstate(all="ignore"), entered once per walk, not per step (entering it costs more than a
    small step's numbers): a Jacobian holding nan or inf says so itself (core.domain_check), not by
    numpy's warnings."""
    op = step.op
    if op is None:
        return []
    xs = [values[s] for s in step.sources]
    out = values[step.node]
    small = [out.size * x.size <= limit for x in xs]
    dense: list[np.ndarray | None] = [None] * len(xs)
    if all(small):
        dense = domain_jacobians(op, list(op.local_jacobians(xs, out, step.params)), xs, out, step.params)
        vjps = None  # (rows are read from the dense Jacobians)
    else:
        vjps = basis_vjps(op, xs, out, step.params)
    if vjps is not None and out.size * (out.size + sum(x.size for x in xs)) <= limit * ROW_WORK:
        # the limit is per input: a small Jacobian beside a large one (∂(Φθ)/∂θ beside ∂(Φθ)/∂Φ)
        # is held densely too, row by row from VJPs, when those few VJPs are cheap
        for port, x in enumerate(xs):
            if small[port]:
                rows = JacobianEntries(out.shape, x.shape, jacobian_row(port, vjps, None))
                dense[port] = rows.window().reshape(out.shape + x.shape)
    shapes = [x.shape for x in xs]
    names = [operands.texts[src] for src in step.sources]  # (every source is connected: the step has a value)
    structures = op.structures(shapes, step.params, names)
    plain = transposed_operands(step.sources, names, operands)
    transposed = op.transposed_structures(shapes, step.params, names, plain, structures)
    return [
        LocalJacobian(
            x.shape,
            dense[port],
            structures[port],
            JacobianEntries(out.shape, x.shape, jacobian_row(port, vjps, dense[port], (out.size, x.size))),
            transposed[port],
        )
        for port, x in enumerate(xs)
    ]


def transposed_operands(sources, names: list[str], operands: TraceOperands) -> dict[str, str]:
    """The operands a transpose card computes (OpDef.transposes), by the names the structures
    write them with -> the name of what each transposes: the transpose of transpose₁(W) is W."""
    return {name: operands.transposing[src] for src, name in zip(sources, names) if src in operands.transposing}


def basis_vjps(op: OpDef, xs, out: np.ndarray, params) -> Callable[[int], list[np.ndarray]]:
    """i -> row i of every input's ∂out/∂input, flattened: one VJP of a basis vector serves all
    inputs, and the last few are kept (a table fetches the same rows for each input, then scrolls)."""

    @lru_cache(maxsize=ROWS_KEPT)
    def rows(i: int) -> list[np.ndarray]:
        basis = np.zeros(out.size)
        basis[i] = 1.0
        with np.errstate(all="ignore"):
            parts = domain_vjp(op, basis.reshape(out.shape), xs, out, params)
            return [np.reshape(part, -1) for part in parts]

    return rows


def jacobian_row(port: int, vjps, dense: np.ndarray | None, shape=(0, 0)) -> Callable[[int], np.ndarray]:
    """Row i of ∂out/∂xs[port] flattened: read from its dense Jacobian (shape: |out| × |input|),
    else from a basis vector's VJP."""
    if dense is None:
        return lambda i: vjps(i)[port]
    # (the matrix's own indexing, not a closure: one object per input instead of three, for the
    # garbage collector to walk through again and again while a 5000-step trace is alive)
    return dense.reshape(shape).__getitem__
