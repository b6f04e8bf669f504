"""The gradient check (core): an honest relative error, gradients below the finite differences'
resolution counted as too small to check, and a bounded number of entries shared fairly among the
variables, with progress and a way to stop."""

from __future__ import annotations

import numpy as np
import pytest

from graphviz_app.core import gradient_check
from graphviz_app.core.graph import Graph
from graphviz_app.core.ops import OpDef, all_ops, use_registry


def op_graph(op: str, inputs: list[np.ndarray], then: str | None = None) -> Graph:
    """Each input a variable, fed to `op`; its value the output (or `then` of it)."""
    g = Graph()
    node = g.add_node("op", op)
    for port, value in enumerate(inputs):
        g.connect(g.add_node("variable", name=f"x{port}", value=np.asarray(value, dtype=float)), node, port)
    if then is not None:
        last = g.add_node("op", then)
        g.connect(node, last, 0)
        node = last
    g.set_output(node)
    return g


@pytest.mark.parametrize("op", [op.name for op in all_ops()])
def test_every_op_of_the_registry_passes_on_its_sample_inputs(op):
    from graphviz_app.core.ops import get_op

    rng = np.random.default_rng(1)
    for inputs in get_op(op).sample_inputs(rng):
        check = gradient_check.gradcheck(op_graph(op, inputs))
        assert check.passed, (op, [(e.label, e.rel_error) for e in check.entries])
        assert check.checked == check.total_entries  # small: every entry


def scaled(name: str, k: float, wrong: float = 1.0) -> OpDef:
    """y = k·sin(u), whose VJP is off by the factor `wrong` (1: right) — declared by a test."""
    return OpDef(
        name=name,
        category="elementwise",
        symbol=name,
        inputs=("u",),
        description=f"{k}·sin(u) (declared by a test)",
        shape=lambda shapes, p: shapes[0],
        forward=lambda xs, p: k * np.sin(xs[0]),
        vjp=lambda g, xs, out, p: [wrong * k * g * np.cos(xs[0])],
    )


@pytest.mark.parametrize("k", [1e-7, 1e-10])
def test_a_tiny_gradient_wrong_by_two_fails(k):
    """Walk 12: the error divided by max(|a|, |n|, 1) passed any gradient below 1e-5, however wrong."""
    with use_registry() as reg:
        reg.register(scaled("tiny", k, wrong=2.0))
        check = gradient_check.gradcheck(op_graph("tiny", [[0.3, -1.2]], then="sum"))
    assert not check.passed
    assert check.max_rel_error == pytest.approx(0.5, rel=1e-3)  # |2a − a| / |2a|: truly relative
    assert check.too_small == 0


@pytest.mark.parametrize("k", [1e-7, 1e-10, 1.0, 1e6])
def test_a_right_gradient_passes_at_any_scale(k):
    with use_registry() as reg:
        reg.register(scaled("scaled", k))
        check = gradient_check.gradcheck(op_graph("scaled", [[0.3, -1.2]], then="sum"))
    assert check.passed and check.max_rel_error < 1e-7 and check.too_small == 0


def test_a_gradient_wrong_by_two_inside_a_loss_of_order_one_fails():
    """∂/∂u of 1e-4·sin(u) wrong by 2×, next to an output of order 1: well above the resolution."""
    with use_registry() as reg:
        reg.register(scaled("small", 1e-4, wrong=2.0))
        g = Graph()
        u = g.add_node("variable", name="u", value=np.array([0.3, -1.2]))
        v = g.add_node("variable", name="v", value=np.array([0.5, 0.7]))
        small, add, total = g.add_node("op", "small"), g.add_node("op", "add"), g.add_node("op", "sum")
        g.connect(u, small, 0)
        g.connect(small, add, 0)
        g.connect(v, add, 1)
        g.connect(add, total, 0)
        g.set_output(total)
        check = gradient_check.gradcheck(g)
    assert not check.passed
    assert [e.label for e in check.entries if e.rel_error > check.tolerance] == ["u"]


def test_a_gradient_below_the_resolution_is_too_small_to_check_not_a_pass():
    """1 + 1e-12·x: central differences of an output of order 1 cannot see a slope of 1e-12."""
    g = Graph()
    x = g.add_node("variable", name="x", value=np.array([0.5, 2.0]))
    y = g.add_node("variable", name="y", value=np.array([1.0, 3.0]))
    k = g.add_node("constant", name="k", value=np.array([1e-12, 1e-12]))
    mul, add, total = g.add_node("op", "mul"), g.add_node("op", "add"), g.add_node("op", "sum")
    g.connect(x, mul, 0)
    g.connect(k, mul, 1)
    g.connect(mul, add, 0)
    g.connect(y, add, 1)
    g.connect(add, total, 0)
    g.set_output(total)
    check = gradient_check.gradcheck(g)
    by_name = {e.label: e for e in check.entries}
    assert by_name["x"].too_small == 2 and by_name["x"].floor > 1e-12
    assert by_name["y"].too_small == 0
    assert check.passed and check.too_small == 2


def test_the_budget_is_shared_fairly_and_every_variable_gets_an_entry():
    share = gradient_check.share_budget
    assert share([3, 4], 10) == [3, 4]  # they fit: all of them
    assert share([2, 100, 100], 20) == [2, 9, 9]  # the small one whole, the rest split
    assert sum(share([9] * 30, 40)) <= 40 and min(share([9] * 30, 40)) == 1
    many = share([9] * 800, 100)
    assert sum(many) == 100 and set(many) == {0, 1}
    assert many[0] == many[-1] == 1  # spread through the list, first and last layers included
    assert share([0, 5], 3) == [0, 3] and share([0, 0, 4], 2) == [0, 0, 1]  # (an empty variable has none)


def deep_chain(layers: int) -> Graph:
    """tanh(W_k · … tanh(W_1 · x)) summed: 2·layers variables of 3×3 and 3."""
    g = Graph()
    rng = np.random.default_rng(0)
    h = g.add_node("constant", name="x", value=rng.normal(size=3))
    for k in range(layers):
        w = g.add_node("variable", name=f"W{k}", value=rng.normal(size=(3, 3)) * 0.5)
        b = g.add_node("variable", name=f"b{k}", value=rng.normal(size=3) * 0.1)
        mm, add, act = g.add_node("op", "matmul"), g.add_node("op", "add"), g.add_node("op", "tanh")
        g.connect(w, mm, 0)
        g.connect(h, mm, 1)
        g.connect(mm, add, 0)
        g.connect(b, add, 1)
        g.connect(add, act, 0)
        h = act
    total = g.add_node("op", "sum")
    g.connect(h, total, 0)
    g.set_output(total)
    return g


def test_a_large_graph_is_checked_at_the_budget_and_says_how_many():
    check = gradient_check.gradcheck(deep_chain(10), budget=30)
    assert check.total_entries == 10 * 12 and check.variables == 20
    assert check.checked == 30 and len(check.entries) == 20  # every variable, one entry or more
    assert all(e.checked >= 1 for e in check.entries) and check.passed


def test_the_verdict_says_what_the_check_found():
    assert gradient_check.gradcheck(op_graph("sin", [0.3])).verdict == gradient_check.Verdict.PASSED
    assert gradient_check.gradcheck(op_graph("cos", [0.0])).verdict == gradient_check.Verdict.INCONCLUSIVE
    assert gradient_check.gradcheck(op_graph("sqrt", [float("nan")])).verdict == gradient_check.Verdict.NOT_POSSIBLE
    no_variables = Graph()
    no_variables.add_node("constant", name="c", value=2.0)
    assert gradient_check.gradcheck(no_variables).verdict == gradient_check.Verdict.INCONCLUSIVE  # (never "passed")
    cancelled = gradient_check.gradcheck(op_graph("sin", [[0.1, 0.2, 0.3]]), progress=lambda *a: False)
    assert cancelled.verdict == gradient_check.Verdict.CANCELLED and cancelled.checked == 1


def test_progress_hears_of_every_entry_and_can_stop_the_check():
    heard = []
    check = gradient_check.gradcheck(deep_chain(3), budget=12, progress=lambda *a: heard.append(a) or None)
    assert [done for done, _, _ in heard] == list(range(1, 13)) and {t for _, t, _ in heard} == {12}
    assert heard[0][2] == "W0" and not check.cancelled

    # (two entries a variable: the fifth is W1's first, kept and compared though W1 is not finished)
    stopped = gradient_check.gradcheck(deep_chain(3), budget=12, progress=lambda done, total, name: done < 5)
    assert stopped.cancelled and stopped.checked == 5
    assert [(e.label, e.checked) for e in stopped.entries] == [("W0", 2), ("b0", 2), ("W1", 1)]
    assert stopped.passed and stopped.verdict == gradient_check.Verdict.CANCELLED
