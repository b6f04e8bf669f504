"""A valid JSON file from another program (a Jupyter notebook, whose strings hold "\\n") is named
"not a graphviz_app file", and a file saved as Latin-1 by an old editor gets a plain message
naming its line: in Python and on the command line alike."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graphviz_app.core.errors import FileFormatError
from graphviz_app.core.fileformat import dumps, load
from graphviz_app.core.graph import Graph

ROOT = Path(__file__).resolve().parents[1]
NOT_OURS = 'not a graphviz_app file (it has no "format": "graphviz_app")'
NOTEBOOK = {
    "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# A tour\n", "tab\there\n"]}],
    "metadata": {"kernelspec": {"name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def refusal(path) -> str:
    with pytest.raises(FileFormatError) as info:
        load(path)
    return info.value.message


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graphviz_app", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


@pytest.mark.parametrize("indent", [None, 1])
def test_a_notebook_is_not_a_graphviz_app_file_whatever_its_strings_hold(tmp_path, indent):
    path = tmp_path / "tour.ipynb"
    path.write_text(json.dumps(NOTEBOOK, indent=indent), "utf-8")
    message = refusal(path)
    assert message == f"{path}: {NOT_OURS}"
    assert "control character" not in message


def test_the_command_line_says_the_same_in_one_line(tmp_path):
    path = tmp_path / "tour.ipynb.json"
    path.write_text(json.dumps(NOTEBOOK, indent=1), "utf-8")
    out = cli("grad", str(path))
    assert out.returncode == 2
    assert out.stderr.strip() == f"error: {path}: {NOT_OURS}"


def test_a_diagram_file_with_a_control_character_is_still_refused_with_its_line(tmp_path):
    g = Graph()
    g.add_node("variable", name="x", value=1.0)
    path = tmp_path / "d.json"
    path.write_text(dumps(g).replace('"name": "x"', '"name": "x\\u0007"'), "utf-8")
    assert "holds a control character (U+0007)" in refusal(path)


def latin1_diagram(tmp_path) -> Path:
    g = Graph()
    x = g.add_node("variable", name="x", value=2.0)
    s = g.add_node("op", "sin", name="été")
    g.connect(x, s, 0)
    path = tmp_path / "latin1.json"
    path.write_bytes(dumps(g).encode("latin-1"))  # as an old Windows editor saves it
    return path


def test_a_latin1_file_is_said_to_be_not_utf8_with_its_line_and_word(tmp_path):
    path = latin1_diagram(tmp_path)
    line = next(i for i, text in enumerate(path.read_bytes().split(b"\n"), 1) if b"\xe9" in text)
    message = refusal(path)
    assert message.startswith(f'{path}: line {line} (near "été"): the file is not saved as UTF-8')
    assert "Save it as UTF-8 in your editor" in message
    assert "0xe9" not in message and "byte" not in message


def test_a_latin1_file_on_the_command_line(tmp_path):
    path = latin1_diagram(tmp_path)
    out = cli("grad", str(path))
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    assert "not saved as UTF-8" in out.stderr and "Traceback" not in out.stderr


def test_a_long_one_line_latin1_file_is_refused_with_the_word_near_its_bad_letter(tmp_path):
    # a minified file: 200 KB on one line, a long token before the letter Latin-1 wrote as one byte
    note = "x" * 200_000 + "été"
    path = tmp_path / "minified.json"
    path.write_bytes(
        json.dumps({"format": "graphviz_app", "version": 1, "nodes": [], "note": note}, ensure_ascii=False).encode(
            "latin-1"
        )
    )
    message = refusal(path)
    assert message.startswith(f'{path}: line 1 (near "xxxxxxxxxxxxxxxxxxxxété"): the file is not saved as UTF-8')
    assert "Save it as UTF-8 in your editor" in message
