"""Powers written as superscripts (x², x³, x⁻¹, (a+b)²), as the palette itself writes them, read as
Python's ** before parsing; the columns of the rewritten text map back to what was typed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .brackets import closing

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"  # what a power is written with (x², x⁻¹)
NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)"  # a number as typed, without its exponent
_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789-")
_POWER = re.compile("⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


@dataclass(frozen=True)
class Typed:
    """An expression as typed (text) and as Python reads it (python): x² is x**2, 2x is 2*x."""

    text: str
    python: str
    columns: dict[int, list[int]] = field(default_factory=dict)  # line -> per index of python, the typed index

    @property
    def multiline(self) -> bool:
        return "\n" in self.python

    def column(self, line: int, column: int) -> int:
        """The typed column (1-based) of a column of the Python text; inside written-in text (the
        "**" of x², the "*" of 2x), the column of what was typed there."""
        where = self.columns.get(line)
        if not where:
            return column
        index = max(column - 1, 0)
        return where[index] + 1 if index < len(where) else where[-1] + 1 + index - (len(where) - 1)


def rewrite(line: str, where: list[int], edits: list[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """line with each (start, end, new) edit made, and the typed index of each of its characters
    (where: line's own, one more for its end). New text stands at the typed place it replaced."""
    out, columns, at = [], [], 0
    for start, end, new in sorted(edits):
        out += [line[at:start], new]
        columns += where[at:start]
        columns += where[start:end] if len(new) == end - start else [where[start]] * len(new)
        at = end
    out.append(line[at:])
    return "".join(out), columns + where[at:]


def superscript_edits(line: str) -> list[tuple[int, int, str]]:
    """Each superscript power of line written as ** and plain digits (x² -> x**2)."""
    return [(m.start(), m.end(), "**" + m.group(0).translate(_DIGITS)) for m in _POWER.finditer(line)]


def function_power_advice(line: str, functions: dict[str, str]) -> tuple[int, str] | None:
    """sin²(x), cos²x as maths writes the power of a function: the index (0-based) of the name in
    line and what to write (sin(x)**2), with the op's own name (ln²x: log(x)**2); None: none."""
    for m in re.finditer(rf"(?<![\w.])([^\W\d]\w*)({_POWER.pattern})\s*", line):
        if m.group(1) not in functions:
            continue
        rest = line[m.end() :]
        argument = re.match(r"[\w.]+", rest)
        if rest.startswith("("):
            end = closing(rest, 0)
            inner = rest[1 : end - 1 if end else len(rest)]
        else:
            inner = argument.group(0) if argument else "x"
            inner = re.sub(r"^(\d+(?:\.\d*)?)(?=[^\W\d])", r"\1*", inner)  # (sin²2x: sin(2*x))
        power, call = m.group(2).translate(_DIGITS), f"{functions[m.group(1)]}({inner})"
        if power.startswith("-"):  # (cos⁻¹ may mean the inverse function, arccos: there is no such op)
            return (
                m.start(),
                f"there is no inverse function {m.group(1)}{m.group(2)}: for a power write {call}**{power}",
            )
        return m.start(), f"write {call}**{power} for a power of {m.group(1)}"
    return None
