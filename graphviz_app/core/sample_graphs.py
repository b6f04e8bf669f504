"""Generated graphs of any size, for benchmarks and tests of large canvases and animations."""
from __future__ import annotations

from .graph import Graph

UNARY = ("sin", "tanh", "square", "sigmoid")


def branching_chains(variables: int, chain: int, ops: tuple[str, ...] = UNARY) -> Graph:
    """Vector variables, each feeding two chains of elementwise ops (so the sum rule is at work),
    the chains added pairwise into one vector, summed to a scalar output "L". Not laid out.
    Nodes: variables · (1 + 2·chain) + (2·variables − 1) additions + 1."""
    g = Graph()
    heads = []
    for v in range(variables):
        x = g.add_node("variable", name=f"x{v}", value=[0.1 * v, -0.2, 0.3 + 0.01 * v], pos=(0, 0))
        for branch in range(2):
            prev = x
            for i in range(chain):
                op = g.add_node("op", ops[(v + branch + i) % len(ops)], pos=(0, 0))
                g.connect(prev, op, 0)
                prev = op
            heads.append(prev)
    while len(heads) > 1:
        paired = []
        for a, b in zip(heads[::2], heads[1::2]):
            s = g.add_node("op", "add", pos=(0, 0))
            g.connect(a, s, 0)
            g.connect(b, s, 1)
            paired.append(s)
        heads = paired + ([heads[-1]] if len(heads) % 2 else [])
    out = g.add_node("op", "sum", name="L", pos=(0, 0))
    g.connect(heads[0], out, 0)
    g.set_output(out)
    return g
