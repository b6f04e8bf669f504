"""The errors the Python API raises: one base class, `Error`, for everything a user can cause;
and its warnings: `UndefinedValueWarning`, a value or gradient became nan or ±inf; `BroadcastWarning`,
operands broadcast to n×n where a column met a vector (X @ w − y).

`Error` is the project's `UserError` itself: the core's refusals (FileFormatError, GraphError,
FileAccessError, ...) reach a Python user as they are, and the CLI and the editor treat the API's
own like any other user mistake (one `error:` line, never a traceback from deep inside numpy).
"""

from __future__ import annotations

import os
import sys
import warnings

from ..core import errors as core_errors

# Anything a user of `graphviz_app` can cause from Python: the core's own base of user errors, so a
# file that cannot be read, a cycle, an unknown op is one whichever way it is reached.
Error = core_errors.UserError


class TraceError(Error):
    """A function that cannot be traced: its message names the function and the line of user code."""


class ShapeError(core_errors.ShapeError):
    """Values whose shapes an op cannot take, or an output of the wrong shape for what is asked."""


class UndefinedValueWarning(RuntimeWarning):
    """A value or gradient became nan or ±inf: where it began and why, as `graphviz-app grad`
    says it (`log gets x = −1: log is defined for positive numbers only; its value is nan`),
    one line per place."""


class BroadcastWarning(UserWarning):
    """Operands numpy broadcasts, but seldom as meant: a column ℝⁿˣ¹ against a vector ℝⁿ gives ℝⁿˣⁿ
    (X @ w − y), and a loss over it is silently wrong. The value is computed; the warning says
    where and what was likelier meant, as the card and `graphviz-app grad` say it."""


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep  # graphviz_app itself


def warn_undefined(messages: list[str]) -> None:
    """One UndefinedValueWarning for an evaluation, its lines the messages; attributed to the
    user's line that asked (the first frame outside graphviz_app), so Python's filters show it
    once per line of their code, however often a loop asks."""
    _warn(messages, UndefinedValueWarning)


def warn_broadcasts(messages: list[str]) -> None:
    """One BroadcastWarning for an evaluation whose ops broadcast a column against a vector to
    n×n (Evaluation.notes), attributed as warn_undefined's is."""
    _warn(messages, BroadcastWarning)


def _warn(messages: list[str], category: type[Warning]) -> None:
    if not messages:
        return
    frame, level = sys._getframe(1), 2  # level 1: this function; 2: its caller
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn("\n".join(messages), category, stacklevel=level)
