"""Short texts drawn on the canvas: the space a value lives in (ℝ³ˣ²) and a value preview."""

from __future__ import annotations

import math

import numpy as np

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def shape_text(shape: tuple[int, ...] | None) -> str:
    """() -> ℝ, (3,) -> ℝ³, (3, 2) -> ℝ³ˣ²; None (no value) -> empty."""
    if shape is None:
        return ""
    if not shape:
        return "ℝ"
    return "ℝ" + "ˣ".join(str(s).translate(_SUPERSCRIPT) for s in shape)


def number_text(x: float) -> str:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    if abs(x) >= 1e4 or abs(x) < 1e-3:
        return f"{x:.2e}".replace("e-0", "e-").replace("e+0", "e")
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


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
