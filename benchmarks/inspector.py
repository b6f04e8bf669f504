"""The Inspector on steps with large local Jacobians, in the real (offscreen) main window.

(1) a layer at realistic sizes, sum(tanh(X @ W)) with X 32×784 and W 784×128: the matmul
    step has ∂(XW)/∂X with 4096 × 25 088 entries and ∂(XW)/∂W with 4096 × 100 352;
(2) X @ X with X 30×30 under the full Jacobian: every table of the step is 900 × 900.
For each: from the key press that steps onto the matmul until the Inspector has painted it
(median and worst of repeated Left/Right steps; target ≤ 100 ms), in both layouts, beside
the same step on a tiny layer (the Inspector's and canvas's fixed cost); then
scrolling the largest Jacobian's table to its far corner until painted; and the process's
memory (resident now, and its peak).

Each row of a large local Jacobian costs one VJP of the op (a 32×128 × 128×784 product for
the layer): on a loaded machine, OpenBLAS's threads make it 10-50 times slower than with
OPENBLAS_NUM_THREADS=1; compare both.

Run:  QT_QPA_PLATFORM=offscreen python benchmarks/inspector.py [--profile]
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRAPHVIZ_APP_SETTINGS", "test")  # keep the user's settings out of it
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from _window import PaintClock, main_window, open_graph  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from graphviz_app.core import engine  # noqa: E402
from graphviz_app.core.expr import parse_expression  # noqa: E402

TARGET_MS = 100.0


def memory_mb() -> tuple[int, int]:
    """(resident, peak resident) of this process in MB, from /proc (0, 0 where there is none)."""
    try:
        with open("/proc/self/status") as status:
            fields = dict(line.split(":", 1) for line in status)
        return int(fields["VmRSS"].split()[0]) // 1024, int(fields["VmHWM"].split()[0]) // 1024
    except (OSError, KeyError):
        return 0, 0


def settle(app: PaintClock, inspector, t0: float, quiet_ms: float = 60.0) -> float:
    """Process events until the Inspector has painted and nothing more paints for quiet_ms;
    the time of its last paint after t0, in ms."""
    last_seen = None
    while True:
        app.processEvents()
        ours = app.painted_in(inspector, t0)
        if ours:
            newest = max(ours)
            if newest == last_seen and (time.perf_counter() - newest) * 1000 > quiet_ms:
                return (newest - t0) * 1000
            last_seen = newest
        if time.perf_counter() - t0 > 30:
            return float("nan")
        time.sleep(0.002)


def step_onto(app, window, node: str) -> None:
    c = window.animation.controller
    QTest.keyClick(window.view, Qt.Key_Home)
    while c.active_node() != node:
        QTest.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
        app.processEvents()


def time_steps(app, window, node: str, runs: int, prof) -> list[float]:
    """Left off the node and Right back onto it: the time until the Inspector shows it again."""
    c, inspector = window.animation.controller, window.animation.inspector
    step_onto(app, window, node)
    away, back = (Qt.Key_Left, Qt.Key_Right) if c.k > 0 else (Qt.Key_Right, Qt.Key_Left)
    times = []
    for _ in range(runs):
        QTest.keyClick(window.view, away)
        c.finish_marker()
        settle(app, inspector, time.perf_counter())
        t0 = time.perf_counter()
        if prof:
            prof.enable()
        QTest.keyClick(window.view, back)
        c.finish_marker()
        elapsed = settle(app, inspector, t0)
        if prof:
            prof.disable()
        assert c.active_node() == node
        times.append(elapsed)
    return times


def time_scroll(app, window) -> tuple[float, str]:
    """Scroll the largest local Jacobian's table of the shown step to its far corner."""
    inspector = window.animation.inspector
    box = max(inspector.panel.boxes, key=lambda b: np.prod(b.table.shape()))
    table = box.table
    inspector.widget().ensureWidgetVisible(table)  # the dock scrolls to the table first (not timed)
    settle(app, inspector, time.perf_counter())
    t0 = time.perf_counter()
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    elapsed = settle(app, inspector, t0)
    rows, cols = table.shape()
    return elapsed, f"{rows}×{cols}"


def report(name: str, times: list[float]) -> None:
    med, worst = statistics.median(times), max(times)
    mark = "OK " if worst <= TARGET_MS else ("SLOW" if med > TARGET_MS else "OK~")
    print(f"{mark} {name:<58} median {med:6.0f} ms   worst {worst:6.0f} ms   (target {TARGET_MS:.0f} ms)")


def case(app, window, title: str, graph, seed, runs: int, prof, scroll: bool = True) -> None:
    open_graph(window, graph)
    graph = window.graph
    node = next(n for n in graph.node_ids() if graph.node(n).op == "matmul")
    c = window.animation.controller
    for layout in ("numerator", "denominator"):
        window.animation.set_convention(layout)
        c.start_backward(graph, engine.backward(graph, seed=seed))  # a new trace: no rows computed yet
        app.processEvents()
        times = time_steps(app, window, node, runs, prof)
        report(f"{title}, {layout}: step onto matmul", times)
        if not scroll:
            continue
        elapsed, shape = time_scroll(app, window)
        report(f"{title}, {layout}: scroll the {shape} table to its corner", [elapsed])
    rss, peak = memory_mb()
    print(f"     memory: resident {rss} MB, peak {peak} MB")
    QTest.keyClick(window.view, Qt.Key_Escape)
    app.processEvents()


def main() -> None:
    profile = "--profile" in sys.argv
    app = QApplication.instance() or PaintClock(sys.argv)
    import sympy  # noqa: F401  (the first formula imports it, once per run: not what is timed)

    window = main_window()
    rss, peak = memory_mb()
    print(f"     memory at start: resident {rss} MB, peak {peak} MB")
    rng = np.random.default_rng(0)
    prof = cProfile.Profile() if profile else None
    layer = parse_expression(
        "sum(tanh(X @ W))", {"X": rng.normal(size=(32, 784)), "W": rng.normal(size=(784, 128)) / 28}
    )
    small = parse_expression("sum(tanh(W @ a))", {"W": rng.normal(size=(3, 2)), "a": rng.normal(size=2)})
    case(app, window, "baseline: W 3×2 @ a 2", small, None, 5, None, scroll=False)
    if "--square" not in sys.argv:
        case(app, window, "X 32×784 @ W 784×128", layer, None, 5, prof)
    square = parse_expression("X @ X", {"X": rng.normal(size=(30, 30))})
    case(app, window, "X @ X 30×30, full Jacobian", square, "jacobian", 5, prof)
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    window.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
