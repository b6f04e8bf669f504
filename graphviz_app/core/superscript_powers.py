"""Powers written as superscripts (x², x³, x⁻¹, (a+b)²), as the palette itself writes them, read as
Python's ** before parsing; the columns of the rewritten text map back to what was typed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_POWER = re.compile("⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


@dataclass(frozen=True)
class Typed:
    """An expression as typed (text) and as Python reads it (python): x² is x**2."""

    text: str
    python: str
    inserted: dict[int, list[int]] = field(default_factory=dict)  # line -> indexes in python where "**" went

    @property
    def multiline(self) -> bool:
        return "\n" in self.python

    def column(self, line: int, column: int) -> int:
        """The typed column (1-based) of a column of the Python text; inside an inserted "**",
        the superscript's own."""
        index = column - 1
        for start in reversed(self.inserted.get(line, [])):
            if index >= start + 2:
                index -= 2
            elif index >= start:
                index = start
        return index + 1


def read_superscripts(text: str) -> Typed:
    """text with each superscript power written as ** and plain digits."""
    lines, inserted = [], {}
    for number, line in enumerate(text.split("\n"), start=1):
        parts, at, shift = [], 0, 0
        for m in _POWER.finditer(line):
            parts += [line[at : m.start()], "**" + m.group(0).translate(_DIGITS)]
            inserted.setdefault(number, []).append(m.start() + shift)
            at, shift = m.end(), shift + 2
        lines.append("".join([*parts, line[at:]]))
    return Typed(text, "\n".join(lines), inserted)


def function_power_advice(line: str, functions: dict[str, str]) -> tuple[int, str] | None:
    """sin²(x), cos²x as maths writes the power of a function: the index (0-based) of the name in
    line and what to write (sin(x)**2), with the op's own name (ln²x: log(x)**2); None: none."""
    for m in re.finditer(rf"(?<![\w.])([^\W\d]\w*)({_POWER.pattern})\s*", line):
        if m.group(1) not in functions:
            continue
        rest = line[m.end() :]
        argument = re.match(r"[\w.]+", rest)
        if rest.startswith("("):
            depth, end = 0, len(rest)
            for index, c in enumerate(rest):
                depth += (c == "(") - (c == ")")
                if depth == 0:
                    end = index
                    break
            inner = rest[1:end]
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
