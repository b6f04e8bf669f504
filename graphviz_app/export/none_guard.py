"""Keep Python 3.11's None alive under PySide6 6.12.

PySide6 6.12 returns None from every void method without taking a reference
(correct on Python 3.12+, where None is immortal). On Python 3.11 each call
lowers None's reference count by one; after a few thousand calls (one export of
a large scene makes tens of thousands) CPython aborts with "none_dealloc:
deallocating None". Raising the count once by 2**40 makes None as good as
immortal, which is what Python 3.12 does.
"""
from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_applied = False


def keep_none_alive() -> None:
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    # ob_refcnt is the first field of every object in CPython 3.11
    ctypes.c_ssize_t.from_address(id(None)).value += _BOOST
    _applied = True
