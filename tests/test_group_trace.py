"""The backward pass stepped with each collapsed group as one step, and "dive in" to its inside."""

import numpy as np
import pytest
from group_graphs import reentering_block
from hypothesis import given, settings
from hypothesis import strategies as st

from graphviz_app.core import engine
from graphviz_app.core.fileformat import load
from graphviz_app.core.graph import Graph
from graphviz_app.core.group_trace import GroupStep, group_trace
from graphviz_app.core.naming import display_labels
from graphviz_app.resources_path import examples_dir


def network(collapse=("layer1", "layer2")):
    g = load(examples_dir() / "08_two_layer_network_groups.json")
    for name in collapse:
        g.groups.set_collapsed(g.groups.find(name).id, True)
    return g


def labels(g, steps):
    """The steps as the cards name them (a group by its name)."""
    shown = display_labels(g)
    return [s.name if isinstance(s, GroupStep) else shown[s.node] for s in steps]


def test_each_collapsed_layer_is_one_step_in_backward_order():
    g = network()
    grouped = group_trace(g, engine.backward(g))
    # (the constants target and x get no step)
    assert labels(g, grouped.steps) == ["loss", "layer2", "layer1", "b2", "W2", "b1", "W1"]
    assert [s.index for s in grouped.steps] == list(range(7))
    assert grouped.expanded == {}


@pytest.mark.parametrize("seed", [None, "jacobian"])
def test_gradients_do_not_change_with_grouping(seed):
    g = network()
    out = g.output if seed is None else g.find("logits")  # a vector output: the full Jacobian trace
    trace = engine.backward(g, out, seed=seed)
    for collapse in ([], ["layer1"], ["layer2"], ["layer1", "layer2"]):
        g2 = network(collapse)
        grouped = group_trace(g2, engine.backward(g2, out, seed=seed))
        assert grouped.gradients.keys() == trace.gradients.keys()
        for nid, grad in trace.gradients.items():
            np.testing.assert_allclose(grouped.gradients[nid], grad, rtol=1e-12, atol=1e-15)
        if seed is None:
            plain = engine.gradients(g2)
            for v in g2.variables():
                np.testing.assert_allclose(grouped.gradients[v.id], plain[v.id], rtol=1e-12)


def test_a_group_step_holds_incoming_gradient_composite_jacobian_product_and_accumulated():
    g = network()
    trace = engine.backward(g)
    grouped = group_trace(g, trace)
    step = grouped.steps[2]
    assert isinstance(step, GroupStep) and step.name == "layer1"
    h = g.find("h")
    (arriving,) = step.outputs
    assert (arriving.node, arriving.label, arriving.out_shape) == (h, "h", (4,))
    np.testing.assert_allclose(arriving.grad, trace.gradients[h])  # all of ∂L/∂h comes from outside
    assert [i.source_label for i in step.inputs] == ["W1", "b1"]  # not the constant x
    jacs = {j.input_label: j for j in step.jacobians}
    for inp in step.inputs:
        product = np.tensordot(arriving.grad, jacs[inp.source_label].value, axes=1)  # g · J
        np.testing.assert_allclose(inp.contribution, product, atol=1e-14)
        np.testing.assert_allclose(inp.accumulated, trace.gradients[inp.source], atol=1e-14)
        assert (inp.path_index, inp.path_count) == (1, 1)
    assert jacs["W1"].text == "J_layer1 = J_h · J_add · J_matmul₁"


def test_dive_in_gives_the_inner_steps_of_the_trace():
    g = network()
    trace = engine.backward(g)
    grouped = group_trace(g, trace)
    inner = grouped.dive_in(2)
    assert labels(g, inner) == ["h", "add", "matmul₁"]
    assert inner == [trace.step_of(s.node) for s in inner]
    assert grouped.dive_in(0)[0].label == "loss"  # a node's step is its own inside


def test_without_collapsed_groups_the_steps_are_the_traces():
    g = network(collapse=())
    trace = engine.backward(g)
    grouped = group_trace(g, trace)
    assert [s.node for s in grouped.steps] == [s.node for s in trace.steps]
    for mine, theirs in zip(grouped.steps, trace.steps):
        np.testing.assert_array_equal(mine.grad, theirs.grad)
        for a, b in zip(mine.inputs, theirs.inputs):
            np.testing.assert_array_equal(a.accumulated, b.accumulated)


def test_a_collapsed_group_inside_a_collapsed_group_is_hidden_by_it():
    g = network(collapse=("layer1",))
    layer1 = g.groups.find("layer1")
    g.groups.add(layer1.nodes - {g.find("h")}, "affine", collapsed=True)
    assert labels(g, group_trace(g, engine.backward(g)).steps)[:5] == ["loss", "logits", "matmul₂", "layer1", "b2"]
    g.groups.set_collapsed(layer1.id, False)
    assert labels(g, group_trace(g, engine.backward(g)).steps)[:5] == ["loss", "logits", "matmul₂", "h", "affine"]


def test_state_after_a_group_step_has_its_nodes_finished():
    g = network()
    grouped = group_trace(g, engine.backward(g))
    state = grouped.state_at(2)
    assert state.active == g.groups.find("layer1").id
    assert set(g.groups.find("layer1").nodes) <= set(state.finished)
    np.testing.assert_allclose(state.partial[g.find("W1")], grouped.gradients[g.find("W1")])
    assert grouped.state_at(-1).finished == []


def test_a_group_a_path_leaves_and_reenters_is_stepped_inside_and_says_why():
    """Group {s = sin u, t = s · v} with v = exp(s) outside: t needs v, which needs s."""
    g, n = reentering_block()
    u, s, t = n["u"], n["s"], n["t"]
    gid = g.groups.add([s, t], "block", collapsed=True)
    trace = engine.backward(g)
    grouped = group_trace(g, trace)
    assert grouped.expanded == {gid: 'a path leaves the group "block" and comes back in through "v"'}
    assert [s.label for s in grouped.steps] == [s.label for s in trace.steps]
    np.testing.assert_allclose(grouped.gradients[u], trace.gradients[u])


def test_a_group_outside_the_outputs_subgraph_is_skipped():
    g = network()
    trace = engine.backward(g, g.find("h"), seed=np.ones(4))
    grouped = group_trace(g, trace)
    assert "layer2" not in labels(g, grouped.steps) and "layer1" in labels(g, grouped.steps)


def test_two_groups_feeding_each_other_cannot_both_be_one_step():
    """G1 = {a1, a2}, G2 = {b1, b2} with a1 → b1 and b2 → a2: each is convex, but together they cross."""
    g = Graph()
    u = g.add_node("variable", name="u", value=0.3)
    w = g.add_node("variable", name="w", value=0.7)
    a1 = g.add_node("op", "sin", name="a1")
    b1 = g.add_node("op", "cos", name="b1")
    b2 = g.add_node("op", "exp", name="b2")
    a2 = g.add_node("op", "sin", name="a2")
    y = g.add_node("op", "add", name="y")
    for src, dst, port in ((u, a1, 0), (a1, b1, 0), (w, b2, 0), (b2, a2, 0), (b1, y, 0), (a2, y, 1)):
        g.connect(src, dst, port)
    g.set_output(y)
    first = g.groups.add([a1, a2], "G1", collapsed=True)
    second = g.groups.add([b1, b2], "G2", collapsed=True)
    trace = engine.backward(g)
    grouped = group_trace(g, trace)
    assert len(grouped.expanded) == 1
    (stuck, why) = next(iter(grouped.expanded.items()))
    assert stuck in (first, second) and "interleave" in why
    assert sum(isinstance(s, GroupStep) for s in grouped.steps) == 1
    for nid, grad in trace.gradients.items():
        np.testing.assert_allclose(grouped.gradients[nid], grad)


OPS_OF_07 = ["n4", "n5", "n6", "n9", "n10", "n12"]


@settings(max_examples=40, deadline=None)
@given(
    first=st.sets(st.sampled_from(OPS_OF_07), min_size=1),
    second=st.sets(st.sampled_from(OPS_OF_07), min_size=1),
    jacobian=st.booleans(),
)
def test_any_collapsed_groups_leave_every_gradient_as_it_was(first, second, jacobian):
    """Whatever nodes are grouped (convex or not, nested or apart), the gradients stay the trace's."""
    g = load(examples_dir() / "07_two_layer_network.json")
    g.groups.add(first, "one", collapsed=True)
    if not (first & second) or first <= second or second <= first:
        g.groups.add(second, "two", collapsed=True)
    out, seed = (g.find("logits"), "jacobian") if jacobian else (g.output, None)
    trace = engine.backward(g, out, seed=seed)
    grouped = group_trace(g, trace)
    for nid, grad in trace.gradients.items():
        np.testing.assert_allclose(grouped.gradients[nid], grad, rtol=1e-12, atol=1e-15)
    steps = [s for s in grouped.steps for s in grouped.dive_in(s.index)]
    assert sorted(s.node for s in steps) == sorted(s.node for s in trace.steps)  # every step exactly once
