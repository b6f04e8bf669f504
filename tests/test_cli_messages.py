"""A bad command line or hostile input: one line on stderr (exit 2), pointing at the help or the file's line."""

import builtins
import errno
import os
from pathlib import Path

import numpy as np
import pytest
from test_cli import run_error as one_error_line

from graphviz_app.cli import main


@pytest.mark.parametrize(
    "argv, bad, helped",
    [
        (["export", "model.json", "--bogus"], "--bogus", "graphviz-app export --help"),
        (
            ["export", "model.json", "-o", "x.png", "--frames-per-second", "3"],
            "--frames-per-second",
            "graphviz-app export --help",
        ),
        (["grad", "--bogus"], "--bogus", "graphviz-app grad --help"),
        (["grad", "a.json", "b.json"], "b.json", "graphviz-app grad --help"),
        (["--bogus"], "--bogus", "graphviz-app --help"),
    ],
)
def test_unknown_arguments_point_at_the_subcommand_help(capsys, argv, bad, helped):
    line = one_error_line(capsys, *argv)
    assert bad in line
    assert line.endswith(f"(see {helped})")


def test_subcommand_argument_errors_keep_their_own_help(capsys):
    assert one_error_line(capsys, "grad", "--set").endswith("(see graphviz-app grad --help)")
    assert one_error_line(capsys, "export").endswith("(see graphviz-app export --help)")


# ------------------------------------------------------------------ hostile input (issue 21)

EXAMPLE = Path(__file__).resolve().parents[1] / "resources" / "examples" / "04_sin_of_square.json"


def example_with(tmp_path, old, new, name="d.json"):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("1" * 5000, "--set x: the number 111111111111… (5000 digits) is too large"),
        ("[" + "2" * 309 + "]", "(309 digits) is too large"),
        ("1e999", "--set x: the number 1e999 is too large"),
    ],
)
def test_set_values_no_float_can_hold(capsys, value, fragment):
    assert fragment in one_error_line(capsys, "grad", "--expr", "sin(x)", "--set", f"x={value}")


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["grad", "--expr", "sin(x\udcff)", "--set", "x=1"], "--expr sin(x\\xff): not valid UTF-8 text (byte 0xff"),
        (["grad", "--expr", "sin(x)", "--set", "x=\udcfe1"], "--set x=\\xfe1: not valid UTF-8 text (byte 0xfe"),
        (["grad", "--expr", "sin(x)", "--set", "x=1", "--output", "\udce9"], "--output \\xe9: not valid UTF-8"),
    ],
)
def test_text_arguments_that_are_not_utf8(capsys, argv, fragment):
    """Python hands a byte it cannot decode over as a lone surrogate (surrogateescape)."""
    assert fragment in one_error_line(capsys, *argv)


@pytest.mark.parametrize(
    "old, new, fragment",
    [
        ('"value": 1.2', '"value": ' + "1" * 5000, "line 6: the number 111111111111… (5000 digits) is too large"),
        ('"pos": [0.0, 0.0]', '"pos": [' + "7" * 401 + ", 0]", "line 6: the number 777777777777… (401 digits)"),
        ('"pos": [0.0, 0.0]', '"pos": [1e308, -1e308]', 'line 6: node x: "pos" [1e+308, -1e+308] is too far'),
        ('"name": "x"', '"name": "x\\ud800"', 'line 6: the text "x\\ud800" is not valid Unicode'),
        ('"id": "n3"', '"id": "n\\ud8003"', "is not valid Unicode (a lone surrogate U+D800)"),
        ('"name": "x"', '"name": "x\\u0001"', "holds a control character (U+0001)"),
    ],
)
@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_grad_on_hostile_files(capsys, tmp_path, old, new, fragment, json_flag):
    path = example_with(tmp_path, old, new)
    assert fragment in one_error_line(capsys, "grad", str(path), *json_flag)


@pytest.mark.parametrize(
    "byte, said",
    [("\0", "a NUL byte, \\x00, cannot stand here"), ("\x1b", "a control character, \\x1b, cannot stand here")],
)
def test_a_control_byte_in_a_file_is_written_by_its_code_never_raw(capsys, tmp_path, byte, said):
    path = example_with(tmp_path, '"value": 1.2', f'"value": 1.2{byte}{byte}')
    line = one_error_line(capsys, "grad", str(path))
    assert f"{path}: line 6, column" in line and said in line
    assert byte not in line  # (raw, a NUL is invisible and an escape acts on the terminal)


def test_a_file_nested_too_deeply_names_the_line(capsys, tmp_path):
    path = example_with(tmp_path, '"value": 1.2', '"value": ' + "[" * 100_000 + "1" + "]" * 100_000)
    assert one_error_line(capsys, "grad", str(path)) == f"error: {path}: line 6: not valid JSON (nested too deeply)"


def test_what_is_not_a_regular_file_is_refused_by_grad_and_the_editor(capsys, tmp_path):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    for argv in (["grad", str(pipe)], [str(pipe)]):  # (the editor's FILE: no window opens)
        assert "is a named pipe, not a diagram file" in one_error_line(capsys, *argv)
    assert "/dev/zero: is a character device" in one_error_line(capsys, "grad", "/dev/zero")
    assert "is a folder, not a diagram file" in one_error_line(capsys, "grad", str(tmp_path))


def test_a_file_too_large_names_its_size_and_the_limit(capsys, tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(200_000_000)
    line = one_error_line(capsys, "grad", str(path))
    assert "the file is 200 MB; diagrams larger than 64 MB are not read" in line


def test_an_unreadable_file_is_a_read_problem(capsys, tmp_path, monkeypatch):
    path = example_with(tmp_path, '"x"', '"x"')
    real_open = builtins.open

    def denied(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", denied)
    line = one_error_line(capsys, "grad", str(path))
    assert line == f'error: cannot read "{path}": Permission denied'


def test_a_file_in_a_folder_without_permission_is_not_called_missing(capsys, tmp_path, monkeypatch):
    """(Tests run as root, whom permissions do not stop: the folder's refusal is simulated.)"""
    path = tmp_path / "locked" / "d.json"
    real_stat = os.stat

    def locked(file, *args, **kwargs):
        if str(file).startswith(str(tmp_path / "locked")):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_stat(file, *args, **kwargs)

    monkeypatch.setattr(os, "stat", locked)
    for argv in (["grad", str(path)], [str(path)]):
        line = one_error_line(capsys, *argv)
        assert "Permission denied" in line and "no such file" not in line


@pytest.mark.parametrize(
    "params, fragment",
    [
        ('{"p": "abc"}', 'line 4: this pow node: parameter "p" must be a finite number, found "abc"'),
        ('{"p": true}', 'line 4: this pow node: parameter "p" must be a finite number, found True'),
        ('{"p": [2]}', 'line 4: this pow node: parameter "p" must be a finite number, found [2]'),
        ('{"exponent": 2}', 'line 4: this pow node has an unknown parameter "exponent" (known for pow: p)'),
    ],
)
def test_a_parameter_the_op_cannot_take_names_the_file_the_line_and_the_node(capsys, tmp_path, params, fragment):
    path = tmp_path / "bad.json"
    path.write_text(
        '{"format": "graphviz_app", "version": 1, "nodes": [\n'
        ' {"id": "n1", "kind": "variable", "name": "x", "value": 2.0},\n'
        ' {"id": "n2", "kind": "op", "op": "pow",\n'
        f'  "params": {params}}}\n'
        '], "edges": [{"from": "n1", "to": "n2", "port": 0}], "output": "n2"}\n',
        "utf-8",
    )
    line = one_error_line(capsys, "grad", str(path))
    assert line == f"error: {path}: {fragment}"


# ------------------------------------------------------ a file that does not evaluate (walk 21)

EXAMPLE_07 = EXAMPLE.parent / "07_two_layer_network.json"


def bad_w2_file(folder: Path) -> tuple[str, int]:
    """Example 07 with W2 cut to 3×3: its second matmul's shapes clash. The file, and the line of
    that matmul's "id" in it."""
    from graphviz_app.core.fileformat import load, save

    graph = load(EXAMPLE_07)
    graph.set_value(graph.find("W2"), np.ones((3, 3)))
    path = folder / "07_badW2.json"
    save(graph, path)
    matmul = [n.id for n in graph.nodes() if n.op == "matmul"][1]
    lines = path.read_text(encoding="utf-8").splitlines()
    return str(path), next(i for i, text in enumerate(lines, 1) if f'"id": "{matmul}"' in text)


SHAPES = "matmul₂: W2 ℝ³ˣ³ @ h ℝ⁴: inner sizes 3 and 4 differ"


@pytest.mark.parametrize("command", [["grad"], ["grad", "--json"], ["train", "--steps", "2"]])
def test_a_file_that_does_not_evaluate_is_named_with_the_line_of_the_failing_node(capsys, tmp_path, command):
    path, line = bad_w2_file(tmp_path)
    said = one_error_line(capsys, command[0], path, *command[1:])
    assert said.startswith(f"error: {path}: line {line}: {SHAPES}")


def test_a_value_given_by_set_that_feeds_the_failing_node_is_named_instead_of_a_line(capsys, tmp_path):
    """The file is right; --set W2 made the shapes clash: its line holds nothing wrong, so none is
    named, and the --set is (review 22). A --set that does not feed the failing node leaves the
    file's line: that problem is the file's."""
    said = one_error_line(capsys, "grad", str(EXAMPLE_07), "--set", "W2=[[1,1,1],[1,1,1],[1,1,1]]")
    assert said.startswith(f"error: {EXAMPLE_07} with --set W2: {SHAPES}") and "line" not in said
    path, line = bad_w2_file(tmp_path)
    said = one_error_line(capsys, "grad", path, "--set", "target=[1, 0, 0]")
    assert said.startswith(f"error: {path}: line {line}: {SHAPES}")
    said = one_error_line(capsys, "grad", path, "--set", "b1=[0, 0, 0, 0]", "--set", "target=[1, 0, 0]", "--json")
    assert said.startswith(f"error: {path} with --set b1: {SHAPES}")


def test_an_export_names_the_file_and_line_in_its_warning_and_its_refusal(capsys, tmp_path):
    path, line = bad_w2_file(tmp_path)
    assert main(["export", path, "-o", str(tmp_path / "d.dot")]) == 0  # (drawn as it is, the card red)
    _, err = capsys.readouterr()
    assert err.splitlines()[0].startswith(f"warning: {path}: line {line}: {SHAPES}")
    said = one_error_line(capsys, "export", path, "-o", str(tmp_path / "d.tex"))
    assert said.startswith(f"error: {path}: line {line}: the diagram has no backward pass to show: {SHAPES}")


def test_an_unconnected_input_is_named_with_the_file_and_line(capsys, tmp_path):
    from graphviz_app.core.fileformat import load, save

    graph = load(EXAMPLE_07)
    matmul = [n.id for n in graph.nodes() if n.op == "matmul"][0]
    graph.disconnect(matmul, 1)
    save(graph, tmp_path / "cut.json")
    lines = (tmp_path / "cut.json").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if f'"id": "{matmul}"' in text)
    said = one_error_line(capsys, "grad", str(tmp_path / "cut.json"))
    assert said == f"error: {tmp_path / 'cut.json'}: line {line}: matmul₁: input B is not connected"


def test_an_expression_that_does_not_evaluate_names_no_file(capsys):
    said = one_error_line(capsys, "grad", "--expr", "sum(W @ x)", "--set", "W=[[1,2],[3,4]]", "--set", "x=[1,2,3]")
    assert said.startswith("error: matmul: W ℝ²ˣ² @ x ℝ³")
