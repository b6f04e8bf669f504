"""How long an animation shows each step: one rule (50 to 60000 ms) for `graphviz-app export
--frame-ms`, `g.to_gif`, `g.animate` and `Animation.save`, refused with the same sentence."""

import math

import pytest
from api_helpers import linear_model
from PIL import Image

import graphviz_app as ga
from graphviz_app.cli import main


@pytest.fixture(scope="module")
def model():
    return linear_model()


@pytest.mark.parametrize("bad", [0, 49, 60_001, math.nan, -math.inf])
def test_the_api_refuses_a_frame_time_out_of_range_before_drawing(model, tmp_path, bad):
    with pytest.raises(ga.Error, match=f"frame_ms must be between 50 and 60000, not {bad}"):
        model.to_gif(tmp_path / "m.gif", frame_ms=bad)
    with pytest.raises(ga.Error, match="frame_ms must be between 50 and 60000"):
        model.animate(frame_ms=bad)
    assert not (tmp_path / "m.gif").exists()


def test_a_frame_time_too_long_to_print_is_refused_by_its_digits(model, tmp_path):
    with pytest.raises(ga.Error, match="frame_ms must be between 50 and 60000, not an integer of 5001 digits"):
        model.to_gif(tmp_path / "m.gif", frame_ms=10**5000)  # (str() refuses it: counted without it)
    assert not (tmp_path / "m.gif").exists()


@pytest.mark.parametrize(("bad", "shown"), [("fast", '"fast"'), (None, "NoneType"), (True, "True")])
def test_the_api_refuses_a_frame_time_that_is_not_a_number(model, tmp_path, bad, shown):
    with pytest.raises(ga.Error, match=f"frame_ms must be a number of milliseconds between 50 and 60000, not {shown}"):
        model.to_gif(tmp_path / "m.gif", frame_ms=bad)


def test_every_frame_of_a_gif_lasts_the_time_asked(model, tmp_path):
    animation = model.animate(frame_ms=300)
    with Image.open(animation.save(tmp_path / "a.gif")) as image:
        assert [(image.seek(i), image.info["duration"])[1] for i in range(image.n_frames)] == [300] * image.n_frames
    with pytest.raises(ga.Error, match="frame_ms must be between 50 and 60000, not 0"):
        animation.save(tmp_path / "b.gif", frame_ms=0)  # (not read as "the animation's own")
    with Image.open(animation.save(tmp_path / "c.gif", frame_ms=100)) as image:
        assert image.info["duration"] == 100


def test_the_cli_says_the_same(model, tmp_path, capsys):
    path = tmp_path / "m.json"
    model.save(path)
    assert main(["export", str(path), "-o", str(tmp_path / "m.gif"), "--frame-ms", "60001"]) == 2
    assert capsys.readouterr().err.strip() == "error: --frame-ms must be between 50 and 60000, not 60001"


@pytest.mark.parametrize("out", ["m.png", "m.svg", "m.pdf"])
def test_a_frame_time_given_for_a_still_is_said_to_change_nothing(model, tmp_path, capsys, out):
    path = tmp_path / "m.json"
    model.save(path)
    assert main(["export", str(path), "-o", str(tmp_path / out), "--frame-ms", "300"]) == 0
    said = capsys.readouterr().err
    assert f"note: --frame-ms times the frames of a gif or apng animation; {tmp_path / out} is not one" in said


def test_a_frame_time_given_for_an_animation_is_taken_without_a_note(model, tmp_path, capsys):
    """(the same export for every still's case above: made once here)"""
    path = tmp_path / "m.json"
    model.save(path)
    assert main(["export", str(path), "-o", str(tmp_path / "m.gif"), "--frame-ms", "300"]) == 0
    assert "note" not in capsys.readouterr().err
