"""Auto layout of a graph in several disconnected parts: the parts packed in rows, about a
window's shape; graphs in one part (every bundled example) laid out as before."""

import json
from pathlib import Path

import pytest

from graphviz_app.core import fileformat
from graphviz_app.core.autolayout import LAYER_SPACING, layered_layout
from graphviz_app.core.graph import Graph

ROOT = Path(__file__).resolve().parents[1]
# each example's layered layout as it was before parts were packed (node id -> [x, y])
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


def test_one_connected_part_is_not_packed():
    """A long chain stays one strip, left to right (wrapping it would send its edges back across)."""
    g = chains(1, length=3)
    pos = layered_layout(g)
    assert sorted(y for _, y in pos.values()) == [0.0] * 4
