"""Exports of a diagram with collapsed groups step as the window steps with →: a collapsed group is
one picture, titled with the group's name and the steps it stands for ("inputs · steps 3–4 / 4", as the
window's step bar says it), in GIF, APNG, numbered frames and
`--step K` alike. K counts steps as the pictures title them ("step K / N", 1 to N): a K inside a
collapsed group draws the group's picture, its frame of `--all-steps`. Without collapsed groups
every step is its own frame, as before."""

from __future__ import annotations

import numpy as np
import pytest
from group_graphs import product_plus_exp
from PIL import Image
from test_export_support import pixels
from ui.animation_helpers import sin_of_product

from graphviz_app.cli import main
from graphviz_app.core.fileformat import save
from graphviz_app.export.backward import backward_stops, backward_trace, stop_of


def export(capsys, *args) -> tuple[int, str]:
    code = main(["export", *map(str, args)])
    return code, capsys.readouterr().err


@pytest.fixture
def collapsed(tmp_path):
    """sin(x·y) with x and y in a collapsed group "inputs": 4 backward steps, 3 stops of →."""
    path = tmp_path / "collapsed.json"
    save(sin_of_product(collapsed=True)[0], path)
    return path


@pytest.fixture
def expanded(tmp_path):
    path = tmp_path / "expanded.json"
    save(sin_of_product(collapsed=False)[0], path)
    return path


def svg_title(capsys, tmp_path, diagram, step) -> str:
    out = tmp_path / f"step{step}.svg"
    assert export(capsys, diagram, "-o", out, "--step", step)[0] == 0
    text = out.read_text(encoding="utf-8")
    return text[text.index("<title>") + 7 : text.index("</title>")]


@pytest.mark.parametrize("fmt", ["gif", "apng"])
def test_an_animation_steps_over_a_collapsed_group_once(qapp, tmp_path, capsys, collapsed, fmt):
    out = tmp_path / f"anim.{fmt}"
    assert export(capsys, collapsed, "-o", out, "--scale", 1) == (0, "")
    assert Image.open(out).n_frames == 3


def test_numbered_frames_are_the_windows_stops(qapp, tmp_path, capsys, collapsed):
    assert export(capsys, collapsed, "-o", tmp_path / "f.png", "--all-steps", "--scale", 1)[0] == 0
    names = sorted(p.name for p in tmp_path.glob("f_*.png"))
    assert names == ["f_000.png", "f_001.png", "f_002.png", "f_003.png"]  # (f_000: at rest)


def test_step_k_is_the_step_titled_k_or_its_groups_picture(qapp, tmp_path, capsys, collapsed):
    assert "step 1 / 4" in svg_title(capsys, tmp_path, collapsed, 1)
    assert "step 2 / 4" in svg_title(capsys, tmp_path, collapsed, 2)
    assert "Backward · inputs · steps 3–4 / 4 · numerator layout" in svg_title(capsys, tmp_path, collapsed, 3)
    assert "Backward · inputs · steps 3–4 / 4 · numerator layout" in svg_title(capsys, tmp_path, collapsed, 4)


def test_a_step_inside_a_group_is_the_groups_frame(qapp, tmp_path, capsys, collapsed):
    assert export(capsys, collapsed, "-o", tmp_path / "f.png", "--all-steps", "--scale", 1)[0] == 0
    for step in (3, 4):
        assert export(capsys, collapsed, "-o", tmp_path / f"s{step}.png", "--step", step, "--scale", 1)[0] == 0
        assert np.array_equal(pixels(tmp_path / f"s{step}.png"), pixels(tmp_path / "f_003.png"))
    assert export(capsys, collapsed, "-o", tmp_path / "s2.png", "--step", 2, "--scale", 1)[0] == 0
    assert np.array_equal(pixels(tmp_path / "s2.png"), pixels(tmp_path / "f_002.png"))


def test_steps_of_a_group_apart_in_the_pass_each_draw_the_group(qapp, tmp_path, capsys):
    """sin(x)·cos(x) + exp(x), mul, cos and sin collapsed: the group is steps 2, 4 and 5 of 6; step 3
    (exp) falls between them and is its own picture."""
    diagram = tmp_path / "apart.json"
    save(product_plus_exp(), diagram)
    titles = {step: svg_title(capsys, tmp_path, diagram, step) for step in range(1, 7)}
    for step in (2, 4, 5):
        assert "steps 2, 4–5 / 6" in titles[step]
    for step in (1, 3, 6):
        assert f"step {step} / 6" in titles[step] and "steps" not in titles[step]


def test_a_step_past_the_last_counts_every_step(qapp, tmp_path, capsys, collapsed):
    code, err = export(capsys, collapsed, "-o", tmp_path / "s.png", "--step", 5)
    assert code == 2 and err.count("\n") == 1
    assert "has 4 steps (1 to 4)" in err
    assert not (tmp_path / "s.png").exists()


def test_without_collapsed_groups_every_step_is_a_frame(qapp, tmp_path, capsys, expanded):
    assert export(capsys, expanded, "-o", tmp_path / "anim.gif", "--scale", 1)[0] == 0
    assert Image.open(tmp_path / "anim.gif").n_frames == 4
    assert "step 3 / 4" in svg_title(capsys, tmp_path, expanded, 3)
    assert "step 4 / 4" in svg_title(capsys, tmp_path, expanded, 4)


def test_help_says_how_collapsed_groups_are_counted(capsys):
    assert main(["export", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--step K still counts every step" in text
    assert "a K inside a collapsed group draws the group's picture" in text
    assert "with collapsed groups frame numbers count pictures, not steps" in text
    assert "K-th" not in text and "is frame K" not in text


def test_the_command_words_its_frames_against_the_steps(qapp, tmp_path, capsys, collapsed, expanded):
    out = tmp_path / "anim.gif"
    assert main(["export", str(collapsed), "-o", str(out), "--scale", "1"]) == 0
    said = capsys.readouterr().out.strip()
    assert Image.open(out).n_frames == 3
    assert said == f"wrote {out}: 3 frames for 4 steps (the 2 steps of inputs as one)"
    assert main(["export", str(expanded), "-o", str(out), "--scale", "1"]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}: 4 frames, one per step"
    assert Image.open(out).n_frames == 4
    assert main(["export", str(collapsed), "-o", str(tmp_path / "f.png"), "--all-steps", "--scale", "1"]) == 0
    said = capsys.readouterr().out.strip()
    assert said.endswith(": the diagram at rest, then 3 frames for 4 steps (the 2 steps of inputs as one)")
    assert "f_000.png" in said and "f_003.png" in said


def test_the_stop_of_each_step_of_a_group_apart_in_the_pass():
    """stop_of, which --step K, LaTeX and g.to_latex(step=) use: the group of steps 2, 4 and 5 of 6 is
    one stop (its place among the pictures, its steps), the second picture (where its first step
    falls); step 3 between them is its own, the third."""
    graph = product_plus_exp()
    trace = backward_trace(graph)
    group = [1, 3, 4]  # (steps 2, 4 and 5, counted from 0)
    stops = [stop_of(graph, trace, index) for index in range(6)]
    assert [stop.steps for stop in stops] == [[0], group, [2], group, group, [5]]
    assert [stop.place for stop in stops] == [0, 1, 2, 1, 1, 3]
    assert backward_stops(graph, trace)[stops[1].place] == 4  # (the group's picture: its last step)
