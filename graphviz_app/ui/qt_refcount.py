"""Guard against a reference-count bug of PySide6 6.12 on Python 3.11.

PySide6 6.12 returns None from every void method, and True from
`SignalInstance.emit`, without taking a new reference (harmless on Python 3.12+,
where these objects are immortal). On Python 3.11 each such call lowers the
count of None or True by one, and after a few thousand calls the interpreter
aborts with "Fatal Python error: none_dealloc". These singletons are static
objects that are never freed, so raising their counts far out of reach makes
them effectively immortal, as they are on newer Pythons.
"""
from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40
_installed = False


def install() -> None:
    global _installed
    if _installed or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object
        ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
    _installed = True


install()
