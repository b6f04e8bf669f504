"""Cost of groups: composite Jacobians and the grouped backward trace.

(1) a 256-wide layer tanh(W x + b) as a group: its composite Jacobians (∂h/∂W has
    256·256·256 entries, more than the limit: described, not written) and the grouped trace;
(2) a chain of 1000 scalar operations as one group (a long inside path);
compared with the plain backward trace of the same graph (ratios matter, the machine is shared).
Run:
    python benchmarks/groups.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphviz_app.core import engine  # noqa: E402
from graphviz_app.core.composite import composite_jacobians  # noqa: E402
from graphviz_app.core.graph import Graph  # noqa: E402
from graphviz_app.core.group_trace import group_trace  # noqa: E402


def median_ms(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def wide_layer(n: int = 256) -> tuple[Graph, str]:
    rng = np.random.default_rng(0)
    g = Graph()
    x = g.add_node("constant", name="x", value=rng.normal(size=n))
    w = g.add_node("variable", name="W", value=rng.normal(size=(n, n)) / n)
    b = g.add_node("variable", name="b", value=rng.normal(size=n))
    m = g.add_node("op", "matmul")
    g.connect(w, m, 0)
    g.connect(x, m, 1)
    a = g.add_node("op", "add")
    g.connect(m, a, 0)
    g.connect(b, a, 1)
    h = g.add_node("op", "tanh", name="h")
    g.connect(a, h, 0)
    loss = g.add_node("op", "sum", name="L")
    g.connect(h, loss, 0)
    g.set_output(loss)
    return g, g.groups.add([m, a, h], "layer", collapsed=True)


def long_chain(n: int = 1000) -> tuple[Graph, str]:
    g = Graph()
    prev = g.add_node("variable", name="x", value=0.3)
    inner = []
    for i in range(n):
        nid = g.add_node("op", "sin" if i % 2 else "cos")
        g.connect(prev, nid, 0)
        inner.append(nid)
        prev = nid
    g.set_output(prev)
    return g, g.groups.add(inner, "chain", collapsed=True)


def main() -> int:
    for title, (g, gid) in (("256-wide layer", wide_layer()), ("1000-op scalar chain", long_chain())):
        trace = engine.backward(g)
        plain = median_ms(lambda g=g: engine.backward(g))
        comp = median_ms(lambda g=g, gid=gid: composite_jacobians(g, gid))
        grouped = median_ms(lambda g=g, trace=trace: group_trace(g, trace))
        print(
            f"{title}: backward trace {plain:.1f} ms, composite Jacobians {comp:.1f} ms, grouped trace {grouped:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
