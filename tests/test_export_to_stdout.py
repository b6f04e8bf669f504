"""`graphviz-app export … -o -`: the text formats on stdout, never a file named "-"; pictures refused."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphviz_app.cli import main

NETWORK = str(Path(__file__).resolve().parents[1] / "resources" / "examples" / "07_two_layer_network.json")


@pytest.fixture
def in_empty_folder(tmp_path):
    here = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(here)


@pytest.mark.parametrize(
    ("fmt", "start"),
    [("dot", "digraph "), ("tex", "\\documentclass"), ("latex", "\\documentclass"), ("svg", "<?xml")],
)
def test_text_formats_go_to_stdout_and_no_file_is_written(in_empty_folder, capfd, fmt, start):
    code = main(["export", NETWORK, "--format", fmt, "-o", "-"])
    out, err = capfd.readouterr()
    assert code == 0, err
    assert out.startswith(start)
    assert "wrote" not in out + err
    assert list(in_empty_folder.iterdir()) == []  # no "-", "-.dot", "-.svg"


def test_svg_of_a_step_goes_to_stdout(in_empty_folder, capfd):
    assert main(["export", NETWORK, "--format", "svg", "--step", "2", "-o", "-"]) == 0
    out, _ = capfd.readouterr()
    assert out.rstrip().endswith("</svg>") and "step 2 / " in out
    assert list(in_empty_folder.iterdir()) == []


def test_frame_time_for_svg_on_stdout_is_said_of_stdout(in_empty_folder, capfd):
    assert main(["export", NETWORK, "--format", "svg", "--frame-ms", "300", "-o", "-"]) == 0
    out, err = capfd.readouterr()
    assert out.rstrip().endswith("</svg>")
    assert err.splitlines() == ["note: --frame-ms times the frames of a gif or apng animation; stdout (svg) is not one"]
    assert list(in_empty_folder.iterdir()) == []


@pytest.mark.parametrize("fmt", ["png", "pdf", "gif", "apng"])
def test_pictures_to_stdout_are_refused_in_one_line(in_empty_folder, capfd, fmt):
    code = main(["export", NETWORK, "--format", fmt, "-o", "-"])
    out, err = capfd.readouterr()
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"error: -o - writes only text (dot, tex, svg) to stdout, not {fmt}: name a file, e.g. -o model.{fmt}"
    ]
    assert list(in_empty_folder.iterdir()) == []


def test_dash_without_format_asks_for_one(in_empty_folder, capfd):
    assert main(["export", NETWORK, "-o", "-"]) == 2
    out, err = capfd.readouterr()
    assert out == ""
    assert err.strip() == "error: -o - writes to stdout: name the format with --format (dot, tex, svg)"


def test_dot_pipes_into_another_program():
    done = subprocess.run(
        [sys.executable, "-m", "graphviz_app", "export", NETWORK, "--format", "dot", "-o", "-"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8").startswith("digraph ")


def test_help_says_dash_is_stdout(capfd):
    assert main(["export", "--help"]) == 0
    out, _ = capfd.readouterr()
    assert "-o - writes to stdout" in " ".join(out.split())
