"""Cyclic garbage is freed on the GUI thread only, whichever thread runs a collection.

Python's collector runs on whichever thread allocates when a generation fills up: the thread
reading a file, a test runner's message thread (pytest-xdist), a notebook's history thread. What it
frees there includes Python-owned Qt objects in cycles (a closed window's Python wrappers still
hold fonts, font metrics, icons; a QTimer left in a cycle), and Qt objects destroyed off the GUI
thread corrupt Qt's per-thread state (a timer stays registered, a font engine is freed beside its
cache): a crash later, somewhere else (creating a window, `setText` on an action).

So a collection started on another thread first moves everything it could free out of its reach
(`gc.freeze()`, a constant-time move), and puts it back afterwards (`gc.unfreeze()`): the garbage
waits for the next collection on the GUI thread. The collector itself stays on. When something
was frozen already (a large document, canvas/gc_freeze.py, or a freeze of the host program's own,
seen when the hook is installed), it all stays frozen: gc_freeze unfreezes and collects a document
on the GUI thread when it goes. (Asked of gc_freeze, not of gc.get_freeze_count(), which walks
every frozen object: at each collection of a reading thread it made reading a file 20× slower.)"""

from __future__ import annotations

import gc
import threading

from .canvas import gc_freeze

_GUI_THREAD = threading.main_thread().ident  # (Qt's GUI thread: where the QApplication is made)
_unfreeze_after = False  # (collections never overlap: the collector runs one at a time)
_frozen_by_host = False  # the program using us froze objects of its own before (a pre-fork idiom)


def _keep_off_other_threads(phase: str, _info: dict) -> None:
    global _unfreeze_after
    if threading.get_ident() == _GUI_THREAD:
        return
    if phase == "start":
        _unfreeze_after = not (_frozen_by_host or gc_freeze.holding())
        gc.freeze()
    elif _unfreeze_after:
        _unfreeze_after = False
        gc.unfreeze()


def install() -> None:
    """From now on, collections that other threads run free nothing (once per process; the main
    window installs it: a script that only draws pictures keeps Python's collector as it was)."""
    global _frozen_by_host
    if _keep_off_other_threads not in gc.callbacks:
        _frozen_by_host = gc.get_freeze_count() > 0 and not gc_freeze.holding()  # (once: it walks them)
        gc.callbacks.append(_keep_off_other_threads)
