"""Numbers and arrays as short text for badges, cards and tables: 2.5, [1, 2, 3], −0.5, with …
when long."""

from __future__ import annotations

from math import isfinite, isnan

import numpy as np

_G4 = ".4g"  # the usual format, written once (building the spec per number was a fifth of its cost)


def fmt_number(x: float, digits: int = 4) -> str:
    """A number as every view writes it (cards, gradient labels, the Inspector, the exports, the
    messages): 4 significant digits, a true minus sign, a short power of ten (1.5e−7, 2e4), ∞
    and nan; a large number is written whole when that is no longer than its power of ten
    (−12344, not −1.234e4; 1234567, not 1.235e6). digits: other significant digits, in the same
    notation (the command line's tables: 6; a card's value shortened to fit: 3 or 2)."""
    if not isfinite(x):
        return "nan" if isnan(x) else "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    text = format(x, _G4 if digits == 4 else f".{digits}g")
    if "e" not in text:  # most numbers: only the sign to write as a true minus
        return text if x > 0 else "−" + text[1:]
    text = text.replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")
    if "e" in text and "e-" not in text:  # a large number: whole when that is no longer
        whole = f"{x:.0f}"  # (every digit up to the units: more digits, never fewer)
        if len(whole) <= len(text):
            text = whole
    return text.replace("-", "−")


def sci_number(x: float, digits: int = 4) -> str:
    """x in powers of ten with up to 4 significant digits (digits), as fmt_number writes small and
    large numbers: 2.463e−5, −9.72e−4 (0, nan and inf as fmt_number writes them)."""
    if x == 0 or not isfinite(x):
        return fmt_number(x, digits)
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}".replace("-", "−")


def short(value: np.ndarray, max_items: int = 4, sci: bool | None = None, digits: int = 4) -> str:
    """A compact text of a value for badges: 2.5, [1, 2, 3], [[1, 2], [3, 4]], with … when long.
    Numbers all below 0.01 (or all from 10⁴) in size share one notation: when one needs a power of
    ten, all do ([2.463e−5, −9.72e−4], never [2.463e−5, −0.000972]). sci: that choice, made
    for the whole array. digits: significant digits (the command line's tables: 6, as their
    whole values)."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return fmt_number(float(arr), digits)
    if arr.ndim == 1:  # (its numbers shown are those the choice of notation looks at: listed once)
        head = arr[:max_items].tolist()
        write = sci_number if (_in_powers(head) if sci is None else sci) else fmt_number
        items = [write(v, digits) for v in head]
        return "[" + ", ".join(items) + (", …" if arr.size > max_items else "") + "]"
    rows_shown = max(1, max_items // 2)
    if sci is None:
        shown = arr[:rows_shown, :max_items] if arr.ndim == 2 else arr[:max_items]
        sci = _in_powers(shown.ravel().tolist())
    rows = [short(row, max_items, sci, digits) for row in arr[:rows_shown]]
    return "[" + ", ".join(rows) + (", …" if arr.shape[0] > rows_shown else "") + "]"


def _in_powers(shown: list[float]) -> bool:
    """Whether the numbers shown are all written in powers of ten: only among numbers all tiny or
    all huge (0.5 next to 1e+06 reads better as it is), when one of them needs it."""
    for v in shown:  # the size test first, a plain loop: usually the first number ends it (nan, ∞ pass)
        if 0.01 <= abs(v) < 1e4:
            return False
    return any("e" in fmt_number(v) for v in shown if isfinite(v) and v != 0)


def short_matrix(m: np.ndarray, max_items: int = 4) -> str:
    """A 2-D matrix as short_presented writes it."""
    if m.shape == (1, 1):
        return fmt_number(float(m[0, 0]))
    if m.shape[0] == 1:
        return short(m[0], max_items)
    if m.shape[1] == 1:
        return short(m[:, 0], max_items) + "ᵀ"
    return short(m, max_items)
