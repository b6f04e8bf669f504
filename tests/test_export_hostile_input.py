"""Export against hostile diagrams and machines: labels XML cannot hold, far-out nodes, huge graphs,
full disks and unreadable files. Always a file or one `error:` line (exit 2), never a traceback."""

from __future__ import annotations

import builtins
import errno
import os
import xml.etree.ElementTree as ET

import pytest
from test_export_support import EXAMPLES, LINEAR, make_scene

from graphviz_app.cli import main
from graphviz_app.core.graph import Graph
from graphviz_app.export import frames, render
from graphviz_app.export.formats import ExportError
from graphviz_app.export.save import ExportSettings, export_still


def run_export(capfd, *args) -> tuple[int, str]:
    """Exit status and stderr as the terminal sees it (file descriptor 2: libpng's lines too)."""
    code = main(["export", *map(str, args)])
    _, err = capfd.readouterr()
    return code, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


def hostile_names() -> Graph:
    """Text no rule of the editor lets through, put in through the model by a script: a node
    cannot bear such a name (the graph refuses it), a group's name can."""
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0)
    y = g.add_node("op", "sin", name="y", pos=(240, 0))
    g.connect(x, y, 0)
    g.set_output(y)
    g.groups.add([x, y], "x\x01<&>\x1f\ufffe")
    return g


def test_svg_is_well_formed_xml_whatever_the_labels_hold(drawn_scene, tmp_path):
    scene = drawn_scene(hostile_names())
    export_still(scene, tmp_path / "names.svg", ExportSettings("svg"))
    root = ET.parse(tmp_path / "names.svg").getroot()  # raises if not well-formed
    text = "".join(root.itertext())
    assert "<&>" in text and "x\ufffd" in text  # kept what XML can hold, replaced what it cannot


def test_a_control_character_from_a_file_never_reaches_the_svg(qapp, tmp_path, capfd):
    path = tmp_path / "ctrl.json"
    path.write_text((EXAMPLES / "04_sin_of_square.json").read_text().replace('"name": "x"', '"name": "x\\u0001"'))
    code, err = run_export(capfd, path, "-o", tmp_path / "out.svg")
    assert code == 2 and "holds a control character (U+0001)" in one_error_line(err)
    assert not (tmp_path / "out.svg").exists()


def test_nodes_far_out_are_an_export_error_not_an_overflow(drawn_scene):
    g = Graph()
    g.add_node("variable", name="x", value=1.0, pos=(1e308, -1e308))
    g.add_node("variable", name="y", value=1.0, pos=(0, 0))
    scene = drawn_scene(g)
    with pytest.raises(ExportError, match="reaches too far to be drawn"):
        render.export_rect(scene)


def test_a_file_with_nodes_far_out_is_refused_in_one_line(qapp, tmp_path, capfd):
    path = tmp_path / "far.json"
    path.write_text(
        (EXAMPLES / "04_sin_of_square.json").read_text().replace('"pos": [0.0, 0.0]', '"pos": [1e308, -1e308]')
    )
    code, err = run_export(capfd, path, "-o", tmp_path / "far.png")
    assert code == 2 and "is too far out: x and y must lie within ±10,000,000" in one_error_line(err)


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_vector_formats_are_not_bound_by_the_pixel_limit(drawn_scene, tmp_path, monkeypatch, fmt):
    scene = make_scene(drawn_scene, LINEAR)
    monkeypatch.setattr(render, "MAX_PIXELS", 1000)  # as if the diagram were huge
    with pytest.raises(ExportError, match="export SVG or PDF"):
        export_still(scene, tmp_path / "raster.png", ExportSettings("png"))
    export_still(scene, tmp_path / f"vector.{fmt}", ExportSettings(fmt, scale=4))
    assert (tmp_path / f"vector.{fmt}").stat().st_size > 1000


def test_an_animation_too_large_is_refused_before_any_step_is_built(qapp, tmp_path, capfd, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the steps were built before the refusal")

    monkeypatch.setattr(frames, "backward_overlays", never)
    monkeypatch.setattr(frames, "MAX_ANIMATION_PIXELS", 100_000)
    for out in ("anim.gif", "anim.apng", "frames.png"):
        extra = ["--all-steps"] if out.endswith(".png") else []
        code, err = run_export(capfd, LINEAR, "-o", tmp_path / out, *extra)
        line = one_error_line(err)
        assert code == 2 and "frames of at least" in line and "too much for one animation" in line
        assert "use a smaller scale, or export single steps" in line
    assert list(tmp_path.iterdir()) == []


def disk_full_on_parts(monkeypatch):
    """Writes to export temporaries fail as on a full disk (tests cannot fill a real disk)."""
    real_open = builtins.open

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    def fake_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if str(file).endswith(".part") and any(c in mode for c in "wa+"):
            return Full(handle)
        return handle

    monkeypatch.setattr(builtins, "open", fake_open)


@pytest.mark.parametrize("name", ["full.png", "full.svg", "full.pdf", "full.gif"])
def test_a_full_disk_names_the_target_in_one_line(qapp, tmp_path, capfd, monkeypatch, name):
    disk_full_on_parts(monkeypatch)
    target = tmp_path / name
    code, err = run_export(capfd, LINEAR, "-o", target)
    line = one_error_line(err)  # (fd 2: no libpng line either)
    assert code == 2 and line == f'error: cannot write "{target}": No space left on device'
    assert list(tmp_path.iterdir()) == []


EVERY_KIND = ["out.png", "out.tex", "out.dot"]  # a picture and the text exports read the diagram alike


@pytest.mark.parametrize("out", EVERY_KIND)
def test_an_unreadable_diagram_is_reported_as_unreadable(qapp, tmp_path, capfd, monkeypatch, out):
    path = tmp_path / "d.json"
    path.write_text(LINEAR.read_text())
    real_open = builtins.open

    def denied(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", denied)
    code, err = run_export(capfd, path, "-o", tmp_path / out)
    assert code == 2 and one_error_line(err) == f'error: cannot read "{path}": Permission denied'
    assert not (tmp_path / out).exists()


@pytest.mark.parametrize("out", EVERY_KIND)
def test_a_diagram_in_a_folder_without_permission_is_not_called_missing(qapp, tmp_path, capfd, monkeypatch, out):
    """(Tests run as root, whom permissions do not stop: the folder's refusal is simulated.)"""
    path = tmp_path / "locked" / "d.json"
    real_stat = os.stat

    def locked(file, *args, **kwargs):
        if str(file).startswith(str(tmp_path / "locked")):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_stat(file, *args, **kwargs)

    monkeypatch.setattr(os, "stat", locked)
    code, err = run_export(capfd, path, "-o", tmp_path / out)
    line = one_error_line(err)
    assert code == 2 and line == f'error: cannot read "{path}": Permission denied'


@pytest.mark.parametrize("out", EVERY_KIND)
@pytest.mark.parametrize("special", ["pipe", "/dev/zero", "folder", "huge"])
def test_what_is_not_a_diagram_file_is_refused_before_reading(qapp, tmp_path, capfd, special, out):
    if special == "pipe":
        path = tmp_path / "pipe.json"
        os.mkfifo(path)
    elif special == "folder":
        path = tmp_path
    elif special == "huge":
        path = tmp_path / "huge.json"
        with open(path, "wb") as handle:
            handle.truncate(100_000_000)
    else:
        path = special
    code, err = run_export(capfd, path, "-o", tmp_path / out)
    line = one_error_line(err)
    assert code == 2
    assert {
        "pipe": "is a named pipe, not a diagram file",
        "/dev/zero": "is a character device, not a diagram file",
        "folder": "is a folder, not a diagram file",
        "huge": "the file is 100 MB; diagrams larger than 64 MB are not read",
    }[special] in line
    assert not (tmp_path / out).exists()
