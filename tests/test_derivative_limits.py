"""Where an op is undefined yet its derivative has one limit from every side it is defined on, the
gradient is that limit (OpDef.limits_outside): ∂(1/x)/∂x = −1/x² is −∞ at 0, from both sides. Where
the sides disagree (∂(1/x)/∂x's numerator partner 1/b, ∂(x⁻²)/∂x) it stays nan, as outside every
other domain (tests/test_undefined_values.py)."""

from __future__ import annotations

import numpy as np
import pytest

from graphviz_app.cli import main
from graphviz_app.core import engine
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import all_ops

LIMIT_OPS = [o for o in all_ops() if o.limits_outside is not None]
CASES = [(o, p) for o in LIMIT_OPS for p in ([-1.0, -2.0, -3.0, -0.5, -1.5, 2.0, 0.5] if "p" in o.defaults else [None])]
GRID = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
STEPS = (1e-2, 1e-4, 1e-6)


def _inputs(op_def, shift=0.0, port=0):
    """The grid's points (the op's last input shifted by `shift`: the one its domain is about)."""
    if op_def.arity == 1:
        return [GRID + shift]
    a, b = np.repeat(GRID, 5), np.tile(GRID, 5)
    return [a, b + shift]


def _derivatives(op_def, xs, params):
    """∂out/∂input elementwise for each input, by the op's own VJP (inside the domain)."""
    with np.errstate(all="ignore"):
        out = op_def.forward(xs, params)
        return out, op_def.vjp(np.ones(out.shape), xs, out, params)


@pytest.mark.parametrize("op_def, p", CASES, ids=lambda c: c.name if hasattr(c, "name") else str(c))
def test_a_declared_limit_is_where_the_derivative_goes_from_every_side(op_def, p):
    params = op_def.params_with_defaults({} if p is None else {"p": p})
    xs = _inputs(op_def)
    port, inside, _ = op_def.defined_for(xs, params)
    outside = ~np.broadcast_to(inside, xs[0].shape)
    limits = op_def.limits_outside(xs, params)
    for i in np.flatnonzero(outside):
        for k, limit in enumerate(limits):
            near = {}  # side -> the derivative at distances STEPS from the point, where defined
            for side in (-1.0, 1.0):
                seen = []
                for eps in STEPS:
                    moved = _inputs(op_def, side * eps)
                    _, parts = _derivatives(op_def, moved, params)
                    _, ins, _ = op_def.defined_for(moved, params)
                    if np.broadcast_to(ins, moved[0].shape)[i]:
                        seen.append(float(np.broadcast_to(parts[k], moved[0].shape)[i]))
                if seen:
                    near[side] = seen
            want = float(np.broadcast_to(limit, xs[0].shape)[i])
            if np.isinf(want):
                assert near, "a limit needs a side the op is defined on"
                for seen in near.values():  # growing towards the declared infinity on every side
                    assert all(np.sign(s) == np.sign(want) for s in seen)
                    assert abs(seen[-1]) > 1e5 and abs(seen[0]) < abs(seen[1]) < abs(seen[2])
            else:
                assert np.isnan(want)
                signs = {np.sign(seen[-1]) for seen in near.values()}
                growing = all(abs(seen[-1]) > 1e5 for seen in near.values())
                assert not near or len(signs) > 1 or not growing, f"a limit is left undeclared at {xs[0][i]}"


@pytest.mark.parametrize("op_def, p", CASES, ids=lambda c: c.name if hasattr(c, "name") else str(c))
def test_the_derivative_approached_is_the_finite_difference_one(op_def, p):
    """What the limits are checked against is the true derivative: central differences agree near 0."""
    params = op_def.params_with_defaults({} if p is None else {"p": p})
    xs = _inputs(op_def, 1e-2)
    out, parts = _derivatives(op_def, xs, params)
    h = 1e-7
    for k in range(op_def.arity):
        up = [x + h if j == k else x for j, x in enumerate(xs)]
        down = [x - h if j == k else x for j, x in enumerate(xs)]
        with np.errstate(all="ignore"):
            numeric = (op_def.forward(up, params) - op_def.forward(down, params)) / (2 * h)
        ok = np.isfinite(numeric) & np.isfinite(out)
        np.testing.assert_allclose(np.broadcast_to(parts[k], out.shape)[ok], numeric[ok], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "text, x, gradient",
    [
        ("1/x", 0.0, -np.inf),
        ("x**-1", 0.0, -np.inf),
        ("x**-3", 0.0, -np.inf),
        ("x**-0.5", 0.0, -np.inf),  # from the right, the only side it is defined on (as √ at 0: +∞)
        ("(-2)/x", 0.0, np.inf),
        ("x**-2", 0.0, np.nan),  # −2/x³: +∞ from the left, −∞ from the right
        ("0/x", 0.0, np.nan),  # 0/0: no value, no slope
        ("sum(1/x)", [0.0, 2.0], [-np.inf, -0.25]),
        ("sum(3/x)", [-0.0, 1.0], [-np.inf, -3.0]),  # −0 is 0: the same limit
    ],
)
def test_the_gradient_at_the_singular_point(text, x, gradient):
    g = parse_expression(text, {"x": np.asarray(x, dtype=float)})
    grads = engine.gradients(g)
    np.testing.assert_array_equal(grads[g.find("x")], gradient)
    full = engine.full_jacobians(g, g.output)[g.find("x")]
    np.testing.assert_array_equal(np.reshape(full, -1), np.reshape(gradient, -1))


def test_the_numerator_has_no_limit_at_a_zero_denominator():
    g = parse_expression("a/b", {"a": np.asarray(1.0), "b": np.asarray(0.0)})
    grads = engine.gradients(g)
    assert np.isnan(grads[g.find("a")])  # 1/b: +∞ from one side, −∞ from the other
    assert grads[g.find("b")] == -np.inf


def test_grad_of_one_over_x_at_0_says_minus_infinity(capsys):
    assert main(["grad", "--expr", "1/x", "--set", "x=0"]) == 1
    out, err = capsys.readouterr()
    row = next(line.split() for line in out.splitlines() if line.split()[:1] == ["x"])
    assert row == ["x", "ℝ", "-inf"]
    assert err == "warning: div gets x = 0: division by 0 is undefined; its value is ∞\n"
