"""Shapes as people read them, the same on the cards, in the inspector, in the CLI's tables and
in every message (ops.fmt_shape writes this): a value's space ℝ, ℝ³, ℝ³ˣ²; a Jacobian as the
matrix it flattens to, 3×(3×2). (--json keeps plain lists.) And shapes as people type them, for
New from Expression: "X 8×5, W 5×4, b 4", "X (8, 5) W (5, 4)" (read_shapes)."""

from __future__ import annotations

import math
import re

from .conventions import matrix_text
from .errors import ExpressionError
from .values import MAX_NUMBERS

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PLAIN = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹ˣ", "0123456789×")
# a name (as the expression spells it), then a shape: 8×5, 8x5, 8*5, 4, ℝ⁸ˣ⁵, ℝ, scalar, (), (8, 5), (4,)
_NAME = re.compile(r"[^\W\d]\w*")
_TUPLE = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
# × and * may have spaces around them; the letter x only between two sizes, touching both (5x4):
# in "W 5x4 X 8x5" X is the next name.
_SIZES = re.compile(r"\d+(?:\s*[×*]\s*\d+|[xX]\d+)*(?=[\s,;]|$)")
# a lone x after a bare length: "b 4 x 3", a 4×3 matrix or b ℝ⁴ and x ℝ³? (refused, never guessed)
_LONE_X = re.compile(r"\s+([xX])\s+(\d+)(?=[\s,;]|$)")
_WORD = re.compile(r"(?:scalar|ℝ)(?!\w)", re.IGNORECASE)
_SEPARATORS = ",;\n"
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
    are separated by commas, semicolons, new lines or only spaces ("X 8x5 W 5x4"); a shape is a
    scalar, a vector or a matrix, also as numpy writes it: (8, 5), (4,), ()."""
    shapes: dict[str, tuple[int, ...]] = {}
    text = text.translate(_PLAIN)
    pos = _skip(text, 0)
    while pos < len(text):
        name_match = _NAME.match(text, pos)
        if name_match is None:
            raise ExpressionError(f'shapes: "{_entry(text, pos)}" is not a name and a shape (for example  {EXAMPLE})')
        name = name_match.group()
        if name in shapes:
            raise ExpressionError(f'shapes: "{name}" is given twice')
        at = re.compile(r"\s*[:=]?\s*").match(text, name_match.end()).end()
        shape, end = _shape(text, at)
        if shape is None:
            if at >= len(text) or text[at] in _SEPARATORS or _NAME.match(text, at):
                raise ExpressionError(
                    f'shapes: "{name}" has no shape (for example  {name} 3×2,  {name} 4  or  {name} scalar)'
                )
            entry = _entry(text, pos)
            example = f"{name} (8, 5)  or  {name} (4,)" if "(" in entry else EXAMPLE  # (as it was typed)
            raise ExpressionError(
                f"shapes: \"{entry}\": write a vector's length or a matrix's rows×columns (for example  {example})"
            )
        _check(text[pos:end].strip(), shape)
        lone_x = _LONE_X.match(text, end) if len(shape) == 1 and text[at].isdigit() else None
        if lone_x is not None:  # a wrong guess would set a shape nobody meant, without a word
            x, size, other = lone_x.group(1), text[at:end].strip(), lone_x.group(2)
            matrix = f"{name} {size}×{other}  for a matrix"
            if x == name or x in shapes:  # (x as a name would be given twice: only × is a reading)
                raise ExpressionError(
                    f'shapes: "{_entry(text, pos)}": write  {matrix} (a second {x} would give {x} twice)'
                )
            raise ExpressionError(
                f'shapes: "{_entry(text, pos)}": is {x} a name or "×"? write  {name} {size}, {x} {other}  '
                f"for two entries or  {matrix}"
            )
        shapes[name] = shape
        pos = _skip(text, end)
    return shapes


def _shape(text: str, at: int) -> tuple[tuple[int, ...] | None, int]:
    """The shape written at text[at:] and where it ends; (None, at) when none is."""
    match = _TUPLE.match(text, at)
    if match is not None:
        inside = [part.strip() for part in match.group(1).split(",")]
        if inside[-1] == "":  # (4,) and ()
            inside.pop()
        if all(part.isdigit() for part in inside):
            return tuple(int(part) for part in inside), match.end()
        return None, at
    match = re.compile(r"ℝ\s*").match(text, at)
    start = match.end() if match else at
    sizes = _SIZES.match(text, start)
    if sizes is not None:
        return tuple(int(d) for d in re.split(r"\s*[×*]\s*|[xX]", sizes.group())), sizes.end()
    word = _WORD.match(text, at)
    return ((), word.end()) if word else (None, at)


def _check(entry: str, shape: tuple[int, ...]) -> None:
    if len(shape) > 2:
        raise ExpressionError(
            f"shapes: \"{entry}\": write a vector's length or a matrix's rows×columns "
            f"(values are scalars, vectors or matrices; for example  {EXAMPLE})"
        )
    if shape and min(shape) < 1:
        raise ExpressionError(f'shapes: "{entry}": sizes are at least 1')
    if math.prod(shape) > MAX_NUMBERS:
        raise ExpressionError(
            f'shapes: "{entry}" would hold {math.prod(shape):,} numbers; the limit is {MAX_NUMBERS:,}'
        )


def _skip(text: str, pos: int) -> int:
    """Past the spaces and separators at pos."""
    while pos < len(text) and (text[pos].isspace() or text[pos] in _SEPARATORS):
        pos += 1
    return pos


def _entry(text: str, pos: int) -> str:
    """The entry at pos as a message quotes it: up to the next separator outside ( )."""
    depth, end = 0, pos
    while end < len(text) and not (depth == 0 and text[end] in _SEPARATORS):
        depth += {"(": 1, ")": -1}.get(text[end], 0)
        end += 1
    return text[pos:end].strip()
