"""A PNG too large for most image viewers (over 16,384 pixels a side or 100 megapixels) is written, and
`graphviz-app export` says so in a note: its size, a --scale that fits, and SVG or PDF. The Export
dialog's size note says the same words before anything is written (tests/ui/test_export_dialog_large_picture.py)."""

from __future__ import annotations

import pytest
from PIL import Image
from test_export_support import wide_diagram

from graphviz_app.cli import main
from graphviz_app.export.formats import TOO_LARGE_WORDS, large_picture_note

Image.MAX_IMAGE_PIXELS = None  # (a test picture wider than PIL's guard against decompression bombs)


@pytest.fixture
def wide(tmp_path):
    return wide_diagram(tmp_path)


def test_a_picture_too_wide_to_view_is_written_with_a_note(qapp, tmp_path, capsys, wide):
    out = tmp_path / "wide.png"
    assert main(["export", str(wide), "-o", str(out), "--scale", "1"]) == 0
    stdout, err = capsys.readouterr()
    assert stdout == f"wrote {out}\n"
    width, height = Image.open(out).size
    assert width > 16_384
    [note] = err.splitlines()
    assert note.startswith(f"note: wide.png is {width:,} × {height:,} pixels")
    assert TOO_LARGE_WORDS in note and "--scale 0.75" in note and "SVG (-o wide.svg) or PDF" in note


def test_the_scale_offered_fits(qapp, tmp_path, capsys, wide):
    out = tmp_path / "smaller.png"
    assert main(["export", str(wide), "-o", str(out), "--scale", "0.75"]) == 0
    assert capsys.readouterr().err == ""
    assert max(Image.open(out).size) <= 16_384


def test_svg_has_no_note(qapp, tmp_path, capsys, wide):
    assert main(["export", str(wide), "-o", str(tmp_path / "wide.svg")]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("size", "scale", "said"),
    [
        ((16_384, 6_000), 2.0, None),  # (at the limits: viewers open it)
        ((10_000, 10_000), 2.0, None),
        ((34_012, 19_680), 2.0, "--scale 0.75 keeps it to about 12,754 × 7,380"),  # 2003 cards (walk12)
        ((12_000, 12_000), 2.0, "--scale 1.5 keeps it to about 9,000 × 9,000"),  # (144 megapixels)
        ((2_000_000, 100), 1.0, "SVG (-o x.svg) or PDF has no pixels"),  # (no scale of 0.5 or more fits)
    ],
)
def test_the_note_names_a_scale_that_fits(size, scale, said):
    note = large_picture_note("x.png", *size, scale)
    if said is None:
        assert note is None
    else:
        assert said in note and ("--scale" in said or "--scale" not in note)


def test_a_dpi_given_is_answered_in_dpi(qapp, tmp_path, capsys, wide):
    out = tmp_path / "wide.png"
    assert main(["export", str(wide), "-o", str(out), "--dpi", "192"]) == 0
    [note] = capsys.readouterr().err.splitlines()
    assert "--dpi 72 keeps it to about" in note and "--scale" not in note


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--dpi", "10"], "at 10 dpi"),
        (["--dpi", "47"], "at 47 dpi"),
        (["--scale", "0.3"], "at --scale 0.3 (28.8 dpi)"),
    ],
)
def test_a_picture_too_small_to_read_is_written_with_a_note(qapp, tmp_path, capsys, flags, said):
    """One threshold, 48 dpi (a card's 9-point title 6 pixels tall): the note below it names it."""
    from test_export_support import LINEAR

    out = tmp_path / "tiny.png"
    assert main(["export", str(LINEAR), "-o", str(out), *flags]) == 0
    width, height = Image.open(out).size
    [note] = capsys.readouterr().err.splitlines()
    unit = "--dpi 48" if "--dpi" in flags else "--scale 0.5"
    assert note == (
        f"note: tiny.png is {width:,} × {height:,} pixels {said}: below 48 dpi its text is too small to read; "
        f"{unit} or more draws it readable"
    )
    for readable in (["--dpi", "48"], ["--scale", "0.5"]):  # (the smallest readable: no note)
        assert main(["export", str(LINEAR), "-o", str(out), *readable]) == 0
        assert capsys.readouterr().err == ""
