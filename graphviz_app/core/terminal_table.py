"""Values in the command line's text tables (`grad`, `train`): whole when every number fits, else
shortened as the cards shorten them (number_text.short), one style in every column, and aligned columns. The commands' --json has
every number; a table that left numbers out says so once, under it."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import number_text

# a value whose whole text (6 significant digits) is longer than this is shortened, keeping
# SHORT_ITEMS numbers of its first row as the cards do: [[0.1322, -0.157, 0.729, …], …]
WHOLE_WIDTH = 48
SHORT_ITEMS = 3
DIGITS = 6  # significant digits of every number in a table, whole values and shortened ones alike


class ValueCells:
    """Values as one report's tables write them: whole when every number fits (2.5, [1, -0.5, 2]),
    else shortened as the cards shorten them ([0, 0, 0, …]: a value and its gradient alike, never
    one with its ends and the other with its start). note() gives the line that says where every
    number is, once, under the first table that left one out."""

    def __init__(self, where_in_full: str) -> None:
        self.note_text = f"  (… stands for numbers left out: {where_in_full})"
        self.shortened = self.noted = False

    def __call__(self, value: Any) -> str:
        arr = as_array(value)
        text = whole_text(arr)
        if "…" in text or len(text) > WHOLE_WIDTH:  # (a terminal's minus, as whole values write it)
            text = terminal_text(number_text.short(arr, SHORT_ITEMS, digits=DIGITS))  # (as whole values)
        self.shortened |= "…" in text
        return text

    def note(self) -> list[str]:
        if not self.shortened or self.noted:
            return []
        self.noted = True
        return [self.note_text]


def number(x: float) -> str:
    """A number in a table: 6 significant digits, written as the shortened values write theirs
    (1.5e-5, 2e6, inf: one notation in a column), with a terminal's minus."""
    return terminal_text(number_text.fmt_number(x, DIGITS))


def terminal_text(text: str) -> str:
    """number_text's text with the signs a terminal and a script read: -, inf."""
    return text.replace("−", "-").replace("∞", "inf")


def whole_text(arr: np.ndarray, edge: int = 3) -> str:
    """[1, -0.5, 2] with 6 significant digits; long axes show their ends around an ellipsis (a
    table then shortens the value as the cards do: whole_text only writes the short ones whole)."""
    if arr.ndim == 0:
        return number(float(arr))
    items = [whole_text(sub, edge) for sub in (arr if len(arr) <= 2 * edge + 1 else [*arr[:edge], *arr[-edge:]])]
    if len(arr) > 2 * edge + 1:
        items.insert(edge, "…")
    return "[" + ", ".join(items) + "]"


def as_array(value: Any) -> np.ndarray:
    """A report's value as an array of any rank (JSON data: nan and inf were written as text)."""
    if isinstance(value, np.ndarray):
        return value
    return np.array(value, dtype=float)  # (numpy reads "NaN", "Infinity", "-Infinity")


def table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows as lines with aligned columns, indented by two spaces (the first row: the headings)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
