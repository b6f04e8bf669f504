"""Auto layout of large graphs about a window's shape: a graph in several disconnected parts has
them packed in rows, a long strip (a deep network) is wrapped in bands; small graphs (every
bundled example) keep their one-strip layout (pinned)."""

import json
from pathlib import Path

import pytest

from graphviz_app.core import fileformat
from graphviz_app.core.autolayout import LAYER_SPACING, layered_layout
from graphviz_app.core.graph import Graph

ROOT = Path(__file__).resolve().parents[1]
# each example's layered layout (node id -> [x, y]), pinned: parts packing and strip wrapping leave them so
BEFORE = json.loads((Path(__file__).parent / "data" / "example_layouts.json").read_text())
CARD_W, CARD_H = 132.0, 80.0


def chains(count: int, length: int = 2) -> Graph:
    """`count` separate chains: a variable through `length` unary ops each."""
    g = Graph()
    for i in range(count):
        x = g.add_node("variable", name=f"x{i}", value=0.5)
        for op in ("sin", "cos", "tanh")[:length]:
            n = g.add_node("op", op)
            g.connect(x, n, 0)
            x = n
    return g


def extent(pos) -> tuple[float, float]:
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    return max(xs) - min(xs) + CARD_W, max(ys) - min(ys) + CARD_H


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_the_examples_are_laid_out_as_before(name):
    graph = fileformat.load(ROOT / "resources" / "examples" / name)
    assert {nid: list(p) for nid, p in layered_layout(graph).items()} == BEFORE[name]


def test_many_parts_are_packed_about_a_windows_shape():
    g = chains(250)
    width, height = extent(layered_layout(g))
    assert 1.0 <= width / height <= 2.4  # a stack of 250 chains would be 1:50


def test_each_part_keeps_its_own_layout_and_parts_never_overlap():
    g = chains(40)
    pos = layered_layout(g)
    boxes = []
    for i in range(40):
        x = g.find(f"x{i}")
        sin = next(iter(g.nx.successors(x)))
        cos = next(iter(g.nx.successors(sin)))
        (x0, y0), (x1, y1), (x2, y2) = pos[x], pos[sin], pos[cos]
        assert (x1 - x0, x2 - x0, y1, y2) == (LAYER_SPACING, 2 * LAYER_SPACING, y0, y0)  # a chain, left to right
        boxes.append((x0, y0, x2 + CARD_W, y0 + CARD_H))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_few_small_parts_sit_side_by_side_and_wide_ones_stack():
    width, height = extent(layered_layout(chains(2, length=1)))
    assert width > height  # two 2-card chains: one row
    width, height = extent(layered_layout(chains(2, length=3)))
    assert height > 1.5 * CARD_H  # two 4-layer chains are wider than a window's shape: one above the other


def test_a_short_connected_graph_stays_one_strip():
    g = chains(1, length=3)
    pos = layered_layout(g)
    assert sorted(y for _, y in pos.values()) == [0.0] * 4


def long_chain(length: int) -> Graph:
    g = Graph()
    x = g.add_node("variable", name="x", value=0.5)
    for i in range(length):
        n = g.add_node("op", ("sin", "cos", "tanh")[i % 3])
        g.connect(x, n, 0)
        x = n
    return g


def test_a_long_strip_is_wrapped_in_bands_that_read_left_to_right():
    g = long_chain(400)  # one part: 401 layers, one row
    pos = layered_layout(g)
    width, height = extent(pos)
    assert 1.0 <= width / height <= 2.6  # unwrapped: about 700:1
    bands = sorted({y for _, y in pos.values()})
    assert len(bands) > 3
    returns = 0
    for e in g.edges():
        (x0, y0), (x1, y1) = pos[e.src], pos[e.dst]
        if y0 == y1:
            assert x1 == x0 + LAYER_SPACING  # along a band: left to right, as unwrapped
        else:  # from the end of one band back to the start of the next
            assert y1 == bands[bands.index(y0) + 1] and x1 == 0.0
            returns += 1
    assert returns == len(bands) - 1


def cards_inside_other_frames(g: Graph, pos) -> list[tuple[str, str]]:
    """(group, node) for each card not in a group that falls inside the group's frame box."""
    inside = []
    for group in g.groups:
        xs, ys = [pos[n][0] for n in group.nodes], [pos[n][1] for n in group.nodes]
        x0, x1, y0, y1 = min(xs), max(xs) + CARD_W, min(ys), max(ys) + CARD_H
        for nid, (x, y) in pos.items():
            if nid not in group.nodes and x < x1 and x + CARD_W > x0 and y < y1 and y + CARD_H > y0:
                inside.append((group.name, nid))
    return inside


@pytest.mark.parametrize("size", [3, 5, 7])
def test_a_long_strip_with_groups_is_wrapped_between_groups_never_through_one(size):
    g = long_chain(120)
    chain = [nid for nid in g.node_ids()]  # in order along the chain
    for k in range(0, len(chain), size):
        g.groups.add(chain[k : k + size], name=f"L{k // size}")
    pos = layered_layout(g)
    assert len({y for _, y in pos.values()}) > 3  # still wrapped
    for group in g.groups:
        assert len({pos[n][1] for n in group.nodes}) == 1  # each group in one band
    assert cards_inside_other_frames(g, pos) == []


def test_a_group_spanning_a_whole_long_strip_keeps_it_one_strip():
    g = long_chain(60)
    g.groups.add(list(g.node_ids()), name="all")
    pos = layered_layout(g)
    assert len({y for _, y in pos.values()}) == 1
