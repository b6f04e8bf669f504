"""The ops numpy lacks, as functions: on tracers they record the op, on arrays they compute it.

`ga.sigmoid(x)` inside a traced function adds a sigmoid node; `ga.sigmoid(np.array([0.0, 1.0]))`
outside returns the value, computed by the same registry op the engine uses.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core.errors import ShapeError as CoreShapeError
from ..core.ops import fmt_shape, get_op
from .errors import Error, ShapeError
from .tracing import Tracer, as_value


def _op_function(op_name: str, summary: str):
    op = get_op(op_name)

    def function(*args: Any):
        if len(args) != op.arity:
            noun = "argument" if op.arity == 1 else "arguments"
            raise Error(f"ga.{op_name} takes {op.arity} {noun} ({', '.join(op.inputs)}), got {len(args)}")
        recorders = {a.recorder for a in args if isinstance(a, Tracer)}
        if len(recorders) > 1:
            raise Error(f"ga.{op_name}: its arguments come from two different traces")
        if recorders:
            return recorders.pop().apply(op_name, list(args), f"ga.{op_name}")
        arrays = [as_value(a, f"{port} of ga.{op_name}") for a, port in zip(args, op.inputs)]
        params = op.params_with_defaults(None)
        try:
            op.shape([a.shape for a in arrays], params)
        except CoreShapeError as exc:
            shapes = ", ".join(f"{port} {fmt_shape(a.shape)}" for port, a in zip(op.inputs, arrays))
            raise ShapeError(f"ga.{op_name} of {shapes}: {exc.message}") from None
        with np.errstate(all="ignore"):
            out = np.asarray(op.forward(arrays, params), dtype=float)
        return out[()] if out.ndim == 0 else out

    function.__name__ = op_name
    function.__qualname__ = op_name
    function.__doc__ = (
        f"{summary}\n\nOn traced values it adds a {op_name} node; on numbers and arrays it returns the value."
    )
    return function


sigmoid = _op_function("sigmoid", "σ(u) = 1 / (1 + exp(−u)), elementwise.")
relu = _op_function("relu", "max(u, 0), elementwise.")
softmax = _op_function("softmax", "exp(z) / Σ exp(z) of a vector, or of each row of a matrix (a batch).")
softmax_xent = _op_function(
    "softmax_xent", "Cross-entropy −Σ target · log softmax(logits): a scalar (for a batch of rows, their mean)."
)
sqerr = _op_function("sqerr", "Squared error Σ (pred − target)²: a scalar.")
sqnorm = _op_function("sqnorm", "Squared norm ‖x‖² = Σ x²: a scalar.")
