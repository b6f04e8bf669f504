"""Where a number stopped being one: the node where nan or ±inf began from finite inputs, named
as its card is, with the input outside the op's domain (core.domain_check); the CLI's warnings
and exit status. The window's side: tests/ui/test_undefined_values_shown.py."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_seeds import op

from graphviz_app.cli import main
from graphviz_app.core import domain_check, engine
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.fileformat import save
from graphviz_app.core.graph import Graph
from graphviz_app.core.ops import all_ops, get_op


def warnings_of(text: str, **values) -> list[str]:
    g = parse_expression(text, {k: np.asarray(v, dtype=float) for k, v in values.items()})
    ev = engine.evaluate(g)
    seed = None if ev.values[g.output].shape == () else "jacobian"
    return domain_check.warnings(g, ev, engine.backward(g, seed=seed, evaluation=ev))


# ------------------------------------------------------------------ the core
@pytest.mark.parametrize(
    "text, values, message",
    [
        ("log(x)", {"x": -1}, "log gets x = −1: log is defined for positive numbers only; its value is nan"),
        ("log(x)", {"x": 0}, "log gets x = 0: log is defined for positive numbers only; its value is −∞"),
        ("1/x", {"x": 0}, "div gets x = 0: division by 0 is undefined; its value is ∞"),
        ("sqrt(x)", {"x": -4}, "sqrt gets x = −4: √ is defined for numbers ≥ 0 only; its value is nan"),
        ("x**0.5", {"x": -4}, "pow gets x = −4: x^0.5 is defined for numbers ≥ 0 only; its value is nan"),
        ("x**-1", {"x": 0}, "pow gets x = 0: x⁻¹ is undefined at 0; its value is ∞"),
        # a tensor: the first entry outside, named as the Inspector names entries, and how many more
        (
            "sum(sin(log(x)))",
            {"x": [1, -1, -2]},
            "log gets entry 2 of x = −1: log is defined for positive numbers only; entry 2 of log is nan (and 1 more entry)",
        ),
        (
            "x/y",
            {"x": [1, 2], "y": 0},
            "div gets y = 0: division by 0 is undefined; entry 1 of div is ∞ (and 1 more entry)",
        ),
    ],
)
def test_the_node_where_it_began_and_the_input_outside_the_domain(text, values, message):
    assert warnings_of(text, **values) == [message]


def test_an_entry_is_written_so_it_never_reads_as_a_card_name():
    # matmul₁₂ is the twelfth matmul's card: the entry in row 1, column 2 is said in words
    (message,) = warnings_of("sum(log(X @ W))", X=[[1, 2], [3, 4]], W=[[1, -5], [0, 1]])
    assert message == (
        "log gets entry (1, 2) of matmul = −3: log is defined for positive numbers only; "
        "entry (1, 2) of log is nan (and 1 more entry)"
    )
    many = " + ".join(f"sum(X @ W{i})" for i in range(1, 12)) + " + sum(log(X @ W))"
    values = {f"W{i}": [[1, 0], [0, 1]] for i in range(1, 12)}
    (message,) = warnings_of(many, X=[[1, 2], [3, 4]], W=[[1, -5], [0, 1]], **values)
    assert message.startswith("log gets entry (1, 2) of matmul₁₂ = −3:")


def test_only_where_it_began_not_every_node_downstream():
    # sin, sum and the gradients all become nan after log: one warning, naming log
    (message,) = warnings_of("sum(sin(log(x))) * 2", x=[-1.0, 3.0])
    assert message.startswith("log gets entry 1 of x = −1")


def test_overflow_of_an_op_defined_everywhere():
    (message,) = warnings_of("exp(x)", x=1000)
    assert message.startswith("exp gets x = 1000: its value is ∞")
    assert "too large for a floating-point number" in message
    (message,) = warnings_of("x * x", x=1e200)  # one input in both ports: named once
    assert message.startswith("mul gets x = 1e200: its value is ∞")
    (message,) = warnings_of("sum(W @ x)", W=np.full((2, 2), 1e308), x=[10.0, 10.0])
    assert message.startswith("matmul: entry 1 of matmul is ∞ (and 1 more entry), although its inputs are finite")


def test_a_gradient_that_is_not_finite_where_the_value_is():
    assert warnings_of("sqrt(x)", x=0) == ["sqrt gets x = 0, where its derivative 1/(2√x) is not finite: ∂sqrt/∂x is ∞"]


def test_finite_numbers_give_no_warning_and_names_are_the_cards():
    assert warnings_of("sum(log(x))", x=[1.0, 2.0]) == []
    g = Graph()
    x = g.add_node("variable", name="theta", value=np.array([2.0, -3.0]))
    y = op(g, "log", x, label="y")
    g.set_output(op(g, "sum", y))
    ev = engine.evaluate(g)
    (message,) = ev.undefined.values()
    assert message.startswith('log "y" gets entry 2 of θ = −3: log is defined')  # θ as the card writes theta
    assert ev.warnings[y] == message  # the card's tooltip says why
    assert "nan" in ev.warnings[g.output] and ev.warnings[g.output] != message  # downstream: the general note


def test_many_places_are_counted_not_listed():
    g = Graph()
    x = g.add_node("variable", name="x", value=-1.0)
    for _ in range(8):
        op(g, "log", x)
    ev = engine.evaluate(g)
    messages = domain_check.warnings(g, ev)
    assert len(messages) == domain_check.MAX_WARNINGS
    assert messages[-1] == "and 4 more nodes where a value or gradient became nan or inf"


DOMAIN_OPS = [o for o in all_ops() if o.defined_for is not None]


CASES = [(o, p) for o in DOMAIN_OPS for p in ([2.0, -1.0, 0.5, -0.5] if "p" in o.defaults else [None])]


@pytest.mark.parametrize("op_def, p", CASES, ids=lambda c: c.name if hasattr(c, "name") else str(c))
def test_an_ops_declared_domain_is_where_its_value_is_finite(op_def, p):
    """Inside the declared domain the op gives numbers, outside it nan or ±inf (on small inputs,
    where nothing overflows): the declaration agrees with the op's forward."""
    params = op_def.params_with_defaults({} if p is None else {"p": p})
    grid = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    inputs = [grid] if op_def.arity == 1 else [np.repeat(grid, 5), np.tile(grid, 5)]
    with np.errstate(all="ignore"):
        out = op_def.forward(inputs, params)
    port, inside, sentence = op_def.defined_for(inputs, params)
    inside = np.broadcast_to(inside, out.shape)
    np.testing.assert_array_equal(inside, np.isfinite(out))
    assert sentence or inside.all()


def test_domains_are_declared_where_ops_are_undefined():
    assert {o.name for o in DOMAIN_OPS} >= {"log", "sqrt", "div", "pow"}
    assert get_op("exp").defined_for is None  # defined everywhere: an inf is an overflow


# ------------------------------------------------------------------- the CLI
def test_grad_warns_on_stderr_and_fails_when_the_answer_is_not_a_number(capsys):
    assert main(["grad", "--expr", "log(x)", "--set", "x=-1"]) == 1
    out, err = capsys.readouterr()
    assert "value = nan" in out  # the report is still printed: it shows where
    assert err == "warning: log gets x = −1: log is defined for positive numbers only; its value is nan\n"
    assert main(["grad", "--expr", "1/x", "--set", "x=0", "--json"]) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["value"] == "Infinity"
    assert report["warnings"] == ["div gets x = 0: division by 0 is undefined; its value is ∞"]
    assert err == "warning: div gets x = 0: division by 0 is undefined; its value is ∞\n"
    assert main(["grad", "--expr", "sqrt(x)", "--set", "x=0"]) == 1  # the value is 0, its gradient inf
    assert "∂sqrt/∂x is ∞" in capsys.readouterr().err


def test_grad_help_lists_the_exit_statuses_it_gives(capsys):
    assert main(["grad", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "exit status: 0 the output's value and the gradients are numbers" in help_text
    assert "1 the output's value or a gradient is nan or infinite" in help_text
    assert "2 a user error" in help_text
    assert main(["grad", "--expr", "log(x)", "--set", "x=2"]) == 0
    assert main(["grad", "--expr", "log(x)", "--set", "x=-1"]) == 1
    assert main(["grad", "--expr", "log(x"]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines()[-1].startswith("error: ")


def test_grad_succeeds_when_only_a_node_in_between_is_undefined(tmp_path, capsys):
    g = Graph()
    x = g.add_node("variable", name="x", value=-1.0)
    g.set_output(op(g, "sin", x, label="y"))
    op(g, "log", x, label="z")  # read by nothing: the answer does not depend on it
    save(g, tmp_path / "g.json")
    assert main(["grad", str(tmp_path / "g.json"), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["warnings"] == [err.removeprefix("warning: ").rstrip("\n")]
    assert err.startswith('warning: log "z" gets x = −1')
    assert main(["grad", "--expr", "log(x)", "--set", "x=2", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["warnings"] == [] and err == ""


@pytest.mark.parametrize("suffix", [".tex", ".dot", ".svg"])
def test_export_warns_and_writes_the_file(tmp_path, capsys, suffix):
    g = parse_expression("log(x)", {"x": np.asarray(-1.0)})
    save(g, tmp_path / "g.json")
    out = tmp_path / f"out{suffix}"
    step = [] if suffix == ".dot" else ["--step", "1"]
    assert main(["export", str(tmp_path / "g.json"), "-o", str(out), *step]) == 0
    stdout, err = capsys.readouterr()
    assert out.exists() and stdout.startswith("wrote")
    assert err == "warning: log gets x = −1: log is defined for positive numbers only; its value is nan\n"


# ------------------------------------------------- no derivative outside the domain
def test_a_derivative_outside_the_domain_is_undefined_not_a_number_to_trust(capsys):
    """log(x) at x = −1 has no value, so no slope: ∂log/∂x is nan, never the formula's −1."""
    assert main(["grad", "--expr", "log(x)", "--set", "x=-1"]) == 1
    out, err = capsys.readouterr()
    row = next(line.split() for line in out.splitlines() if line.split()[:1] == ["x"])
    assert row == ["x", "ℝ", "nan"]
    assert err.startswith("warning: log gets x = −1: log is defined for positive numbers only")


def test_only_the_entries_through_the_undefined_one_are_undefined():
    g = parse_expression("sum(log(x)) + y*y", {"x": np.array([1.0, -1.0]), "y": np.asarray(2.0)})
    grads = engine.gradients(g)
    np.testing.assert_array_equal(grads[g.find("x")], [1.0, np.nan])
    assert float(grads[g.find("y")]) == 4.0  # the other path is a derivative like any
    trace = engine.backward(g)
    log_step = next(s for s in trace.steps if s.op == "log")
    np.testing.assert_array_equal(log_step.input_at(0).jacobian, [[1.0, 0.0], [0.0, np.nan]])
    g = parse_expression("log(x)", {"x": np.array([-1.0, 2.0])})
    x_jac = engine.backward(g, seed="jacobian").gradients[g.find("x")]
    np.testing.assert_array_equal(x_jac, [[np.nan, 0.0], [0.0, 0.5]])


def _div_graph(a, b, mask=None):
    """d = a / b (and s = sum(M ⊙ d) when a mask M is given)."""
    g = Graph()
    na = g.add_node("variable", name="a", value=np.asarray(a, dtype=float))
    nb = g.add_node("variable", name="b", value=np.asarray(b, dtype=float))
    d = op(g, "div", na, nb, label="d")
    if mask is None:
        g.set_output(d)
        return g, na, nb, d
    m = g.add_node("constant", name="M", value=np.asarray(mask, dtype=float))
    g.set_output(op(g, "sum", op(g, "mul", d, m, label="p"), label="s"))
    return g, na, nb, d


def _local_jacobians(g, node, limit):
    """Each input's ∂node/∂input from a backward trace: dense, and read a row at a time."""
    trace = engine.backward(g, node, seed="jacobian", jacobian_limit=limit)
    step = next(s for s in trace.steps if s.node == node)
    return [(inp.jacobian, inp.entries.window()) for inp in step.inputs]


def test_division_by_zero_has_no_derivative_for_the_numerator_and_its_limit_for_the_denominator():
    g, a, b, d = _div_graph([1.0, 2.0], [0.0, 1.0])
    full = engine.full_jacobians(g, d)
    np.testing.assert_array_equal(full[a], [[np.nan, 0.0], [0.0, 1.0]])  # not 1/0 = inf: ±∞ by side
    np.testing.assert_array_equal(full[b], [[-np.inf, 0.0], [0.0, -2.0]])  # −a/b² → −∞ from both sides
    for dense, rows in _local_jacobians(g, d, engine.JACOBIAN_LIMIT):
        np.testing.assert_array_equal(dense, rows)
    (da, _), (db, _) = _local_jacobians(g, d, engine.JACOBIAN_LIMIT)
    np.testing.assert_array_equal(da, full[a])
    np.testing.assert_array_equal(db, full[b])


@pytest.mark.parametrize(
    "a, b",
    [
        ([[1.0, 2.0], [3.0, 4.0]], [0.0, 1.0]),  # b broadcast over A's rows
        ([1.0, 2.0], [[0.0, 1.0], [2.0, 0.0]]),  # a broadcast over B's rows
        ([[1.0, 2.0], [3.0, 4.0]], [[0.0], [2.0]]),  # a column stretched over A's columns
        ([1.0, -2.0], 0.0),  # a scalar denominator, read by every entry
    ],
)
def test_dense_row_by_row_and_full_jacobians_agree_outside_the_domain(a, b):
    g, na, nb, d = _div_graph(a, b)
    full = engine.full_jacobians(g, d)
    dense = _local_jacobians(g, d, engine.JACOBIAN_LIMIT)
    by_rows = _local_jacobians(g, d, 1)  # every Jacobian too big to hold: one VJP per row
    out = engine.evaluate(g).values[d]
    outside = np.broadcast_to(np.asarray(b) == 0, out.shape).reshape(-1)
    for port, node in enumerate((na, nb)):
        (jac, window), (none, rows) = dense[port], by_rows[port]
        assert none is None
        np.testing.assert_array_equal(jac, full[node])
        np.testing.assert_array_equal(window, rows)
        np.testing.assert_array_equal(rows, np.reshape(full[node], rows.shape))
        # each row outside: at the one entry it reads nan (∂/∂a: 1/b has no limit at 0) or the
        # limit −a/b² has there (∂/∂b: ∓∞ for a ≷ 0), 0 elsewhere; rows inside: finite
        undefined = np.isinf(rows) if port else np.isnan(rows)
        assert not (np.isnan(rows) if port else np.isinf(rows)).any()
        assert (undefined.sum(axis=1) == outside).all()
        assert np.isfinite(rows[~outside]).all()


@pytest.mark.parametrize(
    "a, b, mask",
    [
        ([1.0, 2.0], [0.0, 1.0], [0.0, 1.0]),  # equal shapes
        ([[1.0, 2.0], [3.0, 4.0]], [0.0, 1.0], [[0.0, 1.0], [0.0, 1.0]]),  # b broadcast
        ([3.0, 4.0], [[0.0, 1.0], [2.0, 1.0]], [[0.0, 1.0], [1.0, 1.0]]),  # a broadcast
    ],
)
def test_no_gradient_through_an_undefined_entry_gives_an_exact_zero(a, b, mask):
    """sum(M ⊙ (a/b)) with M = 0 wherever b = 0: nothing flows through the undefined entries."""
    g, na, nb, _ = _div_graph(a, b, mask)
    grads = engine.gradients(g)
    a, b, mask = (np.asarray(v, dtype=float) for v in (a, b, mask))
    safe = np.where(b == 0, 1.0, b)  # (those entries are multiplied by 0)
    expected_a = np.broadcast_to(mask / safe, mask.shape)
    expected_b = np.broadcast_to(-mask * a / safe**2, mask.shape)
    for node, want, shape in ((na, expected_a, a.shape), (nb, expected_b, b.shape)):
        axes = tuple(range(want.ndim - len(shape)))
        np.testing.assert_allclose(grads[node], want.sum(axis=axes).reshape(shape))
        assert np.isfinite(grads[node]).all()


def test_a_gradient_through_an_undefined_entry_is_nan_only_where_it_flows():
    # b₀ = 0 is read by both rows of A/b; M lets a gradient through row 2 only
    g, a, b, _ = _div_graph([[1.0, 2.0], [3.0, 4.0]], [0.0, 1.0], [[0.0, 1.0], [5.0, 1.0]])
    grads = engine.gradients(g)
    np.testing.assert_array_equal(grads[a], [[0.0, 1.0], [np.nan, 1.0]])
    np.testing.assert_array_equal(grads[b], [-np.inf, -6.0])  # 5 · (−3/b²) → −∞ at b = 0


def test_grad_of_a_vector_with_an_entry_outside_the_domain_warns_and_fails(capsys):
    assert main(["grad", "--expr", "sum(log(x))", "--set", "x=[-1, 2]", "--json"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("warning: log gets entry 1 of x = −1: log is defined for positive numbers only")
    assert json.loads(out)["gradients"]["x"] == ["NaN", 0.5]


@pytest.mark.parametrize("text", ["log(x)", "sqrt(x)", "x**0.5", "x**-1", "1/x"])
def test_one_input_ops_agree_dense_row_by_row_and_full(text):
    g = parse_expression(text, {"x": np.array([[-1.0, 0.0], [2.0, 4.0]])})
    x, node = g.find("x"), g.output
    full = engine.full_jacobians(g, node)[x].reshape(4, 4)
    ((dense, _),) = [j for j in _local_jacobians(g, node, engine.JACOBIAN_LIMIT) if j[0].size == 16]
    ((_, rows),) = [j for j in _local_jacobians(g, node, 1) if j[1].size == 16]
    np.testing.assert_array_equal(dense.reshape(4, 4), full)
    np.testing.assert_array_equal(rows, full)
    off_diagonal = full[~np.eye(4, dtype=bool)]
    assert (off_diagonal == 0).all()  # never 0·inf = nan where no entry is read
    undefined_at_minus_one = text in ("sqrt(x)", "x**0.5", "log(x)")
    np.testing.assert_array_equal(full[0, 0], np.nan if undefined_at_minus_one else -1.0)  # √(−1), log(−1): undefined
    # √ at 0: defined, its slope inf; 1/x at 0: undefined, its slope −1/x² → −∞ from both sides
    at_zero = {"sqrt(x)": np.inf, "x**0.5": np.inf, "x**-1": -np.inf, "1/x": -np.inf}.get(text, np.nan)
    np.testing.assert_array_equal(full[1, 1], at_zero)
    assert np.isfinite(full[2:]).all()
