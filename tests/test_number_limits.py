"""What a value may hold, the same on every way in: nan and ±inf are kept (a file writes them as
"NaN" and "Infinity", the value editor and the API take them), but a number no float can hold
(1e400, a 400-digit integer) is refused, never read as infinity, naming where it is."""

import math

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core.errors import FileFormatError
from graphviz_app.core.fileformat import load, save
from graphviz_app.core.graph import Graph


def written(tmp_path, value_text: str):
    """A diagram file with one variable x whose value is written as value_text."""
    g = Graph()
    g.add_node("variable", name="x", value=1.5)
    g.add_node("op", "sin", name="y")
    g.connect(g.find("x"), g.find("y"), 0)
    g.set_output(g.find("y"))
    path = tmp_path / "d.json"
    save(g, path)
    text = path.read_text()
    assert '"value": 1.5' in text
    path.write_text(text.replace('"value": 1.5', '"value": ' + value_text))
    return path


def one_error_line(capsys, *argv) -> str:
    assert main(list(argv)) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("error: ")
    return line


@pytest.mark.parametrize("text", ['[1, "NaN"]', '["Infinity", 2]', "NaN", '"-Infinity"'])
def test_a_file_keeps_nan_and_infinity_in_a_value(tmp_path, text):
    value = load(written(tmp_path, text)).node("n1").value
    assert not np.isfinite(value).all()


@pytest.mark.parametrize("text", ["1e400", "[1, -1e400]", "[[1, 2], [3, 1E+999]]", "1" * 400])
def test_a_file_number_no_float_can_hold_is_refused_with_its_line(tmp_path, text, capsys):
    path = written(tmp_path, text)
    with pytest.raises(FileFormatError, match=r"line 6: the number .* is too large: numbers must lie within ±1.8e308"):
        load(path)
    line = one_error_line(capsys, "grad", str(path))
    assert "line 6:" in line and "too large" in line


def test_the_cli_refuses_a_set_value_no_float_can_hold(capsys):
    line = one_error_line(capsys, "grad", "--expr", "sin(x)", "--set", "x=[1, 1e400]")
    assert "1e400 is too large" in line


def test_the_api_keeps_nan_and_infinity_and_refuses_what_no_float_can_hold():
    g = ga.Graph()
    g.variable("a", float("inf"))
    g.variable("b", [1.0, float("nan")])
    assert math.isinf(g.core.node(g.core.find("a")).value) and np.isnan(g.core.node(g.core.find("b")).value[1])
    with pytest.raises(ga.Error, match=r'^the value of "c": a number is too large: numbers must lie within ±1.8e308$'):
        g.variable("c", [1, 10**400])
    with pytest.raises(ga.Error, match=r'^the value of "d" must be a number or an array of numbers, not str$'):
        g.variable("d", "1e400")  # (text is not a number: numpy would have read it as inf)
    with pytest.raises(ga.Error, match=r'^the value of "x": a number is too large'):
        ga.trace(lambda x: x * 2, x=-(10**400))
    with pytest.raises(
        ga.TraceError, match=r"test_number_limits\.py, line \d+.*\*\*: a number is too large: numbers must"
    ):
        ga.trace(lambda x: np.sum(x**10**400), x=np.array([1.0, 2.0]))  # (an exponent, as a constant would be)
    assert g.variables == ["a", "b"]  # (nothing added by a refused value)


def test_a_negative_zero_is_written_as_0_in_views_tables_and_json(capsys):
    """−0.0 (0 − 0·2, a loss that underflows) reads like a sign bug: every writer says 0."""
    import json

    from graphviz_app.core.number_text import fmt_number, short

    assert fmt_number(-0.0) == "0" and short(np.array([-0.0, 2.0])) == "[0, 2]"
    argv = ["grad", "--expr", "0 - x*y", "--set", "x=0", "--set", "y=2"]
    assert main([*argv, "--json"]) == 0
    out = capsys.readouterr().out
    gradient = json.loads(out)["gradients"]["y"]  # ∂/∂y = −x = −0.0
    assert gradient == 0 and math.copysign(1, gradient) == 1 and "-0.0" not in out
    assert main(argv) == 0
    table = capsys.readouterr().out
    assert "-0" not in table and "−0" not in table
