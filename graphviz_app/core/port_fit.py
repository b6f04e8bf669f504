"""Which shapes an op's ports can take, asked of the registry's own shape rules (`OpDef.shape`).

The editor asks this when a wire is dropped on the empty canvas (which ops can take the wire's
shape, which can feed a waiting input) and when a card is dropped onto an edge (does the inserted
op still give the consumer a shape it accepts). A port whose shape is not known yet is free: the
rule is tried with a few shapes for it (a scalar, and vectors and matrices made of the sizes
already in play plus one more), so a new op needs nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import product

from .errors import UserError
from .ops import OpDef

Shape = tuple[int, ...]
_REFUSED = (UserError, ValueError, TypeError, KeyError, IndexError, ArithmeticError)


def trial_shapes(known: Iterable[Shape]) -> list[Shape]:
    """Shapes tried at a free port: ℝ, then vectors and matrices of the sizes in `known` and one more."""
    sizes = sorted({int(d) for shape in known for d in shape})
    sizes.append(max(sizes, default=1) + 1)  # a size no other dimension has: "any other size"
    return [()] + [(a,) for a in sizes] + [(a, b) for a in sizes for b in sizes]


def outputs(op: OpDef, fixed: Mapping[int, Shape], params=None, trials: list[Shape] | None = None) -> set[Shape]:
    """The output shapes the rule gives with `fixed` shapes at some ports and any trial shape at
    the others; empty when the rule refuses the fixed shapes whatever the others are."""
    params = op.params_with_defaults(params)
    if trials is None:
        trials = trial_shapes(fixed.values())
    free = [port for port in range(op.arity) if port not in fixed]
    found: set[Shape] = set()
    for choice in product(trials, repeat=len(free)):
        shapes = dict(fixed)
        shapes.update(zip(free, choice))
        try:
            found.add(tuple(op.shape([shapes[p] for p in range(op.arity)], params)))
        except _REFUSED:
            continue
    return found


def refusal(op: OpDef, fixed: Mapping[int, Shape], params=None) -> str | None:
    """Why the rule refuses the `fixed` shapes whatever the free ports get (its own message for
    the first trial), or None when some shapes at the free ports make it accept them."""
    if outputs(op, fixed, params):
        return None
    params = op.params_with_defaults(params)
    free = [port for port in range(op.arity) if port not in fixed]
    shapes = dict(fixed)
    for port in free:  # the free ports as the fixed one (a scalar when none is fixed): a plain message
        shapes[port] = next(iter(fixed.values()), ())
    try:
        op.shape([shapes[p] for p in range(op.arity)], params)
    except UserError as exc:
        return exc.message
    except _REFUSED as exc:
        return str(exc)
    return "the shapes do not fit"


def port_taking(op: OpDef, shape: Shape, params=None) -> int | None:
    """The first input port of op that can take a value of this shape (the others free), or None."""
    for port in range(op.arity):
        if outputs(op, {port: tuple(shape)}, params):
            return port
    return None


def can_feed(producer: OpDef, consumer: OpDef, port: int, others: Mapping[int, Shape], params=None) -> bool:
    """Whether some output of `producer` (its inputs free) is a shape `consumer` takes at `port`,
    its other ports having the shapes `others` (ports not in it are free)."""
    trials = trial_shapes(others.values())
    made = outputs(producer, {}, None, trials)
    return any(outputs(consumer, {**others, port: shape}, params) for shape in made)


def fitting_shape(consumer: OpDef, port: int, others: Mapping[int, Shape], params=None) -> Shape | None:
    """The simplest shape (fewest dimensions) `consumer` takes at `port` beside `others`, or None."""
    for shape in trial_shapes(others.values()):
        if outputs(consumer, {**others, port: shape}, params):
            return shape
    return None
