"""The Python API says where a value or gradient became nan or ±inf, and why, the Python way: one
`ga.UndefinedValueWarning` per evaluation with the text `graphviz-app grad` prints, and the same
lines in `g.warnings` (and a backward pass's `.warnings`)."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from api_helpers import needs_ops

import graphviz_app as ga
from graphviz_app import cli

LOG_MESSAGE = "log gets x = −1: log is defined for positive numbers only; its value is nan"
SQRT_MESSAGE = "sqrt gets x = 0, where its derivative 1/(2√x) is not finite: ∂sqrt/∂x is ∞"


def cli_warnings(g: ga.Graph, tmp_path, capsys) -> list[str]:
    """The `warnings` of `graphviz-app grad FILE --json` for the graph saved to a file."""
    path = tmp_path / "g.json"
    g.save(path)
    capsys.readouterr()
    cli.main(["grad", str(path), "--json"])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert err == "".join(f"warning: {m}\n" for m in report["warnings"])
    return report["warnings"]


def undefined_warnings(read) -> list[warnings.WarningMessage]:
    """The UndefinedValueWarnings raised while `read()` runs, every one (no filter hides repeats)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read()
    return [w for w in caught if issubclass(w.category, ga.UndefinedValueWarning)]


def test_a_public_warning_class():
    assert issubclass(ga.UndefinedValueWarning, Warning) and "UndefinedValueWarning" in ga.__all__
    assert not issubclass(ga.UndefinedValueWarning, ga.Error)  # a warning: the numbers are still given


@needs_ops("log")
def test_a_value_outside_the_ops_domain_warns_with_the_clis_text(tmp_path, capsys):
    g = ga.trace(lambda x: np.log(x), x=-1.0)
    with pytest.warns(ga.UndefinedValueWarning) as record:
        assert np.isnan(g.value)  # the number is still given
    assert [str(w.message) for w in record] == [LOG_MESSAGE]
    assert record[0].filename == __file__  # attributed to the line of user code that asked
    assert g.warnings == [LOG_MESSAGE] == cli_warnings(g, tmp_path, capsys)


@needs_ops("sqrt")
def test_a_gradient_that_alone_is_undefined_warns_for_gradients_not_for_the_value(tmp_path, capsys):
    g = ga.trace(lambda x: np.sqrt(x), x=0.0)
    assert undefined_warnings(lambda: g.value) == []  # √0 = 0 is a number
    with pytest.warns(ga.UndefinedValueWarning, match="∂sqrt/∂x is ∞") as record:
        assert g.gradients["x"] == np.inf
    assert [str(w.message) for w in record] == [SQRT_MESSAGE]
    with pytest.warns(ga.UndefinedValueWarning, match="∂sqrt/∂x is ∞"):
        assert g.jacobians["x"] == np.inf
    with pytest.warns(ga.UndefinedValueWarning, match="∂sqrt/∂x is ∞"):
        trace = g.backward()
    assert trace.warnings == [SQRT_MESSAGE] == g.warnings == cli_warnings(g, tmp_path, capsys)


@needs_ops("log", "sin", "sum")
def test_once_per_evaluation_naming_only_where_it_began():
    g = ga.trace(lambda x: np.sum(np.sin(np.log(x))), x=[1.0, -1.0, -2.0])
    for read in (lambda: g.value, lambda: g.gradients, lambda: g.backward()):
        (w,) = undefined_warnings(read)  # sin, sum and every gradient are nan too: one warning, naming log
        assert str(w.message) == (
            "log gets entry 2 of x = −1: log is defined for positive numbers only; entry 2 of log is nan (and 1 more entry)"
        )


@needs_ops("log", "sum")
def test_nodes_named_as_their_cards_and_every_place_one_line():
    g = ga.Graph()
    theta = g.variable("theta", [2.0, -3.0])
    z = g.variable("z", 0.0)
    y = g.op("log", theta, name="y")
    g.op("log", z, name="w")  # read by nothing: still a place where a value became undefined
    g.output = g.op("sum", y)
    (w,) = undefined_warnings(lambda: g.value)
    assert str(w.message).splitlines() == g.warnings
    assert g.warnings[0].startswith('log "y" gets entry 2 of θ = −3: log is defined for positive numbers only')
    assert g.warnings[1] == 'log "w" gets z = 0: log is defined for positive numbers only; its value is −∞'


@needs_ops("sin", "pow")
def test_finite_numbers_warn_nothing():
    g = ga.trace(lambda x: np.sin(x**2), x=1.2)
    assert undefined_warnings(lambda: (g.value, g.gradients, g.jacobians, g.backward())) == []
    assert g.warnings == [] and g.backward().warnings == []


@needs_ops("log")
def test_a_repeated_read_is_told_once_by_pythons_default_filter():
    g = ga.trace(lambda x: np.log(x), x=-1.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            g.value  # noqa: B018  (the same line of user code each time)
    assert [str(w.message) for w in caught] == [LOG_MESSAGE]


@needs_ops("sqrt")
def test_a_picture_of_a_step_warns_as_the_export_command_does(tmp_path):
    g = ga.trace(lambda x: np.sqrt(x), x=0.0)
    with pytest.warns(ga.UndefinedValueWarning, match="∂sqrt/∂x is ∞"):
        g.to_latex(step=1)
