"""Shapes as people read them, the same on the cards, in the inspector, in the CLI's tables and
in every message (ops.fmt_shape writes this): a value's space ℝ, ℝ³, ℝ³ˣ²; a Jacobian as the
matrix it flattens to, 3×(3×2). (--json keeps plain lists.) And shapes as people type them, for
New from Expression: "X 8×5, W 5×4, b 4" (read_shapes)."""

from __future__ import annotations

import math
import re

from .conventions import matrix_text
from .errors import ExpressionError
from .values import MAX_NUMBERS

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PLAIN = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹ˣ", "0123456789×")
# a name (as the expression spells it), then a shape: 8×5, 8x5, 8*5, 4, ℝ⁸ˣ⁵, ℝ, scalar, ()
_ENTRY = re.compile(r"^([^\W\d]\w*)\s*[:=]?\s*(.*)$")
_SIZES = re.compile(r"^\d+(?:\s*[×xX*]\s*\d+)?$")
EXAMPLE = "X 8×5, W 5×4, b 4"


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


def read_shapes(text: str) -> dict[str, tuple[int, ...]]:
    """ "X 8×5, W: 5x4; b 4, c scalar" -> {"X": (8, 5), "W": (5, 4), "b": (4,), "c": ()}. Entries
    are separated by commas, semicolons or new lines; a shape is a scalar, a vector or a matrix."""
    shapes: dict[str, tuple[int, ...]] = {}
    for entry in re.split(r"[,;\n]", text):
        entry = entry.strip()
        if not entry:
            continue
        match = _ENTRY.match(entry)
        if match is None:
            raise ExpressionError(f'shapes: "{entry}" is not a name and a shape (for example  {EXAMPLE})')
        name, size = match.group(1), match.group(2).strip().translate(_PLAIN).removeprefix("ℝ").strip()
        if name in shapes:
            raise ExpressionError(f'shapes: "{name}" is given twice')
        if size.lower() in ("", "scalar", "()"):
            if not match.group(2).strip():
                raise ExpressionError(
                    f'shapes: "{name}" has no shape (for example  {name} 3×2,  {name} 4  or  {name} scalar)'
                )
            shapes[name] = ()
            continue
        if not _SIZES.match(size):
            raise ExpressionError(
                f"shapes: \"{entry}\": write a vector's length or a matrix's rows×columns (for example  {EXAMPLE})"
            )
        shape = tuple(int(d) for d in re.split(r"\s*[×xX*]\s*", size))
        if min(shape) < 1:
            raise ExpressionError(f'shapes: "{entry}": sizes are at least 1')
        if math.prod(shape) > MAX_NUMBERS:
            raise ExpressionError(
                f'shapes: "{entry}" would hold {math.prod(shape):,} numbers; the limit is {MAX_NUMBERS:,}'
            )
        shapes[name] = shape
    return shapes
