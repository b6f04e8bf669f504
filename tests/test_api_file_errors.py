"""Files from Python: every file a user cannot load or save raises ga.Error with one line naming
the problem, as `graphviz-app grad` says it, never a bare OSError, a second chained traceback
or the name of the temporary file a save writes first."""

import errno
import os
import tempfile
import traceback

import pytest
from api_helpers import needs_ops

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.fileformat import dumps


def diagram_text() -> str:
    return dumps(parse_expression("sin(x) * cos(x)", {"x": 1.2}))


def written(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def a_cycle() -> str:
    """The diagram with the product fed back into the sine in place of x: sin -> mul -> sin."""
    text = diagram_text()
    ids = {n.op or n.kind: n.id for n in parse_expression("sin(x) * cos(x)").nodes()}
    edge = f'{{"from": "{ids["variable"]}", "to": "{ids["sin"]}", "port": 0}}'
    assert edge in text
    return text.replace(edge, f'{{"from": "{ids["mul"]}", "to": "{ids["sin"]}", "port": 0}}')


def refusal(call) -> ga.Error:
    with pytest.raises(ga.Error) as info:
        call()
    error = info.value
    shown = "".join(traceback.format_exception(error))
    assert "During handling of the above exception" not in shown  # one traceback, not two
    assert "direct cause" not in shown
    assert "\n" not in str(error)
    return error


def cli_says(capsys, *argv) -> str:
    assert main(list(argv)) == 2
    return capsys.readouterr().err.strip().removeprefix("error: ")


BAD_FILES = {
    "cycle.json": (a_cycle, "the edges form a cycle"),
    "json.json": (lambda: diagram_text().replace('"version": 1', '"version" 1'), "not valid JSON"),
    "op.json": (lambda: diagram_text().replace('"sin"', '"sinn"'), 'unknown op "sinn"'),
    "empty.json": (lambda: "", "the file is empty"),
}


@needs_ops("sin", "cos", "mul")
@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_a_ga_error_worded_as_the_command_line_words_it(tmp_path, capsys, name):
    make, fragment = BAD_FILES[name]
    path = written(tmp_path, name, make())
    error = refusal(lambda: ga.load(path))
    assert fragment in str(error) and str(path) in str(error)
    assert cli_says(capsys, "grad", str(path)) == str(error)


def test_a_missing_file_is_a_ga_error_and_still_an_os_error(tmp_path, capsys):
    path = tmp_path / "nosuch.json"
    error = refusal(lambda: ga.load(path))
    assert str(error) == f'no such file: "{path}"'
    assert isinstance(error, OSError) and error.errno == errno.ENOENT  # (for code that handles those)
    assert cli_says(capsys, "grad", str(path)) == str(error)


def test_a_folder_is_not_loaded(tmp_path, capsys):
    error = refusal(lambda: ga.load(tmp_path))
    assert str(error) == f"{tmp_path}: is a folder, not a diagram file"
    assert cli_says(capsys, "grad", str(tmp_path)) == str(error)


def test_saving_onto_a_folder_names_the_folder_and_writes_nothing(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    g = ga.trace(lambda x: x * 2.0, x=1.0)
    error = refusal(lambda: g.save(folder))
    assert str(error) == f'cannot save "{folder}": it is a folder; name the file to write in it'
    assert sorted(os.listdir(tmp_path)) == ["work"] and os.listdir(folder) == []


def test_saving_into_a_missing_folder_names_that_folder(tmp_path):
    g = ga.trace(lambda x: x * 2.0, x=1.0)
    target = tmp_path / "no" / "d.json"
    error = refusal(lambda: g.save(target))
    assert str(error) == (
        f'cannot save "{target}": the folder "{tmp_path / "no"}" does not exist: create it first, '
        "or save in a folder that exists"
    )
    assert not (tmp_path / "no").exists()


def test_a_missing_folder_is_said_in_one_wording_by_save_and_the_exports(qapp, tmp_path):
    """g.save and g.to_png meet the same mistake: the same words, each with its own verb."""
    g = ga.trace(lambda x: x * 2.0, x=1.0)
    saved, drawn = (
        refusal(lambda: g.save(tmp_path / "nope" / "a.json")),
        refusal(lambda: g.to_png(tmp_path / "nope" / "a.png")),
    )
    folder = tmp_path / "nope"
    assert str(saved).endswith(
        f'the folder "{folder}" does not exist: create it first, or save in a folder that exists'
    )
    assert str(drawn).endswith(
        f'the folder "{folder}" does not exist: create it first, or write in a folder that exists'
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that folder rights stop")
def test_saving_under_a_folder_that_cannot_be_opened_says_so(tmp_path):
    locked = tmp_path / "locked"
    (locked / "sub").mkdir(parents=True)
    locked.chmod(0)
    try:
        error = refusal(lambda: ga.trace(lambda x: x * 2.0, x=1.0).save(locked / "sub" / "d.json"))
    finally:
        locked.chmod(0o755)
    assert f'the folder "{locked}" cannot be opened (permission denied)' in str(error)


def test_saving_inside_a_file_names_that_file_as_a_file(tmp_path):
    g = ga.trace(lambda x: x * 2.0, x=1.0)
    (tmp_path / "m.json").write_text("{}")
    for target in (tmp_path / "m.json" / "d.json", tmp_path / "m.json" / "sub" / "d.json"):
        error = refusal(lambda target=target: g.save(target))
        assert f'"{tmp_path / "m.json"}" is a file, not a folder: "d.json" cannot be saved inside it' in str(error)
    assert (tmp_path / "m.json").read_text() == "{}"


def test_an_unwritable_folder_is_said_without_the_temporary_files_name(tmp_path, monkeypatch):
    g = ga.trace(lambda x: x * 2.0, x=1.0)
    target = tmp_path / "d.json"

    def refused(*_args, dir=None, **_kwargs):  # what a read-only folder answers
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.path.join(dir, ".d.json.x1y2z3w4.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    error = refusal(lambda: g.save(target))
    assert str(error) == f'cannot save "{target}": Permission denied'
    assert error.filename == str(target)


def test_a_failed_rename_names_the_file_asked_for_and_keeps_the_old_one(tmp_path, monkeypatch):
    g = ga.trace(lambda x: x * 2.0, x=1.0)
    target = g.save(tmp_path / "d.json")
    before = target.read_bytes()

    def full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), src, None, dst)

    monkeypatch.setattr(os, "replace", full)
    error = refusal(lambda: ga.trace(lambda x: x * 3.0, x=1.0).save(target))
    assert str(error) == f'cannot save "{target}": No space left on device'
    assert ".tmp" not in str(error)
    assert target.read_bytes() == before and os.listdir(tmp_path) == ["d.json"]


def test_latex_and_dot_files_are_refused_alike(tmp_path):
    g = ga.trace(lambda x: x * 2.0, x=1.0)
    for write in (lambda: g.to_latex(path=tmp_path), lambda: g.to_dot(path=tmp_path / "no" / "g.dot")):
        assert str(refusal(write)).startswith("cannot save")
    assert os.listdir(tmp_path) == []
    assert g.to_dot(path=tmp_path / "g.dot") == (tmp_path / "g.dot").read_text(encoding="utf-8")


def test_mistakes_the_core_refuses_are_ga_errors_too():
    g = ga.Graph()
    x = g.variable("x", 1.0)
    refusal(lambda: g.op("frobnicate", x))
    refusal(lambda: g.variable("x", 2.0))  # a name taken


@pytest.mark.parametrize("path", [1, 5, 2.5, b"g.json", ["g.json"]])
def test_a_path_that_is_not_text_or_a_path_is_refused_and_no_descriptor_is_touched(tmp_path, path):
    """(os.stat and open take an int as a file descriptor: ga.load(1) would read stdout, and close it)"""
    g = ga.trace(lambda x: x * 2.0, x=1.0)
    writes = {
        "load": lambda: ga.load(path),
        "save": lambda: g.save(path),
        "to_png": lambda: g.to_png(path),
        "to_svg": lambda: g.to_svg(path),
        "to_gif": lambda: g.to_gif(path),
        "to_latex": lambda: g.to_latex(path=path),
        "to_dot": lambda: g.to_dot(path=path),
    }
    for way, call in writes.items():
        error = refusal(call)
        assert (
            str(error) == f"a file is named by its path (text or a pathlib.Path), not {type(path).__name__} {path!r}"
        ), way
    os.fstat(1)  # still open
    assert g.save(tmp_path / "g.json") == tmp_path / "g.json" and ga.load(str(tmp_path / "g.json")).names
