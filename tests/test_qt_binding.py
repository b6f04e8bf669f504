"""The Qt binding must not lose references to None (PySide6 6.12.0 on Python 3.11 does,
and CPython then aborts mid-session with "deallocating None"). pyproject pins around it."""

import sys


def test_void_calls_keep_none_alive(qapp):
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        obj.setObjectName("x")
    assert sys.getrefcount(None) - before > -100
