"""Small graphs the group tests share."""

from graphviz_app.core.graph import Graph


def reentering_block() -> tuple[Graph, dict[str, str]]:
    """s = sin u, v = exp s, t = s · v (the output): a group {s, t} is left and re-entered through v."""
    g = Graph()
    u = g.add_node("variable", name="u", value=0.4)
    s = g.add_node("op", "sin", name="s")
    g.connect(u, s, 0)
    v = g.add_node("op", "exp", name="v")
    g.connect(s, v, 0)
    t = g.add_node("op", "mul", name="t")
    g.connect(s, t, 0)
    g.connect(v, t, 1)
    g.set_output(t)
    return g, {"u": u, "s": s, "v": v, "t": t}
