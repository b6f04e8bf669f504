"""The Python API takes values by the file reader's rule (core.values): what `ga` accepts, a saved
diagram opens again; what a file refuses, `ga` refuses at once in the same words."""

import warnings

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main


@pytest.mark.parametrize("empty", [np.zeros(0), np.ones((1, 0)), [], [[]]])
def test_an_empty_value_is_refused_when_given(empty):
    with pytest.raises(ga.ShapeError, match=r'the value of "x" is empty: a vector or matrix needs at least one number'):
        ga.Graph().variable("x", empty)


def test_an_empty_parameter_is_refused_before_anything_is_computed():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "Mean of empty slice" from numpy, no nan warning
        with pytest.raises(ga.ShapeError, match=r'the value of "x" is empty'):
            ga.trace(lambda x: np.mean(x), x=np.zeros(0))


def test_an_empty_constant_in_a_traced_function_names_the_line():
    with pytest.raises(ga.ShapeError, match=r"test_api_value_rules.py, line \d+: .*\): a constant is empty"):
        ga.trace(lambda x: x + np.zeros(0), x=1.0)


def test_a_value_too_large_for_a_file_is_refused_with_the_files_limit():
    with pytest.raises(ga.ShapeError, match=r'the value of "x" has 1,000,001 numbers .*the limit is 1,000,000'):
        ga.Graph().variable("x", np.ones(1_000_001))


def test_ragged_rows_are_named_as_the_file_reader_names_them():
    with pytest.raises(ga.Error, match=r'the value of "x": rows have different lengths: row \[0\] has 2 entries'):
        ga.Graph().variable("x", [[1, 2], [3]])
    with pytest.raises(ga.Error, match=r'the value of "x": the text "a" at \[1\]\[0\] is not a number'):
        ga.Graph().variable("x", [[1, 2], ["a", 3]])


def test_what_the_api_accepts_and_saves_opens_again(tmp_path, capsys):
    g = ga.trace(lambda x: np.mean(x), x=np.ones(1))
    path = tmp_path / "one.json"
    g.save(path)
    assert main(["grad", str(path)]) == 0
    assert "output mean" in capsys.readouterr().out
