"""The ops numpy lacks, as functions: on tracers they record the op, on arrays they compute it.

`ga.sigmoid(x)` inside a traced function adds a sigmoid node; `ga.sigmoid(np.array([0.0, 1.0]))`
outside returns the value, computed by the same registry op the engine uses. Which ops, under
which names, is said by each op (`OpDef.api_name`, `OpDef.api_summary`): nothing here names one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from ..core.engine import shape_problem
from ..core.errors import ShapeError as CoreShapeError
from ..core.ops import OpDef, Registry, api_op
from .errors import Error, ShapeError
from .tracing import Tracer
from .values import as_value


def ga_function(name: str, registry: Registry | None = None) -> Callable[..., Any] | None:
    """ga.<name>: the function of the op offered under that name, in the registry given or else
    the one in use; None when no op is."""
    op = api_op(name) if registry is None else registry.for_api_name(name)
    return None if op is None else op_function(op)


@lru_cache(maxsize=64)  # one function per op: ga.sigmoid is ga.sigmoid (ops hash by identity)
def op_function(op: OpDef) -> Callable[..., Any]:
    name = op.api_name or op.name
    called = f"ga.{name}"

    signature = inspect.Signature(
        [inspect.Parameter(port, inspect.Parameter.POSITIONAL_OR_KEYWORD) for port in op.inputs]
    )

    def function(*args: Any, **kwargs: Any):
        if kwargs:  # by the op's port names, as help() and a notebook's Shift-Tab show them
            unknown = [k for k in kwargs if k not in op.inputs]
            if unknown:
                raise Error(f'{called} has no argument "{unknown[0]}" (its arguments: {", ".join(op.inputs)})')
            try:
                args = signature.bind(*args, **kwargs).args
            except TypeError as exc:
                raise Error(f"{called}({', '.join(op.inputs)}): {exc}") from None
        if len(args) != op.arity:
            noun = "argument" if op.arity == 1 else "arguments"
            raise Error(f"{called} takes {op.arity} {noun} ({', '.join(op.inputs)}), got {len(args)}")
        recorders = {a.recorder for a in args if isinstance(a, Tracer)}
        if len(recorders) > 1:
            raise Error(f"{called}: its arguments come from two different traces")
        if recorders:
            return recorders.pop().apply(op.name, list(args), called)
        arrays = [as_value(a, f"{port} of {called}") for a, port in zip(args, op.inputs)]
        params = op.params_with_defaults(None)
        try:
            op.shape([a.shape for a in arrays], params)
        except CoreShapeError as exc:  # the engine's words, the operands named by their ports
            problem = shape_problem(op.name, exc.message, list(op.inputs), [a.shape for a in arrays], exc.hint)
            raise ShapeError(called + problem[len(op.name) :]) from None  # (it begins with the op's name)
        with np.errstate(all="ignore"):
            out = np.asarray(op.forward(arrays, params), dtype=float)
        return out[()] if out.ndim == 0 else out

    function.__signature__ = signature  # help(ga.softmax_xent): softmax_xent(logits, target), not (*args)
    function.__name__ = name
    function.__qualname__ = name
    function.__doc__ = (
        f"{op.api_summary or op.description}\n\n"
        f"On traced values it adds a {op.name} node; on numbers and arrays it returns the value."
    )
    return function


def __getattr__(name: str) -> Callable[..., Any]:
    """`from graphviz_app.api.functions import sigmoid`: the ops' functions by their names (PEP 562)."""
    function = None if name.startswith("_") else ga_function(name)
    if function is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return function
