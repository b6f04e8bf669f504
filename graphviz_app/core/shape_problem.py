"""An op's shape message as every surface says it: its operands named before their shapes; and
the few words a card has room for, naming the operand the fix names."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass

from .code_text import Operand
from .errors import HINT_SEPARATOR, EitherHint
from .ops import fmt_shape

Shape = tuple[int, ...]

_SUPERSCRIPTS = set("⁰¹²³⁴⁵⁶⁷⁸⁹ˣ")


@dataclass(frozen=True)
class ShapeProblem:
    """text: the message whole (the status bar, the Inspector, the command line). short: what a
    114 px card has room for; cut, the whole message would name only its first operand, seldom the
    culprit. So where the fix names an operand first, its name, its shape and what it clashes with:
    "b1 ℝ³ does not broadcast with ℝ⁴ˣ⁵", "W ℝ³ˣ² looks transposed"; else the message without the
    op's name. fix: the hint alone, with the operands named ("" when none is known): the Inspector
    and the status bar show it as data, never by splitting text."""

    text: str
    short: str
    fix: str = ""


def shape_problem(
    who: str,
    message: str,
    names: list[str],
    shapes: list[Shape],
    hint: str | EitherHint = "",
    computed: Sequence[bool] = (),
    transposed: Sequence[int] = (),
    transposes: Sequence[str | None] = (),
    listed: Sequence[str] = (),
) -> str:
    """An op's shape message as every surface says it (the window, the CLI, the Python API): its
    operands named before their shapes, after the op (who) unless the message begins with it, then
    the op's hint with the operands' names: "matmul: W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ — x
    must be ℝ² to match W's 2 columns (or W ℝ³ˣ³)", "softmax_xent(Z ℝ²ˣ³, Y ℝ¹ˣ³): …".
    (explain_shape_problem says the arguments, and gives the card's short form too.)"""
    return explain_shape_problem(
        who, message, names, shapes, hint, computed, transposed, transposes, listed=listed
    ).text


def explain_shape_problem(
    who: str,
    message: str,
    names: list[str],
    shapes: list[Shape],
    hint: str | EitherHint = "",
    computed: Sequence[bool] = (),
    transposed: Sequence[int] = (),
    transposes: Sequence[str | None] = (),
    broadcasts: bool = False,
    listed: Sequence[str] = (),
) -> ShapeProblem:
    """An op's shape message, whole and short (ShapeProblem), as shape_problem says it.

    computed: per operand, whether it is an op's result rather than a value the user set (a
    variable, a constant, an array); none is when not given. Of an EitherHint the fix changes b,
    unless b is computed and a is not: the value a person set is the likelier culprit.

    transposed: the operands whose transpose would fit (ShapeError.transposed); transposes: per
    operand, the name of what it is the explicit transpose of (None: not a transpose). Such an
    operand is not to be transposed back but dropped: "use W instead of W.T: W ℝ²ˣ³ fits".
    broadcasts: the op broadcasts its operands (its clash is "does not broadcast with", not "does
    not fit"). listed: the operands as the message first names them, before their shapes
    (naming.message_listing: matmul₁(X, W1)); names everywhere else (matmul₁); default names.
    A name that is a code_text.Operand also gives the code advice types ({0:code}: tanh(X @ W1)
    where the card is tanh), and so may a transposes entry; a plain name is its own code."""
    listed_or_named = list(listed) or names
    names = [name if isinstance(name, Operand) else Operand(name, listed_or_named[k]) for k, name in enumerate(names)]
    if isinstance(hint, EitherHint):
        a_computed, b_computed = (tuple(computed) + (False, False))[:2]
        hint = hint.change_a if b_computed and not a_computed else hint.change_b
    inner = {k: transposes[k] for k in transposed if k < len(transposes) and transposes[k]}
    if inner:
        k = next(k for k in transposed if k in inner)
        kept = inner[k] if isinstance(inner[k], Operand) else Operand(inner[k])
        said = f"use {kept.code} instead of {names[k].code}: {kept} {fmt_shape(tuple(shapes[k])[::-1])} fits"
        hint = said.replace("{", "{{").replace("}", "}}")  # (W instead of W.T: code, typed as it reads)
    fix = hint.format(*names) if hint else ""
    named = name_operands(message, listed_or_named, shapes) + (f"{HINT_SEPARATOR}{fix}" if fix else "")
    short = _short(hint, names, listed_or_named, shapes, broadcasts)
    if named.startswith((f"{who}(", f"{who} of ")):
        return ShapeProblem(named, short or named, fix)
    return ShapeProblem(f"{who}: {named}", short or named, fix)


def _short(hint: str, names: list[str], listed: list[str], shapes: list[Shape], broadcasts: bool) -> str:
    """The card's words where the hint begins by naming an operand ("{1} must be …", "{0} looks
    transposed: …"): that operand (as listed: sin(b1)), its shape, and the other operands' shapes; else ""."""
    fields = list(string.Formatter().parse(hint))
    if len(fields) < 2 or fields[0][0] or not (fields[0][1] or "").isdigit():
        return ""
    k, said = int(fields[0][1]), fields[1][0]
    if k >= len(names):
        return ""
    own = f"{listed[k]} {fmt_shape(shapes[k])}"
    if said.startswith(" looks transposed"):
        return f"{own} looks transposed"
    others = [fmt_shape(shape) for n, shape in enumerate(shapes) if n != k]
    if not said.startswith(" must be") or not others:
        return ""
    verb = "does not broadcast with" if broadcasts else "does not fit"
    return f"{own} {verb} {' and '.join(others)}"


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
