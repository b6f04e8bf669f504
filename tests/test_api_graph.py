"""ga.Graph built by hand, saved, loaded; the backward trace it hands out."""

import numpy as np
import pytest
from api_helpers import grad_report, needs_ops

import graphviz_app as ga


@needs_ops("square", "sin")
def test_hand_built_sin_of_square(tmp_path, capsys):
    g = ga.Graph()
    x = g.variable("x", 1.2)
    sq = g.op("square", x)
    y = g.op("sin", sq, name="y")
    assert g.output == y  # the last op on the output becomes the output
    assert set(g.names) == {"x", "square", "y"}
    assert g.value == pytest.approx(np.sin(1.44))
    assert g.gradients["x"] == pytest.approx(2 * 1.2 * np.cos(1.44))
    report = grad_report(g, tmp_path, capsys)
    assert report["gradients"]["x"] == pytest.approx(g.gradients["x"])


@needs_ops("matmul", "sum", "pow")
def test_ops_by_name_with_parameters_and_names_as_inputs():
    g = ga.Graph()
    g.variable("W", [[1.0, 2.0], [3.0, 4.0]])
    g.constant([1.0, -1.0], name="a")
    h = g.op("matmul", "W", "a", name="h")
    cube = g.op("pow", h, p=3.0)
    g.op("sum", cube, name="L")
    assert g.output.name == "L"
    wa = np.array([-1.0, -1.0])
    np.testing.assert_allclose(g.gradients["W"], np.outer(3 * wa**2, [1.0, -1.0]))
    assert "a" not in g.gradients
    g.output = h
    assert g.jacobians["W"].shape == (2, 2, 2)
    assert repr(cube) == "<pow pow>"


@needs_ops("mul", "sum")
def test_save_and_load_give_the_same_numbers(tmp_path):
    g = ga.trace(lambda x, c: np.sum(x * c), x=np.array([1.0, 2.0]), c=np.array([3.0, 4.0]), constants=("c",))
    path = g.save(tmp_path / "f.json")
    back = ga.load(path)
    assert isinstance(back, ga.Graph)
    assert back.value == g.value
    np.testing.assert_allclose(back.gradients["x"], [3.0, 4.0])
    assert back.names == g.names


def test_load_of_a_bad_file_is_a_user_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ga.Error, match="bad.json: line 1"):  # the project's UserError: the file and line named
        ga.load(path)


@needs_ops("sin", "add")
def test_backward_names_nodes_as_their_cards_and_steps_in_order():
    g = ga.trace(lambda x: np.sin(x) + np.sin(2.0 * x), x=0.5)
    trace = g.backward()
    labels = [s.label for s in trace.steps]
    assert labels[0] == "add"  # a lambda's output keeps its op's name
    assert "sin₁" in labels and "sin₂" in labels  # never an id like n4
    assert not any(label.startswith("n") and label[1:].isdigit() for label in labels)
    total = trace.gradients[g.core.find("x")]
    assert float(total) == pytest.approx(np.cos(0.5) + 2 * np.cos(1.0))


@needs_ops("matmul")
def test_a_loaded_graph_that_cannot_be_evaluated_says_why(tmp_path):
    from graphviz_app.core.graph import Graph as CoreGraph

    core = CoreGraph()
    a = core.add_node("variable", name="A", value=np.ones((2, 3)))
    b = core.add_node("variable", name="b", value=np.ones(2))
    h = core.add_node("op", "matmul", name="h")
    core.connect(a, h, 0)
    core.connect(b, h, 1)
    core.set_output(h)
    g = ga.Graph(core)
    with pytest.raises(ga.Error, match=r'matmul "h": A ℝ²ˣ³ @ b ℝ²: inner sizes 3 and 2 differ'):
        g.value  # noqa: B018
    with pytest.raises(ga.Error, match="inner sizes 3 and 2 differ"):
        g.gradients  # noqa: B018
    assert g._repr_png_()[0].startswith(b"\x89PNG")  # the picture shows the problem on the card
    with pytest.raises(ga.Error, match="the graph is empty: it has no output"):
        ga.Graph().value  # noqa: B018


@needs_ops("pow")
def test_a_parameter_the_op_cannot_take_names_the_node_the_op_the_parameter_and_what_was_given(tmp_path):
    g = ga.Graph()
    x = g.variable("x", 2.0)
    with pytest.raises(ga.Error, match=r'^pow: parameter "p" must be a finite number, found "abc"$') as refused:
        g.op("pow", x, p="abc")
    assert not isinstance(refused.value, ga.ShapeError)  # (not numpy's words on casting rules)
    with pytest.raises(ga.Error, match=r'^pow "y": parameter "p" must be a finite number, found nan$'):
        g.op("pow", x, name="y", p=float("nan"))
    with pytest.raises(ga.Error, match=r'^pow "y": parameter "p" must be a finite number, found True$'):
        g.op("pow", x, name="y", p=True)
    with pytest.raises(ga.Error, match=r'^pow has an unknown parameter "q" \(known for pow: p\)$'):
        g.op("pow", x, q=3.0)
    assert g.names == ["x"]  # nothing was added
    g.op("pow", x, name="y", p=np.int64(3))  # numpy's numbers are numbers
    assert g.value == 8.0
    assert ga.load(g.save(tmp_path / "cube.json")).value == 8.0


@needs_ops("matmul", "tanh", "add", "sum")
def test_each_op_is_checked_against_the_graph_as_it_stands_even_after_a_change_through_g_core():
    """g.op checks the op it adds against the values worked out as the graph was built (not a
    walk over the whole graph per op); a change made through g.core in between is taken into account."""
    g = ga.Graph()
    A = g.variable("A", np.ones((2, 3)))
    a = g.variable("a", np.full(3, 0.1))
    h = g.op("matmul", A, a, name="h")
    for _ in range(300):
        h = g.op("tanh", h)
    with pytest.raises(ga.ShapeError, match=r"^add: tanh₃₀₀\(tanh₂₉₉\) ℝ² \+ a ℝ³: shapes do not broadcast"):
        g.op("add", h, a)  # (named, with its shapes, deep in a long graph)
    g.core.set_value(A.id, np.ones((2, 2)))  # A is 2×2 now: matmul(A, a) no longer fits
    with pytest.raises(ga.ShapeError, match=r"^matmul: A ℝ²ˣ² @ a ℝ³: inner sizes 2 and 3 differ"):
        g.op("matmul", A, a)
    g.core.set_value(A.id, np.full((2, 3), 2.0))
    g.op("sum", h, name="L")
    expected = 0.6
    for _ in range(300):
        expected = np.tanh(expected)
    assert g.value == pytest.approx(2 * expected)
    assert len(g.names) == 304  # (the refused ops were not added)
