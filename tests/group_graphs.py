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


def product_plus_exp() -> Graph:
    """sin(x)·cos(x) + exp(x) with mul, cos, sin in a collapsed group "prod": the pass runs add,
    mul, exp, cos, sin, x, so exp's step 3 falls between the group's steps 2, 4 and 5."""
    g = Graph()
    x = g.add_node("variable", value=0.5, name="x")
    sin, cos, mul = g.add_node("op", "sin"), g.add_node("op", "cos"), g.add_node("op", "mul")
    exp, add = g.add_node("op", "exp"), g.add_node("op", "add")
    for src, dst, port in ((x, sin, 0), (x, cos, 0), (sin, mul, 0), (cos, mul, 1), (x, exp, 0), (mul, add, 0)):
        g.connect(src, dst, port)
    g.connect(exp, add, 1)
    for nid, pos in ((x, (0, 0)), (sin, (240, -140)), (cos, (240, 0)), (mul, (480, 0)), (exp, (240, 140))):
        g.node(nid).pos = pos
    g.node(add).pos = (720, 0)
    g.groups.set_collapsed(g.groups.add([mul, cos, sin], "prod"), True)
    return g


def layer_groups() -> Graph:
    """Example 07 with each layer collapsed as a teacher groups it, its own weights inside:
    layer1 = W1, b1, matmul₁, add, h; head = logits, loss. The pass runs loss, logits (head),
    matmul₂, h, add, matmul₁ (layer1), b2, W2, then b1, W1 (layer1 again)."""
    from graphviz_app.core.file_reading import load as read
    from graphviz_app.core.naming import display_labels
    from graphviz_app.resources_path import examples_dir

    graph = read(examples_dir() / "07_two_layer_network.json")
    ids = {label: nid for nid, label in display_labels(graph).items()}
    for name, members in (("layer1", ["W1", "b1", "matmul₁", "add", "h"]), ("head", ["logits", "loss"])):
        graph.groups.set_collapsed(graph.groups.add([ids[m] for m in members], name), True)
    return graph
