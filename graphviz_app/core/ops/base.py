"""How an op is declared: everything about it in one place (as a JAX primitive).

An `OpDef` holds the shape rule, the forward function, the vector-Jacobian
product (reverse mode), the Jacobian-vector product (forward mode), the local
Jacobian (dense, for display), a structured description of that Jacobian for
when it is too big to show densely, and the symbolic derivative formula.

Gradients are always computed with `vjp`; dense Jacobians exist only to be
shown and checked. Adding an op is one `register(OpDef(...))` call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import GraphError, ShapeError

Shape = tuple[int, ...]
Arrays = Sequence["np.ndarray"]  # a string: naming numpy here would import it
Params = dict[str, Any]

CATEGORIES = ("elementwise", "linear algebra", "reductions", "losses")


@dataclass(frozen=True)
class Formula:
    """A local derivative written out: one line of unicode, a 2-D pretty form, LaTeX."""

    input: str
    unicode: str
    latex: str
    pretty: str


@dataclass(frozen=True)
class OpDef:
    name: str
    category: str
    symbol: str  # drawn on the node: "sin", "@", "+"
    inputs: tuple[str, ...]  # port names, in port order
    description: str
    shape: Callable[[list[Shape], Params], Shape]
    forward: Callable[[Arrays, Params], np.ndarray]
    # vjp(g, inputs, out, params) -> one gradient per input, each of that input's shape
    vjp: Callable[[np.ndarray, Arrays, np.ndarray, Params], list[np.ndarray]]
    # jvp(tangents, inputs, out, params) -> tangent of the output; a tangent may be None (zero)
    jvp: Callable[[list[np.ndarray | None], Arrays, np.ndarray, Params], np.ndarray] | None = None
    # jacobian(inputs, out, params) -> dense ∂out/∂input_i of shape out.shape + input_i.shape
    jacobian: Callable[[Arrays, np.ndarray, Params], list[np.ndarray]] | None = None
    # structure(shapes, params) -> a short text per input describing ∂out/∂input ("diag(cos u)")
    structure: Callable[[list[Shape], Params], list[str]] | None = None
    # formula(sp, params, shapes) -> per input (lhs_unicode, lhs_latex, rhs) with rhs a sympy
    # expression, or a (unicode, latex) pair for index formulas sympy cannot write well
    formula: Callable[[Any, Params, list[Shape]], list[tuple[str, str, Any]]] | None = None
    defaults: Params = field(default_factory=dict)  # parameters and their default values
    # Optional plain-float versions for graphs made only of scalars (the engine's fast path;
    # numpy's per-call overhead dominates there). scalar_vjp returns one float per input.
    scalar_forward: Callable[[list[float], Params], float] | None = None
    scalar_vjp: Callable[[float, list[float], float, Params], tuple[float, ...]] | None = None

    @property
    def arity(self) -> int:
        return len(self.inputs)

    def params_with_defaults(self, params: Params | None) -> Params:
        merged = dict(self.defaults)
        merged.update(params or {})
        return merged

    # Fallbacks keep each declaration short; both are exact.
    def local_jacobians(self, inputs: Arrays, out: np.ndarray, params: Params) -> list[np.ndarray]:
        if self.jacobian is not None:
            return self.jacobian(inputs, out, params)
        return jacobians_from_vjp(self, inputs, out, params)

    def tangent(self, tangents: list[np.ndarray | None], inputs: Arrays, out: np.ndarray, params: Params) -> np.ndarray:
        if all(t is None for t in tangents):
            return np.zeros_like(out)
        if self.jvp is not None:
            return self.jvp(tangents, inputs, out, params)
        result = np.zeros(out.shape)
        for jac, x, t in zip(self.local_jacobians(inputs, out, params), inputs, tangents):
            if t is not None:
                result = result + np.tensordot(jac, t, axes=x.ndim)
        return result

    def structures(self, shapes: list[Shape], params: Params) -> list[str]:
        if self.structure is not None:
            return self.structure(shapes, params)
        return ["dense" for _ in shapes]

    def formulas(self, params: Params, shapes: list[Shape] | None = None) -> list[Formula]:
        if self.formula is None:
            return []
        import sympy as sp  # sympy is slow to import: only when a formula is asked for

        out = []
        for port_name, (lhs_u, lhs_l, rhs) in zip(
            self.inputs, self.formula(sp, self.params_with_defaults(params), shapes or [()] * self.arity)
        ):
            if isinstance(rhs, tuple):
                rhs_u, rhs_l = rhs
                rhs_p = rhs_u
            else:
                rhs_u = sp.sstr(rhs).replace("**", "^").replace("*", "·")
                rhs_l = sp.latex(rhs)
                rhs_p = sp.pretty(rhs, use_unicode=True, wrap_line=False)
            pretty = _join_pretty(lhs_u + " = ", rhs_p)
            out.append(Formula(port_name, f"{lhs_u} = {rhs_u}", f"{lhs_l} = {rhs_l}", pretty))
        return out


def _join_pretty(prefix: str, block: str) -> str:
    """Put a one-line prefix before a multi-line pretty block, on its middle line."""
    lines = block.split("\n")
    mid = len(lines) // 2
    pad = " " * len(prefix)
    return "\n".join((prefix if i == mid else pad) + line for i, line in enumerate(lines))


def jacobians_from_vjp(op: OpDef, inputs: Arrays, out: np.ndarray, params: Params) -> list[np.ndarray]:
    """Dense Jacobians row by row: the vjp of each output basis vector."""
    jacs = [np.zeros(out.shape + x.shape) for x in inputs]
    for idx in np.ndindex(*out.shape):
        e = np.zeros(out.shape)
        e[idx] = 1.0
        for jac, g in zip(jacs, op.vjp(e, inputs, out, params)):
            jac[idx] = g
    return jacs


# ------------------------------------------------------------------ registry
_REGISTRY: dict[str, OpDef] = {}


def register(op: OpDef) -> OpDef:
    if op.category not in CATEGORIES:
        raise ValueError(f"op {op.name}: unknown category {op.category}")
    if op.name in _REGISTRY:
        raise ValueError(f"op {op.name} declared twice")
    _REGISTRY[op.name] = op
    return op


def get_op(name: str | None) -> OpDef:
    try:
        return _REGISTRY[name]  # type: ignore[index]
    except KeyError:
        raise GraphError(f'unknown op "{name}"') from None


def all_ops() -> list[OpDef]:
    return list(_REGISTRY.values())


def fmt_shape(shape: Shape) -> str:
    """(3, 2) as written in messages; a scalar is ()."""
    return "()" if not shape else "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def shape_error(message: str) -> ShapeError:
    return ShapeError(message)
