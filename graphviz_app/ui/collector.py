"""Python's cycle collector, kept out of the middle of a gesture.

A full collection walks every object Python tracks: with the program's modules and a
1000-node document that is about 100 000 objects and 40-70 ms, and Python starts one whenever
enough new objects have survived, which can be in the middle of a zoom. After the program
starts and after each document is set up, `settle` collects once, between events on the GUI
thread, and moves what survives (modules, the document's items) out of the collector's sight
(gc.freeze): later collections walk only what is newer, in a few ms.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect now, then set aside all that survives. What was set aside before is looked at
    again first (gc.unfreeze), so a closed document's cycles are freed, not kept for good."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
