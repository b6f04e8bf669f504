"""`g.save(path)` names the diagram file as the exports name theirs: a name without a suffix gets
.json, a name of another kind of file is refused, saying which name to write, and nothing is written."""

import pytest

import graphviz_app as ga


def square():
    return ga.trace(lambda x: x * x, x=3.0)


def test_a_name_without_a_suffix_gets_json(tmp_path):
    written = square().save(tmp_path / "model")
    assert written == tmp_path / "model.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]
    assert ga.load(written).value == 9.0


@pytest.mark.parametrize("typed", ["model ", "model.json  "])
def test_spaces_typed_after_the_name_are_dropped(tmp_path, typed):
    written = square().save(tmp_path / typed)
    assert written == tmp_path / "model.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


@pytest.mark.parametrize("name", ["model.json", "model.JSON"])
def test_a_json_name_is_written_as_given(tmp_path, name):
    assert square().save(tmp_path / name) == tmp_path / name
    assert ga.load(tmp_path / name).value == 9.0


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            "model.png",
            "is a name for PNG files, but g.save writes a diagram file (JSON): write {}.json (PNG: g.to_png(...))",
        ),
        (
            "model.tex",
            "is a name for LaTeX files, but g.save writes a diagram file (JSON): write {}.json (LaTeX: g.to_latex(...))",
        ),
        ("model.bmp", "is a name for .bmp files, but g.save writes a diagram file (JSON): write {}.json"),
    ],
)
def test_a_name_of_another_kind_of_file_is_refused_and_nothing_is_written(tmp_path, name, said):
    with pytest.raises(ga.Error) as caught:
        square().save(tmp_path / name)
    assert str(caught.value) == f'"{tmp_path / name}" ' + said.format(tmp_path / "model")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["model_lr0.01", "run.v2", "fit.final"])
def test_a_suffix_of_no_kind_of_file_is_part_of_the_name(tmp_path, name):
    written = square().save(tmp_path / name)
    assert written == tmp_path / f"{name}.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.json"]
    assert ga.load(written).value == 9.0


@pytest.mark.parametrize("typed", ["   ", "runs/ ", "runs/ .json"])
def test_a_name_of_spaces_only_is_refused_and_nothing_is_written(tmp_path, typed):
    (tmp_path / "runs").mkdir()
    with pytest.raises(ga.Error) as caught:
        square().save(f"{tmp_path}/{typed}")
    folder = tmp_path / typed.split("/")[0] if "/" in typed else tmp_path
    assert str(caught.value) == (
        f'"{tmp_path}/{typed}" names no file (only spaces): name the file to write, e.g. {folder / "diagram.json"}'
    )
    assert [p.name for p in tmp_path.rglob("*")] == ["runs"]


def test_a_name_ending_in_a_slash_names_a_folder_and_is_refused(tmp_path):
    with pytest.raises(ga.Error) as caught:
        square().save(f"{tmp_path}/runs/")
    example = tmp_path / "diagram.json"  # (in a folder that exists: following the example saves)
    assert str(caught.value) == (
        f'"{tmp_path}/runs/" names a folder, which does not exist: create the folder first, or name a file '
        f"in a folder that exists, e.g. {example}"
    )
    assert list(tmp_path.iterdir()) == []
    square().save(example)
    assert example.is_file()
