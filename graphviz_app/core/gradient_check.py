"""The gradient check: the engine's ∂output/∂variable next to central finite differences.

Each entry costs about 14 evaluations of the graph (Richardson-extrapolated central
differences), so a graph with more than `budget` variable entries in all is checked at a
seeded random sample of them, shared fairly among its variables (see share_budget).

The error is relative: |analytic − numeric| / max(|analytic|, |numeric|, floor). The floor is
the finite differences' resolution (their estimated error ÷ the tolerance): a gradient below it
cannot be confirmed to the tolerance, and is counted as too small to check, never as a pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

import numpy as np

from .engine import evaluate, full_jacobians, resolve_output
from .graph import Graph
from .naming import display_label

Shape = tuple[int, ...]

GRADCHECK_BUDGET = 100  # entries checked in all, at most: every variable gets one while there are fewer
ROUNDING = np.finfo(float).eps  # the graph's value is known to about this, relative, at best
MARGIN = 4  # the finite differences' error estimate is a rough one: this much room on top

# progress(done, total, variable's label) after each entry; it returns False to stop there
Progress = Callable[[int, int, str], bool]


@dataclass
class GradCheckEntry:
    node: str
    label: str
    analytic: np.ndarray  # a sampled variable's sampled entries only, as a flat vector
    numeric: np.ndarray
    rel_error: float  # the largest of its entries' relative errors (see the module's note)
    checked: int = 0  # entries of the variable compared (all of them unless the budget is short)
    total: int = 0
    shape: Shape = ()  # the variable's own shape (analytic's is the Jacobian's, or a sample's)
    too_small: int = 0  # entries compared whose gradient is below the floor: no error seen, none confirmed
    floor: float = 0.0  # the largest floor among its entries (what "too small" means here)


class Verdict(StrEnum):
    """What a check found, as the dialog and the status bar both say it."""

    NOT_POSSIBLE = "not possible"  # a number is nan or inf: nothing could be compared
    CANCELLED = "cancelled"  # stopped before the end with no error seen so far
    INCONCLUSIVE = "inconclusive"  # every entry compared was too small to check: never a pass
    PASSED = "passed"
    FAILED = "failed"  # (an error above the tolerance fails, cancelled or not)


@dataclass
class GradCheck:
    entries: list[GradCheckEntry]
    max_rel_error: float
    tolerance: float
    output_shape: Shape = ()  # not () : each entry is the full Jacobian, output entries × the variable's shape
    total_entries: int = 0  # entries of every variable that has a gradient (checked or not)
    variables: int = 0  # variables that have a gradient (checked or not)
    cancelled: bool = False  # stopped by the progress callback: entries holds what was checked by then

    @property
    def passed(self) -> bool:
        return self.max_rel_error <= self.tolerance

    @property
    def verdict(self) -> Verdict:
        if not np.isfinite(self.max_rel_error):
            return Verdict.NOT_POSSIBLE
        if not self.passed:
            return Verdict.FAILED
        if self.cancelled:
            return Verdict.CANCELLED
        if self.checked == self.too_small:  # (every entry too small to check, or none at all)
            return Verdict.INCONCLUSIVE
        return Verdict.PASSED

    @property
    def checked(self) -> int:
        return sum(e.checked for e in self.entries)

    @property
    def too_small(self) -> int:
        return sum(e.too_small for e in self.entries)


def _richardson(central, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """The derivative from central differences at steps 100·eps … eps/100, Richardson-extrapolated,
    and its estimated error (entry by entry).

    One fixed step fails on steep functions (cos of a high power: the h² error dominates) and on
    flat ones (rounding dominates). Like Ridders' method, keep the extrapolation whose neighbours
    agree best; their disagreement, and the rounding of the graph's value divided by the step,
    estimate its error.
    """
    steps = [eps * 100 / 4**k for k in range(7)]
    diffs, values = zip(*(central(h) for h in steps))
    # halving h by 4 each time: (16·D(h/4) − D(h)) / 15 removes the h² term
    rich = [(16 * b - a) / 15 for a, b in zip(diffs, diffs[1:])]
    gaps = [np.abs(b - a) for a, b in zip(rich, rich[1:])]
    # an extrapolation and both its neighbours: one lucky pair of agreeing neighbours is no sign
    spreads = [np.maximum(a, b) for a, b in zip(gaps, gaps[1:])]
    best = int(np.argmin([float(s.max(initial=0.0)) for s in spreads]))
    rounding = ROUNDING * values[best + 1] / steps[best + 1]  # (rounding noise can agree by chance)
    return rich[best + 1], MARGIN * (spreads[best] + rounding)


def share_budget(sizes: list[int], budget: int) -> list[int]:
    """How many entries of each variable to check: all if they fit the budget; else the budget
    shared fairly (a small variable whole, the rest split evenly among the larger ones), and
    every variable at least one. With more variables than the budget, `budget` of them, evenly
    spread through the list, one entry each (0 for the others)."""
    if sum(sizes) <= budget:
        return list(sizes)
    if len(sizes) >= budget:
        chosen = set(np.linspace(0, len(sizes) - 1, max(budget, 1)).round().astype(int).tolist())
        return [min(1, size) if i in chosen else 0 for i, size in enumerate(sizes)]
    shares = [0] * len(sizes)
    left = budget
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])
    for k, i in enumerate(order):  # smallest first: what a small variable leaves goes to the larger ones
        shares[i] = min(sizes[i], max(1, left // (len(order) - k)))
        left -= shares[i]
    return shares


def gradcheck(
    graph: Graph,
    output: str | None = None,
    eps: float = 1e-6,
    tolerance: float = 1e-5,
    budget: int = GRADCHECK_BUDGET,
    progress: Progress | None = None,
) -> GradCheck:
    """Compare ∂output/∂variable with central finite differences for every variable.

    Each entry costs about 14 evaluations of the graph, so at most `budget` entries are checked
    in all (share_budget says which). `progress` hears of each entry checked and may stop the
    check (the result then holds every entry compared by then, and says it was cancelled)."""
    output = resolve_output(graph, output)
    work = graph.copy()
    ev = evaluate(work)
    analytic = full_jacobians(work, output, evaluation=ev)
    out_shape = tuple(np.shape(ev.require(output)))
    variables = [var for var in work.variables() if var.id in analytic]
    shares = share_budget([var.value.size for var in variables], budget)
    todo = sum(shares)
    counter = _Counter(todo, progress)
    entries = []
    for var, share in zip(variables, shares):
        if share == 0:
            continue
        label = display_label(graph, var.id)
        indices = list(np.ndindex(*var.value.shape))
        if share < len(indices):
            rng = np.random.default_rng(0)
            indices = [indices[i] for i in sorted(rng.choice(len(indices), share, replace=False))]
        numeric, noise, done = _numeric_jacobian(
            work, output, var, indices, eps, out_shape, partial(counter.step, label)
        )
        indices = indices[:done]  # (a cancel: the entries compared by then are kept, and compared)
        if indices:
            a = analytic[var.id]
            if len(indices) < var.value.size:
                a, numeric, noise = (
                    np.stack([x[(...,) + idx] for idx in indices], axis=-1) for x in (a, numeric, noise)
                )
            entries.append(_compare(var, label, a, numeric, noise, tolerance, len(indices)))
        if counter.stopped:
            break
    # (np.max, not max: a nan anywhere must make the worst nan, whatever its place)
    worst = float(np.max([e.rel_error for e in entries])) if entries else 0.0
    total = sum(var.value.size for var in variables)
    return GradCheck(entries, worst, tolerance, out_shape, total, len(variables), counter.stopped)


def _compare(var, label: str, a, numeric, noise, tolerance: float, checked: int) -> GradCheckEntry:
    """Entry by entry: the error relative to the larger of the two gradients, or to the floor (the
    finite differences' resolution) where both are below it; an entry below the floor that shows
    no error is too small to check. The last axis is the variable's entries for a sampled one."""
    floor = noise / tolerance
    size = np.maximum(np.abs(a), np.abs(numeric))
    with np.errstate(all="ignore"):
        errors = np.abs(a - numeric) / np.maximum(size, floor)
        errors = np.where(np.abs(a - numeric) == 0, 0.0, errors)  # (0 / 0 where all three are 0)
    # an entry of the variable is too small when its whole column (every output entry) is
    small = (size < floor) & (errors <= tolerance)
    # (out's entries × the variable's checked entries, whether sampled or whole)
    too_small = int(np.all(small.reshape(-1, checked), axis=0).sum()) if np.size(small) else 0
    worst = float(np.max(errors)) if np.size(errors) else 0.0
    return GradCheckEntry(
        var.id,
        label,
        a,
        numeric,
        worst,
        checked,
        var.value.size,
        tuple(var.value.shape),
        too_small,
        float(np.max(floor, initial=0.0)),
    )


class _Counter:
    """Counts the entries checked for the progress callback, and remembers a request to stop."""

    def __init__(self, total: int, progress: Progress | None):
        self.done, self.total, self.progress, self.stopped = 0, total, progress, False

    def step(self, label: str) -> bool:
        self.done += 1
        if self.progress is not None and self.progress(self.done, self.total, label) is False:
            self.stopped = True
        return not self.stopped


def _numeric_jacobian(
    work: Graph, output: str, var, indices: list, eps: float, out_shape: Shape, step: Callable[[], bool]
) -> tuple[np.ndarray, np.ndarray, int]:
    """∂output/∂var by finite differences at the given entries of var (the others stay 0), one
    entry at a time, the estimated error of each, and how many of the entries were done: all,
    unless `step` (called after each entry) says to stop. var's value is restored."""
    base = var.value.copy()
    numeric = np.zeros(tuple(out_shape) + base.shape)
    noise = np.zeros_like(numeric)
    done = 0
    try:
        for idx in indices:
            numeric[(...,) + idx], noise[(...,) + idx] = _richardson(
                _central_difference(work, output, var, base, idx), eps * max(1.0, abs(float(base[idx])))
            )
            done += 1
            if not step():
                break
    finally:
        var.value = base
    return numeric, noise, done


def _central_difference(
    work: Graph, output: str, var, base: np.ndarray, idx
) -> Callable[[float], tuple[np.ndarray, np.ndarray]]:
    """h -> ((f(base + h·e_idx) − f(base − h·e_idx)) / 2h, |f| there), f being the output as a
    function of var."""

    def central(h: float) -> tuple[np.ndarray, np.ndarray]:
        plus, minus = base.copy(), base.copy()
        plus[idx] += h
        minus[idx] -= h
        var.value = plus  # directly, not by set_value: the work copy has no listeners to tell
        f_plus = evaluate(work).require(output)
        var.value = minus
        f_minus = evaluate(work).require(output)
        return (f_plus - f_minus) / (2 * h), np.maximum(np.abs(f_plus), np.abs(f_minus))

    return central
