"""Speed of the layered layout, the file format and the expression parser on large graphs.

Run: python benchmarks/layout_and_files.py   (prints milliseconds; no assertions)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphviz_app.core.autolayout import layered_layout  # noqa: E402
from graphviz_app.core.expr import parse_expression  # noqa: E402
from graphviz_app.core.fileformat import dumps, loads  # noqa: E402
from graphviz_app.core.graph import Graph  # noqa: E402


def random_graph(n: int, seed: int = 1) -> Graph:
    rng = random.Random(seed)
    g = Graph()
    ids = [g.add_node("variable", name=f"v{i}", value=1.0) for i in range(max(n // 20, 2))]
    while len(ids) < n:
        nid = g.add_node("op", "add")
        g.connect(rng.choice(ids[-60:]), nid, 0)
        g.connect(rng.choice(ids[-60:]), nid, 1)
        ids.append(nid)
    g.set_output(ids[-1])
    return g


def best_ms(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    for n in (100, 1000, 4000):
        g = random_graph(n)
        text = dumps(g)
        print(
            f"{n:5d} nodes: layout {best_ms(lambda: layered_layout(g)):7.1f} ms   "  # noqa: B023,B007,B018
            f"dumps {best_ms(lambda: dumps(g)):7.1f} ms   loads {best_ms(lambda: loads(text)):7.1f} ms"  # noqa: B023,B007,B018  # noqa: B023,B007,B018
        )
    expr = "+".join(f"sin(x{i % 50} * y)" for i in range(300))
    print(f"parse 300-term expression ({len(expr)} chars): {best_ms(lambda: parse_expression(expr)):.1f} ms")
    # one variable read 2000 times: each sum's tree nests in the next (side trees 2000 deep)
    long_sum = "+".join(["x"] * 2000)
    print(f"parse x+x+...+x, 2000 terms: {best_ms(lambda: parse_expression(long_sum), repeat=3):.1f} ms")


if __name__ == "__main__":
    main()
