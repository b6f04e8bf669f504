"""`graphviz-app export -o PATH` with awkward paths, and options that do not apply to text
exports: one `error:` line that says what is wrong, exit 2, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_export_support import LINEAR

from graphviz_app.cli import main
from graphviz_app.export.formats import ExportError, check_folder


def run_cli(capsys, *args):
    code = main(["export", *map(str, args)])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    if code:
        assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    return code, lines[0] if lines else ""


@pytest.mark.parametrize("out", ["x.png", "x.tex", "x.dot"])
def test_a_path_through_a_file_says_it_is_a_file(qapp, tmp_path, capsys, out):
    notes = tmp_path / "notes.log"
    notes.write_text("kept")
    code, err = run_cli(capsys, LINEAR, "-o", notes / out)
    assert code == 2
    assert f'"{notes}" is a file, not a folder' in err and "does not exist" not in err
    assert notes.read_text() == "kept"


def test_a_path_deeper_through_a_file_names_that_file(tmp_path):
    notes = tmp_path / "notes.log"
    notes.write_text("kept")
    with pytest.raises(ExportError, match=r'"[^"]*notes\.log" is a file, not a folder'):
        check_folder(notes / "a" / "b" / "x.png")


def test_a_missing_folder_is_still_called_missing(qapp, tmp_path, capsys):
    code, err = run_cli(capsys, LINEAR, "-o", tmp_path / "nope" / "x.png")
    assert code == 2 and f'the folder "{tmp_path / "nope"}" does not exist' in err


def test_a_missing_folder_written_with_a_slash_is_called_missing(qapp, tmp_path, capsys):
    code, err = run_cli(capsys, LINEAR, "-o", f"{tmp_path / 'nope'}/")
    assert code == 2 and f'the folder "{tmp_path / "nope"}" does not exist' in err
    assert not list(tmp_path.iterdir())  # (no nope.png beside it)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_system_folder_that_takes_no_files_is_not_called_missing(qapp, tmp_path, capsys):
    code, err = run_cli(capsys, LINEAR, "-o", "/proc/x.png")
    assert code == 2
    if "permission denied" not in err:  # (as root: the folder can be "written" but takes no file)
        assert (
            err
            == 'error: cannot write to the folder "/proc": it does not take new files (a folder of the system): choose another folder'
        )
    assert "No such file or directory" not in err


def test_a_nul_character_is_a_message_not_a_crash():
    with pytest.raises(ExportError, match="NUL character"):
        check_folder("/tmp/a\0b.png")


def test_a_folder_without_a_suffix_is_called_a_folder(qapp, tmp_path, capsys):
    folder = tmp_path / "slides"
    folder.mkdir()
    code, err = run_cli(capsys, LINEAR, "-o", folder)
    assert code == 2 and f'"{folder}" is a folder: name the file to write' in err
    assert not any(tmp_path.glob("slides.*")) and not any(folder.iterdir())


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--scale", "2"], "--scale is"),
        (["--dpi", "300"], "--dpi is"),
        (["--transparent"], "--transparent is"),
        (["--theme", "light"], "--theme is"),  # (even the default: it is not what a text file has)
        (["--transparent", "--theme", "dark", "--frame-ms", "100"], "--transparent, --theme and --frame-ms are"),
        (["--frame-ms", "0"], "--frame-ms is"),  # (0 is given too, not "left out")
        (["--scale", "0"], "--scale is"),
        (["--dpi", "0"], "--dpi is"),
    ],
)
@pytest.mark.parametrize("suffix", [".tex", ".dot"])
def test_picture_options_are_refused_for_text_exports(tmp_path, capsys, options, named, suffix):
    out = tmp_path / f"notes{suffix}"
    code, err = run_cli(capsys, LINEAR, "-o", out, *options)
    assert code == 2
    assert (
        err
        == f"error: {named} for pictures; a {suffix[1:]} file is text: leave {'it' if ' is' in named else 'them'} out"
    )
    assert not out.exists()


def test_picture_options_still_apply_to_pictures(qapp, tmp_path, capsys):
    assert run_cli(capsys, LINEAR, "-o", tmp_path / "a.png", "--theme", "dark", "--scale", "2")[0] == 0
    assert run_cli(capsys, LINEAR, "-o", tmp_path / "a.gif", "--frame-ms", "100", "--transparent")[0] == 0
    assert run_cli(capsys, LINEAR, "-o", tmp_path / "b.gif", "--frame-ms", "20")[1].startswith(
        "error: --frame-ms must be between 50 and 60000, not 20"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gif", "a.png"]
    assert os.path.getsize(tmp_path / "a.png") > 1000
