"""Editing a large graph in the real (offscreen) main window: each action from its trigger until
the events it queued ran and the view repainted (walk 17, findings 1-3 and 8).

Rows, at 300, 1000 and 5000 nodes (random_graph, laid out as a file without positions opens):
  Select All (Ctrl+A); Delete one card and its Undo; Delete half the graph (the first half of its
  nodes, as a rubber band takes them) and its Undo; Select All + Delete and its Undo; Auto Layout
  with one collapsed 12-node group next to Auto Layout without it; Select All, Group, then Collapse
  with the group's cards still selected (walk 21: O(n²), 55 s at 5000) and Expand again.
Target (walk 17): each well under 0.3 s at 1000 nodes except Delete all / its Undo (well under 1 s),
and a few tenths of a second at 5000. The machine is shared: compare figures taken in one run.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/editing.py [300 1000 5000] [--profile ROW]
(--profile ROW: cProfile the named row, e.g. "undo delete all", at each size; top 25 by cumulative time)
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRAPHVIZ_APP_SETTINGS", "test")  # keep the user's settings out of it
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _window import main_window  # noqa: E402
from canvas import random_graph  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

PROFILE: str | None = None


def timed(window, label: str, action) -> float:
    app = QApplication.instance()
    profile = cProfile.Profile() if label == PROFILE else None
    t0 = time.perf_counter()
    if profile:
        profile.enable()
    action()
    app.processEvents()
    window.view.viewport().repaint()
    if profile:
        profile.disable()
    seconds = time.perf_counter() - t0
    print(f"  {label:34s} {seconds * 1000:9.1f} ms", flush=True)
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return seconds


def run(n: int) -> None:
    print(f"{n} nodes")
    window = main_window(random_graph(n))
    app = QApplication.instance()
    app.processEvents()
    scene, graph, act = window.scene, window.graph, window.action
    try:
        timed(window, "select all", act("select_all").trigger)
        selected = len(scene.selected_node_ids())
        print(f"    ({selected} cards selected, Delete enabled: {act('delete').isEnabled()})")
        scene.clearSelection()

        one = graph.node_ids()[n // 2]
        scene.select_nodes([one])
        timed(window, "delete one card", act("delete").trigger)
        timed(window, "undo delete one card", act("undo").trigger)

        scene.select_nodes(graph.node_ids()[: n // 2])
        timed(window, "delete half", act("delete").trigger)
        timed(window, "undo delete half", act("undo").trigger)

        act("select_all").trigger()
        timed(window, "delete all", act("delete").trigger)
        timed(window, "undo delete all", act("undo").trigger)
        assert len(graph) == n

        # walk 21, finding 1: collapsing a group right after grouping it, its cards still selected
        act("select_all").trigger()
        act("group").trigger()
        app.processEvents()
        timed(window, "collapse, the cards selected", act("collapse_group").trigger)
        timed(window, "expand, its card selected", act("collapse_group").trigger)
        for _ in range(3):  # (the group gone again)
            act("undo").trigger()
        app.processEvents()
        assert not len(graph.groups)

        timed(window, "auto layout (no group)", act("layout").trigger)
        scene.select_nodes(graph.node_ids()[:12])
        act("group").trigger()
        act("collapse_group").trigger()
        app.processEvents()
        timed(window, "auto layout (one collapsed group)", act("layout").trigger)
    finally:
        window.undo_stack.setClean()
        window.close()
        app.processEvents()


def main() -> None:
    global PROFILE
    args = sys.argv[1:]
    if "--profile" in args:
        i = args.index("--profile")
        PROFILE = args[i + 1]
        del args[i : i + 2]
    QApplication.instance() or QApplication(sys.argv)
    for n in [int(a) for a in args] or [300, 1000, 5000]:
        run(n)


if __name__ == "__main__":
    main()
