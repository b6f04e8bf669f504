"""Generated graphs of any size, for benchmarks and tests of large canvases and animations."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
    top = _combine_pairwise(g, heads, lambda: "add")
    out = g.add_node("op", "sum", name="L", pos=(0, 0))
    g.connect(top, out, 0)
    g.set_output(out)
    return g


def scalar_chains(
    variables: int,
    value: Callable[[int], float],
    chain_ops: Callable[[int], Sequence[str]],
    combine: Callable[[], str] = lambda: "add",
) -> Graph:
    """Scalar variables x0, x1, … (value(i)), each through the unary ops chain_ops(i), the chains
    combined pairwise (a binary op from combine() each time) into one, squared into the output
    "loss". Not laid out. The callables are called in that order, so a seeded random source
    gives the same graph every time."""
    g = Graph()
    heads = []
    for i in range(variables):
        x = g.add_node("variable", name=f"x{i}", value=value(i))
        for op in chain_ops(i):
            n = g.add_node("op", op)
            g.connect(x, n, 0)
            x = n
        heads.append(x)
    top = _combine_pairwise(g, heads, combine)
    out = g.add_node("op", "square", name="loss")
    g.connect(top, out, 0)
    g.set_output(out)
    return g


def _combine_pairwise(g: Graph, heads: list[str], combine: Callable[[], str]) -> str:
    """Joins the heads two by two, level after level (an odd one out waits for the next level)."""
    while len(heads) > 1:
        paired = []
        for a, b in zip(heads[::2], heads[1::2]):
            s = g.add_node("op", combine(), pos=(0, 0))
            g.connect(a, s, 0)
            g.connect(b, s, 1)
            paired.append(s)
        heads = paired + ([heads[-1]] if len(heads) % 2 else [])
    return heads[0]
