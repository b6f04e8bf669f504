"""Each input's local Jacobian ∂out/∂input of one op step, as a trace holds it.

Dense when it has at most `limit` entries; any window of its entries is always available
(`trace.JacobianEntries`), a row at a time from one VJP of a basis vector, so a trace's memory
grows with what is shown, not with the size of the Jacobians.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .domain_check import domain_jacobians, domain_vjp
from .graph import Graph
from .naming import operand_names
from .ops import OpDef, get_op
from .trace import JacobianEntries

# a local Jacobian with more entries than this is not held densely in a trace (the engine's default)
JACOBIAN_LIMIT = 10**6
# a local Jacobian beyond the limit is built densely from one VJP per output entry only while
# those VJPs read at most ROW_WORK × limit numbers in all (a step stays within milliseconds)
ROW_WORK = 10
# rows of a large local Jacobian kept once computed (each is one VJP, for every input at once)
ROWS_KEPT = 16
Shape = tuple[int, ...]


@dataclass(frozen=True)
class LocalJacobian:
    """One input's local Jacobian as a trace shows it."""

    in_shape: Shape
    dense: np.ndarray | None
    structure: str
    entries: JacobianEntries
    transposed_structure: str  # structure, written for the transpose the denominator layout shows


def local_jacobians(
    graph: Graph, step, values: dict[str, np.ndarray], limit: int, operands: Mapping[str, str] | None = None
) -> list[LocalJacobian]:
    """∂out/∂input for each input of an op step (an engine PlanStep): dense when it has at most
    limit entries. operands: every node as the structures write it when it is an input, when the
    caller has worked them all out at once (naming.operand_texts: a backward trace)."""
    op = step.op
    if op is None:
        return []
    xs = [values[s] for s in step.sources]
    out = values[step.node]
    small = [out.size * x.size <= limit for x in xs]
    dense: list[np.ndarray | None] = [None] * len(xs)
    with np.errstate(all="ignore"):
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
    shapes, names = [x.shape for x in xs], operand_names(graph, step.node, list(step.sources), operands)
    structures = op.structures(shapes, step.params, names)
    plain = transposed_operands(graph, step.sources, names, operands)
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


def transposed_operands(
    graph: Graph, sources, names: list[str], operands: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The operands a transpose card computes (OpDef.transposes), by the names the structures
    write them with -> the name of what each transposes: the transpose of transpose₁(W) is W.
    operands: as for local_jacobians."""
    found = {}
    for src, name in zip(sources, names):
        node = graph.node(src)
        if node.kind == "op" and get_op(node.op).transposes and graph.inputs_of(src):
            found[name] = operand_names(graph, src, operands=operands)[0]
    return found


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
