"""The Python API's pictures take theme="light" or "dark", as `graphviz-app export --theme` does."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from PIL import Image
from test_export_support import LINEAR, pixels

import graphviz_app as ga
from graphviz_app.cli import main


@pytest.mark.parametrize("name", ["to_png", "to_svg", "to_pdf", "to_gif", "animate"])
def test_every_picture_function_takes_a_theme(name):
    parameter = inspect.signature(getattr(ga.Graph, name)).parameters["theme"]
    assert parameter.default == "light"


def test_a_dark_step_is_the_command_lines(qapp, tmp_path, capsys):
    ga.load(LINEAR).to_png(tmp_path / "api.png", step=2, scale=1, theme="dark")
    assert (
        main(["export", str(LINEAR), "--step", "2", "--scale", "1", "--theme", "dark", "-o", str(tmp_path / "c.png")])
        == 0
    )
    assert np.array_equal(pixels(tmp_path / "api.png"), pixels(tmp_path / "c.png"))
    light = ga.load(LINEAR).to_png(tmp_path / "light.png", step=2, scale=1)
    assert pixels(light)[..., :3].mean() > pixels(tmp_path / "api.png")[..., :3].mean() + 80


def test_a_dark_animation_is_the_command_lines(qapp, tmp_path, capsys):
    ga.load(LINEAR).to_gif(tmp_path / "api.gif", scale=1, theme="dark")
    assert main(["export", str(LINEAR), "--scale", "1", "--theme", "dark", "-o", str(tmp_path / "c.gif")]) == 0
    api, cli = Image.open(tmp_path / "api.gif"), Image.open(tmp_path / "c.gif")
    assert api.n_frames == cli.n_frames
    for k in range(api.n_frames):
        api.seek(k)
        cli.seek(k)
        assert np.array_equal(pixels(api), pixels(cli))


def test_a_dark_svg_says_so(qapp, tmp_path):
    light = ga.load(LINEAR).to_svg(tmp_path / "light.svg").read_text(encoding="utf-8")
    dark = ga.load(LINEAR).to_svg(tmp_path / "dark.svg", theme="dark").read_text(encoding="utf-8")
    assert light != dark


@pytest.mark.parametrize("name", ["to_png", "to_gif"])
def test_an_unknown_theme_is_refused_before_anything_is_drawn(qapp, tmp_path, name):
    with pytest.raises(ga.Error, match='theme must be "light" or "dark", not "blue"'):
        getattr(ga.load(LINEAR), name)(tmp_path / f"x.{name[3:]}", theme="blue")
    assert list(tmp_path.iterdir()) == []
