"""What tracing refuses, and what it says instead: a traced value's truth value, float(), indexing and
the like (the graph must hold for every input), math's functions of a traced value (np.sin is
traced, math.sin is not), numpy functions that are no op (np.maximum: ga.relu); and how numpy
functions are named in those messages (np.sin, np.linalg.inv) and which ones can be traced."""

from __future__ import annotations

import linecache
import re
from collections.abc import Callable
from typing import Any

import numpy as np

from ..core.ops import all_ops, numpy_op
from .user_code import trace_error, user_frame


def numpy_name(func: Any) -> str:
    """np.sin, np.linalg.inv: how the user wrote it."""
    name = getattr(func, "__name__", repr(func))
    module = getattr(func, "__module__", None) or "numpy"
    if module.startswith("numpy.linalg"):
        return f"np.linalg.{name}"
    if module.startswith("numpy.fft"):
        return f"np.fft.{name}"
    return f"np.{name}"


def traceable() -> str:
    """What a traced function may call, as the registry in use declares it."""
    known = ", ".join(sorted({numpy_name(f) for op in all_ops() for f in op.numpy}))
    offered = ", ".join(f"ga.{op.api_name}" for op in all_ops() if op.api_name)
    return f"traceable numpy functions: {known}" + (f"; and {offered}" if offered else "")


BRANCH_HINT = (
    "; the graph must hold for every input, so it cannot branch on a value (for max(x, 0) use ga.relu, for |x| np.abs)"
)


def untraceable(what: str, hint: str = "") -> Callable:
    def refuse(self, *args, **kwargs):
        raise trace_error(f"{what} cannot be traced ({self!r}){hint}")

    return refuse


# numpy functions that are no op, with what to write instead (the usual reason a person reached for them)
NUMPY_INSTEAD: dict[Any, str] = {
    np.maximum: "for np.maximum(x, 0) use ga.relu(x)",
    np.fmax: "for np.fmax(x, 0) use ga.relu(x)",
    np.minimum: "for np.minimum(x, 0) write -ga.relu(-x)",
}


def math_function() -> str | None:
    """math.sin, when a traced value is being turned into a float because the user's code called one
    of math's functions on it (math.sin(x), or sin(x) after from math import sin); else None."""
    import math

    frame = user_frame()
    if frame is None:
        return None
    positions = list(frame.f_code.co_positions())
    index = frame.f_lasti // 2
    if not 0 <= index < len(positions) or None in positions[index]:
        return None
    line, end_line, col, end_col = positions[index]
    lines = [linecache.getline(frame.f_code.co_filename, n) for n in range(line, end_line + 1)]
    # the call being made (math.sin(x)): its columns count UTF-8 bytes (θ is two), so the text is sliced as bytes
    text = "".join(lines).encode()
    call = text[col : len("".join(lines[:-1]).encode()) + end_col].decode(errors="replace")
    match = re.match(r"\s*([A-Za-z_][\w.]*)\s*\(", call)
    if match is None:
        return None
    parts = match.group(1).split(".")
    obj = frame.f_locals.get(parts[0], frame.f_globals.get(parts[0]))
    for part in parts[1:]:
        obj = getattr(obj, part, None)
    name = getattr(obj, "__name__", None)
    if obj is None or name is None or getattr(math, name, None) is not obj:
        return None
    return f"math.{name}"


def math_advice(function: str) -> str:
    """What a traced function writes instead of math.sin: np.sin, where numpy's is traced."""
    name = function.removeprefix("math.")
    declared = next((op for op in all_ops() if op.math_name == name and op.numpy), None)  # (math.pow: np.power)
    ufunc = declared.numpy[0] if declared is not None else getattr(np, name, None)
    if ufunc is not None and numpy_op(ufunc) is not None:
        return f"use {numpy_name(ufunc)}"
    return f"math works on plain numbers ({traceable()})"


def refuse_float(self, *args, **kwargs):
    """float(x), and math.sin(x) on a traced value (math turns it into a float first): said as written."""
    function = math_function()
    if function is not None:
        raise trace_error(f"{function} cannot be traced: {math_advice(function)}")
    raise trace_error(f"float() of a traced value cannot be traced ({self!r})")
