"""Shapes as people read them, the same on the cards, in the inspector, in the CLI's tables and
in every message (ops.fmt_shape writes this): a value's space ℝ, ℝ³, ℝ³ˣ²; a Jacobian as the
matrix it flattens to, 3×(3×2). (--json keeps plain lists.)"""

from __future__ import annotations

from .conventions import matrix_text

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def shape_text(shape: tuple[int, ...] | None) -> str:
    """() -> ℝ, (3,) -> ℝ³, (3, 2) -> ℝ³ˣ²; None (no value) -> empty."""
    if shape is None:
        return ""
    if not shape:
        return "ℝ"
    return "ℝ" + "ˣ".join(str(s).translate(_SUPERSCRIPT) for s in shape)


def jacobian_text(out_shape: tuple[int, ...], in_shape: tuple[int, ...]) -> str:
    """∂out/∂in as the inspector writes it (numerator layout): rows × columns, 2×3, 1×3, 3×(3×2)."""
    return matrix_text(tuple(out_shape), tuple(in_shape))
