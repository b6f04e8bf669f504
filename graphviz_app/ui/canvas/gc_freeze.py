"""Large documents left out of the garbage collector's passes, for the whole program.

Each full pass of Python's cyclic collector walks every object it tracks, and a large document is
most of them (5000 cards: 250,000 objects, 140-220 ms a pass). `gc.freeze()` leaves everything alive
out of later passes, and acts on the whole process, so the decision is kept here, across scenes:
everything stays frozen while any scene holds a large document, and is unfrozen only when the
scene that holds one lets it go (then collected, and frozen again if another still holds one).
Reference counting still frees what is dropped meanwhile; cycles left in a frozen document wait
for its scene to let it go."""

from __future__ import annotations

import gc
import weakref

_holders: weakref.WeakSet = weakref.WeakSet()  # the scenes showing a large document


def hold(scene) -> None:
    """scene shows a large document: freeze everything alive now (call again once it is built)."""
    _holders.add(scene)
    gc.freeze()


def holding() -> bool:
    """Whether a large document is frozen now (a constant-time answer: gc.get_freeze_count()
    walks every frozen object, and a collection hook asking it at each collection of a reading
    thread made reading a file 20 times slower beside a large document)."""
    return bool(_holders)


def release(scene) -> bool:
    """scene's large document goes: everything is unfrozen, so the caller can drop it and then
    `collect()`. False (nothing done) when scene held none: other scenes' documents stay frozen."""
    if scene not in _holders:
        return False
    _holders.discard(scene)
    gc.unfreeze()
    return True


def collect() -> None:
    """After a release, once the document is dropped: its cycles are collected, and what other
    scenes hold is frozen again."""
    gc.collect()
    if _holders:
        gc.freeze()
