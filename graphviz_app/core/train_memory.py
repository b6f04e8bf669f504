"""The training record's memory budget: every iterate is kept (the values and gradients of the
trainable variables, and the loss), as the window's Training dock plays them back, so the steps
asked must fit RECORD_BYTES. Checked before the first step, by `train` and by the Train dialog."""

from __future__ import annotations

import numpy as np

from .errors import UserError
from .graph import Graph

# a large model's record would not fit a desktop's memory: the steps asked must fit this much
RECORD_BYTES = 2 * 1024**3


def check_record_fits(graph: Graph, variables: list[str], steps: int) -> None:
    """UserError before the first step when keeping every iterate would take more than RECORD_BYTES
    (example 09 is 1.6 MB an iterate: 100,000 steps would be 150 GB), saying how many steps fit
    (the window's Train dialog asks before OK). variables: ids."""
    numbers = sum(np.size(graph.node(v).value) for v in variables)
    each = 2 * 8 * numbers + 8  # values and gradients in float64, and the loss
    if (steps + 1) * each > RECORD_BYTES:
        fits = RECORD_BYTES // each - 1
        raise UserError(
            f"cannot train {steps:,} steps: every iterate is kept (values and gradients of {numbers:,} "
            f"trainable numbers, {_size(each)} each), {_size((steps + 1) * each)} in all; at most "
            f"{fits:,} steps fit in {_size(RECORD_BYTES)}: ask for fewer steps"
        )


def _size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n} bytes"
