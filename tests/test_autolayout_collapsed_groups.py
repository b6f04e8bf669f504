"""Layered layout of a graph with collapsed groups: each collapsed group laid out as the one card
the canvas draws for it (in the middle of its nodes), on its row like any other card, its inputs
and readers wired to it; its nodes kept together so that expanding it shows no card on another."""

from pathlib import Path

import pytest

from graphviz_app.core import fileformat
from graphviz_app.core.autolayout import LAYER_SPACING, layered_layout
from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas.node_item import WIDTH, card_height

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "examples"
CARD_W, CARD_H = WIDTH, card_height(2)  # a card's size on the canvas, centred on its place


def shown(graph: Graph, pos) -> dict[str, tuple[float, float]]:
    """What the canvas shows, by name: each visible card's place, each collapsed card's (its nodes' middle)."""
    hidden = graph.groups.shown_as()
    places = {graph.node(n).label: pos[n] for n in graph.node_ids() if n not in hidden}
    for group in graph.groups.visible_collapsed():
        xs, ys = [pos[n][0] for n in group.nodes], [pos[n][1] for n in group.nodes]
        places[group.name] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return places


def wires(graph: Graph) -> set[tuple[str, str]]:
    """The edges the canvas draws, by the names of what they join (a collapsed card's by its group's)."""
    hidden = graph.groups.shown_as()

    def name(nid):
        return graph.groups.get(hidden[nid]).name if nid in hidden else graph.node(nid).label

    return {(name(e.src), name(e.dst)) for e in graph.edges() if name(e.src) != name(e.dst)}


def overlapping(places) -> list:
    names = list(places)
    return [
        (a, b)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if abs(places[a][0] - places[b][0]) < CARD_W and abs(places[a][1] - places[b][1]) < CARD_H
    ]


def collapsed_08(*names: str) -> Graph:
    graph = fileformat.load(EXAMPLES / "08_two_layer_network_groups.json")
    for name in names:
        graph.groups.set_collapsed(graph.groups.find(name).id, True)
    return graph


def test_collapsed_layers_stand_on_the_main_path_as_cards():
    graph = collapsed_08("layer1", "layer2")
    pos = layered_layout(graph)
    places = shown(graph, pos)
    main = ["x", "layer1", "layer2", "loss"]
    assert {places[n][1] for n in main} == {0.0}  # one row
    assert [places[n][0] for n in main] == sorted(places[n][0] for n in main)
    for name in ("W1", "b1", "W2", "b2", "target"):  # the side inputs above the row
        assert places[name][1] < 0, name
    for src, dst in wires(graph):  # every wire goes right, into the card's ports from the left
        assert places[src][0] + LAYER_SPACING <= places[dst][0], (src, dst)
    assert not overlapping(places)
    # expanded again: no card on another, each layer's nodes still on the row, left to right
    assert not overlapping({n: pos[n] for n in graph.node_ids()})
    for name in ("layer1", "layer2"):
        assert {pos[n][1] for n in graph.groups.find(name).nodes} == {0.0}


def test_the_side_inputs_of_a_collapsed_card_stand_in_the_order_of_its_ports():
    """Laid out expanded, layer1's inputs stand W1, b1 above x: so they do collapsed, no wire crossing another."""
    graph = collapsed_08("layer1")
    places = shown(graph, layered_layout(graph))
    assert places["W1"][1] < places["b1"][1] < places["x"][1] == places["layer1"][1]


def test_a_layout_with_collapsed_groups_is_its_own_fixed_point():
    graph = collapsed_08("layer1", "layer2")
    for nid, xy in layered_layout(graph).items():
        graph.move(nid, xy)
    assert layered_layout(graph) == {nid: graph.node(nid).pos for nid in graph.node_ids()}


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_every_example_with_groups_collapsed_any_way_has_no_overlaps_collapsed_or_expanded(name):
    base = fileformat.load(EXAMPLES / name)
    ops = [nid for nid in base.node_ids() if base.node(nid).kind == "op"]
    inputs = [nid for nid in base.node_ids() if base.node(nid).kind != "op"]
    half = len(ops) // 2
    graph = base  # (each grouping replaces all groups: one reading of the file serves them all)
    for groups in ([ops[:-1]], [ops[:half], ops[half:]], [[nid] for nid in ops], [inputs[:2] + ops[:1]]):
        for gr in reversed(graph.groups.ordered()):
            graph.groups.remove(gr.id)
        for nodes in groups:
            if nodes:
                graph.groups.set_collapsed(graph.groups.add(nodes), True)
        pos = layered_layout(graph)
        assert set(pos) == set(graph.node_ids())
        places = shown(graph, pos)
        assert not overlapping(places), (groups, overlapping(places))
        assert not overlapping({n: pos[n] for n in graph.node_ids()})
        for src, dst in wires(graph):
            assert places[src][0] < places[dst][0], (src, dst)


def test_a_collapsed_group_that_a_path_leaves_and_enters_again_is_laid_out_expanded():
    """{x, add} of sin(x) + x leaves sin out, between them: no row of the card can stand for it
    (the contracted graph would be a cycle), so the graph is laid out as if expanded."""
    from graphviz_app.core.autolayout import layered_layout
    from graphviz_app.core.expr import parse_expression

    g = parse_expression("sin(x) + x")
    x = g.node_id("x")
    add = g.output
    g.groups.add([x, add], "ends", collapsed=True)
    pos = layered_layout(g)
    assert set(pos) == set(g.node_ids())
    assert pos[x][0] < pos[add][0]


def test_a_layout_with_collapsed_groups_lists_the_nodes_in_the_graphs_order():
    # (a group's members are a set: listed in their order the layout would change with the hash seed)
    graph = collapsed_08("layer1", "layer2")
    assert list(layered_layout(graph)) == graph.node_ids()
