"""How a shape rule writes shapes and refuses operands."""

from __future__ import annotations

from ..errors import EitherHint, ShapeError
from ..shape_text import shape_text

Shape = tuple[int, ...]


def fmt_shape(shape: Shape) -> str:
    """A shape as every message writes it: as the cards do, ℝ, ℝ³, ℝ³ˣ² (core.shape_text), so a
    message never mixes notations ("(3, 2) @ ℝ") nor differs from the card it names."""
    return shape_text(tuple(shape))


def shape_error(message: str, hint: str | EitherHint = "", transposed: tuple[int, ...] = ()) -> ShapeError:
    """The shape rule's refusal; hint: the fix, naming operands {0}, {1}, …; transposed: the
    operands whose transpose would fit (see ShapeError)."""
    return ShapeError(message, hint=hint, transposed=transposed)
