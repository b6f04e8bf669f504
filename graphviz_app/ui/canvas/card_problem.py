"""The few words a card has room for about its own problem.

The status bar, the Inspector and the command line say a shape problem whole ("add₁: matmul(X, W1)
ℝ⁴ˣ⁵ + b1 ℝ³: shapes do not broadcast (…) — b1 must be ℝ⁵ …"); a card is 114 px wide, and cut there
the message would name only its first operand, which is seldom the culprit. So the card says the
operand the fix names, its shape and what it clashes with: "b1 ℝ³ does not broadcast with ℝ⁴ˣ⁵".
"""

from __future__ import annotations

import re

from ...core.errors import HINT_SEPARATOR

_SHAPE = r"ℝ[⁰¹²³⁴⁵⁶⁷⁸⁹ˣ]*"
_BLAMED = re.compile(r"(\S+) (?:must be|looks transposed)")  # the hint's first operand


def card_problem(problem: str) -> str:
    """The short form of a node's own problem (the message without the node's name): for a shape
    problem whose fix names an operand, that operand, its shape, and the other operands' shapes;
    else the problem as it is (the card elides it)."""
    said, _, hint = problem.partition(HINT_SEPARATOR)
    words = said.rpartition(": ")[2]
    found = _BLAMED.match(hint)
    if not found:
        return problem
    name = found.group(1)
    operands = said[: len(said) - len(words)]
    own = re.search(rf"(?<![\w(]){re.escape(name)} ({_SHAPE})", operands)
    if own is None:
        return problem
    if "looks transposed" in hint[: found.end()]:
        return f"{name} {own.group(1)} looks transposed"
    others = [m.group(0) for m in re.finditer(_SHAPE, operands[: own.start(1)] + operands[own.end(1) :])]
    if not others:
        return problem
    verb = "does not broadcast with" if "broadcast" in words else "does not fit"
    return f"{name} {own.group(1)} {verb} {' and '.join(others)}"
