"""One rule names the file an export writes, in the command line, the Python API and File →
Export… (tests/ui/test_export_dialog_paths.py): a dot of the name's own is kept and the format's
suffix added ("my.graph" -> "my.graph.png"); a suffix that says another kind of file is refused."""

from __future__ import annotations

import pytest
from test_export_support import LINEAR

import graphviz_app as ga
from graphviz_app.cli import main


@pytest.mark.parametrize(
    ("typed", "written"), [("my.graph", "my.graph.png"), ("v1.2", "v1.2.png"), ("bare", "bare.png")]
)
def test_a_dot_of_the_names_own_is_kept(qapp, tmp_path, capsys, typed, written):
    assert main(["export", str(LINEAR), "--format", "png", "-o", str(tmp_path / typed)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [written]


def test_the_python_api_names_files_by_the_same_rule(tmp_path):
    square = ga.trace(lambda x: x * x, x=3.0)
    assert square.to_svg(tmp_path / "my.graph") == tmp_path / "my.graph.svg"
    with pytest.raises(ga.Error, match=r"is a \.txt name \(not a format graphviz-app writes\) but PNG was asked"):
        square.to_png(tmp_path / "notes.txt")
    assert [p.name for p in tmp_path.iterdir()] == ["my.graph.svg"]


@pytest.mark.parametrize("typed", ["notes.txt", "x.svg", "x.JPG"])
def test_a_suffix_of_another_kind_of_file_is_refused(qapp, tmp_path, capsys, typed):
    code = main(["export", str(LINEAR), "--format", "png", "-o", str(tmp_path / typed)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("error: ") and err.endswith(f"write {tmp_path / typed.split('.')[0]}.png")
    assert list(tmp_path.iterdir()) == []
