"""`graphviz-app export` on awkward machines and inputs: a stale display, folders, failures mid-write."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys

import pytest
from test_export_support import LINEAR, ROOT, not_blank, pixels

from graphviz_app.cli import main


def run_cli(capsys, *args):
    code = main(["export", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


def broken_diagram(tmp_path):
    """The linear model with theta of the wrong length: matmul cannot be evaluated."""
    data = json.loads(LINEAR.read_text())
    for node in data["nodes"]:
        if node["name"] == "theta":
            node["value"] = [0.5, 0.8, 0.1]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    return path


def test_a_stale_display_does_not_stop_the_command(tmp_path):
    """DISPLAY names an X server that is not there (an ended ssh -X session): still exports."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ":97"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    out = tmp_path / "stale.png"
    result = subprocess.run(
        [sys.executable, "-m", "graphviz_app", "export", str(LINEAR), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert not_blank(pixels(out))


def test_a_folder_given_as_the_diagram(qapp, tmp_path, capsys):
    code, _, err = run_cli(capsys, tmp_path, "-o", tmp_path / "x.png")
    assert code == 2 and "is a folder, not a diagram file" in one_error_line(err)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_given_as_the_output(qapp, tmp_path, capsys):
    target = tmp_path / "pictures.png"
    target.mkdir()
    code, _, err = run_cli(capsys, LINEAR, "-o", target)
    assert code == 2 and "is a folder" in one_error_line(err)
    assert [p.name for p in tmp_path.iterdir()] == ["pictures.png"] and not any(target.iterdir())


@pytest.mark.parametrize("dpi", ["inf", "nan", "-5", "0"])
def test_dpi_must_be_a_finite_positive_number(qapp, tmp_path, capsys, dpi):
    code, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "x.png", f"--dpi={dpi}")
    assert code == 2 and "--dpi must be a positive number" in one_error_line(err)
    assert list(tmp_path.iterdir()) == []


def test_a_diagram_with_an_error_exports_as_drawn_but_has_no_steps(qapp, tmp_path, capsys):
    path = broken_diagram(tmp_path)
    code, _, err = run_cli(capsys, path, "-o", tmp_path / "plain.png")
    assert code == 0, err
    assert not_blank(pixels(tmp_path / "plain.png"))  # the error is drawn on the node, as in the editor
    code, _, err = run_cli(capsys, path, "-o", tmp_path / "step.png", "--step", 0)
    line = one_error_line(err)
    assert code == 2 and "no backward pass" in line and "inner sizes 2 and 3 differ" in line
    assert not (tmp_path / "step.png").exists()


def test_disk_full_while_writing_leaves_nothing_behind(qapp, tmp_path, capsys, monkeypatch):
    from graphviz_app.export import frames

    def disk_full(image, path):
        with open(path, "wb") as handle:
            handle.write(b"\x89PNG half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(frames, "save_png", disk_full)
    code, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "full.png")
    assert code == 2 and "No space left on device" in one_error_line(err)
    assert list(tmp_path.iterdir()) == []


def test_frames_failing_halfway_leave_no_frames(qapp, tmp_path, capsys, monkeypatch):
    from graphviz_app.export import frames

    real = frames.save_png
    calls = []

    def fail_on_third(image, path):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(image, path)

    monkeypatch.setattr(frames, "save_png", fail_on_third)
    code, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "f.png", "--all-steps")
    assert code == 2 and one_error_line(err)
    assert len(calls) == 3 and list(tmp_path.iterdir()) == []


def test_running_out_of_memory_is_one_line_with_advice(qapp, tmp_path, capsys, monkeypatch):
    from graphviz_app.export import save

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(save, "render_image", no_memory)
    code, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "big.png", "--scale", 4)
    assert code == 2 and "not enough memory" in one_error_line(err) and "SVG" in err
    assert list(tmp_path.iterdir()) == []


def test_interrupting_leaves_no_file(qapp, tmp_path, capsys, monkeypatch):
    from graphviz_app.export import frames

    def interrupted(image, path):
        with open(path, "wb") as handle:
            handle.write(b"\x89PNG")
        raise KeyboardInterrupt

    monkeypatch.setattr(frames, "save_png", interrupted)
    code, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "x.png")
    assert code == 130 and "interrupted" in one_error_line(err)
    assert list(tmp_path.iterdir()) == []


def test_dark_theme_draws_on_the_dark_canvas_colour(qapp, tmp_path, capsys):
    from graphviz_app.ui.canvas.theme import DARK, LIGHT

    for theme, colours in (("light", LIGHT), ("dark", DARK)):
        out = tmp_path / f"{theme}.png"
        code, _, err = run_cli(capsys, LINEAR, "-o", out, "--theme", theme)
        assert code == 0, err
        corner = pixels(out)[2, 2, :3]
        assert tuple(corner) == colours.canvas.getRgb()[:3]
        assert not_blank(pixels(out))
    code, _, err = run_cli(capsys, LINEAR, "-o", tmp_path / "x.png", "--theme", "neon")
    assert code == 2 and "--theme" in one_error_line(err)
