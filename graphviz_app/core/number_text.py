"""Numbers and arrays as short text for badges, cards and tables: 2.5, [1, 2, 3], −0.5, with …
when long."""

from __future__ import annotations

from math import isinf, isnan

import numpy as np


def fmt_number(x: float) -> str:
    """A number as every view writes it (cards, gradient labels, the Inspector, the exports):
    4 significant digits, a true minus sign, a short power of ten (1.235e4, 1.5e−7), ∞ and nan."""
    if isnan(x):
        return "nan"
    if isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    text = f"{x:.4g}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")
    return text.replace("-", "−")


def short(value: np.ndarray, max_items: int = 4) -> str:
    """A compact text of a value for badges: 2.5, [1, 2, 3], [[1, 2], [3, 4]], with … when long."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return fmt_number(float(arr))
    if arr.ndim == 1:
        items = [fmt_number(v) for v in arr[:max_items].tolist()]
        return "[" + ", ".join(items) + (", …" if arr.size > max_items else "") + "]"
    rows = [short(row, max_items) for row in arr[: max(1, max_items // 2)]]
    return "[" + ", ".join(rows) + (", …" if arr.shape[0] > max(1, max_items // 2) else "") + "]"


def short_matrix(m: np.ndarray, max_items: int = 4) -> str:
    """A 2-D matrix as short_presented writes it."""
    if m.shape == (1, 1):
        return fmt_number(float(m[0, 0]))
    if m.shape[0] == 1:
        return short(m[0], max_items)
    if m.shape[1] == 1:
        return short(m[:, 0], max_items) + "ᵀ"
    return short(m, max_items)
