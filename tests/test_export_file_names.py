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


@pytest.mark.parametrize("typed", ["x.webp", "x.rtf", "x.txt", "x.svg"])
def test_a_kind_of_file_is_one_for_pictures_and_diagram_files_alike(tmp_path, typed):
    # (g.to_png and g.save follow one rule: neither writes x.webp.png nor x.webp.json)
    square = ga.trace(lambda x: x * x, x=3.0)
    with pytest.raises(ga.Error, match="write "):
        square.to_png(tmp_path / typed)
    with pytest.raises(ga.Error, match="write "):
        square.save(tmp_path / typed)
    assert list(tmp_path.iterdir()) == []


def test_an_animation_is_named_as_to_gif_names_it(qapp, tmp_path):
    square = ga.trace(lambda x: x * x, x=3.0)
    assert square.animate().save(tmp_path / "deck") == tmp_path / "deck.gif"
    assert square.to_gif(tmp_path / "deck2") == tmp_path / "deck2.gif"
    assert square.animate().save(tmp_path / "deck.apng") == tmp_path / "deck.apng"
    assert square.animate().save(tmp_path / "v1.2") == tmp_path / "v1.2.gif"
    with pytest.raises(ga.Error, match=r"write .*deck\.gif"):
        square.animate().save(tmp_path / "deck.svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apng", "deck.gif", "deck2.gif", "v1.2.gif"]


@pytest.mark.parametrize("typed", ["W.t", "net.o", "layer.a", "grad.c", "loss.ms"])
def test_a_short_dotted_name_is_a_name_not_a_kind_of_file(tmp_path, typed):
    # (Python's table of types knows .t as troff and .o as an object file; a person means W transposed)
    square = ga.trace(lambda x: x * x, x=3.0)
    assert square.to_svg(tmp_path / typed) == tmp_path / f"{typed}.svg"
    assert square.save(tmp_path / typed) == tmp_path / f"{typed}.json"


@pytest.mark.parametrize("typed", ["x.jpg", "x.jpeg", "x.gif", "x.webp", "x.bmp", "x.tiff", "x.txt", "x.tex", "x.json"])
def test_the_picture_and_document_kinds_are_refused_for_another_format(tmp_path, typed):
    square = ga.trace(lambda x: x * x, x=3.0)
    with pytest.raises(ga.Error, match=r"write .*x\.svg"):
        square.to_svg(tmp_path / typed)
    assert list(tmp_path.iterdir()) == []


def test_export_writes_a_short_dotted_name_with_the_formats_suffix(qapp, tmp_path, capsys):
    assert main(["export", str(LINEAR), "--format", "png", "-o", str(tmp_path / "W.t")]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["W.t.png"]


@pytest.mark.parametrize(("typed", "written"), [("y.png ", "y.png"), ("y.svg  ", "y.svg"), ("plain.dot ", "plain.dot")])
def test_spaces_typed_after_the_name_are_dropped_as_for_diagram_files(qapp, tmp_path, capsys, typed, written):
    assert main(["export", str(LINEAR), "-o", f"{tmp_path}/{typed}"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [written]


@pytest.mark.parametrize("typed", [" ", " .png", "  .svg"])
def test_a_name_of_spaces_only_is_refused(qapp, tmp_path, capsys, typed):
    code = main(["export", str(LINEAR), "-o", f"{tmp_path}/{typed}"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f'error: "{tmp_path}/') and err.endswith(
        f"names no file (only spaces): name the file to write, e.g. {tmp_path}/diagram.png\n"
    )  # (the command line says it on one line: its runs of spaces as one)
    with pytest.raises(ga.Error, match="names no file"):
        ga.trace(lambda x: x * x, x=3.0).to_png(f"{tmp_path}/{typed}")
    assert list(tmp_path.iterdir()) == []
