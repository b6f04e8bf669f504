"""Where in the user's code something happened: the innermost frame outside graphviz_app and
numpy, as a trace's errors quote it (`loss (model.py, line 5: e = y - Phi @ theta)`)."""

from __future__ import annotations

import linecache
import os
import sys
from types import FrameType

import numpy as np

from .errors import TraceError

_SKIPPED_FOLDERS = (
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep,  # graphviz_app itself
    os.path.dirname(os.path.abspath(np.__file__)) + os.sep,
)


def user_frame() -> FrameType | None:
    """The innermost frame of the user's code (outside graphviz_app and numpy); None: none."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if not filename.startswith(_SKIPPED_FOLDERS) and not frame.f_code.co_filename.startswith("<frozen"):
            return frame
        frame = frame.f_back
    return None


def user_location() -> str:
    """`loss (model.py, line 5: e = y - Phi @ theta)`: the innermost frame of the user's code."""
    frame = user_frame()
    if frame is None:
        return "the traced function"
    source = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    where = f"{os.path.basename(frame.f_code.co_filename)}, line {frame.f_lineno}"
    return f"{frame.f_code.co_name} ({where}{': ' + source if source else ''})"


def trace_error(message: str) -> TraceError:
    return TraceError(f"{user_location()}: {message}")
