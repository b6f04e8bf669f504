"""`graphviz-app export`: in-process and as a subprocess without a display; bad input exits 2 cleanly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PIL import Image
from test_export_support import LINEAR, ROOT, TWO_LAYER, not_blank, pixels

from graphviz_app.cli import main
from graphviz_app.core import engine
from graphviz_app.core.fileformat import load

N_STEPS = len(engine.backward(load(LINEAR)))


def run_cli(capsys, *args):
    code = main(["export", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_png_in_process(qapp, tmp_path, capsys):
    out = tmp_path / "model.png"
    code, stdout, err = run_cli(capsys, LINEAR, "-o", out, "--scale", 2)
    assert code == 0, err
    assert err == ""
    assert f"wrote {out}" in stdout
    assert not_blank(pixels(out))


def test_dpi_sets_the_size(qapp, tmp_path, capsys):
    run_cli(capsys, LINEAR, "-o", tmp_path / "a.png", "--scale", 1)
    run_cli(capsys, LINEAR, "-o", tmp_path / "b.png", "--dpi", 288)
    w1, h1 = Image.open(tmp_path / "a.png").size
    w3, h3 = Image.open(tmp_path / "b.png").size
    assert abs(w3 - 3 * w1) <= 3 and abs(h3 - 3 * h1) <= 3


def test_step_differs_from_plain(qapp, tmp_path, capsys):
    assert run_cli(capsys, LINEAR, "-o", tmp_path / "plain.png", "--scale", 1)[0] == 0
    assert run_cli(capsys, LINEAR, "-o", tmp_path / "step.png", "--step", 2, "--scale", 1)[0] == 0
    plain, step = pixels(tmp_path / "plain.png"), pixels(tmp_path / "step.png")
    assert plain.shape != step.shape or (plain != step).any()
    assert not_blank(step)


@pytest.mark.parametrize("fmt", ["gif", "apng"])
def test_animation_has_one_frame_per_step(qapp, tmp_path, capsys, fmt):
    out = tmp_path / f"anim.{fmt}"
    code, stdout, err = run_cli(capsys, LINEAR, "-o", out, "--all-steps", "--scale", 1)
    assert code == 0, err
    image = Image.open(out)
    assert image.n_frames == N_STEPS
    assert image.info["loop"] == 0
    sizes, frames = set(), []
    for k in range(image.n_frames):
        image.seek(k)
        sizes.add(image.size)
        frames.append(pixels(image.copy()))
    assert len(sizes) == 1
    assert any((frames[0] != f).any() for f in frames[1:])  # the steps differ


def test_gif_suffix_alone_means_all_steps(qapp, tmp_path, capsys):
    out = tmp_path / "anim.gif"
    assert run_cli(capsys, LINEAR, "-o", out, "--transparent", "--scale", 1)[0] == 0
    assert Image.open(out).n_frames == N_STEPS


def test_numbered_png_frames(qapp, tmp_path, capsys):
    out = tmp_path / "frames" / "step.png"
    out.parent.mkdir()
    code, stdout, err = run_cli(capsys, LINEAR, "-o", out, "--all-steps", "--scale", 1)
    assert code == 0, err
    names = sorted(p.name for p in out.parent.iterdir())
    assert names == [f"step_{k:03d}.png" for k in range(0, N_STEPS + 1)]  # (step_000: the diagram at rest)
    assert len({Image.open(out.parent / n).size for n in names}) == 1


@pytest.mark.parametrize("fmt,magic", [("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_vector_formats_at_a_step(qapp, tmp_path, capsys, fmt, magic):
    out = tmp_path / f"d.{fmt}"
    assert run_cli(capsys, LINEAR, "-o", out, "--step", 2, "--convention", "denominator")[0] == 0
    assert out.read_bytes().startswith(magic)


def test_explicit_format_names_a_bare_file_with_its_suffix(qapp, tmp_path, capsys):
    code, out, _ = run_cli(capsys, LINEAR, "-o", tmp_path / "picture", "--format", "svg")
    assert code == 0 and out.strip() == f"wrote {tmp_path / 'picture.svg'}"
    assert (tmp_path / "picture.svg").read_bytes().startswith(b"<?xml")


def test_explicit_format_of_another_suffix_says_what_to_write(qapp, tmp_path, capsys):
    code, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "x.png", "--format", "svg")
    assert (
        code == 2
        and err == f'error: "{tmp_path / "x.png"}" is a PNG name but SVG was asked: write {tmp_path / "x.svg"}\n'
    )
    code, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "x.bmp", "--format", "png")
    assert code == 2 and ".bmp name (not a format graphviz-app writes)" in err and f"write {tmp_path / 'x.png'}" in err
    assert list(tmp_path.iterdir()) == []


def test_step_counts_as_the_pictures_title_it(qapp, tmp_path, capsys):
    """--step 3 is the picture titled "step 3 / N"; the frames are numbered as their titles."""
    assert run_cli(capsys, LINEAR, "-o", tmp_path / "s.svg", "--step", 3)[0] == 0
    assert f"step 3 / {N_STEPS}" in (tmp_path / "s.svg").read_text(encoding="utf-8")
    assert run_cli(capsys, LINEAR, "-o", tmp_path / "f.png", "--all-steps", "--scale", 1)[0] == 0
    names = sorted(p.name for p in tmp_path.glob("f_*.png"))
    assert names == [f"f_{k:03d}.png" for k in range(0, N_STEPS + 1)]


def test_vector_output_exports_the_full_jacobian_pass(qapp, tmp_path, capsys):
    out = tmp_path / "two.png"
    code, _, err = run_cli(capsys, TWO_LAYER, "-o", out, "--step", 1)
    assert code == 0, err


def _corrupted(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "graphviz_app", "version": 1,\n  "nodes": [oops\n')
    return bad


BAD_CASES = {
    "unknown format": lambda t: [LINEAR, "-o", t / "out.bmp"],
    "unknown --format": lambda t: [LINEAR, "-o", t / "out.png", "--format", "tiff"],
    "step out of range": lambda t: [LINEAR, "-o", t / "out.png", "--step", N_STEPS + 1],
    "step zero (steps count from 1)": lambda t: [LINEAR, "-o", t / "out.png", "--step", 0],
    "--format of another suffix": lambda t: [LINEAR, "-o", t / "out.png", "--format", "svg"],
    "--format with an unknown suffix": lambda t: [LINEAR, "-o", t / "out.bmp", "--format", "png"],
    "--format tex for a dot name": lambda t: [LINEAR, "-o", t / "out.dot", "--format", "tex"],
    "negative step": lambda t: [LINEAR, "-o", t / "out.png", "--step", -1],
    "step and all steps": lambda t: [LINEAR, "-o", t / "out.png", "--step", 1, "--all-steps"],
    "step for gif": lambda t: [LINEAR, "-o", t / "out.gif", "--step", 1],
    "all steps as svg": lambda t: [LINEAR, "-o", t / "out.svg", "--all-steps"],
    "missing file": lambda t: [t / "nowhere.json", "-o", t / "out.png"],
    "corrupted file": lambda t: [_corrupted(t), "-o", t / "out.png"],
    "missing output folder": lambda t: [LINEAR, "-o", t / "no" / "such" / "out.png"],
    "output folder is a file": lambda t: [LINEAR, "-o", _corrupted(t) / "out.png"],
    "no -o": lambda t: [LINEAR],
    "zero scale": lambda t: [LINEAR, "-o", t / "out.png", "--scale", 0],
    "scale and dpi": lambda t: [LINEAR, "-o", t / "out.png", "--scale", 2, "--dpi", 300],
    "scale not a number": lambda t: [LINEAR, "-o", t / "out.png", "--scale", "big"],
    "huge animation": lambda t: [LINEAR, "-o", t / "out.gif", "--scale", 30],
    "scale above 64": lambda t: [LINEAR, "-o", t / "out.png", "--scale", 65],
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_exits_2_with_one_line_and_no_file(qapp, tmp_path, capsys, case):
    args = BAD_CASES[case](tmp_path)
    before = {p.name for p in tmp_path.rglob("*")}
    code, stdout, err = run_cli(capsys, *args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    assert {p.name for p in tmp_path.rglob("*")} == before  # no output, no temporary file


def test_messages_name_the_problem(qapp, tmp_path, capsys):
    _, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "out.png", "--step", 99)
    assert f"has {N_STEPS} steps (1 to {N_STEPS})" in err
    _, _, err = run_cli(capsys, _corrupted(tmp_path), "-o", tmp_path / "out.png")
    assert "line 2" in err
    _, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "out.bmp")
    assert ".bmp" in err


def test_failed_write_leaves_no_partial_file(qapp, tmp_path, capsys, monkeypatch):
    from graphviz_app.export import frames

    def half_written(images, path, *args, **kwargs):
        with open(path, "wb") as handle:
            handle.write(b"GIF89a partial")
        raise frames.ExportError("the disk is full")

    monkeypatch.setattr(frames, "save_gif", half_written)
    code, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "anim.gif")
    assert code == 2 and "the disk is full" in err
    assert list(tmp_path.iterdir()) == []


def test_existing_file_survives_a_failed_export(qapp, tmp_path, capsys, monkeypatch):
    from graphviz_app.export import frames

    out = tmp_path / "anim.gif"
    out.write_bytes(b"previous")
    monkeypatch.setattr(frames, "save_gif", lambda *a, **k: (_ for _ in ()).throw(frames.ExportError("boom")))
    assert run_cli(capsys, LINEAR, "-o", out)[0] == 2
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["anim.gif"]


def test_help_documents_the_frame_names(capsys):
    assert main(["export", "--help"]) == 0
    text = capsys.readouterr().out
    assert "out_001.png" in text and "--all-steps" in text and "--transparent" in text


def test_help_and_readme_write_step_numbers_as_the_pictures_title_them(capsys):
    """ "step K / N", "steps 4–6 / 12" (core.step_numbers), and in a sentence, as LaTeX writes it, "steps
    4–6 of 12": never "K/N" or "4–6/12", which read as a division (review 22)."""
    import re

    from graphviz_app.core.step_numbers import numbered_steps

    assert main(["export", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for text in (help_text, readme):
        numbers = re.findall(r"steps? [\dK][\d–, ]*?/ ?[\dN]", text)
        assert numbers and all(" / " in said for said in numbers), numbers
        assert "step K / N" in text and numbered_steps([3, 4, 5], 12) in text
    assert f'(a collapsed group\'s: "{numbered_steps([3, 4, 5], 12, " of ")}")' in help_text


def _headless_env():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_subprocess_without_display_picks_offscreen(tmp_path):
    out = tmp_path / "sub.png"
    result = subprocess.run(
        [sys.executable, "-m", "graphviz_app", "export", str(LINEAR), "-o", str(out), "--step", "3", "--scale", "2"],
        capture_output=True,
        text=True,
        env=_headless_env(),
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert not_blank(pixels(out))


def test_subprocess_error_is_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "graphviz_app", "export", str(LINEAR), "-o", str(tmp_path / "x.png"), "--step", "50"],
        capture_output=True,
        text=True,
        env=_headless_env(),
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert list(tmp_path.iterdir()) == []
