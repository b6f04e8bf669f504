"""The gradient check: the engine's ∂output/∂variable next to central finite differences.

Each entry costs about 14 evaluations of the graph (Richardson-extrapolated central
differences), so a variable with more than GRADCHECK_SAMPLE entries is checked at a seeded
random sample of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .engine import evaluate, full_jacobians, resolve_output
from .graph import Graph
from .naming import display_label

Shape = tuple[int, ...]


@dataclass
class GradCheckEntry:
    node: str
    label: str
    analytic: np.ndarray  # a large variable's sampled entries only, as a flat vector
    numeric: np.ndarray
    rel_error: float
    checked: int = 0  # entries of the variable compared (all of them unless it has over GRADCHECK_SAMPLE)
    total: int = 0
    shape: Shape = ()  # the variable's own shape (analytic's is the Jacobian's, or a sample's)


@dataclass
class GradCheck:
    entries: list[GradCheckEntry]
    max_rel_error: float
    tolerance: float
    output_shape: Shape = ()  # not () : each entry is the full Jacobian, output entries × the variable's shape

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


GRADCHECK_SAMPLE = 24  # a variable with more entries is checked at this many, chosen at random (seeded)


def gradcheck(graph: Graph, output: str | None = None, eps: float = 1e-6, tolerance: float = 1e-5) -> GradCheck:
    """Compare ∂output/∂variable with central finite differences for every variable.

    Each entry costs about 14 evaluations of the graph, so a variable with more than
    GRADCHECK_SAMPLE entries (a layer's weights) is checked at a seeded random sample of them."""
    output = resolve_output(graph, output)
    work = graph.copy()
    ev = evaluate(work)
    analytic = full_jacobians(work, output, evaluation=ev)
    out_shape = tuple(np.shape(ev.require(output)))
    entries = []
    for var in work.variables():
        if var.id not in analytic:
            continue
        a = analytic[var.id]
        indices = list(np.ndindex(*var.value.shape))
        if len(indices) > GRADCHECK_SAMPLE:
            rng = np.random.default_rng(0)
            indices = [indices[i] for i in sorted(rng.choice(len(indices), GRADCHECK_SAMPLE, replace=False))]
            a = np.stack([a[(...,) + idx] for idx in indices], axis=-1)
        numeric = _numeric_jacobian(work, output, var, indices, eps, out_shape)
        if len(indices) < var.value.size:
            numeric = np.stack([numeric[(...,) + idx] for idx in indices], axis=-1)
        scale = max(float(np.abs(a).max(initial=0.0)), float(np.abs(numeric).max(initial=0.0)), 1.0)
        err = float(np.abs(a - numeric).max(initial=0.0)) / scale
        label = display_label(graph, var.id)
        entries.append(
            GradCheckEntry(var.id, label, a, numeric, err, len(indices), var.value.size, tuple(var.value.shape))
        )
    # (np.max, not max: a nan anywhere must make the worst nan, whatever its place)
    worst = float(np.max([e.rel_error for e in entries])) if entries else 0.0
    return GradCheck(entries, worst, tolerance, out_shape)


def _numeric_jacobian(work: Graph, output: str, var, indices: list, eps: float, out_shape: Shape) -> np.ndarray:
    """∂output/∂var by finite differences at the given entries of var (the others stay 0), one
    entry at a time; var's value is restored."""
    base = var.value.copy()
    numeric = np.zeros(tuple(out_shape) + base.shape)
    try:
        for idx in indices:
            numeric[(...,) + idx] = _richardson(
                _central_difference(work, output, var, base, idx), eps * max(1.0, abs(float(base[idx])))
            )
    finally:
        var.value = base
    return numeric


def _central_difference(work: Graph, output: str, var, base: np.ndarray, idx) -> Callable[[float], np.ndarray]:
    """h -> (f(base + h·e_idx) − f(base − h·e_idx)) / 2h, f being the output as a function of var."""

    def central(h: float) -> np.ndarray:
        plus, minus = base.copy(), base.copy()
        plus[idx] += h
        minus[idx] -= h
        var.value = plus  # directly, not by set_value: the work copy has no listeners to tell
        f_plus = evaluate(work).require(output)
        var.value = minus
        f_minus = evaluate(work).require(output)
        return (f_plus - f_minus) / (2 * h)

    return central
