"""`g.to_png(p, step=K, scale=S)` is `graphviz-app export FILE --step K --scale S -o p`, pixel for
pixel, and with no scale given the same default resolution (2× for PNG and GIF, 1× for SVG): the same canvas every step shares, and the same step numbers ("step K/N", 1 to N), a step
inside a collapsed group drawing the group's picture ("steps 3–4 / 4") in both."""

from __future__ import annotations

import json

import numpy as np
import pytest
from api_helpers import linear_model
from PIL import Image
from test_export_support import pixels
from ui.animation_helpers import sin_of_product

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core.fileformat import save


def cli_step(capsys, diagram, out, step: int, scale: float) -> np.ndarray:
    code = main(["export", str(diagram), "-o", str(out), "--step", str(step), "--scale", str(scale)])
    assert code == 0, capsys.readouterr().err
    return pixels(out)


def svg_title(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("<title>") + 7 : text.index("</title>")]


@pytest.fixture
def collapsed(tmp_path):
    """sin(x·y), x and y in a collapsed group, no output set (both draw the only end node as it)."""
    path = tmp_path / "collapsed.json"
    save(sin_of_product(collapsed=True)[0], path)
    return path


@pytest.mark.parametrize("scale", [1, 2])
def test_a_step_of_a_traced_model_is_the_command_lines(qapp, tmp_path, capsys, scale):
    model = linear_model()
    diagram = model.save(tmp_path / "model.json")
    count = len(model.backward())
    for step in (1, count):
        api = model.to_png(tmp_path / f"api{step}.png", step=step, scale=scale)
        assert np.array_equal(pixels(api), cli_step(capsys, diagram, tmp_path / f"cli{step}.png", step, scale))


def test_without_a_scale_the_pictures_are_drawn_as_the_command_line_draws_them(qapp, tmp_path, capsys):
    model = linear_model()
    diagram = model.save(tmp_path / "model.json")
    api = model.to_png(tmp_path / "api.png", step=2)
    assert main(["export", str(diagram), "-o", str(tmp_path / "cli.png"), "--step", "2"]) == 0
    assert np.array_equal(pixels(api), pixels(tmp_path / "cli.png"))
    assert np.array_equal(pixels(api), cli_step(capsys, diagram, tmp_path / "cli2.png", 2, 2))
    assert main(["export", str(diagram), "-o", str(tmp_path / "cli.gif")]) == 0
    with Image.open(model.to_gif(tmp_path / "api.gif")) as a, Image.open(tmp_path / "cli.gif") as c:
        assert a.size == c.size and a.n_frames == c.n_frames
    assert main(["export", str(diagram), "-o", str(tmp_path / "cli.svg")]) == 0
    assert model.to_svg(tmp_path / "api.svg").read_text(encoding="utf-8") == (tmp_path / "cli.svg").read_text(
        encoding="utf-8"
    )


def test_every_step_shares_one_canvas(qapp, tmp_path):
    model = linear_model()
    steps = range(1, len(model.backward()) + 1)  # (at 1×: the default scale is tested above)
    sizes = {pixels(model.to_png(tmp_path / f"s{k}.png", step=k, scale=1)).shape for k in steps}
    assert len(sizes) == 1


def test_a_step_inside_a_collapsed_group_draws_the_group_as_the_command_line(qapp, tmp_path, capsys, collapsed):
    g = ga.load(collapsed)
    for step in (2, 3, 4):
        api = g.to_png(tmp_path / f"api{step}.png", step=step, scale=1)
        assert np.array_equal(pixels(api), cli_step(capsys, collapsed, tmp_path / f"cli{step}.png", step, 1))
    assert np.array_equal(pixels(tmp_path / "api3.png"), pixels(tmp_path / "api4.png"))
    assert "steps 3–4 / 4" in svg_title(g.to_svg(tmp_path / "s3.svg", step=3))
    assert "step 2 / 4" in svg_title(g.to_svg(tmp_path / "s2.svg", step=2))
    assert g.output is None  # (the picture marked the output on its own copy)


def test_a_step_past_the_last_counts_every_step(qapp, tmp_path, collapsed):
    with pytest.raises(ga.Error, match=r"step 5 is out of range: the backward pass has 4 steps \(1 to 4\)"):
        ga.load(collapsed).to_png(tmp_path / "x.png", step=5)
    assert not (tmp_path / "x.png").exists()


def hand_built() -> ga.Graph:
    """The recipe of docs/python-api.md, "Building a graph by hand": no node is given a place."""
    g = ga.Graph()
    x = g.variable("x", 0.7)
    s = g.op("sin", x)
    c = g.op("cos", x)
    g.op("mul", s, c, name="o1")
    return g


def test_a_graph_built_by_hand_is_laid_out_as_the_command_line_lays_out_its_file(qapp, tmp_path, capsys):
    g = hand_built()
    diagram = g.save(tmp_path / "hand.json")
    places = [tuple(node["pos"]) for node in json.loads(diagram.read_text(encoding="utf-8"))["nodes"]]
    assert len(set(places)) == len(places) == 4  # (not every card at (0, 0))
    assert main(["export", str(diagram), "-o", str(tmp_path / "cli.png")]) == 0, capsys.readouterr().err
    assert np.array_equal(pixels(g.to_png(tmp_path / "api.png")), pixels(tmp_path / "cli.png"))
    (tmp_path / "inline.png").write_bytes(g._repr_png_()[0])  # (what a notebook shows)
    assert np.array_equal(pixels(tmp_path / "inline.png"), pixels(tmp_path / "cli.png"))
    for step in (1, len(g.backward())):
        api = g.to_png(tmp_path / f"api{step}.png", step=step, scale=1)
        assert np.array_equal(pixels(api), cli_step(capsys, diagram, tmp_path / f"cli{step}.png", step, 1))
    assert main(["export", str(diagram), "-o", str(tmp_path / "cli.gif")]) == 0
    with Image.open(g.to_gif(tmp_path / "api.gif")) as a, Image.open(tmp_path / "cli.gif") as c:
        assert a.size == c.size and a.n_frames == c.n_frames
        for k in range(a.n_frames):
            a.seek(k), c.seek(k)
            assert np.array_equal(np.asarray(a.convert("RGB")), np.asarray(c.convert("RGB")))


def test_a_node_added_after_a_picture_is_laid_out_with_the_rest(qapp, tmp_path):
    g = hand_built()
    g.to_png(tmp_path / "before.png")
    g.op("exp", "o1", name="e")
    places = [tuple(node["pos"]) for node in json.loads(g.save(tmp_path / "more.json").read_text("utf-8"))["nodes"]]
    assert len(set(places)) == len(places) == 5


def saved_places(g: ga.Graph, path) -> dict[str, tuple[float, float]]:
    return {node["name"]: tuple(node["pos"]) for node in json.loads(g.save(path).read_text("utf-8"))["nodes"]}


def test_a_node_added_to_a_traced_graph_is_drawn_apart_from_its_cards(qapp, tmp_path):
    """A traced graph keeps its places; a node added to it (no place of its own: (0, 0), where w's
    card is) gets one of its own, right of what it reads, and the picture grows to hold its card."""

    def f(x, w):
        return np.sin(x * w)

    g = ga.trace(f, x=1.0, w=2.0)
    traced = saved_places(g, tmp_path / "traced.json")
    before = pixels(g.to_png(tmp_path / "traced.png"))
    g.op("square", g.output, name="y2")
    places = saved_places(g, tmp_path / "more.json")
    assert len(set(places.values())) == len(places) == 5
    assert {name: places[name] for name in traced} == traced  # (laid out as the trace laid it out)
    assert places["y2"][0] > max(x for x, _ in traced.values()) and places["y2"][1] == traced["f"][1]
    after = pixels(g.to_png(tmp_path / "more.png"))
    assert after.shape[1] > before.shape[1] and after.shape[0] == before.shape[0]


def test_a_loaded_file_keeps_the_users_arrangement_when_saved(tmp_path):
    """Cards the user placed near one another (one 100 px right of another, overlapping in the
    window as the user left them) are the user's: ga.load then g.save moves none."""
    g = ga.load("resources/examples/04_sin_of_square.json")
    ids = g.core.node_ids()
    for nid in ids:
        x, y = g.core.node(nid).pos
        g.core.move(nid, (x + 300, y + 200))
    x, y = g.core.node(ids[0]).pos
    g.core.move(ids[1], (x + 100, y))
    mine = saved_places(g, tmp_path / "mine.json")
    assert saved_places(ga.load(tmp_path / "mine.json"), tmp_path / "again.json") == mine
    assert len(set(mine.values())) == 3 and (400.0, 200.0) in mine.values()


def test_a_node_added_over_part_of_a_card_is_placed_apart(tmp_path):
    """A variable added (at (0, 0)) where a card of the file stands 80 px lower: the cards are 88
    px tall, so they would overlap; the added card gets a place of its own."""
    g = ga.load("resources/examples/04_sin_of_square.json")
    for nid in g.core.node_ids():
        x, y = g.core.node(nid).pos
        g.core.move(nid, (x, y + 80))
    g.variable("c", 2.0)
    places = saved_places(g, tmp_path / "more.json")
    (cx, cy) = places["c"]
    assert all(abs(cx - x) >= 132 or abs(cy - y) >= 88 for name, (x, y) in places.items() if name != "c")
