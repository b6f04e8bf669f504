"""The values a Python user gives (`g.variable`, `ga.trace`'s parameters and constants, `ga.` functions
on plain arrays) as float arrays, by the rule files and --set follow (core.values.check_value_shape):
what the API takes, a saved diagram opens again."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core.errors import ValueParseError
from ..core.ops import fmt_shape
from ..core.values import boolean_problem, check_value_shape, from_json
from .errors import Error, ShapeError
from .user_code import trace_error, user_location


class Traced:
    """A value being recorded by a trace (api.tracing.Tracer): not a value to hold."""


NUMBER_RANGE = "a number is too large: numbers must lie within ±1.8e308"


def is_number(x: Any) -> bool:
    """A plain number (not a boolean): a Python or numpy scalar, or a 0-d array."""
    if isinstance(x, bool):
        return False
    return isinstance(x, (int, float, np.integer, np.floating)) or (isinstance(x, np.ndarray) and x.ndim == 0)


def as_value(value: Any, what: str, trace: bool = False) -> np.ndarray:
    """A float array of at most two dimensions, or an error naming what it is the value of."""
    if isinstance(value, Traced):
        raise Error(f"{what} is a traced value from another trace")
    boolean = boolean_problem(value)  # (numpy reads True as 1.0; files and --set refuse it)
    if boolean is not None:
        text = f"{what}: {boolean}"
        raise trace_error(text) if trace else Error(text)
    try:
        array = np.asarray(value)
        if array.dtype.kind in "USV":  # text is not a number (np.array would read "1e400" as inf)
            raise TypeError
        if array.dtype.kind == "O" and any(item is None for item in array.flat):  # (astype reads None as nan)
            held = "None" if value is None else "one holding None"
            text = f"{what} must be a number or an array of numbers, not {held}"
            raise trace_error(text) if trace else Error(text)
        if array.dtype.kind == "c":  # (astype would drop the imaginary part with only a warning)
            text = f"{what} must be a real number or an array of real numbers, not complex"
            raise trace_error(text) if trace else Error(text)
        array = array.astype(float)
    except OverflowError:  # (an int no float can hold)
        text = f"{what}: {NUMBER_RANGE}"
        raise (trace_error(text) if trace else Error(text)) from None
    except (TypeError, ValueError):
        text = f"{what} must be a number or an array of numbers, not {type(value).__name__}"
        if isinstance(value, list):  # (nested lists: the file reader's words, e.g. for ragged rows)
            try:
                from_json(value)
            except ValueParseError as exc:
                text = f"{what}: {exc.message}"
        raise (trace_error(text) if trace else Error(text)) from None
    if array.ndim > 2:
        text = (
            f"{what} has shape {fmt_shape(array.shape)}: graphviz_app holds scalars, vectors and matrices "
            "(at most 2 dimensions)"
        )
        raise ShapeError(f"{user_location()}: {text}" if trace else text)
    try:
        check_value_shape(array.shape, what)  # (the file reader's rule: what is saved opens again)
    except ValueParseError as exc:
        raise ShapeError(f"{user_location()}: {exc.message}" if trace else exc.message) from None
    return array
