"""The errors the Python API raises: one base class, `Error`, for everything a user can cause.

They are the project's `UserError`s, so the CLI and the editor treat them like any other
user mistake (one `error:` line, never a traceback from deep inside numpy).
"""

from __future__ import annotations

from ..core import errors as core_errors


class Error(core_errors.UserError):
    """Anything a user of `graphviz_app` can cause from Python."""


class TraceError(Error):
    """A function that cannot be traced: its message names the function and the line of user code."""


class ShapeError(Error, core_errors.ShapeError):
    """Values whose shapes an op cannot take, or an output of the wrong shape for what is asked."""
