"""`graphviz-app export` without --scale or --dpi draws a PNG, GIF or APNG that would be too large
for most viewers at the default scale at the largest scale that fits, saying so on stderr before
drawing and how to force the default size; an explicit --scale is drawn as asked, then noted."""

from __future__ import annotations

import pytest
from PIL import Image
from test_export_support import LINEAR, tall_diagram, wide_diagram

from graphviz_app.cli import main
from graphviz_app.export.formats import TOO_LARGE_WORDS, VIEWABLE_SIDE

Image.MAX_IMAGE_PIXELS = None  # (a test picture wider than PIL's guard against decompression bombs)


@pytest.fixture
def wide(tmp_path):
    return wide_diagram(tmp_path)


@pytest.mark.parametrize("suffix", [".png", ".gif"])
def test_the_default_scale_is_lowered_to_one_that_fits(qapp, tmp_path, capsys, wide, suffix):
    out = tmp_path / f"wide{suffix}"
    assert main(["export", str(wide), "-o", str(out)]) == 0
    stdout, err = capsys.readouterr()
    assert stdout.startswith(f"wrote {out}")
    width, height = Image.open(out).size
    assert width <= VIEWABLE_SIDE
    [note] = err.splitlines()
    least = "" if suffix == ".png" else "at least "  # (every frame's canvas: measured at rest, before drawing)
    assert note.startswith(f"note: at the default --scale 2, wide{suffix} would be {least}3")
    assert TOO_LARGE_WORDS in note
    if suffix == ".png":
        assert f"drawn at --scale 0.75 (about {width:,} × {height:,}) instead" in note
    else:
        assert "drawn at --scale 0.75 (at least 12,9" in note
    assert note.endswith("--scale 2 draws it at 2× anyway")


def test_an_explicit_scale_is_drawn_as_asked_then_noted(qapp, tmp_path, capsys, wide):
    out = tmp_path / "wide.png"
    assert main(["export", str(wide), "-o", str(out), "--scale", "2"]) == 0
    width, height = Image.open(out).size
    assert width > VIEWABLE_SIDE
    [note] = capsys.readouterr().err.splitlines()
    assert note.startswith(f"note: wide.png is {width:,} × {height:,} pixels") and "--scale 0.75" in note


def test_a_picture_of_usual_size_is_drawn_at_2x_without_a_note(qapp, tmp_path, capsys):
    out = tmp_path / "linear.png"
    assert main(["export", str(LINEAR), "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    small = tmp_path / "small.png"
    assert main(["export", str(LINEAR), "-o", str(small), "--scale", "1"]) == 0
    assert Image.open(out).size[0] == pytest.approx(2 * Image.open(small).size[0], abs=1)


def test_help_says_so_in_one_line(capsys):
    main(["export", "--help"])
    lines = [line for line in capsys.readouterr().out.splitlines() if "fits" in line and "--scale 2" in line]
    assert len(lines) == 1, lines


def test_a_picture_too_large_even_at_the_smallest_scale_is_refused_before_drawing(qapp, tmp_path, capsys):
    """A tall diagram (a long laid-out strip) no viewer opens even at --scale 0.5 (48 dpi, below
    which text is too small to read): exit 2 with one line naming SVG or PDF, and nothing written;
    a --scale given draws it anyway, with the note."""
    tall = tall_diagram(tmp_path)
    out = tmp_path / "tall.png"
    assert main(["export", str(tall), "-o", str(out)]) == 2
    stdout, err = capsys.readouterr()
    assert stdout == "" and not out.exists() and not list(tmp_path.glob("*.png*"))
    [line] = err.splitlines()
    assert line.startswith("error: tall.png would be ") and "at the default --scale 2" in line
    assert (
        "--scale 0.5 (48 dpi, below which text is too small to read)" in line
        and TOO_LARGE_WORDS in line
        and "SVG (-o tall.svg) or PDF" in line
    )
    # (the steps' canvas: at least the diagram at rest). One step has an SVG, as a still; an animation
    # has none, so it is told to export one step as SVG, never -o frames.svg, which writes a still
    for name, flags in (("frames.png", ["--step", "1"]), ("frames.png", ["--all-steps"]), ("frames.gif", [])):
        assert main(["export", str(tall), "-o", str(tmp_path / name), *flags]) == 2
        [line] = capsys.readouterr().err.splitlines()
        assert not list(tmp_path.glob("frames*"))
        if flags == ["--step", "1"]:
            assert line.endswith(
                "export SVG (-o frames.svg) or PDF, which have no pixels (--scale S draws the picture anyway)"
            )
        else:
            assert line.endswith(
                "an animation has no SVG or PDF form: export one step as SVG (--step K -o frames.svg), or --scale S "
                "draws the frames anyway"
            ), line
    assert main(["export", str(tall), "-o", str(out), "--scale", "0.5"]) == 0
    [note] = capsys.readouterr().err.splitlines()
    assert note.startswith("note: tall.png is ") and TOO_LARGE_WORDS in note
    assert max(Image.open(out).size) > VIEWABLE_SIDE


def test_a_diagram_that_would_fit_only_below_48_dpi_is_refused(qapp, tmp_path, capsys):
    tall = tall_diagram(tmp_path, stretch=50)  # (about 35,000 units: 0.25 would fit, 0.5 does not)
    assert main(["export", str(tall), "-o", str(tmp_path / "tall.png")]) == 2
    assert "--scale 0.5 (48 dpi" in capsys.readouterr().err and not list(tmp_path.glob("*.png*"))


def test_a_diagram_that_fits_at_a_smaller_scale_is_still_drawn(qapp, tmp_path, capsys):
    tall = tall_diagram(tmp_path, stretch=20)  # (about 14,000 units: 0.75 fits)
    out = tmp_path / "tall.png"
    assert main(["export", str(tall), "-o", str(out)]) == 0
    assert "instead" in capsys.readouterr().err and max(Image.open(out).size) <= VIEWABLE_SIDE
