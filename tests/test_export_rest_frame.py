"""Numbered frames of every step start with OUT_000.png, the diagram at rest (no step), on the
canvas the steps share: a slide deck goes from the plain diagram to step 1 without a jump. The
plain picture (no --step) is that frame cropped to the diagram."""

from __future__ import annotations

import numpy as np
from PIL import Image
from test_export_support import EXAMPLES, not_blank, pixels

from graphviz_app.cli import main

CHAIN = EXAMPLES / "01_chain_rule_sin_cos.json"


def export(capsys, *args) -> str:
    assert main(["export", *map(str, args)]) == 0
    return capsys.readouterr().out.strip()


def test_the_rest_frame_shares_the_steps_canvas(qapp, tmp_path, capsys):
    said = export(capsys, CHAIN, "--all-steps", "--scale", 1, "-o", tmp_path / "f.png")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"f_{i:03d}.png" for i in range(7)]  # at rest, then 6 steps
    assert (
        said
        == f"wrote {tmp_path / 'f_000.png'} … {tmp_path / 'f_006.png'}: the diagram at rest, then 6 frames, one per step"
    )
    sizes = {Image.open(tmp_path / name).size for name in names}
    assert len(sizes) == 1  # one canvas
    rest, step1 = pixels(tmp_path / "f_000.png"), pixels(tmp_path / "f_001.png")
    assert not_blank(rest) and not np.array_equal(rest, step1)
    # the plain picture is the rest frame cropped: the cards stand where they stand at step 1
    plain = pixels(export_plain(capsys, tmp_path))
    assert len(places_of(plain, rest)) == 1


def places_of(part, whole) -> list[tuple[int, int]]:
    """Every (y, x) where `part` is `whole[y : y + h, x : x + w]`, pixel for pixel: the offsets are
    first narrowed to those where a few of part's pixels match (all at once, with numpy), and each
    of those left is then compared whole."""
    h, w = part.shape[:2]
    rows, cols = whole.shape[0] - h + 1, whole.shape[1] - w + 1
    possible = np.ones((rows, cols), dtype=bool)
    inked = np.argwhere(np.any(part != part[0, 0], axis=-1))  # (the background would match almost anywhere)
    for py, px in [(0, 0), *inked[:: max(1, len(inked) // 64)]]:
        possible &= np.all(whole[py : py + rows, px : px + cols] == part[py, px], axis=-1)
    return [(int(y), int(x)) for y, x in np.argwhere(possible) if np.array_equal(whole[y : y + h, x : x + w], part)]


def export_plain(capsys, tmp_path):
    (tmp_path / "plain").mkdir()
    export(capsys, CHAIN, "--scale", 1, "-o", tmp_path / "plain" / "rest.png")
    return tmp_path / "plain" / "rest.png"


def test_an_animation_holds_the_steps_only(qapp, tmp_path, capsys):
    export(capsys, CHAIN, "--scale", 1, "-o", tmp_path / "a.gif")
    assert Image.open(tmp_path / "a.gif").n_frames == 6


def test_export_help_says_where_the_rest_frame_is(capsys):
    try:
        main(["export", "--help"])
    except SystemExit:
        pass
    text = " ".join(capsys.readouterr().out.split())
    assert "out_000.png, the diagram at rest" in text and "without a jump" in text
