"""Full Jacobians: one reverse pass per output entry, refused when too big to hold."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .errors import ShapeError
from .evaluation import Evaluation, evaluate
from .graph import Graph
from .naming import display_label
from .ops import fmt_shape
from .output_choice import resolve_output
from .plan import plan
from .walks import walk_reverse

# a full Jacobian holds output size × node size numbers for each array kept: refuse beyond this many in all
FULL_JACOBIAN_LIMIT = 10**7
Shape = tuple[int, ...]


def check_full_jacobian_size(graph: Graph, output: str, ev: Evaluation, nodes: Iterable[str]) -> None:
    """A full Jacobian is one reverse pass per output entry, keeping output size × node size numbers
    for each of `nodes` (a node once per array kept). Refuse, before anything is allocated, when
    one of them or all of them together would not fit, naming the output and the size."""
    out = ev.values[output]
    sizes = [(ev.values[n].size, n) for n in nodes]
    if not sizes or out.size <= 1:
        return
    size, worst = max(sizes)
    advice = "use a seed vector (a vector-Jacobian product) or reduce the output to a scalar"
    what = f'the full Jacobian of "{display_label(graph, output)}" {fmt_shape(out.shape)}'
    if out.size * size > FULL_JACOBIAN_LIMIT:
        raise ShapeError(
            f'{what} with respect to "{display_label(graph, worst)}" {fmt_shape(ev.values[worst].shape)} '
            f"would hold {out.size * size:,} numbers, more than {FULL_JACOBIAN_LIMIT:,}; {advice}"
        )
    total = out.size * sum(s for s, _ in sizes)
    if total > FULL_JACOBIAN_LIMIT:
        raise ShapeError(
            f"{what} would hold {total:,} numbers in all ({len(sizes)} arrays with {out.size:,} rows each), "
            f"more than {FULL_JACOBIAN_LIMIT:,}; {advice}"
        )


def basis_seeds(out_shape: Shape) -> Iterable[tuple[tuple[int, ...], np.ndarray]]:
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
    check_full_jacobian_size(graph, output, ev, [n for n in wrt if n in ev.values])
    result = {n: np.zeros(out_shape + ev.values[n].shape) for n in wrt if n in ev.values}

    steps = plan(graph).upto(output)
    with np.errstate(all="ignore"):
        for idx, seed in basis_seeds(out_shape):
            grads = walk_reverse(steps, ev.values, {output: seed})
            for n, jac in result.items():
                if n in grads:
                    jac[idx] = grads[n]
    return result
