"""A problem found after a diagram file was read (evaluating it: a shape that does not fit, an
input not connected) said of that file as a problem found reading it is: "d.json: line 10: …",
the line of the node's "id" in the file. The file is read again, with lines, only for the message."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import UserError
from .file_access import read_text
from .file_reading import LINES_TEXT_LIMIT, said_at
from .jsonpos import PosDict, loads_with_lines
from .values import read_float, read_int


def node_lines(path: str | os.PathLike) -> dict[str, int]:
    """Each node's id -> the line of its "id" in the file (empty when the file cannot be read
    again, or is too large to be read again with lines)."""
    try:
        text = read_text(path).removeprefix("\ufeff")
        if len(text) > LINES_TEXT_LIMIT:
            return {}
        top = loads_with_lines(text, parse_int=read_int, parse_float=read_float)
    except (OSError, UserError, ValueError, RecursionError):  # (changed since it was read)
        return {}
    nodes = top.get("nodes") if isinstance(top, PosDict) else None
    found = {}
    for item in nodes if isinstance(nodes, list) else []:
        if isinstance(item, PosDict) and isinstance(item.get("id"), str):
            found[item["id"]] = item.key_lines.get("id", item.line)
    return found


def in_file(path: str | os.PathLike, message: str, node: str | None = None, lines: dict[str, int] | None = None) -> str:
    """message said of the file: "d.json: line 10: message", the line of node's entry (without a
    line when there is no node or it cannot be known). lines: node_lines(path), when already read."""
    line = None
    if node is not None:
        line = (lines if lines is not None else node_lines(path)).get(node)
    return said_at(path, line, message)


@contextmanager
def said_of_file(path: str | os.PathLike | None) -> Iterator[None]:
    """A UserError raised inside (evaluating the diagram read from path) has its message said of
    the file (in_file), the line of the node it names; path None (an expression): as it is."""
    try:
        yield
    except UserError as exc:
        if path is not None:
            exc.message = in_file(path, exc.message, exc.node)
            exc.args = (exc.message,)
        raise
