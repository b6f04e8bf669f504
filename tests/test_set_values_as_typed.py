"""--set reads a value as the value editor's Text field reads typed text (core.table_text.read_value):
nan and ±inf in any spelling, rows of numbers, JSON; a message names the real problem."""

import json
import math

import numpy as np
import pytest

from graphviz_app.cli import main
from graphviz_app.core.table_text import read_value


def grad(capsys, value, expr="sum(x*2)"):
    code = main(["grad", "--expr", expr, "--set", f"x={value}", "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else None), err


@pytest.mark.parametrize(
    "text, expected",
    [
        ("nan", math.nan),
        ("NaN", math.nan),
        ("inf", math.inf),
        ("-inf", -math.inf),
        ("−inf", -math.inf),
        ("Infinity", math.inf),
        ("-Infinity", -math.inf),
        ("[nan, 1]", [math.nan, 1.0]),
        ("[[1, -inf], [NaN, 2]]", [[1.0, -math.inf], [math.nan, 2.0]]),
        ("1 2; 3 4", [[1.0, 2.0], [3.0, 4.0]]),
    ],
)
def test_set_takes_what_the_value_editor_takes(capsys, text, expected):
    code, report, err = grad(capsys, text)
    assert "error:" not in err
    np.testing.assert_array_equal(read_value(text), expected)  # the window's reading
    shown = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
    total = 2 * np.nansum(np.asarray(expected)) if not np.isnan(expected).any() else math.nan
    value = report["value"]
    assert (math.isnan(total) and value == "NaN") or shown.get(value, value) == total
    finite = bool(np.isfinite(expected).all())
    assert code == (0 if finite else 1)  # not a number: said (a warning), with the report printed
    assert ("warning:" in err) != finite


@pytest.mark.parametrize("text", ["-", "-x", "abc", "inff"])
def test_a_bad_set_value_names_the_text_not_a_sign(capsys, text):
    code, _, err = grad(capsys, text)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert line.startswith(f"error: --set x: “{text}” is not a number")


def test_minus_infinity_is_never_blamed_on_its_sign(capsys):
    code, report, err = grad(capsys, "-inf", expr="x")
    assert report["value"] == "-Infinity"
    assert '"-" is not a number' not in err


def test_a_number_below_the_smallest_float_is_said_to_be_stored_as_0(capsys):
    code, report, err = grad(capsys, "1e-400", expr="x*2")
    assert code == 0 and report["value"] == 0
    assert "warning: --set x: 1e-400 is below the smallest number (about 5e-324): stored as 0" in err
    code, report, err = grad(capsys, "[1e-400, 2, 3e-999]")
    assert "1e-400 and 1 more number are below the smallest number" in err
    code, report, err = grad(capsys, "[1e-300, 0e-400]")
    assert "smallest" not in err  # a small number, and a written 0: nothing to say


def test_the_set_limits_stay(capsys):
    code, _, err = grad(capsys, " ".join(["1"] * 1_000_001))
    assert code == 2 and "the limit is 1,000,000 numbers" in err
