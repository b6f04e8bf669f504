"""Building a graph by hand with the Python API (walk 21 final, finding 3): `g.op` in a loop.

Two scripts' ways of building, at 250, 500, 1000 and 2000 ops (or the counts given):
- chain: `cur = g.op("sin", cur)` (sin, tanh, square, cos, sigmoid in turn; every 7th op adds
  the first variable back), as the walk built it;
- named: each op named (h1, h2, ...) and given its inputs by name, a variable added every 10 ops.

Target: building grows with the graph's size, so the time per op stays about the same from 250
to 2000 ops (it grew with the graph when each g.op evaluated the whole graph). The best of up to
three runs (fewer once a run takes over 2 s).

Run: python benchmarks/api_building.py [250 500 1000 2000]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import graphviz_app as ga  # noqa: E402

UNARY = ["sin", "tanh", "square", "cos", "sigmoid"]


def chain(n_ops: int) -> ga.Graph:
    g = ga.Graph()
    v = g.variable("v", np.array([0.1, 0.2, 0.3]))
    cur = v
    for i in range(n_ops):
        cur = g.op(UNARY[i % 5], cur) if i % 7 else g.op("add", cur, v)
    return g


def named(n_ops: int) -> ga.Graph:
    g = ga.Graph()
    g.variable("v", np.array([0.1, 0.2, 0.3]))
    prev = "v"
    for i in range(1, n_ops + 1):
        if i % 10:
            g.op(UNARY[i % 5], prev, name=f"h{i}")
        else:
            g.variable(f"w{i}", np.full(3, 0.5))
            g.op("mul", prev, f"w{i}", name=f"h{i}")
        prev = f"h{i}"
    return g


def best_time(build, n_ops: int) -> float:
    best, spent = float("inf"), 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        g = build(n_ops)
        took = time.perf_counter() - t0
        assert len(g.names) >= n_ops
        best, spent = min(best, took), spent + took
        if spent > 2.0:
            break
    return best


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [250, 500, 1000, 2000]
    chain(10), named(10)  # (the imports and the ops' first calls, outside the figures)
    print(f"{'ops':>6} | {'chain':>9} | {'per op':>8} | {'named':>9} | {'per op':>8}")
    for n in counts:
        a, b = best_time(chain, n), best_time(named, n)
        print(f"{n:>6} | {a * 1e3:>7.0f}ms | {a / n * 1e6:>6.0f}µs | {b * 1e3:>7.0f}ms | {b / n * 1e6:>6.0f}µs")


if __name__ == "__main__":
    main(sys.argv[1:])
