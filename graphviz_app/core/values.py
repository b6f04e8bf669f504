"""Values as text: a number, a vector or a matrix written as JSON.

`parse_value` reads what a user types (the CLI's --set, the inspector's value
field); `from_json` checks an already decoded JSON object (the file format);
`to_json_value` writes an array back. Non-finite numbers are written as the
strings "NaN", "Infinity" and "-Infinity" so the output is always valid JSON,
and both readers accept them back.

Limits (docs/file-format.md): a number must fit a float (within ±1.8e308; a
literal beyond that is refused, not silently made infinite), a value holds at
most MAX_NUMBERS numbers, and value text is at most MAX_TEXT_BYTES long.
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

import numpy as np

from .errors import ValueParseError, shortened
from .syntax_words import json_typo

QUOTED = 40  # characters of a typed text a message quotes (errors.shortened)

_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}

MAX_NUMBERS = 1_000_000  # entries in one value: a 1000×1000 matrix
MAX_TEXT_BYTES = 32_000_000  # a value typed or given to --set; a file has its own limit
_FLOAT_DIGITS = len(str(int(sys.float_info.max)))  # 309: a longer integer cannot be a float


def size_text(n: int) -> str:
    """A size in bytes as people read it: 812 bytes, 3.4 MB, 32 MB."""
    if n < 1000:
        return f"{n} bytes"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            value = n / scale
            return f"{value:.1f} {unit}".replace(".0 ", " ") if value < 100 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


def too_large(literal: str, place: str = "") -> str:
    """The message for a number literal no float can hold (shown short: its first digits)."""
    digits = sum(ch.isdigit() for ch in literal)
    shown = literal if len(literal) <= 24 else f"{literal[:12]}… ({digits} digits)"
    return f"the number {shown}{place} is too large: numbers must lie within ±1.8e308"


def read_int(literal: str) -> int:
    """json's parse_int hook. Python refuses to read integers of more than 4300 digits and a
    float cannot hold more than 309: such a literal is a ValueParseError, never a crash."""
    digits = len(literal) - literal.startswith("-")
    if digits <= _FLOAT_DIGITS:
        number = int(literal)
        if abs(number) <= sys.float_info.max:
            return number
    raise ValueParseError(too_large(literal))


# what a literal no float can hold needs: 300+ digits in a row, or an exponent of 3+ digits.
# Sought in the text's bytes with every digit written 0 and E written e: a regular expression
# ([0-9]{300}, [eE]\\+?[0-9]{3}) took 55 ms over a 2 MB file, this 7 (digits are ASCII: no other
# character's UTF-8 bytes hold one)
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789E", b"000000000e")
_LONG_MARKS = (b"0" * 300, b"e000", b"e+000")


def number_hooks(text: str) -> dict[str, Any]:
    """json's parse_int and parse_float for this text: read_int and read_float when it may hold
    a number no float can hold, else json's own (a million numbers read in C, not in Python)."""
    plain = text.encode("utf-8", "surrogatepass").translate(_DIGITS_AS_ZERO)
    if any(mark in plain for mark in _LONG_MARKS):
        return {"parse_int": read_int, "parse_float": read_float}
    return {}


class TooLarge(str):
    """A number literal no float can hold, kept as its text (kept_number_hooks) so that the check
    of the value it is in (from_json) refuses it there, naming the node and the entry."""


def kept_number_hooks(text: str) -> dict[str, Any]:
    """json's hooks for a text whose values are checked one by one afterwards (a pasted fragment):
    a literal no float can hold is kept as a TooLarge, never read as infinity nor raised at once."""
    if not number_hooks(text):
        return {}
    return {"parse_int": _int_or_kept, "parse_float": _float_or_kept}


def _int_or_kept(literal: str) -> int | TooLarge:
    try:
        return read_int(literal)
    except ValueParseError:
        return TooLarge(literal)


def _float_or_kept(literal: str) -> float | TooLarge:
    number = float(literal)
    return TooLarge(literal) if math.isinf(number) else number


def read_float(literal: str) -> float:
    """json's parse_float hook: 1e999 is refused rather than read as infinity."""
    number = float(literal)
    if math.isinf(number):
        raise ValueParseError(too_large(literal))
    return number


# one number as a person writes it: 2, -0.5, .5, 1e-3 (no 1_000, no 0x10: Python's, not people's)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"[-+\u2212]?\d{1,3}(?: \d{3})+(?:\.\d*)?")
_GROUP_SPACES = str.maketrans("", "", "\u2009\u00a0\u202f")  # thin, no-break, narrow no-break
_WORDS = {"nan": math.nan, "inf": math.inf, "infinity": math.inf}  # as format_number writes them too


def read_number(text: str) -> float:
    """One number written as text (a cell of the value editor's grid): a decimal number, with the
    minus sign the cards write (−) and thin or no-break spaces between digit groups (1 000, as a
    spreadsheet copies it); nan, inf, NaN, Infinity in any case. A plain space separates numbers
    wherever values are typed (core.table_text), so "1 000" is refused here, not read as 1000.
    ValueParseError for anything else, and for a literal no float can hold (1e400: refused as files
    and --set refuse it, not read as infinity)."""
    stripped = text.strip()
    if " " in stripped:
        grouped = _GROUPED.fullmatch(stripped)  # 1 000: say how to write it
        hint = f" (write {stripped.replace(' ', '')})" if grouped else ""
        raise ValueParseError(f"“{shortened(stripped, QUOTED)}” is not a number: a space separates numbers{hint}")
    cleaned = stripped.replace("\u2212", "-").translate(_GROUP_SPACES)
    if not cleaned:
        raise ValueParseError("is empty")
    sign = -1.0 if cleaned[0] == "-" else 1.0
    word = cleaned[1:] if cleaned[0] in "+-" else cleaned
    if word.lower() in _WORDS:
        return sign * _WORDS[word.lower()]
    if not _DECIMAL.fullmatch(cleaned):
        raise ValueParseError(f"“{shortened(text.strip(), QUOTED)}” is not a number")
    return read_float(cleaned)


# a literal no float but 0 can hold needs an exponent of 3+ digits below 0, or 300+ zeros after the point
_TINY_HINT = re.compile("[eE][-\u2212][0-9]{3}|0{300}")
_LITERAL = re.compile(r"(?<![\w.])[+\-\u2212]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+\-\u2212]?[0-9]+)?(?![\w.])")
SMALLEST = "about 5e-324"  # the smallest float above 0 (4.9e-324, a subnormal)


def underflow_note(text: str) -> str:
    """A note for value text that writes a number too small for a float (1e-400): it is stored
    as 0, an exact zero that log and 1/x then read as such, so it is said, never done silently
    (1e400 is refused: read_float). '' when the text writes none. The value editor shows it, and
    --set prints it as a warning: one note for one reading."""
    if not _TINY_HINT.search(text):  # (a million ordinary numbers are not looked at one by one)
        return ""
    tiny = [m.group() for m in _LITERAL.finditer(text) if _stored_as_zero(m.group())]
    if not tiny:
        return ""
    first = tiny[0] if len(tiny[0]) <= 24 else f"{tiny[0][:12]}…"
    if len(tiny) == 1:
        return f"{first} is below the smallest number ({SMALLEST}): stored as 0"
    more = len(tiny) - 1
    return f"{first} and {more} more number{'s' if more > 1 else ''} are below the smallest number ({SMALLEST}): stored as 0"


def _stored_as_zero(literal: str) -> bool:
    literal = literal.replace("\u2212", "-")
    mantissa = re.split("[eE]", literal)[0]
    return any(ch in "123456789" for ch in mantissa) and float(literal) == 0.0


def format_number(x: float) -> str:
    """Shortest text that reads back as the same float: 2 not 2.0, 0.1 not 0.1000000001."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def check_text_size(text: str) -> None:
    """A value's text, typed or given to --set: text, and at most MAX_TEXT_BYTES long."""
    if not isinstance(text, str):
        raise ValueParseError(f"a value must be text, got {type(text).__name__}")
    if len(text) > MAX_TEXT_BYTES:  # (characters: at least as many bytes)
        raise ValueParseError(
            f"the value is {size_text(len(text))} of text; the limit is {size_text(MAX_TEXT_BYTES)} "
            f"(and {MAX_NUMBERS:,} numbers)"
        )


def parse_value(text: str) -> np.ndarray:
    """JSON text (a number or nested lists of numbers) -> float array of 0, 1 or 2 dims."""
    check_text_size(text)
    stripped = text.strip()
    if not stripped:
        raise ValueParseError("the value is empty: write a number, a list [1, 2] or a matrix [[1, 2], [3, 4]]")
    if stripped in _SPECIAL:
        return np.array(_SPECIAL[stripped])
    try:
        decoded = json.loads(stripped, **number_hooks(stripped))
    except json.JSONDecodeError as exc:
        raise ValueParseError(
            f'"{shortened(stripped, QUOTED)}" cannot be read (column {exc.colno}: {json_typo(exc)}); '
            "write a number, a list [1, 2] or a matrix [[1, 2], [3, 4]]"
        ) from None
    except RecursionError:
        raise ValueParseError(f"{shortened(stripped, QUOTED)} is nested too deeply") from None
    return from_json(decoded)


def from_json(obj: Any) -> np.ndarray:
    """A decoded JSON number or nested list -> float array, with a clear message if it is not one."""
    depth, probe = 0, obj
    while isinstance(probe, list) and probe:
        depth, probe = depth + 1, probe[0]
    if depth > 2:
        raise ValueParseError(f"{depth} dimensions: values are scalars, vectors or matrices")
    shape = _shape_of(obj, ())
    check_value_shape(shape)
    return np.array(obj, dtype=float).reshape(shape)  # (numpy reads "NaN", "Infinity", "-Infinity")


def check_value_shape(shape: tuple[int, ...], subject: str = "the value") -> None:
    """The shapes a value may have, one rule for files, --set and the Python API (what one of them
    accepts, the others open): at most 2 dimensions, at least one number, at most MAX_NUMBERS.
    subject: how the message names the value."""
    if len(shape) > 2:
        raise ValueParseError(f"{len(shape)} dimensions: values are scalars, vectors or matrices")
    if 0 in shape:
        raise ValueParseError(f"{subject} is empty: a vector or matrix needs at least one number")
    if math.prod(shape) > MAX_NUMBERS:
        raise ValueParseError(_too_many(shape, subject))


def as_array(value: Any) -> np.ndarray:
    """Text, a number, nested lists or an array -> checked float array."""
    if isinstance(value, str):
        return parse_value(value)
    if isinstance(value, np.ndarray):
        check_value_shape(value.shape)
        try:
            return value.astype(float)
        except OverflowError:
            raise ValueParseError("a number is too large: numbers must lie within ±1.8e308") from None
        except (TypeError, ValueError):
            raise ValueParseError(f"the array holds {value.dtype} entries, not numbers") from None
    if isinstance(value, (np.integer, np.floating)):
        return np.array(float(value))
    return from_json(value)


def to_json_value(arr: Any) -> Any:
    """A float array -> a number or nested lists; nan and ±inf become strings (valid JSON).
    Converted by numpy in one call (a number at a time took most of a large file's save)."""
    arr = np.asarray(arr, dtype=float)
    if np.isfinite(arr).all():
        return arr.tolist()
    out = arr.astype(object)
    out[np.isnan(arr)] = "NaN"
    out[arr == np.inf] = "Infinity"
    out[arr == -np.inf] = "-Infinity"
    return out.tolist()


def to_report_value(arr: Any) -> Any:
    """to_json_value for what the commands print (grad --json, train --json): −0.0 written as 0
    (a loss of -0.0 reads like a sign bug). Files keep −0.0 as it was read (to_json_value)."""
    return to_json_value(np.asarray(arr, dtype=float) + 0.0)  # (−0.0 + 0.0 is 0.0; all else kept)


def _shape_of(obj: Any, where: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of a nested list, checking every row has the same length and every leaf is a number."""
    if isinstance(obj, list):
        if len(where) >= 2:
            raise ValueParseError(
                f"entry {_where(where)} is a list: 3 dimensions: values are scalars, vectors or matrices"
            )
        if obj and all(type(item) is float for item in obj):  # the usual row, checked at C speed
            return (len(obj),)
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
    if type(obj) is float or (type(obj) is int and abs(obj) <= sys.float_info.max):
        return
    if isinstance(obj, str) and obj in _SPECIAL:
        return
    place = f" at {_where(where)}" if where else ""
    if isinstance(obj, TooLarge):
        raise ValueParseError(too_large(obj, place))
    if isinstance(obj, bool) or obj is None:
        raise ValueParseError(f"{json.dumps(obj)}{place} is not a number")
    if isinstance(obj, float):
        return
    if isinstance(obj, int):
        if abs(obj) > sys.float_info.max:
            raise ValueParseError(f"the number{place} is too large: numbers must lie within ±1.8e308")
        return
    if isinstance(obj, str):
        raise ValueParseError(
            f'the text "{shortened(obj, QUOTED)}"{place} is not a number (NaN, Infinity and -Infinity are allowed as text)'
        )
    raise ValueParseError(f"{shortened(json.dumps(obj, default=str), QUOTED)}{place} is not a number")


def boolean_problem(value: Any) -> str | None:
    """Why a Python value (the API's) is not a number because it holds a boolean, in the words
    the JSON readers use ("true at [0] is not a number"); None when it holds none. numpy would
    read True as 1.0: files and --set refuse it, and so does the API."""
    if isinstance(value, (bool, np.bool_)):
        return f"{json.dumps(bool(value))} is not a number"
    if isinstance(value, np.ndarray):
        if value.dtype.kind != "b":
            return None
        return _first_boolean(value.tolist(), ()) if value.ndim else boolean_problem(value.item())
    if isinstance(value, (list, tuple)):
        return _first_boolean(value, ())
    return None


def _first_boolean(items: Any, where: tuple[int, ...]) -> str | None:
    """The first boolean in nested lists, named with its place, depth first."""
    for i, item in enumerate(items):
        if isinstance(item, (bool, np.bool_)):
            return f"{json.dumps(bool(item))} at {_where(where + (i,))} is not a number"
        if isinstance(item, np.ndarray) and item.dtype.kind == "b":
            item = item.tolist()
        if isinstance(item, (list, tuple)):
            found = _first_boolean(item, where + (i,))
            if found is not None:
                return found
    return None


def _too_many(shape: tuple[int, ...], subject: str = "the value") -> str:
    size = " × ".join(str(n) for n in shape)
    return f"{subject} has {math.prod(shape):,} numbers ({size}); the limit is {MAX_NUMBERS:,} numbers"


def _where(index: tuple[int, ...]) -> str:
    return "[" + "][".join(str(i) for i in index) + "]"


def _kind(shape: tuple[int, ...]) -> str:
    return "a number" if not shape else f"a list of {shape[0]}"
