"""Short texts drawn on the canvas: the space a value lives in (ℝ³ˣ²) and a value preview."""

from __future__ import annotations

import re
from collections.abc import Callable
from math import isfinite

import numpy as np

from ...core.number_text import fmt_number as number_text  # cards write numbers as every view does
from ...core.number_text import sci_number
from ...core.shape_text import shape_text  # noqa: F401  (the cards' ℝ³ˣ², written in core for the CLI too)


def value_preview(value: np.ndarray | None, max_chars: int = 18) -> str:
    """A one-line preview that fits on a node: 0.841, [1, 2, …], [[1, 2], …]."""
    if value is None:
        return ""
    value = np.asarray(value)
    if value.ndim == 0:
        return number_text(float(value))
    if value.ndim == 1:
        return _row(value, max_chars)
    first = _row(value[0], max_chars - 4)
    more = ", …" if value.shape[0] > 1 else ""
    return f"[{first}{more}]"


def first_entry(value: np.ndarray | None) -> float | None:
    """The true value of a preview's first number (value_preview writes it first), None when it has
    none or it is ∞ or nan (no digits to drop)."""
    if value is None:
        return None
    value = np.asarray(value)
    if value.size == 0:
        return None
    first = float(value.flat[0])
    return first if isfinite(first) else None  # (math's: numpy's costs more than the rest on a card)


COMPARED = 64  # entries: a value up to this size is compared with the one its card shows


def same_numbers(value: np.ndarray, shown: np.ndarray | None) -> bool:
    """Whether value holds exactly the numbers of shown (its preview and first entry would be the
    same), compared byte for byte: a card whose value did not change keeps its texts (writing them
    cost 2.7 us a card, the comparison 0.4). A value of more than COMPARED entries counts as
    changed: comparing it would cost more than its preview, which reads only its first row. The
    same array counts as changed too (an input's own value, which a change in place would leave
    equal to itself). value_preview and first_entry read the value's numbers and nothing else:
    were they ever to read more (a setting, the card's width), this reuse would have to go."""
    return (
        shown is not None
        and value is not shown
        and value.shape == shown.shape
        and value.size <= COMPARED
        and value.dtype == shown.dtype
        and value.tobytes() == shown.tobytes()
    )


def shorten_value(text: str, fits: Callable[[str], bool], first: float | None, fewest: int = 2) -> str | None:
    """A value preview cut between its numbers with its brackets closed ([0.3, 0.2, …]) so that
    fits(text) holds, never inside a number; text itself if it fits. Every cut keeps the rows it
    cuts, "…" standing as an entry of its own ([[0.445, …], …]: more entries, not more digits).
    When not even the first number fits whole: that number with fewer significant digits, 3 then
    2 and never fewer ([[−0.44, …], …]; −1e4 would read as −10000), in powers of ten when that is
    shorter ([[1.2e−4, …], …]). None if nothing fits: the card then shows its shape alone, never an
    empty skeleton ([[…], …]) nor a lone number ([[0.445…]] read as a 1×1 matrix). first: the true
    value of the text's first number (first_entry): its fewer digits are written from it, rounded
    once (from the text's 4 digits, 0.44496 written 0.445 would read 0.45, not 0.44); None (∞,
    nan): no digits to drop. fewest: the fewest significant digits tried (4: none dropped)."""
    if fits(text):
        return text
    least = text  # the shortest cut: the first number alone
    for cut in range(len(text) - 1, 0, -1):
        if text.startswith(", ", cut) and not text[:cut].endswith("…"):
            head, rest = text[:cut], text[cut:]
            outer = head.count("[") - head.count("]") - 1  # brackets around the one cut in
            least = head + ", …" + ("], …" if "], " in rest else "]") * outer + "]"
            if fits(least):
                return least
    entry = _NUMBER.search(least)  # (first is None: ∞ or nan, no digits to drop)
    if first is None or entry is None:
        return None
    before, after = least[: entry.start()], least[entry.end() :]
    for digits in range(3, fewest - 1, -1):
        plain, powers = number_text(first, digits), sci_number(first, digits)
        for number in (plain, powers) if len(powers) < len(plain) else (plain,):
            if number != entry.group() and fits(before + number + after):
                return before + number + after
    return None


_NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?")  # as number_text writes one (0.5, −1.2e−7)


def _row(row: np.ndarray, max_chars: int) -> str:
    parts: list[str] = []
    length = 2
    for x in row[:max_chars].tolist():  # (more never fit: each takes 3 characters or more)
        piece = number_text(float(x))
        if parts and length + len(piece) + 2 > max_chars:
            parts.append("…")
            break
        parts.append(piece)
        length += len(piece) + 2
    return "[" + ", ".join(parts) + "]"
