"""Example shapes and values for the variables of a parsed expression that have none.

`sum((y - Phi @ theta)**2)` typed with no values cannot evaluate with every variable
the scalar 0 (matmul takes vectors or matrices). `guess_values` gives the variables
without a value shapes under which the whole graph evaluates, whenever such shapes
exist, and small fixed example values (not zeros, so gradients are not trivially zero).

The shapes come from the search in shape_search.py.

Nothing here raises for a bad expression: when no shapes work the variables keep the
scalar 0 and evaluation shows the errors on the nodes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .engine import evaluate
from .graph import Graph
from .shape_search import Search, Shape, infer_shapes

# Example values, cycled through the entries of each variable (each variable starts further on).
PATTERN = (0.5, -1.0, 1.5, 0.8, -0.5, 2.0, -1.5, 1.0, 0.3, -0.8, 1.2)
PATTERNS = (
    PATTERN,  # mixed signs
    tuple(abs(v) for v in PATTERN),  # positive: log, sqrt, x**-0.5
    tuple(round(abs(v) / 10, 2) for v in PATTERN),  # small and positive: log(1 - x), exp(exp(x))
)
PATTERN_STEP = 4  # offset between consecutive variables' starts in the pattern
FAN_IN_FROM = 16  # a matrix with more rows than this has example values scaled by 1/√rows


def guess_values(graph: Graph, given: Iterable[str] = (), typed: Iterable[str] = ()) -> None:
    """Give every variable whose name is in neither `given` (a value) nor `typed` (a shape the
    user typed) an example value (in place).

    With values given, the others keep the scalar 0 when the graph evaluates cleanly that way
    (no errors, no nan or inf); a typed shape asks for guesses around it (a bias `b` in
    `X @ W + b` is the row of the product's columns, not the scalar 0). Otherwise the shapes
    are inferred and the first pattern under which the graph evaluates cleanly is used (or,
    failing that, the first without errors). When the given shapes clash, the others are
    guessed as if one given size were free (`_around_a_clash`), so evaluation names the clash
    between what the user gave, not a guess; if even that fails, or every pattern leaves
    errors, the variables are the scalar 0 (errors show on nodes).
    """
    given, typed = set(given), set(typed)
    free = [v.id for v in graph.variables() if v.name not in given | typed]
    if not free:
        return
    if given and not typed and _clean(evaluate(graph)):
        return
    shapes = infer_shapes(graph, free)
    if shapes is None:
        shapes = _around_a_clash(graph, free)
        if shapes is not None:
            _assign(graph, free, shapes, PATTERN)
        return
    fallback = None
    for pattern in PATTERNS:
        _assign(graph, free, shapes, pattern)
        ev = evaluate(graph)
        if _clean(ev):
            return
        if fallback is None and not ev.errors and not ev.blocked:
            fallback = pattern
    if fallback is not None:
        _assign(graph, free, shapes, fallback)
    else:
        for vid in free:
            graph.set_value(vid, 0.0)


def _around_a_clash(graph: Graph, free: list[str]) -> dict[str, Shape] | None:
    """Shapes for `free` when the given shapes cannot all hold: those found with one given size
    left free (then, failing that, one given variable's whole shape), trying the variable used
    last in the data flow first. With X 8×5, W2 4×3 and Y 8×4 in softmax_xent(tanh(X @ W1 + b1)
    @ W2 + b2, Y), Y's 4 columns are freed: W1 is 5×4, b1 4, b2 3, and evaluation then says that
    the 8×3 logits meet Y 8×4, not that a guessed W1 is a scalar. None when no single freed size
    or variable makes the others fit."""
    free_set = set(free)
    position = {nid: i for i, nid in enumerate(graph.topological_order())}
    consumers: dict[str, int] = {}
    for edge in graph.edges():
        consumers[edge.src] = max(consumers.get(edge.src, -1), position[edge.dst])
    given = [v.id for v in graph.variables() if v.id not in free_set and v.value is not None]
    given.sort(key=lambda vid: -consumers.get(vid, position[vid]))
    tries: list[tuple[str, int | None]] = []
    for vid in given:
        rank = np.ndim(graph.node(vid).value)
        tries += [(vid, axis) for axis in reversed(range(rank))]
    tries += [(vid, None) for vid in given]
    for vid, axis in tries:
        if axis is None:
            shapes = infer_shapes(graph, [*free, vid])
        else:
            shapes = Search(graph, free, loose={vid: axis}).run()
        if shapes is not None:
            return {nid: shapes[nid] for nid in free}
    return None


def typed_clash(graph: Graph, errors: dict[str, str], typed: Iterable[str]) -> str | None:
    """Of an evaluation's errors (node id -> message), the first at an op none of whose operands is
    a variable without a typed shape (`typed`: names), so a message blames what the user typed,
    never a guessed W1; None when every error is at a guess."""
    typed = set(typed)
    for nid in graph.topological_order():
        if nid not in errors:
            continue
        operands = [graph.node(src) for src in graph.inputs_of(nid).values()]
        if all(node.kind != "variable" or node.name in typed for node in operands):
            return errors[nid]
    return None


def example_value(shape: Shape, pattern: tuple[float, ...] = PATTERN, index: int = 0) -> np.ndarray:
    """The index-th variable's example value of this shape: the pattern from index·PATTERN_STEP on.
    A matrix of more than FAN_IN_FROM rows is scaled by 1/√rows, as weights are initialised: the
    product of a 32×784 X and a 784×128 W then stays about 1, not −247 (small matrices keep the
    pattern's plain numbers, easy to follow by hand)."""
    start = index * PATTERN_STEP
    count = int(np.prod(shape)) if shape else 1
    flat = np.array([pattern[(start + i) % len(pattern)] for i in range(count)], dtype=float)
    if len(shape) == 2 and shape[0] > FAN_IN_FROM:
        flat = np.round(flat / np.sqrt(shape[0]), 4)
    return flat.reshape(shape)


def new_input_value(graph: Graph, shape: Shape = ()) -> np.ndarray:
    """The value a variable or constant added by hand starts with: small example numbers of its
    shape (never 0: a first backward pass through x·y would show only zero gradients), each new
    input further on in the pattern than the ones already in the graph, so x and y differ."""
    inputs = sum(1 for node in graph.nodes() if node.kind != "op")
    return example_value(tuple(shape), index=inputs)


def _assign(graph: Graph, free: list[str], shapes: dict[str, Shape], pattern: tuple[float, ...]) -> None:
    for index, vid in enumerate(free):
        graph.set_value(vid, example_value(shapes[vid], pattern, index))


def _clean(ev) -> bool:
    return not ev.errors and not ev.blocked and not ev.warnings
