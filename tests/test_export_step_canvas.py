"""One canvas for every step of a diagram: a deck of `--step K` pictures does not jump from slide
to slide, and `--step K` is frame K of `--all-steps`, pixel for pixel. The command line's default
resolution is the Export dialog's: 2× for pictures made of pixels, 1× for SVG and PDF."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from test_export_support import LINEAR, TWO_LAYER, pixels

from graphviz_app.cli import main
from graphviz_app.core import engine
from graphviz_app.core.fileformat import load


def export(capsys, *args) -> None:
    code = main(["export", *map(str, args)])
    _, err = capsys.readouterr()
    assert code == 0, err


@pytest.mark.parametrize("example", [LINEAR, TWO_LAYER])
def test_every_single_step_has_the_size_and_pixels_of_its_frame(qapp, tmp_path, capsys, example):
    """(Both examples' steps differ in size on their own: 05's step 1 is lower than its step 2.)"""
    export(capsys, example, "-o", tmp_path / "frame.png", "--all-steps", "--scale", 1)
    frames = [pixels(path) for path in sorted(tmp_path.glob("frame_*.png"))][1:]  # (frame_000: at rest)
    count = len(frames)
    for k in (1, count):
        export(capsys, example, "-o", tmp_path / f"step{k}.png", "--step", k, "--scale", 1)
    first, last = pixels(tmp_path / "step1.png"), pixels(tmp_path / f"step{count}.png")
    assert first.shape == last.shape == frames[0].shape
    assert np.array_equal(first, frames[0])
    assert np.array_equal(last, frames[-1])


def test_a_vector_step_has_the_canvas_of_every_step(qapp, tmp_path, capsys):
    """SVG steps too: the same declared size at step 1 and at the last step."""
    count = len(engine.backward(load(LINEAR)))
    sizes = set()
    for k in (1, count):
        export(capsys, LINEAR, "-o", tmp_path / f"s{k}.svg", "--step", k)
        text = (tmp_path / f"s{k}.svg").read_text(encoding="utf-8")
        head = text[text.index("<svg") : text.index(">", text.index("<svg"))]
        sizes.add(" ".join(part for part in head.split() if part.startswith(("width=", "height="))))
    assert len(sizes) == 1


def test_pictures_of_pixels_default_to_twice_the_size_as_the_dialog(qapp, tmp_path, capsys):
    export(capsys, LINEAR, "-o", tmp_path / "one.png", "--scale", 1)
    export(capsys, LINEAR, "-o", tmp_path / "default.png")
    export(capsys, LINEAR, "-o", tmp_path / "default.gif")
    export(capsys, LINEAR, "-o", tmp_path / "one.gif", "--scale", 1)
    width, height = Image.open(tmp_path / "one.png").size
    assert Image.open(tmp_path / "default.png").size == (2 * width, 2 * height)
    gif_width, gif_height = Image.open(tmp_path / "one.gif").size
    assert Image.open(tmp_path / "default.gif").size == (2 * gif_width, 2 * gif_height)


def test_vector_pictures_keep_the_diagrams_size_by_default(qapp, tmp_path, capsys):
    export(capsys, LINEAR, "-o", tmp_path / "default.svg")
    export(capsys, LINEAR, "-o", tmp_path / "one.svg", "--scale", 1)
    assert (tmp_path / "default.svg").read_bytes() == (tmp_path / "one.svg").read_bytes()


def test_help_says_the_default_resolution_and_the_shared_canvas(capsys):
    assert main(["export", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "default 2 for png, gif, apng; 1 for svg, pdf" in text
    assert "same canvas" in text
