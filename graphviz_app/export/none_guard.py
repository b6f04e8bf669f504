"""Kept for callers of `keep_none_alive`: the guard itself lives in `graphviz_app.ui.qt_refcount`
(PySide6 6.12 on Python 3.11 drops a reference to None on every void call)."""
from __future__ import annotations

from ..ui.qt_refcount import install as keep_none_alive

__all__ = ["keep_none_alive"]
