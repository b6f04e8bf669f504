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
