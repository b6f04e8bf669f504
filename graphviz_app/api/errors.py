"""The errors the Python API raises: one base class, `Error`, for everything a user can cause.

`Error` is the project's `UserError` itself: the core's refusals (FileFormatError, GraphError,
FileAccessError, ...) reach a Python user as they are, and the CLI and the editor treat the API's
own like any other user mistake (one `error:` line, never a traceback from deep inside numpy).
"""

from __future__ import annotations

from ..core import errors as core_errors

# Anything a user of `graphviz_app` can cause from Python: the core's own base of user errors, so a
# file that cannot be read, a cycle, an unknown op is one whichever way it is reached.
Error = core_errors.UserError


class TraceError(Error):
    """A function that cannot be traced: its message names the function and the line of user code."""


class ShapeError(core_errors.ShapeError):
    """Values whose shapes an op cannot take, or an output of the wrong shape for what is asked."""
