"""Which node is the output when none is set: one rule (core.output_choice) for the CLI's grad,
train and export --step and for the Python API, as the window follows it. The only end node
(a node nothing reads) is the output; several: one error line naming them as their cards do."""

from __future__ import annotations

import json

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core import engine, fileformat
from graphviz_app.core.errors import GraphError
from graphviz_app.core.graph import Graph
from graphviz_app.core.output_choice import resolve_output


def loss_graph(stray: bool = False) -> Graph:
    """L = sqnorm(θ) with no output set; `stray`: a second end node, φ = sin(θ)."""
    g = Graph()
    theta = g.add_node("variable", name="theta", value=np.array([1.0, -2.0]), pos=(0, 0))
    loss = g.add_node("op", "sqnorm", name="L", pos=(200, 0))
    g.connect(theta, loss, 0)
    if stray:
        phi = g.add_node("op", "sin", name="phi", pos=(200, 150))
        g.connect(theta, phi, 0)
    g.set_output(None)
    return g


def saved(tmp_path, g: Graph) -> str:
    path = tmp_path / "diagram.json"
    fileformat.save(g, path)
    return str(path)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("error: ")
    return line


# ------------------------------------------------------------------ core
def test_the_rule_takes_the_node_given_then_the_one_set_then_the_only_end_node():
    g = loss_graph(stray=True)
    loss, phi = g.find("L"), g.find("phi")
    assert resolve_output(g, "φ") == phi  # as its card shows it
    g.set_output(loss)
    assert resolve_output(g) == loss
    assert resolve_output(loss_graph()) == loss_graph().find("L")  # implied: the only end node


def test_several_end_nodes_are_named_as_their_cards_with_how_to_choose():
    g = loss_graph(stray=True)
    with pytest.raises(GraphError) as info:
        resolve_output(g, choose="--output NAME")
    message = info.value.message
    assert "2 nodes feed nothing" in message and "--output NAME" in message
    assert '("L", "φ")' in message
    assert not any(nid in message for nid in g.node_ids())  # names, never ids


def test_an_empty_graph_has_no_output():
    with pytest.raises(GraphError, match="empty"):
        resolve_output(Graph())


def test_the_engine_differentiates_the_only_end_node():
    grads = engine.gradients(loss_graph())
    np.testing.assert_allclose(grads[loss_graph().find("theta")], [2.0, -4.0])


# ------------------------------------------------------------------- CLI
def test_grad_takes_the_only_end_node(tmp_path, capsys):
    code, out, err = run(capsys, "grad", saved(tmp_path, loss_graph()), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["value"] == 5.0 and report["gradients"] == {"theta": [2.0, -4.0]}


def test_grad_with_several_end_nodes_says_how_to_choose(tmp_path, capsys):
    line = one_error_line(capsys, "grad", saved(tmp_path, loss_graph(stray=True)))
    assert '("L", "φ")' in line and "--output NAME" in line
    code, out, _ = run(capsys, "grad", saved(tmp_path, loss_graph(stray=True)), "--output", "L", "--json")
    assert code == 0 and json.loads(out)["value"] == 5.0


def test_train_takes_the_only_end_node(tmp_path, capsys):
    code, out, err = run(capsys, "train", saved(tmp_path, loss_graph()), "--steps", "2", "--lr", "0.25", "--json")
    assert code == 0, err
    assert json.loads(out)["losses"] == [5.0, 1.25, 0.3125]  # θ ← θ − 0.25·2θ halves θ each step


def test_train_with_several_end_nodes_or_a_vector_one_gives_one_error_line(tmp_path, capsys):
    path = saved(tmp_path, loss_graph(stray=True))
    line = one_error_line(capsys, "train", path, "--steps", "2", "--lr", "0.1")
    assert '("L", "φ")' in line and "--output NAME" in line
    line = one_error_line(capsys, "train", path, "--steps", "2", "--lr", "0.1", "--output", "phi")
    assert 'scalar output: "φ" is in ℝ², not ℝ' in line


def test_export_step_takes_the_only_end_node(tmp_path, capsys):
    out_path = tmp_path / "chain.tex"
    code, _, err = run(capsys, "export", saved(tmp_path, loss_graph()), "-o", str(out_path), "--step", "1")
    assert code == 0, err
    assert out_path.exists()


def test_export_step_with_several_end_nodes_says_how_to_choose(tmp_path, capsys):
    path = saved(tmp_path, loss_graph(stray=True))
    line = one_error_line(capsys, "export", path, "-o", str(tmp_path / "chain.tex"), "--step", "1")
    assert '("L", "φ")' in line and "--output NAME" in line
    assert not (tmp_path / "chain.tex").exists()
    line = one_error_line(capsys, "export", path, "-o", str(tmp_path / "c.tex"), "--step", "1", "--output", "nope")
    assert '--output nope: the diagram has no node named "nope"' in line
    code, _, err = run(capsys, "export", path, "-o", str(tmp_path / "c.tex"), "--step", "1", "--output", "phi")
    assert code == 0, err


# ------------------------------------------------------------ Python API
def test_the_api_takes_the_only_end_node_and_names_several(tmp_path):
    g = ga.load(saved(tmp_path, loss_graph()))
    assert g.output is None and g.value == 5.0
    np.testing.assert_allclose(g.gradients["theta"], [2.0, -4.0])
    several = ga.load(saved(tmp_path, loss_graph(stray=True)))
    with pytest.raises(ga.Error, match=r'\("L", "φ"\): choose the output with g.output = "NAME"'):
        several.value  # noqa: B018
    several.output = "L"
    assert several.value == 5.0
