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


# frames of their own that a reader sees as part of the function they are written in
COMPREHENSIONS = frozenset({"<genexpr>", "<listcomp>", "<dictcomp>", "<setcomp>"})


def _is_user(frame: FrameType) -> bool:
    filename = os.path.abspath(frame.f_code.co_filename)
    return not filename.startswith(_SKIPPED_FOLDERS) and not frame.f_code.co_filename.startswith("<frozen")


def function_name(frame: FrameType) -> str:
    """The function a frame of the user's runs; a generator expression or comprehension by the
    function it is written in (loss, <lambda>), never <genexpr>."""
    outer: FrameType | None = frame
    while outer is not None and (outer.f_code.co_name in COMPREHENSIONS or not _is_user(outer)):
        outer = outer.f_back
    return outer.f_code.co_name if outer is not None else frame.f_code.co_name


def user_frame() -> FrameType | None:
    """The innermost frame of the user's code (outside graphviz_app and numpy); None: none."""
    frame = sys._getframe(1)
    while frame is not None:
        if _is_user(frame):
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
    return f"{function_name(frame)} ({where}{': ' + source if source else ''})"


def trace_error(message: str) -> TraceError:
    return TraceError(f"{user_location()}: {message}")
