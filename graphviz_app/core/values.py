"""Values as text: a number, a vector or a matrix written as JSON.

`parse_value` reads what a user types (the CLI's --set, the inspector's value
field); `from_json` checks an already decoded JSON object (the file format);
`to_json_value` writes an array back. Non-finite numbers are written as the
strings "NaN", "Infinity" and "-Infinity" so the output is always valid JSON,
and both readers accept them back.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from .errors import ValueParseError

_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def format_number(x: float) -> str:
    """Shortest text that reads back as the same float: 2 not 2.0, 0.1 not 0.1000000001."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def parse_value(text: str) -> np.ndarray:
    """JSON text (a number or nested lists of numbers) -> float array of 0, 1 or 2 dims."""
    if not isinstance(text, str):
        raise ValueParseError(f"a value must be text, got {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise ValueParseError("the value is empty: write a number, a list [1, 2] or a matrix [[1, 2], [3, 4]]")
    if stripped in _SPECIAL:
        return np.array(_SPECIAL[stripped])
    try:
        decoded = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise ValueParseError(
            f'"{_short(stripped)}" is not valid JSON (column {exc.colno}: {exc.msg}); '
            "write a number, a list [1, 2] or a matrix [[1, 2], [3, 4]]"
        ) from None
    except RecursionError:
        raise ValueParseError(f"{_short(stripped)} is nested too deeply") from None
    return from_json(decoded)


def from_json(obj: Any) -> np.ndarray:
    """A decoded JSON number or nested list -> float array, with a clear message if it is not one."""
    depth, probe = 0, obj
    while isinstance(probe, list) and probe:
        depth, probe = depth + 1, probe[0]
    if depth > 2:
        raise ValueParseError(f"{depth} dimensions: values are scalars, vectors or matrices")
    shape = _shape_of(obj, ())
    if 0 in shape:
        raise ValueParseError("the value is empty: a vector or matrix needs at least one number")
    return np.array(_numbers(obj), dtype=float).reshape(shape)


def as_array(value: Any) -> np.ndarray:
    """Text, a number, nested lists or an array -> checked float array."""
    if isinstance(value, str):
        return parse_value(value)
    if isinstance(value, np.ndarray):
        if value.ndim > 2:
            raise ValueParseError(f"{value.ndim} dimensions: values are scalars, vectors or matrices")
        if value.size == 0:
            raise ValueParseError("the value is empty: a vector or matrix needs at least one number")
        try:
            return value.astype(float)
        except (TypeError, ValueError):
            raise ValueParseError(f"the array holds {value.dtype} entries, not numbers") from None
    if isinstance(value, (np.integer, np.floating)):
        return np.array(float(value))
    return from_json(value)


def to_json_value(arr: Any) -> Any:
    """A float array -> a number or nested lists; nan and ±inf become strings (valid JSON)."""
    arr = np.asarray(arr, dtype=float)
    if arr.ndim == 0:
        return _number_out(float(arr))
    return [to_json_value(item) for item in arr]


def _number_out(x: float) -> Any:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def _shape_of(obj: Any, where: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of a nested list, checking every row has the same length and every leaf is a number."""
    if isinstance(obj, list):
        if len(where) >= 2:
            raise ValueParseError(
                f"entry {_where(where)} is a list: 3 dimensions: values are scalars, vectors or matrices"
            )
        shapes = [_shape_of(item, where + (i,)) for i, item in enumerate(obj)]
        if not shapes:
            return (0,)
        first = shapes[0]
        for i, s in enumerate(shapes):
            if s != first:
                if len(first) != len(s):
                    raise ValueParseError(
                        f"entry {_where(where + (i,))} is {_kind(s)} but entry {_where(where + (0,))} is {_kind(first)}"
                    )
                raise ValueParseError(
                    f"rows have different lengths: row {_where(where + (0,))} has {first[0]} entries, "
                    f"row {_where(where + (i,))} has {s[0]}"
                )
        return (len(obj),) + first
    _check_number(obj, where)
    return ()


def _check_number(obj: Any, where: tuple[int, ...]) -> None:
    place = f" at {_where(where)}" if where else ""
    if isinstance(obj, bool) or obj is None:
        raise ValueParseError(f"{json.dumps(obj)}{place} is not a number")
    if isinstance(obj, float):
        return
    if isinstance(obj, int):
        if abs(obj) > 1e308:
            raise ValueParseError(f"the number{place} is too large")
        return
    if isinstance(obj, str):
        if obj in _SPECIAL:
            return
        raise ValueParseError(
            f'the text "{_short(obj)}"{place} is not a number (NaN, Infinity and -Infinity are allowed as text)'
        )
    raise ValueParseError(f"{_short(json.dumps(obj))}{place} is not a number")


def _numbers(obj: Any) -> Any:
    if isinstance(obj, list):
        return [_numbers(item) for item in obj]
    if isinstance(obj, str):
        return _SPECIAL[obj]
    return float(obj)


def _where(index: tuple[int, ...]) -> str:
    return "[" + "][".join(str(i) for i in index) + "]"


def _kind(shape: tuple[int, ...]) -> str:
    return "a number" if not shape else f"a list of {shape[0]}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
