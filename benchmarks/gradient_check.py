"""Gradient check (F7) on deep tanh MLPs, as walk 12 built them: W_k 3×3 and b_k ∈ ℝ³ per layer,
a batch of 4, the mean of the squares as the loss (50 layers: 253 nodes; 400 layers: 2003 nodes).

Prints the time of the whole check at its default budget (entries checked in all), the time per
entry, and the longest gap between two progress calls: how long the window goes without handling
events (its Cancel waits at most that long).
Before the budget (walk 12): every variable at up to 24 entries, 600 and 4800 entries; deep50 took
6.5 s and deep400 more than 9½ minutes, the window frozen throughout.

Run: python benchmarks/gradient_check.py [layers ...]   (default: 50 400)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphviz_app.core import gradient_check  # noqa: E402
from graphviz_app.core.graph import Graph  # noqa: E402


def deep_mlp(layers: int) -> Graph:
    rng = np.random.default_rng(0)
    g = Graph()
    h = g.add_node("constant", name="X", value=rng.normal(size=(4, 3)))
    for k in range(layers):
        w = g.add_node("variable", name=f"W{k}", value=rng.normal(size=(3, 3)) / np.sqrt(3))
        b = g.add_node("variable", name=f"b{k}", value=rng.normal(size=3) * 0.1)
        mm, add, act = g.add_node("op", "matmul"), g.add_node("op", "add"), g.add_node("op", "tanh")
        g.connect(h, mm, 0)
        g.connect(w, mm, 1)
        g.connect(mm, add, 0)
        g.connect(b, add, 1)
        g.connect(add, act, 0)
        h = act
    loss = g.add_node("op", "mean")
    square = g.add_node("op", "square")
    g.connect(h, square, 0)
    g.connect(square, loss, 0)
    g.set_output(loss)
    return g


def main(layers: list[int]) -> None:
    for n in layers:
        g = deep_mlp(n)
        calls = []
        start = time.perf_counter()
        result = gradient_check.gradcheck(g, progress=lambda *a, calls=calls: calls.append(time.perf_counter()) or True)
        total = time.perf_counter() - start
        gaps = np.diff([start, *calls])
        print(
            f"{n} layers ({len(g.nodes())} nodes, {result.variables} variables, {result.total_entries} entries): "
            f"checked {result.checked} in {total:.1f} s, {total / max(result.checked, 1) * 1000:.0f} ms per entry, "
            f"longest gap between progress calls {gaps.max() * 1000:.0f} ms; "
            f"passed={result.passed}, {result.too_small} too small to check"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50, 400])
