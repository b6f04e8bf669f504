"""Random graphs (hypothesis) against an independent autodiff (HIPS autograd) and finite differences;
their matrices take a vector or scalar broadcast over their rows, as a layer's bias is."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad as autograd_grad
from autograd import jacobian as autograd_jacobian
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graphviz_app.core import engine, gradient_check
from graphviz_app.core.graph import Graph

UNARY = {
    "sin": anp.sin,
    "cos": anp.cos,
    "tanh": anp.tanh,
    "sigmoid": lambda u: 1 / (1 + anp.exp(-u)),
    "square": lambda u: u * u,
    "neg": lambda u: -u,
    "exp": anp.exp,
}
BINARY = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b}
SIZE = 3


@st.composite
def random_graphs(draw):
    """A DAG over a few scalar or vector variables; every op reads earlier nodes."""
    g = Graph()
    n_vars = draw(st.integers(1, 3))
    nodes = []  # (id, is_vector)
    for i in range(n_vars):
        vec = draw(st.booleans())
        vals = draw(st.lists(st.floats(-1.5, 1.5), min_size=SIZE, max_size=SIZE))
        value = np.array(vals) if vec else np.array(vals[0])
        nodes.append((g.add_node("variable", name=f"v{i}", value=value), vec))
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["unary", "binary", "binary", "reduce", "dot", "matmul", "layer"]))
        if kind == "unary":
            src, vec = draw(st.sampled_from(nodes))
            name = draw(st.sampled_from(sorted(UNARY)))
            nid = g.add_node("op", name)
            g.connect(src, nid, 0)
        elif kind == "binary":
            (a, va), (b, vb) = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
            nid = g.add_node("op", draw(st.sampled_from(sorted(BINARY))))
            g.connect(a, nid, 0)
            g.connect(b, nid, 1)
            vec = va or vb
        elif kind == "reduce":
            src, vec = draw(st.sampled_from(nodes))
            nid = g.add_node("op", draw(st.sampled_from(["sum", "mean", "sqnorm"])))
            g.connect(src, nid, 0)
            vec = False
        elif kind == "layer":  # a matrix op a vector or scalar, broadcast over its rows (X @ W + b), then @ a vector
            vectors = [n for n in nodes if n[1]]
            if not vectors:
                continue
            (a, _), (b, _) = draw(st.sampled_from(vectors)), draw(st.sampled_from(vectors))
            (c, _) = draw(st.sampled_from(nodes))
            outer = g.add_node("op", "outer")
            g.connect(a, outer, 0)
            g.connect(b, outer, 1)
            layer = g.add_node("op", draw(st.sampled_from(sorted(BINARY))))
            first, second = (outer, c) if draw(st.booleans()) else (c, outer)
            g.connect(first, layer, 0)
            g.connect(second, layer, 1)
            nid = g.add_node("op", "matmul")
            g.connect(layer, nid, 0)
            g.connect(b, nid, 1)
            vec = True
        else:
            vectors = [n for n in nodes if n[1]]
            if not vectors:
                continue
            (a, _), (b, _) = draw(st.sampled_from(vectors)), draw(st.sampled_from(vectors))
            if kind == "dot":
                nid = g.add_node("op", "dot")
                vec = False
            else:  # outer then matmul back to a vector: exercises matrices
                outer = g.add_node("op", "outer")
                g.connect(a, outer, 0)
                g.connect(b, outer, 1)
                nid = g.add_node("op", "matmul")
                a = outer
                vec = True
            g.connect(a, nid, 0)
            g.connect(b, nid, 1)
        nodes.append((nid, vec))
    last, vec = nodes[-1]
    out = g.add_node("op", "sum", name="L")
    g.connect(last, out, 0)
    g.set_output(out)
    return g


def as_function(g: Graph, output: str | None = None):
    """The graph's output (or another node) as a plain autograd.numpy function of the variables (in order)."""
    order = g.topological_order()
    var_ids = [v.id for v in g.variables()]

    def f(*args):
        vals = dict(zip(var_ids, args))
        for nid in order:
            node = g.node(nid)
            if node.kind != "op":
                continue
            ins = g.inputs_of(nid)
            xs = [vals[ins[p]] for p in sorted(ins)]
            name = node.op
            if name in UNARY:
                vals[nid] = UNARY[name](xs[0])
            elif name in BINARY:
                vals[nid] = BINARY[name](*xs)
            elif name == "sum":
                vals[nid] = anp.sum(xs[0])
            elif name == "mean":
                vals[nid] = anp.mean(xs[0])
            elif name == "sqnorm":
                vals[nid] = anp.sum(xs[0] * xs[0])
            elif name == "dot":
                vals[nid] = anp.dot(xs[0], xs[1])
            elif name == "outer":
                vals[nid] = anp.outer(xs[0], xs[1])
            elif name == "matmul":
                vals[nid] = anp.dot(xs[0], xs[1])
        return vals[output or g.output]

    return f, var_ids


@pytest.mark.filterwarnings("ignore:Output seems independent of input")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_graphs())
def test_random_graphs_match_autograd(g):
    f, var_ids = as_function(g)
    args = [g.node(v).value for v in var_ids]
    ev = engine.evaluate(g)
    # every value finite: where one overflowed (exp of a large sum) its gradient is inf · 0, which
    # autograd gives as nan and the program as 0 with a warning (tests/test_undefined_values.py)
    assume(all(np.isfinite(v).all() for v in ev.values.values()))
    # (a value near 0 left by cancellation differs in its last bits with the order of the sums)
    np.testing.assert_allclose(ev.values[g.output], f(*args), rtol=1e-10, atol=1e-12)
    ours = engine.gradients(g, evaluation=ev)
    for i, vid in enumerate(var_ids):
        theirs = autograd_grad(f, i)(*args)
        mine = ours.get(vid, np.zeros(np.shape(args[i])))
        np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-9)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_graphs())
def test_random_graphs_pass_finite_differences_and_trace_agrees(g):
    # cos(|x|¹⁰) and kin oscillate faster than any finite-difference step can follow: such graphs
    # are left to the autograd oracle above, which has no step size
    values = engine.evaluate(g).values.values()
    assume(max(float(np.abs(v).max(initial=0.0)) for v in values) < 50)
    check = gradient_check.gradcheck(g)
    assert check.max_rel_error < 1e-5
    trace = engine.backward(g)
    fast = engine.gradients(g)
    for nid, grad in fast.items():
        np.testing.assert_allclose(trace.gradients[nid], grad)
    # every contribution is the arriving gradient times the local Jacobian
    for step in trace.steps:
        for inp in step.inputs:
            expected = np.tensordot(step.grad, inp.jacobian, axes=np.ndim(step.grad))
            np.testing.assert_allclose(inp.contribution, expected, rtol=1e-10, atol=1e-12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_graphs())
def test_scalar_fast_path_agrees_with_general_path(g):
    fast = engine.gradients(g)  # plain floats when every node is a scalar
    general = engine.gradients(g, evaluation=engine.evaluate(g))
    assert fast.keys() == general.keys()
    for nid in fast:
        np.testing.assert_allclose(fast[nid], general[nid], rtol=1e-12, atol=1e-14)


def test_scalar_fast_path_falls_back_outside_the_reals():
    from test_seeds import op

    g = Graph()
    x = g.add_node("variable", name="x", value=-2.0)
    y = op(g, "log", x, label="y")
    grads = engine.gradients(g, y)  # the general path, no exception: log has no slope at −2
    assert np.isnan(grads[x])
    assert np.isnan(engine.evaluate(g).values[y])


@pytest.mark.filterwarnings("ignore:Output seems independent of input")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_graphs())
def test_full_jacobian_trace_matches_autograd(g):
    """The node before the final sum (often a vector): its full Jacobian, one reverse pass per entry."""
    # an overflow (exp of a large value) makes the dense product 0·inf = nan where the engine's row
    # path keeps entries no gradient flows through exact: the comparison is for finite passes
    assume(all(np.isfinite(v).all() for v in engine.evaluate(g).values.values()))
    inner = g.inputs_of(g.output)[0]
    f, var_ids = as_function(g, inner)
    args = [g.node(v).value for v in var_ids]
    trace = engine.backward(g, inner, seed="jacobian")
    full = engine.full_jacobians(g, inner)
    out_shape = np.shape(trace.values[inner])
    for i, vid in enumerate(var_ids):
        theirs = autograd_jacobian(f, i)(*args)
        mine = trace.gradients.get(vid, np.zeros(out_shape + np.shape(args[i])))
        # an intermediate gradient that overflows (exp's, times a saturated sigmoid's 0) is 0·inf = nan
        # in autograd's dense products, where the engine keeps the 0 no gradient flows through: the
        # finite entries are compared, and the engine's are finite where autograd's are not
        ok = np.isfinite(theirs)
        np.testing.assert_allclose(mine[ok], theirs[ok], rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(full[vid][ok], theirs[ok], rtol=1e-9, atol=1e-9)
        assert np.isfinite(mine[~ok]).all() and np.isfinite(full[vid][~ok]).all()
    lead = len(out_shape)
    for step in trace.steps:  # each row: the arriving gradient times the local Jacobian
        for inp in step.inputs:
            expected = np.tensordot(step.grad, inp.jacobian, axes=len(step.out_shape))
            np.testing.assert_allclose(inp.contribution, expected, rtol=1e-10, atol=1e-12)
            assert inp.contribution.shape[:lead] == out_shape
