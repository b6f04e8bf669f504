"""`graphviz-app train -o OUT`: the file named by g.save's rule (x -> x.json; a picture's name refused,
saying what to write), and a missing folder refused in g.save's words, both before any training."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphviz_app as ga
from graphviz_app.cli import main

NETWORK = str(Path(__file__).resolve().parents[1] / "resources" / "examples" / "07_two_layer_network.json")
DIVERGES = ["--lr", "1e6", "--steps", "50"]  # a run that stops with its own error, were it ever started


def run(capsys, *argv):
    code = main(["train", NETWORK, *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["model.png", "model.svg", "model.tex", "model.txt", "model.webp"])
def test_a_picture_or_document_name_is_refused_before_training(tmp_path, capsys, name):
    code, out, err = run(capsys, "-o", tmp_path / name, *DIVERGES)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "train -o writes a diagram file (JSON)" in err and f"write {tmp_path / 'model.json'}" in err
    assert "stopped" not in err  # (the refusal came first: the run never started)
    assert list(tmp_path.iterdir()) == []


def test_a_picture_name_says_how_to_draw_the_trained_diagram(tmp_path, capsys):
    _, _, err = run(capsys, "-o", tmp_path / "model.png", "--steps", "2")
    assert f"then graphviz-app export {tmp_path / 'model.json'} -o {tmp_path / 'model.png'}" in err


def test_the_rule_is_the_one_of_g_save(tmp_path, capsys):
    graph = ga.load(NETWORK)
    for name in ["model.png", "notes.txt", "model.bmp"]:
        _, _, err = run(capsys, "-o", tmp_path / name, "--steps", "2")
        with pytest.raises(ga.Error) as caught:
            graph.save(tmp_path / name)
        said = str(caught.value).split(": write ")[0]
        assert said.replace("g.save", "train -o") in err


@pytest.mark.parametrize(
    ("typed", "written"), [("trained", "trained.json"), ("W.t", "W.t.json"), ("run.v2", "run.v2.json")]
)
def test_a_name_without_a_kind_of_file_gets_json(tmp_path, capsys, typed, written):
    code, out, err = run(capsys, "-o", tmp_path / typed, "--steps", "2", "--json")
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir()] == [written]
    assert f"wrote {tmp_path / written}" in err
    trained = ga.load(tmp_path / written)  # (a diagram file, holding the trained values)
    assert trained.value < json.loads(out)["losses"][0]


def test_a_missing_folder_is_refused_before_training_in_the_words_of_g_save(tmp_path, capsys):
    target = tmp_path / "no" / "such" / "model.json"
    code, out, err = run(capsys, "-o", target, *DIVERGES)
    assert code == 2 and out == ""
    with pytest.raises(ga.Error) as caught:
        ga.load(NETWORK).save(target)
    assert err == f"error: {caught.value}\n"
    assert f'the folder "{tmp_path / "no" / "such"}" does not exist' in err


def test_a_folder_named_as_the_file_is_refused(tmp_path, capsys):
    code, _, err = run(capsys, "-o", tmp_path, *DIVERGES)
    assert code == 2 and "it is a folder" in err and str(tmp_path / "trained.json") in err


@pytest.mark.parametrize("typed", ["  ", "runs/ "])
def test_a_name_of_spaces_only_is_refused_before_training(tmp_path, capsys, typed):
    (tmp_path / "runs").mkdir()
    code, out, err = run(capsys, "-o", f"{tmp_path}/{typed}", *DIVERGES)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and "names no file (only spaces)" in err
    assert [p.name for p in tmp_path.rglob("*")] == ["runs"]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_system_folder_that_takes_no_files_is_said_as_export_says_it(capsys):
    code, out, err = run(capsys, "-o", "/proc/model.json", "--steps", "2")
    assert code == 2 and out == ""
    assert err == (
        'error: cannot save "/proc/model.json": the folder "/proc" does not take new files (a folder of the system):'
        " choose another folder\n"
    )
