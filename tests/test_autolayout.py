"""Layered layout: inputs left, output right, rows centred, few crossings."""

import itertools
import random

from graphviz_app.core.autolayout import LAYER_SPACING, ROW_SPACING, apply_layout, layered_layout
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.graph import Graph, NodeMoved


def crossings(graph: Graph, pos) -> int:
    """Pairs of edges between the same two layers whose ends are in opposite order."""
    edges = [(pos[e.src], pos[e.dst]) for e in graph.edges()]
    count = 0
    for (a0, a1), (b0, b1) in itertools.combinations(edges, 2):
        if a0[0] == b0[0] and a1[0] == b1[0] and (a0[1] - b0[1]) * (a1[1] - b1[1]) < 0:
            count += 1
    return count


def test_layers_go_left_to_right_with_the_spacing():
    g = parse_expression("sin(x**2)")
    pos = layered_layout(g)
    x, p, s = g.node_ids()
    assert pos[x] == (0.0, 0.0)
    assert pos[p] == (LAYER_SPACING, 0.0)
    assert pos[s] == (2 * LAYER_SPACING, 0.0)


def test_every_edge_goes_right_and_layers_are_centred():
    g = parse_expression("softmax_xent(W2 @ tanh(W1 @ x + b1) + b2, t) + sqnorm(W1) + sqnorm(W2)")
    pos = layered_layout(g)
    assert set(pos) == set(g.node_ids())
    for e in g.edges():
        assert pos[e.src][0] < pos[e.dst][0]
    by_layer = {}
    for x, y in pos.values():
        by_layer.setdefault(x, []).append(y)
    for ys in by_layer.values():
        assert abs(sum(ys)) < 1e-9  # centred on y = 0
        ys.sort()
        assert all(b - a == ROW_SPACING for a, b in zip(ys, ys[1:]))


def test_inputs_sit_just_before_their_first_consumer():
    g = parse_expression("tanh(tanh(tanh(x))) + b")
    pos = layered_layout(g)
    add = g.output
    assert pos[g.find("b")][0] == pos[add][0] - LAYER_SPACING


def test_barycenter_ordering_removes_avoidable_crossings():
    g = Graph()
    a = g.add_node("variable", name="a")
    b = g.add_node("variable", name="b")
    # inserted "crossed": b feeds the upper consumer, a the lower one
    lower = g.add_node("op", "sin")
    upper = g.add_node("op", "cos")
    out = g.add_node("op", "add")
    g.connect(upper, out, 0)
    g.connect(lower, out, 1)
    g.connect(b, upper, 0)
    g.connect(a, lower, 0)
    pos = layered_layout(g)
    assert crossings(g, pos) == 0
    assert pos[upper][1] < pos[lower][1]  # port 0 on top


def test_random_graphs_have_fewer_crossings_than_insertion_order():
    random.seed(3)
    g = Graph()
    ids = [g.add_node("variable", name=f"v{i}") for i in range(8)]
    for _ in range(40):
        nid = g.add_node("op", "add")
        g.connect(random.choice(ids), nid, 0)
        g.connect(random.choice(ids), nid, 1)
        ids.append(nid)
    pos = layered_layout(g)
    naive = {}
    layer_rows = {}
    for nid in g.node_ids():
        x = pos[nid][0]
        layer_rows[x] = layer_rows.get(x, 0) + 1
        naive[nid] = (x, layer_rows[x])
    assert crossings(g, pos) < crossings(g, naive)


def test_apply_layout_moves_nodes_and_emits_events():
    g = parse_expression("a * b")
    for nid in g.node_ids():
        g.move(nid, (0, 0))
    seen = []
    g.subscribe(seen.append)
    apply_layout(g)
    assert sorted(seen, key=str) == sorted((NodeMoved(nid) for nid in g.node_ids()), key=str)
    assert {n.pos for n in g.nodes()} == set(layered_layout(g).values())


def test_empty_and_isolated_nodes():
    assert layered_layout(Graph()) == {}
    g = Graph()
    a = g.add_node("variable", name="a")
    b = g.add_node("constant", name="b")
    pos = layered_layout(g)
    # two separate parts, packed (tests/test_layout_packing.py): one above the other
    assert pos[a] == (0.0, 0.0) and pos[b] == (0.0, ROW_SPACING)
