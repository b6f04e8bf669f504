"""Errors a user can cause. Each carries a message meant to be shown as is.

The CLI prints them as one `error: ...` line (exit 2); the editor shows them
in the status bar and on the culprit node; the Python API raises them as they
are (`ga.Error` is `UserError`). Anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """Base class: the message names the problem (a node, a shape, a line)."""

    def __init__(self, message: str, node: str | None = None):
        super().__init__(message)
        self.message = message
        self.node = node

    def __str__(self) -> str:
        return self.message


class GraphError(UserError):
    """Structure of the graph: cycle, unconnected input, unknown node or op."""


HINT_SEPARATOR = " — "  # between a shape problem and its fix (the Inspector puts the fix on a line of its own)


@dataclass(frozen=True)
class EitherHint:
    """The fixes of two operands of equal rank, either of which could change (ℝ³ − ℝ²): each a
    hint naming the operands {0}, {1}; shape_problem picks one by which operands are ops' results."""

    change_b: str
    change_a: str


class ShapeError(UserError):
    """Input shapes an op cannot accept.

    hint: the op's suggested fix, its operands written {0}, {1}, … for the names the message
    gives them ("{1} must be ℝ² to match {0}'s 2 columns"), or an EitherHint; shape_problem fills
    them in, so the window, the CLI and the Python API say the same fix.

    transposed: the operands (ports) whose transpose would fit, the one the hint names first
    first: when that operand is itself an explicit transpose (X @ W.T), shape_problem says to
    drop it rather than to transpose it again."""

    def __init__(
        self, message: str, node: str | None = None, hint: str | EitherHint = "", transposed: tuple[int, ...] = ()
    ):
        super().__init__(message, node)
        self.hint = hint
        self.transposed = transposed


class ExpressionError(UserError):
    """Text that is not a valid expression."""


class FileFormatError(UserError):
    """A diagram file that cannot be loaded."""


class FileAccessError(UserError, OSError):
    """A file that cannot be reached: missing, a folder, no permission, a full disk.

    The message names the file as the user gave it (never a temporary one). It is an OSError
    too, keeping the cause's errno and strerror, for callers that word file problems in their
    own sentence (the editor's Save box, `train -o`), as `io.UnsupportedOperation` is both.
    """

    def __init__(self, message: str, cause: OSError | None = None, filename: object = None):
        super().__init__(message)
        if cause is not None:
            self.errno, self.strerror = cause.errno, cause.strerror
        self.filename = None if filename is None else str(filename)


class ValueParseError(UserError):
    """A value (number or nested list) that cannot be read."""

    line: int | None = None  # set by the file reader: the line the value is on


def shortened(text: str, room: int = 24) -> str:
    """A name or a text a message quotes, cut to `room` characters (…): a refused 5,000-character
    name is not written out in full; what cannot be shown (a control character) as its escape."""
    text = text if len(text) <= room else text[: room - 1] + "…"
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
