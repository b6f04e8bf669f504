"""What the value editor says of a value typed or switched, as plain functions of text (no
widgets): how the Text field reads a text in a mode (read_text, mode_note), and what the grid keeps
when the mode switches (switch_cells)."""

from __future__ import annotations

import numpy as np

from ..core.errors import ValueParseError
from ..core.ops import fmt_shape
from ..core.table_text import parse_block, read_value
from .canvas.labels import shape_text
from .value_grid import MAX_SIZE, shown_text

MODES = ("scalar", "vector", "matrix")


def read_text(text: str, mode: str = "scalar") -> tuple[np.ndarray | None, str, str]:
    """(value, why not used, note). The text is read as `graphviz-app grad --set` reads it (a number
    is a scalar, a row or a column of numbers a vector, rows of several a matrix, JSON its own
    shape), but in Matrix mode a row or a column stays a matrix (0.5; -1 is 2×1, 1 2 is 1×2). Read
    as another shape than the mode asks, the note says why (mode_note)."""
    try:
        value = read_value(text)
        if mode == "matrix" and value.ndim == 1 and "[" not in text:
            value = parse_block(text)
    except ValueParseError as exc:
        return None, f"Text not used: {exc}", ""
    if any(n > MAX_SIZE for n in value.shape):
        return None, f"Text not used: at most {MAX_SIZE} rows and columns here (got {fmt_shape(value.shape)})", ""
    return value, "", mode_note(text, value, mode)


def mode_note(text: str, value: np.ndarray, mode: str) -> str:
    """Why the text typed in `mode` is read as `value`, of another shape ("" when it is the
    mode's), and how to write it as the mode asks when that can be written: never silently."""
    if value.ndim == MODES.index(mode):
        return ""
    read_as = f"read as {shape_text(value.shape)}"
    bracketed = "[" in text
    if value.ndim == 0:
        number = text.strip().rstrip(";").strip()
        other = f"a 1×1 matrix write [[{number}]]" if mode == "matrix" else f"a vector of length 1 write [{number}]"
        return f"One number is a scalar: {read_as}. For {other}."
    if value.ndim == 1 and bracketed:
        n = value.shape[0]
        matrix = f" For a {n}×1 matrix write one number per row, split by ; (1; 2), or [[1], [2]]."
        return f"A list in brackets is a vector: {read_as}.{matrix if mode == 'matrix' else ''}"
    if value.ndim == 1:
        return f"{value.size:,} numbers are a vector: {read_as}."
    what = "A list of lists in brackets is" if bracketed else "Rows of several numbers are"
    return f"{what} a matrix: {read_as}."


def switch_cells(cells: list[list[str]], mode: str) -> tuple[list[list[str]], str]:
    """The grid's cells (texts, row by row) as `mode` shows them, and a note saying any number
    added or dropped: a vector becomes its own one-column matrix, a one-row or one-column matrix a
    vector of its numbers, a larger one keeps its first column, a scalar its first number; one
    number starts a vector of 3 or a 2×2 matrix, the rest zeros."""
    rows, cols = len(cells), len(cells[0])
    name = mode.capitalize()
    if rows == cols == 1:
        size_rows, size_cols = {"scalar": (1, 1), "vector": (3, 1), "matrix": (2, 2)}[mode]
        out = [["0"] * size_cols for _ in range(size_rows)]
        out[0][0] = cells[0][0]
        added = size_rows * size_cols - 1
        zeros = f"{added} zero{'s' if added > 1 else ''} added"
        return out, f"{name} keeps {_cell_words(cells[0][0])} as its first number: {zeros}." if added else ""
    if mode == "matrix":  # (a vector: the matrix's own shape is kept as it is)
        return cells, f"Matrix keeps the vector as a {rows}×1 column." if cols == 1 else ""
    if mode == "vector":
        if cols == 1:
            return cells, ""
        if rows == 1:
            return [[text] for text in cells[0]], f"Vector keeps the row's {cols} numbers."
        dropped = [text for row in cells for text in row[1:]]
        return [[row[0]] for row in cells], f"Vector keeps the first column: {_dropped_words(dropped)}."
    dropped = [text for row in cells for text in row][1:]
    return [[cells[0][0]]], f"Scalar keeps the first number, {_cell_words(cells[0][0])}: {_dropped_words(dropped)}."


def _cell_words(text: str) -> str:
    return shown_text(text.strip()) or "an empty cell"


def _dropped_words(texts: list[str], shown: int = 4) -> str:
    """ "2 numbers dropped (2, 4)": the first few named."""
    listed = ", ".join(_cell_words(text) for text in texts[:shown]) + (", …" if len(texts) > shown else "")
    return f"{len(texts):,} number{'s' if len(texts) > 1 else ''} dropped ({listed})"
