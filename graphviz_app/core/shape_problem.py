"""An op's shape message as every surface says it: its operands named before their shapes."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import HINT_SEPARATOR, EitherHint
from .ops import fmt_shape

Shape = tuple[int, ...]

_SUPERSCRIPTS = set("⁰¹²³⁴⁵⁶⁷⁸⁹ˣ")


def shape_problem(
    who: str,
    message: str,
    names: list[str],
    shapes: list[Shape],
    hint: str | EitherHint = "",
    computed: Sequence[bool] = (),
    transposed: Sequence[int] = (),
    transposes: Sequence[str | None] = (),
) -> str:
    """An op's shape message as every surface says it (the window, the CLI, the Python API): its
    operands named before their shapes, after the op (who) unless the message begins with it, then
    the op's hint with the operands' names: "matmul: W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ — x
    must be ℝ² to match W's 2 columns (or W ℝ³ˣ³)", "softmax_xent(Z ℝ²ˣ³, Y ℝ¹ˣ³): …".

    computed: per operand, whether it is an op's result rather than a value the user set (a
    variable, a constant, an array); none is when not given. Of an EitherHint the fix changes b,
    unless b is computed and a is not: the value a person set is the likelier culprit.

    transposed: the operands whose transpose would fit (ShapeError.transposed); transposes: per
    operand, the name of what it is the explicit transpose of (None: not a transpose). Such an
    operand is not to be transposed back but dropped: "use W instead of transpose(W): W ℝ²ˣ³ fits"."""
    if isinstance(hint, EitherHint):
        a_computed, b_computed = (tuple(computed) + (False, False))[:2]
        hint = hint.change_a if b_computed and not a_computed else hint.change_b
    inner = {k: transposes[k] for k in transposed if k < len(transposes) and transposes[k]}
    if inner:
        k = next(k for k in transposed if k in inner)
        hint = f"use {inner[k]} instead of {{{k}}}: {inner[k]} {fmt_shape(tuple(shapes[k])[::-1])} fits"
    named = name_operands(message, names, shapes) + (f"{HINT_SEPARATOR}{hint.format(*names)}" if hint else "")
    return named if named.startswith((f"{who}(", f"{who} of ")) else f"{who}: {named}"


def name_operands(message: str, names: list[str], shapes: list[Shape]) -> str:
    """An op's shape message with each operand's shape preceded by its card's name, so the reader
    knows which cards clash: "ℝ³ˣ² @ ℝ³: inner sizes …" -> "W ℝ³ˣ² @ x ℝ³: inner sizes …". The op
    writes the shapes in port order; where it does not, the operands are named before its words."""
    out, pos = message, 0
    for name, shape in zip(names, shapes):
        text = fmt_shape(shape)
        at = out.find(text, pos)
        while at >= 0 and out[at + len(text) : at + len(text) + 1] in _SUPERSCRIPTS:
            at = out.find(text, at + 1)  # ℝ is not the start of ℝ³
        if at < 0:
            listed = " and ".join(f"{n} {fmt_shape(s)}" for n, s in zip(names, shapes))
            return f"{listed}: {message}"
        out = f"{out[:at]}{name} {out[at:]}"
        pos = at + len(name) + 1 + len(text)
    return out
