"""Values as people paste or type them: one reader for the value editor's grid (Ctrl+V) and
its Text field.

It reads JSON (`2.5`, `[1, 2, 3]`, `[[1, 2], [3, 4]]`, as core.values.parse_value), rows of
numbers (a spreadsheet's copy: cells split by tabs, else by commas or spaces, one row a line),
MATLAB's `1 2 3; 4 5 6` (a semicolon ends a row; `[...]` around rows is allowed, while one
bracketed list with no semicolon is a vector, below) and numpy's
printout `[[1. 2.] [3. 4.]]` or repr `array([[1., 2.], [3., 4.]])`. A problem is a ValueParseError
naming the row and column.

One list in brackets is a vector (a column in a grid) however its numbers are written: `[1, 2]`,
`[1. 2.]`, `array([1., 2.])` and `array([1, 2])` alike; rows are written `[1 2; 3 4]` or `[[1, 2], [3, 4]]`.

One reader, one answer: a plain space separates numbers everywhere ("1 500" is 1 and 500; a grid
cell refuses "1 000" as the Text field would read it as 1 and 000), while a thin or no-break space
groups digits everywhere (1 000 is 1000 in both). Text whose reading is a guess is refused, saying
how to write each meaning: "1 000" or "0 001" (a number after a space starts with 0: two numbers, or
one written in groups?), "1,5 2,5" (decimal commas?).
"""

from __future__ import annotations

import json
import re

import numpy as np

from .errors import ValueParseError
from .values import check_text_size, check_value_shape, parse_value, read_number

HINT = "write a number, rows of numbers (1 2; 3 4) or JSON [[1, 2], [3, 4]]"
_INNER = re.compile(r"\[([^\[\]]*)\]")  # a row of numpy's printout: [1. 2.]
_REPR = re.compile(r"^(?:(?:np|numpy)\.)?array\((.*?)(?:,\s*dtype=\w+)?\)$", re.DOTALL)  # array([1., 2.])
_GROUPED = re.compile(r"(?<![\w.])[-+−]?\d{1,3}(?: \d{3})* 0\d\d(?: \d{3})*(?![\w.])")  # 1 000, 12 050 000
_DECIMAL_COMMA = re.compile(r"\d,\d")  # 1,5 with no space after the comma
_SPACE_BETWEEN = re.compile(r"[^,\s] +[^,\s]")  # numbers separated by spaces only


def parse_cell(text: str) -> float:
    """One cell's text -> float; ValueError with a message for the user (no cell named). Numbers
    are read as files and --set read them (values.read_number: 1e400 and 1_000 refused)."""
    try:
        return read_number(text)
    except ValueParseError as exc:
        raise ValueError(exc.message) from None


def read_value(text: str, limit: int | None = None) -> np.ndarray:
    """Typed text -> the value it writes: a number is a scalar, one row or one column a vector,
    else a matrix; JSON keeps its own shape. `limit`: most rows and columns read. The one reader
    of a value typed as text: the value editor's Text field and the CLI's --set (nan, -inf, 1 2; 3 4
    read alike in both), with the limits of core.values (32 MB of text, 1,000,000 numbers)."""
    check_text_size(text)
    block, decoded = _read(text, limit)
    if decoded is not None:
        return decoded
    if block.size == 1:
        return block.reshape(())
    if 1 in block.shape:
        return block.reshape(-1)
    return block


def parse_block(text: str, limit: int | None = None) -> np.ndarray:
    """Pasted text -> 2-D block of cells (a vector becomes a column, as the grid shows vectors)."""
    block, decoded = _read(text, limit)
    if decoded is not None:
        return decoded.reshape(decoded.shape[0], -1) if decoded.ndim else decoded.reshape(1, 1)
    return block


def _read(text: str, limit: int | None) -> tuple[np.ndarray, np.ndarray | None]:
    """(rows block, None) for rows of numbers, (_, value) for JSON."""
    body = text.strip()
    arrays = len(re.findall(r"\barray\(", body))
    if arrays > 1:  # (one repr's brackets would swallow the next one's)
        raise ValueParseError(f"the text holds {arrays} numpy arrays (array(…)): paste one at a time")
    repr_match = _REPR.match(body)
    if repr_match is not None:  # numpy's repr, pasted from a console (its lines wrap a long row)
        body = text = repr_match.group(1).strip()
        if body.startswith("[") and "[" not in body[1:]:
            body = text = " ".join(body.split())
    if not body:
        raise ValueParseError(f"the text holds no numbers: {HINT}")
    if not body.startswith("[") and _is_json(body):  # 2.5, NaN, and true or null said in the file's words
        return np.zeros((0, 0)), parse_value(body)
    if body.startswith("["):
        try:
            return np.zeros((0, 0)), parse_value(body)
        except ValueParseError:
            rows = _bracket_rows(body)
            if rows is None or _is_json(body):  # (valid JSON that is no value: its own message)
                raise
        if len(rows) == 1 and "[" not in body[1:]:  # one list in brackets is a vector, as JSON's [1, 2] is,
            return np.zeros((0, 0)), _table(rows, limit).reshape(-1)  # whether it prints 1 or 1. (numpy's floats)
    else:  # (leading tabs kept: an empty first cell is said to be empty, not a shorter row)
        rows = re.split(r"[;\r\n]", text.strip("\r\n"))
    return _table(rows, limit), None


def _is_json(body: str) -> bool:
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return False
    return True


def _bracket_rows(body: str) -> list[str] | None:
    """`[1 2; 3 4]` (MATLAB) or `[[1. 2.] [3. 4.]]` (numpy's printout) -> its rows' texts;
    None for other text that starts with [ (its JSON message is the one to show)."""
    if not body.endswith("]"):
        return None
    inner = body[1:-1].strip()
    if "[" not in inner and "]" not in inner:
        return re.split(r"[;\r\n]", inner)
    if inner.startswith("[") and inner.endswith("]") and not _INNER.sub("", inner).strip(" ,\r\n"):
        return _INNER.findall(inner)
    return None


def _table(lines: list[str], limit: int | None) -> np.ndarray:
    rows = [_cells(line, r) for r, line in enumerate(line for line in lines if line.strip(" \t,"))]
    if not rows:
        raise ValueParseError(f"the text holds no numbers: {HINT}")
    if limit is not None and (len(rows) > limit or max(len(cells) for cells in rows) > limit):
        raise ValueParseError(f"at most {limit} rows and columns here")
    for r, cells in enumerate(rows):
        if len(cells) != len(rows[0]):
            raise ValueParseError(f"row {r + 1} has {_numbers(len(cells))} but row 1 has {len(rows[0])}")
    check_value_shape((len(rows), len(rows[0])))  # (before a million cells are read one by one)
    out = np.zeros((len(rows), len(rows[0])))
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            try:
                out[r, c] = parse_cell(cell)
            except ValueError as exc:
                if out.size == 1:  # (the whole text: say what it could be)
                    raise ValueParseError(f"{exc}; {HINT}" if str(exc).endswith("not a number") else str(exc)) from None
                raise ValueParseError(f"row {r + 1}, column {c + 1}: {exc}") from None
    return out


def _cells(line: str, r: int) -> list[str]:
    """A spreadsheet row splits at tabs; else at commas or plain spaces (never at a thin or
    no-break space, which groups digits: 1 000)."""
    if "\t" in line:
        return line.strip("\r\n").split("\t")
    line = line.strip(" \r\n").strip(",")
    grouped = _GROUPED.search(line)
    if grouped is not None:
        text = grouped.group()
        parts = text.split(" ")
        if parts[0].lstrip("-+−").strip("0"):  # 1 000: a thousands group
            advice = f"write {text.replace(' ', '')} for one number"
        else:  # 0 001 groups no thousands: a decimal point, or numbers written with zeros in front
            numbers = ", ".join([parts[0]] + [part.lstrip("0") or "0" for part in parts[1:]])
            advice = f"write {text.replace(' ', '.', 1).replace(' ', '')} for one number or {numbers} for {len(parts)} numbers"
        raise ValueParseError(
            f"row {r + 1}: “{text}” would be {len(parts)} numbers (a space separates numbers); {advice}"
        )
    if _DECIMAL_COMMA.search(line) and _SPACE_BETWEEN.search(line):
        points = _DECIMAL_COMMA.sub(lambda m: m.group().replace(",", "."), line)
        commas = ", ".join(re.split(r" *, *| +", line))
        raise ValueParseError(
            f"row {r + 1}: “{line}” mixes commas and spaces: write {points} for decimal numbers "
            f"(a point, not a comma) or {commas} for one number each"
        )
    return re.split(r" *, *| +", line)


def _numbers(n: int) -> str:
    return f"{n} number" if n == 1 else f"{n} numbers"
