"""A group's composite local Jacobian: the product of its parts' local Jacobians, equal to the
engine's full Jacobian, to closed forms (tanh(Wa)), to HIPS autograd and to finite differences."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from group_graphs import reentering_block

from graphviz_app.core import conventions, engine
from graphviz_app.core.composite import composite_jacobians
from graphviz_app.core.errors import UserError
from graphviz_app.core.fileformat import load
from graphviz_app.core.graph import Graph
from graphviz_app.resources_path import examples_dir

W = np.array([[0.5, -0.3], [0.2, 0.4], [-0.6, 0.1]])
A = np.array([1.0, 2.0])


def tanh_of_wa():
    """h = Σ tanh(W a), the group "layer" = {matmul, tanh} (seed 001)."""
    g = Graph()
    w = g.add_node("variable", name="W", value=W)
    a = g.add_node("variable", name="a", value=A)
    m = g.add_node("op", "matmul")
    g.connect(w, m, 0)
    g.connect(a, m, 1)
    t = g.add_node("op", "tanh")
    g.connect(m, t, 0)
    h = g.add_node("op", "sum", name="h")
    g.connect(t, h, 0)
    g.set_output(h)
    gid = g.groups.add([m, t], "layer")
    return g, gid, {"W": w, "a": a, "matmul": m, "tanh": t, "h": h}


def product_of(path) -> np.ndarray:
    """A path's local Jacobians multiplied in order, each contracting the shape it shares with the next."""
    product = path[0].value
    for factor in path[1:]:
        product = np.tensordot(product, factor.value, axes=len(factor.out_shape))
    return product


def by_input(jacobians):
    return {j.input_label: j for j in jacobians}


def test_tanh_of_wa_has_the_closed_form_and_reads_as_a_product():
    g, gid, n = tanh_of_wa()
    jacs = by_input(composite_jacobians(g, gid))
    assert sorted(jacs) == ["W", "a"]
    jw = jacs["W"]
    assert (jw.output, jw.input, jw.shape) == (n["tanh"], n["W"], (3, 3, 2))
    d = 1 - np.tanh(W @ A) ** 2
    # diag(1 − tanh²(Wa)) · (I ⊗ aᵀ): entry [i, k, j] = (1 − tanh² zᵢ) δᵢₖ aⱼ
    closed = np.einsum("i,ik,j->ikj", d, np.eye(3), A)
    np.testing.assert_allclose(jw.value, closed)
    np.testing.assert_allclose(jacs["a"].value, d[:, None] * W)  # diag(1 − tanh²) · W
    assert jw.text == "J_layer = J_tanh · J_matmul"
    assert jw.shape_equation == "(3×3)·(3×6) = (3×6)"
    assert jw.derivative == "∂tanh/∂W"
    assert jw.text_in("denominator") == "J_layerᵀ = J_matmulᵀ · J_tanhᵀ"
    assert jw.shape_equation_in("denominator") == "(6×3)·(3×3) = (6×3)"
    assert jw.text_in("numerator") == jw.text
    assert [f.label for f in jw.paths[0]] == ["tanh", "matmul"]
    assert [f.shape_text for f in jw.paths[0]] == ["3×3", "3×(3×2)"]
    assert jw.structure.startswith("diag(") and "⊗" in jw.structure


def test_composite_equals_the_product_of_the_local_jacobians_and_the_engines_full_jacobian():
    g, gid, n = tanh_of_wa()
    full = engine.full_jacobians(g, n["tanh"], wrt=[n["W"], n["a"]])
    for jac in composite_jacobians(g, gid):
        np.testing.assert_allclose(product_of(jac.paths[0]), jac.value, atol=1e-14)
        np.testing.assert_allclose(jac.value, full[jac.input], atol=1e-14)


def test_composite_matches_autograd_and_finite_differences():
    g, gid, _ = tanh_of_wa()
    jw = by_input(composite_jacobians(g, gid))["W"]
    np.testing.assert_allclose(jw.value, autograd.jacobian(lambda w: anp.tanh(anp.dot(w, A)))(W), atol=1e-12)
    eps = 1e-6
    numeric = np.zeros((3, 3, 2))
    for idx in np.ndindex(3, 2):
        step = np.zeros_like(W)
        step[idx] = eps
        numeric[(slice(None),) + idx] = (np.tanh((W + step) @ A) - np.tanh((W - step) @ A)) / (2 * eps)
    np.testing.assert_allclose(jw.value, numeric, atol=1e-8)


def test_each_layer_of_the_example_network_matches_autograd():
    g = load(examples_dir() / "08_two_layer_network_groups.json")
    values = engine.evaluate(g).values
    v = {node.label: values[node.id] for node in g.nodes()}
    layer1 = by_input(composite_jacobians(g, g.groups.find("layer1").id))
    layer2 = by_input(composite_jacobians(g, g.groups.find("layer2").id))
    assert sorted(layer1) == ["W1", "b1"] and sorted(layer2) == ["W2", "b2", "h"]  # x: a constant, no gradient

    def f1(x, w1, b1):
        return anp.tanh(anp.dot(w1, x) + b1)

    def f2(h, w2, b2):
        return anp.dot(w2, h) + b2

    args1 = (v["x"], v["W1"], v["b1"])
    for k, name in enumerate(["W1", "b1"], start=1):
        np.testing.assert_allclose(layer1[name].value, autograd.jacobian(f1, k)(*args1), atol=1e-12)
        assert layer1[name].shape == v["h"].shape + v[name].shape
    args2 = (v["h"], v["W2"], v["b2"])
    for k, name in enumerate(["h", "W2", "b2"]):
        np.testing.assert_allclose(layer2[name].value, autograd.jacobian(f2, k)(*args2), atol=1e-12)
    assert layer1["W1"].text == "J_layer1 = J_h · J_add · J_matmul₁"  # the names the cards show
    assert layer1["W1"].shape_equation == "(4×4)·(4×4)·(4×12) = (4×12)"


def test_several_inside_paths_are_summed():
    """y = sin(u) · cos(u): two paths from u, J = cos²u − sin²u."""
    g = Graph()
    u = g.add_node("variable", name="u", value=0.3)
    s = g.add_node("op", "sin")
    c = g.add_node("op", "cos")
    y = g.add_node("op", "mul", name="y")
    g.connect(u, s, 0)
    g.connect(u, c, 0)
    g.connect(s, y, 0)
    g.connect(c, y, 1)
    g.set_output(y)
    gid = g.groups.add([s, c, y], "block")
    (jac,) = composite_jacobians(g, gid)
    assert jac.path_count == 2
    assert jac.text == "J_block = J_y · J_sin + J_y · J_cos"
    assert float(jac.value) == pytest.approx(np.cos(0.3) ** 2 - np.sin(0.3) ** 2)
    np.testing.assert_allclose(sum(product_of(p) for p in jac.paths), jac.value)


def test_inputs_are_independent_leaves_paths_through_the_outside_do_not_count():
    """Group {s = sin u, t = s · v} with v = exp(s) outside: ∂t/∂u inside the group is v · cos u."""
    g, n = reentering_block()
    u, s, v, t = n["u"], n["s"], n["v"], n["t"]
    gid = g.groups.add([s, t], "block")
    assert g.groups.inputs(gid) == [u, v]
    assert g.groups.outputs(gid) == [s, t]
    jacs = {(j.output_label, j.input_label): j for j in composite_jacobians(g, gid)}
    vv = np.exp(np.sin(0.4))
    assert float(jacs[("t", "u")].value) == pytest.approx(vv * np.cos(0.4))
    assert float(jacs[("t", "v")].value) == pytest.approx(np.sin(0.4))
    assert float(jacs[("s", "u")].value) == pytest.approx(np.cos(0.4))
    no_path = jacs[("s", "v")]
    assert not no_path.connected and float(no_path.value) == 0.0 and no_path.text == "J_block = 0"


def test_nested_groups_compose():
    """The outer layer's Jacobian is J_tanh times the inner block's composite Jacobian."""
    g = load(examples_dir() / "08_two_layer_network_groups.json")
    layer1 = g.groups.find("layer1")
    affine_nodes = layer1.nodes - {g.find("h")}
    affine = g.groups.add(affine_nodes, "affine")
    assert g.groups.parent(affine).id == layer1.id
    inner = by_input(composite_jacobians(g, affine))["W1"]
    outer = by_input(composite_jacobians(g, layer1.id))["W1"]
    z = engine.evaluate(g).values[inner.output]
    j_tanh = np.diag(1 - np.tanh(z) ** 2)
    np.testing.assert_allclose(outer.value, np.tensordot(j_tanh, inner.value, axes=1), atol=1e-14)


def test_a_jacobian_larger_than_the_limit_is_described_not_written():
    g, gid, _ = tanh_of_wa()
    jacs = by_input(composite_jacobians(g, gid, limit=10))
    big, small = jacs["W"], jacs["a"]  # 18 entries, 6 entries
    assert big.value is None and big.shape == (3, 3, 2)
    assert big.structure == conventions.structure_product([f.structure for f in big.paths[0]])
    assert all(f.value is None for f in big.paths[0][1:])  # the (3×(3×2)) factor is not written out either
    assert small.value is not None


def test_a_group_that_cannot_be_evaluated_is_named_in_the_error():
    g, gid, n = tanh_of_wa()
    g.disconnect(n["matmul"], 1)
    with pytest.raises(UserError, match='the group "layer" cannot be evaluated: matmul: input B is not connected'):
        composite_jacobians(g, gid)


def test_a_constant_input_of_a_group_gets_no_jacobian_as_it_gets_no_gradient():
    g, gid, n = tanh_of_wa()
    g.set_kind(n["a"], "constant")
    assert sorted(by_input(composite_jacobians(g, gid))) == ["W"]


def test_a_group_of_several_blocks_is_one_stacked_jacobian():
    """Two outputs of one input: ∂(x1, x2)/∂t is the column of both blocks (numerator layout), the
    row of them (denominator layout); each block is written by its derivative, not as the group's."""
    from graphviz_app.core.composite import stacked_jacobian

    graph = load(examples_dir() / "01_chain_rule_sin_cos.json")
    group = graph.groups.add([graph.find("x1"), graph.find("x2")], name="pair")
    jacobians = composite_jacobians(graph, group)
    t = float(graph.node(graph.find("t")).value)
    numerator = stacked_jacobian(jacobians, conventions.NUMERATOR)
    assert (numerator.symbol, numerator.shape_text, numerator.blocks) == ("∂(x1, x2)/∂t", "2×1", "one block per output")
    np.testing.assert_allclose(numerator.value.matrix, [[np.cos(t)], [-np.sin(t)]], atol=1e-12)
    assert list(numerator.value.row_labels) == ["x1", "x2"]
    denominator = stacked_jacobian(jacobians, conventions.DENOMINATOR)
    assert denominator.shape_text == "1×2" and list(denominator.value.col_labels) == ["x1", "x2"]
    np.testing.assert_allclose(denominator.value.matrix, numerator.value.matrix.T)
    assert [j.text_in(conventions.NUMERATOR, block=True) for j in jacobians] == ["∂x1/∂t = J_x1", "∂x2/∂t = J_x2"]
    # a group of one block is its own Jacobian: nothing to stack
    assert stacked_jacobian(jacobians[:1], conventions.NUMERATOR) is None
