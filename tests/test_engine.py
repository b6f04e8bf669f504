"""The graph model and the engine: structure, errors, traces, Jacobians, forward mode, gradient check."""

from __future__ import annotations

import numpy as np
import pytest
from test_seeds import linear_model, op

from graphviz_app.core import engine, gradient_check
from graphviz_app.core.errors import GraphError, ShapeError, UserError
from graphviz_app.core.graph import Edge, EdgeAdded, Graph, NodeAdded, NodeRemoved


def test_connect_replaces_the_edge_in_a_port_and_refuses_cycles():
    g = Graph()
    a = g.add_node("variable", name="a", value=1.0)
    b = g.add_node("variable", name="b", value=2.0)
    s = op(g, "sin", a)
    old = g.connect(b, s, 0)
    assert old == (a, s, 0) and g.inputs_of(s) == {0: b}
    t = op(g, "cos", s)
    with pytest.raises(GraphError, match="would close a cycle"):
        g.connect(t, s, 0)
    with pytest.raises(GraphError, match="cycle"):
        g.connect(s, s, 0)
    with pytest.raises(GraphError, match="no input port 1"):
        g.connect(a, s, 1)
    with pytest.raises(GraphError, match="has no inputs"):
        g.connect(s, a, 0)
    assert g.inputs_of(s) == {0: b}


def test_names_are_unique_and_found():
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0)
    with pytest.raises(GraphError, match='"x" is already used'):
        g.add_node("variable", name="x")
    y = g.add_node("variable", name="y")
    with pytest.raises(GraphError, match="already used"):
        g.rename(y, "x")
    assert g.find("x") == x and g.find(y) == y
    assert g.unique_name("x") == "x_2"
    with pytest.raises(GraphError, match='no node named "zz"'):
        g.find("zz")


def test_remove_and_restore_node_is_exact():
    g, _, (theta, e, L) = linear_model()
    before = [(n.id, n.name) for n in g.nodes()], sorted(g.edges())
    events = []
    g.subscribe(lambda event: events.append(type(event)))
    removed = g.remove_node(e)
    assert e not in g and g.output == L
    g.restore_node(removed)
    after = [(n.id, n.name) for n in g.nodes()], sorted(g.edges())
    assert before == after
    assert NodeRemoved in events and NodeAdded in events and EdgeAdded in events


def test_removing_the_output_clears_and_restores_it():
    g, _, (theta, e, L) = linear_model()
    removed = g.remove_node(L)
    assert g.output is None
    g.restore_node(removed)
    assert g.output == L


def test_errors_name_the_culprit_and_the_rest_still_evaluates():
    g = Graph()
    W = g.add_node("variable", name="W", value=np.ones((3, 2)))
    v = g.add_node("variable", name="v", value=np.ones(3))
    h1 = op(g, "matmul", W, v, label="h1")
    after = op(g, "sum", h1)
    lonely = g.add_node("op", "add", name="lonely")
    g.connect(v, lonely, 0)
    fine = op(g, "sum", v, label="fine")
    ev = engine.evaluate(g)
    assert ev.errors[h1].startswith('matmul "h1": W ℝ³ˣ² @ v ℝ³: inner sizes 2 and 3 differ — ')
    assert ev.errors[lonely] == 'add "lonely": input b is not connected'
    assert ev.blocked[after] == h1 and ev.problem(after) == ev.errors[h1]
    assert float(ev.values[fine]) == 3.0
    with pytest.raises(UserError, match="inner sizes 2 and 3 differ"):
        engine.backward(g, after)


def test_cycle_in_a_loaded_graph_names_its_nodes():
    g = Graph()
    a = g.add_node("op", "sin", name="a")
    b = g.add_node("op", "cos", name="b")
    g.add_edges_unchecked([Edge(a, b, 0), Edge(b, a, 0)])  # no cycle check, as a corrupted file could
    with pytest.raises(GraphError, match="cycle: (a -> b -> a|b -> a -> b)"):
        engine.evaluate(g)


def test_no_output_and_bad_seeds():
    g = Graph()
    x = g.add_node("variable", name="x", value=[1.0, 2.0])
    op(g, "sin", x, label="s")
    op(g, "cos", x, label="c")
    with pytest.raises(GraphError, match=r'2 nodes feed nothing \("s", "c"\)|2 nodes feed nothing \("c", "s"\)'):
        engine.backward(g)
    with pytest.raises(ShapeError, match=r'"s" has shape ℝ²: give a seed'):
        engine.backward(g, "s")
    with pytest.raises(ShapeError, match=r"seed has shape ℝ³"):
        engine.backward(g, "s", seed=[1, 2, 3])
    trace = engine.backward(g, "s", seed=[1.0, 0.0])
    np.testing.assert_allclose(trace.gradients[x], [np.cos(1.0), 0.0])


def test_trace_order_and_state_replay():
    g, _, (theta, e, L) = linear_model()
    trace = engine.backward(g)
    assert trace.steps[0].node == L and trace.steps[0].kind == "seed"
    constants = {n.id for n in g.nodes() if n.kind == "constant"}
    assert constants and {s.node for s in trace.steps} == set(g.node_ids()) - constants  # constants: no step
    position = {s.node: s.index for s in trace.steps}
    for u, v, _ in g.edges():  # a node's gradient is complete only after all its consumers
        if u not in constants:
            assert position[v] < position[u]
    assert not constants & set(trace.gradients)  # and no gradient
    empty = trace.state_at(-1)
    assert empty.active is None and not empty.finished and not empty.partial
    final = trace.state_at(len(trace) - 1)
    for nid, grad in trace.gradients.items():
        np.testing.assert_allclose(final.partial[nid], grad)
    middle = trace.state_at(1)
    assert middle.active == e and middle.finished == [L, e]


def test_full_jacobian_trace_stacks_every_output_row():
    g = Graph()
    x = g.add_node("variable", name="x", value=[0.3, -0.2, 0.5])
    A = g.add_node("constant", name="A", value=[[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
    y = op(g, "tanh", op(g, "matmul", A, x), label="y")
    trace = engine.backward(g, y, seed="jacobian")
    assert trace.mode == "jacobian"
    jac = trace.gradients[x]
    assert jac.shape == (2, 3)
    expected = np.diag(1 - np.tanh(np.array([[1.0, 2, 0], [0, -1, 3]]) @ [0.3, -0.2, 0.5]) ** 2) @ [
        [1.0, 2, 0],
        [0, -1, 3],
    ]
    np.testing.assert_allclose(jac, expected)
    np.testing.assert_allclose(engine.full_jacobians(g, y)[x], expected)


def test_jacobian_limit_keeps_gradients_exact():
    rng = np.random.default_rng(0)
    g = Graph()
    W = g.add_node("variable", name="W", value=rng.normal(size=(40, 30)))
    a = g.add_node("constant", name="a", value=rng.normal(size=30))
    z = op(g, "matmul", W, a, label="z")
    L = op(g, "sum", op(g, "sin", z), label="L")
    trace = engine.backward(g, L, jacobian_limit=1000)
    step = trace.step_of(z)
    assert step.input_at(0).jacobian is None  # 40 × 1200 entries > 1000
    assert step.input_at(0).structure.startswith("δₖᵢ aⱼ")
    full = engine.backward(g, L)
    np.testing.assert_allclose(trace.gradients[W], full.gradients[W])
    assert full.step_of(z).input_at(0).jacobian.shape == (40, 40, 30)


def test_forward_mode_is_jacobian_times_tangent():
    g, (Phi, y, theta), (theta_id, e_id, L_id) = linear_model()
    t = np.array([0.4, -1.1])
    ftrace = engine.forward_mode(g, {"theta": t})
    last = ftrace.steps[-1]
    assert last.node == L_id
    grad = engine.gradients(g)[theta_id]
    assert float(last.tangent) == pytest.approx(grad @ t)
    e_step = next(s for s in ftrace.steps if s.node == e_id)
    np.testing.assert_allclose(e_step.tangent, -Phi @ t)
    with pytest.raises(ShapeError, match="tangent"):
        engine.forward_mode(g, {"theta": np.ones(3)})


def test_gradcheck_reports_relative_error():
    g, _, _ = linear_model()
    check = gradient_check.gradcheck(g)
    assert check.passed and check.max_rel_error < 1e-7
    assert [e.label for e in check.entries] == ["θ"]  # theta, as its card shows it


def test_mul_of_a_node_with_itself_sums_both_ports():
    g = Graph()
    x = g.add_node("variable", name="x", value=3.0)
    sq = op(g, "mul", x, x, label="sq")
    trace = engine.backward(g, sq)
    assert trace.gradients[x] == pytest.approx(6.0)
    inputs = trace.step_of(sq).inputs
    assert [i.path_index for i in inputs] == [1, 2] and inputs[1].accumulated == pytest.approx(6.0)


def test_nan_is_a_warning_not_a_crash():
    g = Graph()
    x = g.add_node("variable", name="x", value=-1.0)
    lg = op(g, "log", x, label="lg")
    ev = engine.evaluate(g)
    assert "nan" in ev.warnings[lg]
    assert np.isnan(ev.values[lg])


def test_core_never_imports_qt():
    import subprocess
    import sys

    code = (
        "import sys; import graphviz_app.core.graph, graphviz_app.core.engine, graphviz_app.core.ops;"
        "print(any(m.startswith('PySide6') for m in sys.modules), 'sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_full_jacobians_refuse_what_would_not_fit(monkeypatch):
    from graphviz_app.core import full_jacobian

    monkeypatch.setattr(full_jacobian, "FULL_JACOBIAN_LIMIT", 100)
    g = Graph()
    W = g.add_node("variable", name="W", value=np.ones((5, 6)))
    x = g.add_node("variable", name="x", value=np.ones(6))
    y = op(g, "matmul", W, x, label="y")
    g.set_output(y)
    with pytest.raises(ShapeError, match=r'"y" ℝ⁵ with respect to "W" ℝ⁵ˣ⁶ would hold 150 numbers'):
        engine.full_jacobians(g)
    with pytest.raises(ShapeError, match="seed vector"):
        engine.backward(g, seed="jacobian")
    monkeypatch.setattr(full_jacobian, "FULL_JACOBIAN_LIMIT", 150)
    with pytest.raises(ShapeError, match=r'"y" ℝ⁵ would hold 180 numbers in all'):
        engine.full_jacobians(g)  # each fits alone, ∂y/∂W and ∂y/∂x together do not
    monkeypatch.setattr(full_jacobian, "FULL_JACOBIAN_LIMIT", 180)
    assert engine.full_jacobians(g)[W].shape == (5, 5, 6)


# ------------------------------------------------------------ plan and trace size
def test_the_plan_follows_the_structure_and_leaves_the_graph_alone():
    import gc
    import weakref

    g = Graph()
    x = g.add_node("variable", name="x", value=2.0)
    s = op(g, "square", x, label="s")
    attributes = set(vars(g))
    first = engine.plan(g)
    assert [step.node for step in first.steps] == [x, s]
    assert first.steps[1].sources == (x,) and first.steps[0].op is None
    g.set_value(x, 3.0)  # a value is not structure: the same plan, the new value
    assert engine.plan(g) is first and float(engine.evaluate(g).values[s]) == 9.0
    t = op(g, "sin", s, label="t")
    assert [step.node for step in engine.plan(g).steps] == [x, s, t]
    assert set(vars(g)) == attributes  # nothing of the engine's is kept on the graph
    ref = weakref.ref(g)
    del g
    gc.collect()
    assert ref() is None  # and the engine does not keep the graph alive


def test_an_unconnected_port_is_named_and_its_consumers_blocked():
    g = Graph()
    x = g.add_node("variable", name="x", value=2.0)
    m = g.add_node("op", "mul", name="m")
    g.connect(x, m, 1)
    after = op(g, "sin", m, label="after")
    ev = engine.evaluate(g)
    assert ev.errors[m] == 'mul "m": input a is not connected'
    assert ev.blocked[after] == m


def test_local_jacobian_entries_give_any_window_of_a_large_jacobian():
    rng = np.random.default_rng(1)
    g = Graph()
    W = g.add_node("variable", name="W", value=rng.normal(size=(40, 30)))
    a = g.add_node("variable", name="a", value=rng.normal(size=30))
    z = op(g, "matmul", W, a, label="z")
    L = op(g, "sum", op(g, "tanh", z), label="L")
    small = engine.backward(g, L, jacobian_limit=1000).step_of(z)
    dense = engine.backward(g, L).step_of(z)
    for port in (0, 1):
        lazy, full = small.input_at(port).entries, dense.input_at(port)
        matrix = full.jacobian.reshape(40, -1)
        assert lazy.shape == matrix.shape
        np.testing.assert_allclose(lazy.window(slice(3, 7), slice(10, 25)), matrix[3:7, 10:25])
        np.testing.assert_allclose(full.entries.window(), matrix)
    assert small.input_at(0).jacobian is None  # 40 × 1200 entries > 1000: computed only when asked for


def _peak_bytes(fn):
    import tracemalloc

    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_full_jacobian_trace_of_a_matrix_product_grows_with_what_it_shows():
    """X @ X with X 30×30: 900 output entries; each local Jacobian (900×900) is held once, not per entry."""
    X0 = np.random.default_rng(2).normal(size=(30, 30))
    g = Graph()
    X = g.add_node("variable", name="X", value=X0)
    Y = op(g, "matmul", X, X, label="Y")
    trace, peak = _peak_bytes(lambda: engine.backward(g, Y, seed="jacobian"))
    # kept: ∂Y/∂Y, ∂Y/∂X, two contributions, two partial sums (6.5 MB each), two local Jacobians
    assert peak < 150 * 2**20, f"{peak / 2**20:.0f} MB"
    eye = np.eye(30)
    expected = np.einsum("ik,lj->ijkl", eye, X0) + np.einsum("ik,jl->ijkl", X0, eye)  # ∂(XX)ᵢⱼ/∂Xₖₗ
    np.testing.assert_allclose(trace.gradients[X], expected, atol=1e-12)
    first, second = trace.step_of(Y).inputs
    np.testing.assert_allclose(first.contribution + second.contribution, expected, atol=1e-12)
    assert (first.path_index, second.path_index, second.path_count) == (1, 2, 2)
    np.testing.assert_allclose(second.accumulated, expected, atol=1e-12)


def test_full_jacobian_trace_of_an_elementwise_function_of_a_long_vector():
    x0 = np.linspace(-2, 2, 1000)
    g = Graph()
    x = g.add_node("variable", name="x", value=x0)
    y = op(g, "tanh", x, label="y")
    trace, peak = _peak_bytes(lambda: engine.backward(g, y, seed="jacobian"))
    assert peak < 150 * 2**20, f"{peak / 2**20:.0f} MB"
    np.testing.assert_allclose(trace.gradients[x], np.diag(1 - np.tanh(x0) ** 2))
    lazy = trace.step_of(y).input_at(0).entries
    np.testing.assert_allclose(
        lazy.window(slice(500, 502), slice(499, 503)), np.diag(1 - np.tanh(x0) ** 2)[500:502, 499:503]
    )
    np.testing.assert_allclose(engine.full_jacobians(g, y)[x], trace.gradients[x])


def test_gradcheck_samples_the_entries_of_a_large_variable():
    g = Graph()
    w = g.add_node("variable", name="W", value=np.arange(60.0).reshape(6, 10) / 60)
    out = g.add_node("op", "sqnorm")
    g.connect(w, out, 0)
    g.set_output(out)
    result = gradient_check.gradcheck(g, budget=24)
    (entry,) = result.entries
    assert result.passed and entry.total == 60 and entry.checked == 24
    assert entry.analytic.shape == entry.numeric.shape == (24,)
    # the sampled entries are entries of the true gradient 2W
    assert set(np.round(entry.analytic, 9)) <= set(np.round(2 * np.arange(60.0) / 60, 9))


def test_the_default_backward_pass_is_a_gradient_for_a_scalar_and_the_full_jacobian_otherwise():
    g = Graph()
    x = g.add_node("variable", name="x", value=[1.0, 2.0])
    s = op(g, "sin", x, label="s")
    total = op(g, "sum", s, label="total")
    scalar = engine.default_backward(g, total)
    assert scalar.mode == "vjp" and np.allclose(scalar.gradients[x], np.cos([1.0, 2.0]))
    full = engine.default_backward(g, s, engine.evaluate(g))
    assert full.mode == "jacobian" and np.allclose(full.gradients[x], np.diag(np.cos([1.0, 2.0])))


def test_evaluating_a_node_just_added_gives_what_evaluating_the_whole_graph_gives():
    """engine.evaluate_added (how the Python API checks each op it adds, without a walk over the
    whole graph per op): after every node, the same values, problems, warnings and notes."""
    g = Graph()
    ev = engine.evaluate(g)

    def added(nid: str) -> str:
        nonlocal ev
        ev = engine.evaluate_added(g, ev, nid)
        whole = engine.evaluate(g)
        assert ev.values.keys() == whole.values.keys()
        for key, value in whole.values.items():
            np.testing.assert_array_equal(ev.values[key], value)
        assert ev.clashes == whole.clashes and ev.unconnected == whole.unconnected and ev.blocked == whole.blocked
        for field in ("errors", "short_problems", "fixes", "warnings", "undefined", "notes", "short_notes"):
            mine, theirs = getattr(ev, field), getattr(whole, field)
            assert mine.keys() == theirs.keys(), field
            # (the new node's words as the whole graph's; an older node's as its card read then:
            # sin, before a second sin made it sin₁)
            assert mine.get(nid) == theirs.get(nid), field
        assert sorted(ev.order) == sorted(whole.order) and ev.order[-1] == nid
        return nid

    c = added(g.add_node("constant", name="c", value=[np.inf, 1.0, 2.0]))  # (no warning yet: no op)
    x = added(g.add_node("variable", name="x", value=[1.0, -1.0, 2.0]))
    added(op(g, "sin", c))  # the first value not finite: its origin, c, lies upstream
    assert ev.undefined[c] == 'constant "c" holds entry 1 of c = ∞'
    lg = added(op(g, "log", x, label="lg"))  # an origin of its own (log of −1)
    added(op(g, "exp", lg))  # not finite, no origin
    d = added(g.add_node("constant", name="d", value=[-np.inf]))  # an input holding inf, once ops warn
    assert d in ev.undefined and lg in ev.undefined
    col = added(g.add_node("variable", name="col", value=[[1.0], [2.0], [3.0]]))
    r = added(op(g, "sub", col, x, label="r"))  # a column against a vector: a note
    assert ev.notes[r].startswith('sub "r": ℝ³ˣ¹ − ℝ³ broadcasts to ℝ³ˣ³')
    v2 = added(g.add_node("variable", name="v2", value=[1.0, 2.0]))
    clash = added(op(g, "add", x, v2, label="bad"))  # shapes that do not fit: the error and its fix
    assert ev.errors[clash].startswith('add "bad": x ℝ³ + v2 ℝ²') and clash in ev.fixes
    added(op(g, "sin", clash))  # blocked by it
    m = added(g.add_node("op", "mul", name="m"))  # no input connected
    assert ev.errors[m] == 'mul "m": inputs a and b are not connected'
