"""`graphviz-app grad FILE --json` reports each group: nodes, inputs, outputs and composite Jacobians."""

import json

import autograd
import autograd.numpy as anp
import numpy as np

from graphviz_app import gradcmd
from graphviz_app.cli import main
from graphviz_app.core.fileformat import load, save
from graphviz_app.core.naming import display_labels
from graphviz_app.resources_path import examples_dir

NETWORK = examples_dir() / "08_two_layer_network_groups.json"
PLAIN = examples_dir() / "07_two_layer_network.json"


def grad_json(capsys, path):
    code = main(["grad", str(path), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    return json.loads(out)


def test_each_group_with_its_nodes_inputs_outputs_and_jacobians(capsys):
    report = grad_json(capsys, NETWORK)
    layer1, layer2 = report["groups"]
    assert list(layer1) == ["name", "nodes", "inputs", "outputs", "jacobians"]  # (nodes by name, never by id)
    assert (layer1["name"], layer1["nodes"]) == ("layer1", ["matmul₁", "add", "h"])
    assert (layer1["inputs"], layer1["outputs"]) == (["x", "W1", "b1"], ["h"])
    assert (layer2["inputs"], layer2["outputs"]) == (["h", "W2", "b2"], ["logits"])
    # (the constant x gets no gradient: no Jacobian with respect to it)
    assert [(j["output"], j["input"]) for j in layer1["jacobians"]] == [("h", "W1"), ("h", "b1")]
    assert all(list(j) == ["output", "input", "shape", "value"] for j in layer1["jacobians"])
    shapes = {j["input"]: j["shape"] for j in layer1["jacobians"]}
    assert shapes == {"W1": [4, 4, 3], "b1": [4, 4]}  # output shape + input shape


def test_the_jacobian_values_are_the_layers_derivatives(capsys):
    report = grad_json(capsys, NETWORK)
    values = {n["name"]: np.array(n["value"]) for n in report["nodes"]}
    x, w1, b1, w2, b2 = (values[k] for k in ("x", "W1", "b1", "W2", "b2"))
    layer1, layer2 = report["groups"]

    def f1(x, w1, b1):
        return anp.tanh(anp.dot(w1, x) + b1)

    for k, jac in enumerate(layer1["jacobians"], start=1):  # (W1, b1: the constant x has none)
        np.testing.assert_allclose(jac["value"], autograd.jacobian(f1, k)(x, w1, b1), atol=1e-12)
    h = values["h"]
    by_input = {j["input"]: np.array(j["value"]) for j in layer2["jacobians"]}
    np.testing.assert_allclose(by_input["h"], w2)  # ∂(W2 h + b2)/∂h = W2
    np.testing.assert_allclose(by_input["b2"], np.eye(3))
    np.testing.assert_allclose(by_input["W2"], np.einsum("ik,j->ikj", np.eye(3), h))
    np.testing.assert_allclose(b2, [0.0, 0.1, -0.1])


def test_grouping_does_not_change_the_gradients(capsys):
    grouped, plain = grad_json(capsys, NETWORK), grad_json(capsys, PLAIN)
    assert plain["groups"] == []
    for key in ("value", "shape", "gradients", "jacobians"):
        assert grouped[key] == plain[key]
    assert [n["grad"] for n in grouped["nodes"]] == [n["grad"] for n in plain["nodes"]]


def test_a_jacobian_too_large_to_write_gives_its_structure(capsys, monkeypatch):
    monkeypatch.setattr(gradcmd, "LOCAL_JACOBIAN_LIMIT", 20)
    report = grad_json(capsys, NETWORK)
    big = next(j for j in report["groups"][0]["jacobians"] if j["input"] == "W1")
    assert big["value"] is None and big["shape"] == [4, 4, 3]
    assert "⊗" in big["structure"]


def test_a_group_that_cannot_be_evaluated_reports_why(capsys, tmp_path):
    g = load(NETWORK)
    lone = g.add_node("op", "sin", name="dangling")  # its input is not connected
    reader = g.add_node("op", "cos")
    g.connect(lone, reader, 0)
    g.groups.add([lone], "spare")
    path = tmp_path / "net.json"
    save(g, path)
    spare = grad_json(capsys, path)["groups"][2]
    assert spare["jacobians"] == []
    assert spare["error"] == 'the group "spare" cannot be evaluated: sin "dangling": its input is not connected'


def test_the_table_lists_the_groups(capsys):
    assert main(["grad", str(NETWORK)]) == 0
    out = capsys.readouterr().out
    assert "layer1: nodes matmul₁, add, h" in out
    assert "∂h/∂W1: 4×(4×3)" in out  # as the group card's inspector writes a composite Jacobian


def hand_built_layer():
    """sum(2 · tanh(W (V u))), built as the mouse builds it (no names); the group {matmul₂, tanh, mul}
    has inputs named otherwise outside it than a graph of the group alone would name them."""
    from graphviz_app.core.graph import Graph

    g = Graph()
    u = g.add_node("variable", value=np.array([0.5, -1.0, 2.0]))
    v = g.add_node("variable", value=np.eye(3) - 0.2)
    x = g.add_node("op", "matmul")
    g.connect(v, x, 0)
    g.connect(u, x, 1)
    w = g.add_node("variable", value=np.arange(9.0).reshape(3, 3) / 10)
    m = g.add_node("op", "matmul")
    g.connect(w, m, 0)
    g.connect(x, m, 1)
    t = g.add_node("op", "tanh")
    g.connect(m, t, 0)
    two = g.add_node("constant", value=2.0)
    mul = g.add_node("op", "mul")
    g.connect(t, mul, 0)
    g.connect(two, mul, 1)
    s = g.add_node("op", "sum")
    g.connect(mul, s, 0)
    g.set_output(s)
    return g, g.groups.add([m, t, mul], "layer"), (w, m, t, mul)


def test_a_groups_structures_name_its_inputs_as_their_cards_do(capsys, monkeypatch, tmp_path):
    """A structure too large to write names each input as its card does (matmul₁, matmul₂),
    exactly as the same nodes' own local Jacobians do: never the group's internal copies."""
    g, _, (w, m, t, mul) = hand_built_layer()
    grouped = tmp_path / "grouped.json"
    save(g, grouped)
    g.groups.remove(next(iter(g.groups)).id)
    plain = tmp_path / "plain.json"
    save(g, plain)
    monkeypatch.setattr(gradcmd, "LOCAL_JACOBIAN_LIMIT", 4)
    nodes = {n["name"]: n for n in grad_json(capsys, plain)["nodes"]}
    name = display_labels(g)  # (the names grad --json gives the nodes built here without names)
    w, m, t, mul = (name[n] for n in (w, m, t, mul))

    def local(node, source):
        return next(j["structure"] for j in nodes[node]["jacobians"] if j["input"] == source)

    composite = next(j for j in grad_json(capsys, grouped)["groups"][0]["jacobians"] if j["input"] == w)
    assert composite["value"] is None
    # (the matmul factor, written two ways, bracketed in the product)
    assert composite["structure"] == " · ".join([local(mul, t), local(t, m), f"[{local(m, w)}]"])
    # (unnamed ops as formulas write them: never bare, where matmul₁ⱼ would read as a function)
    assert (
        composite["structure"] == "diag(2) · diag(1 − tanh²(matmul₂(…))) · [δₖᵢ (matmul₁(…))ⱼ, i.e. I ⊗ (matmul₁(…))ᵀ]"
    )
