"""A graph built with the mouse has no names: everything a person reads names its nodes as the
cards do (add₂, square₁), never by internal id (n7), and the chain rule is written factor by
factor, as for the examples. Checked on every bundled example with its names taken away."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from graphviz_app.cli import main
from graphviz_app.core import chain, engine, gradient_check
from graphviz_app.core import conventions as cv
from graphviz_app.core.fileformat import load, save
from graphviz_app.core.graph import Graph
from graphviz_app.core.naming import display_labels
from graphviz_app.ui.animation.chain_text import report_text

EXAMPLES = sorted((Path(__file__).parent.parent / "resources" / "examples").glob("*.json"))
INTERNAL_ID = re.compile(r"\bn\d+\b")


def unnamed(path: Path) -> Graph:
    """The example as the mouse would build it: the same nodes and edges, no names."""
    graph = load(path)
    for node in graph.nodes():
        graph.rename(node.id, None)
    return graph


def op(g: Graph, name: str, *inputs: str) -> str:
    nid = g.add_node("op", name)
    for port, src in enumerate(inputs):
        g.connect(src, nid, port)
    return nid


def assert_no_id(text: str) -> None:
    assert not INTERNAL_ID.search(text), f"an internal id in: {text}"


def backward(graph: Graph):
    ev = engine.evaluate(graph)
    scalar = ev.require(graph.output).shape == ()
    return engine.backward(graph, seed=None if scalar else "jacobian", evaluation=ev)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_chain_rule_of_an_unnamed_example_names_nodes_as_cards_and_writes_every_factor(path):
    graph = unnamed(path)
    trace = backward(graph)
    labels = display_labels(graph)
    for step in trace.steps:
        assert_no_id(step.label + " " + " ".join(i.source_label for i in step.inputs))
    assert_no_id(trace.output_label)
    for node in graph.nodes():
        if not node.is_input:
            continue
        for convention in cv.CONVENTIONS:
            report = chain.chain_report(graph, trace, node.id, convention)
            assert_no_id(report_text(report, labels))
            assert_no_id(report.summary or "")
            for p in report.paths:
                # no node is named: each card along the path is a factor of its own
                own = [f for f in p.factors if f.structure != "the seed"]
                assert len(own) == len(p.edges)
                assert p.product_text.count("∂") == 2 * len(own)
            if report.paths and report.total_paths == len(report.paths):
                assert report.agrees in (True, None)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_grad_text_output_of_an_unnamed_example_names_nodes_as_cards(path, tmp_path, capsys):
    graph = unnamed(path)
    file = tmp_path / "unnamed.json"
    save(graph, file)
    assert main(["grad", str(file)]) == 0
    out = capsys.readouterr().out
    assert_no_id(out)
    labels = display_labels(graph)
    assert out.startswith(f"output {labels[graph.output]}, shape ")
    for label in labels.values():
        assert any(line.strip().startswith(label + " ") for line in out.splitlines()), label


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_messages_about_an_unnamed_example_name_nodes_as_cards(path):
    graph = unnamed(path)
    out = graph.output
    out_shape = engine.evaluate(graph).require(out).shape
    messages = []
    with pytest.raises(Exception) as wrong_seed:  # a seed of the wrong shape
        engine.backward(graph, seed=np.ones(tuple(s + 1 for s in out_shape) or (2,)))
    messages.append(str(wrong_seed.value))
    if sum(v.value.size for v in graph.variables()) <= 1000:  # finite differences of every entry
        messages += [e.label for e in gradient_check.gradcheck(graph).entries]
    # take an input away from the output: the output and what it blocks say why
    port = next(iter(graph.inputs_of(out)))
    graph.disconnect(out, port)
    ev = engine.evaluate(graph)
    messages.append(ev.problem(out))
    assert all(messages)
    for message in messages:
        assert_no_id(message)


def test_y_of_u1_u2_built_by_hand_reads_factor_by_factor():
    """The issue's example: y = u1² + u2², u1 = x1 + x2, u2 = x1 − x2, only x1 and x2 named."""
    g = Graph()
    x1 = g.add_node("variable", name="x1", value=1.5)
    x2 = g.add_node("variable", name="x2", value=-0.5)
    u1, u2 = op(g, "add", x1, x2), op(g, "sub", x1, x2)
    g.set_output(op(g, "add", op(g, "square", u1), op(g, "square", u2)))
    report = chain.chain_report(g, engine.backward(g), x1, cv.NUMERATOR)
    first, second = report.paths
    assert report.lhs == "∂add₂/∂x1"
    assert first.product_text == "∂add₂/∂square₁ · ∂square₁/∂add₁ · ∂add₁/∂x1"
    # the unnamed add as what it computes, by its card's name (add₁ as in ∂square₁/∂add₁, not add)
    assert first.readable_text == "1 · 2(add₁(x1, x2)) · 1"
    assert second.product_text == "∂add₂/∂square₂ · ∂square₂/∂sub · ∂sub/∂x1"
    assert report.agrees
    assert float(report.gradient.matrix[0, 0]) == pytest.approx(2 * (1.5 - 0.5) + 2 * (1.5 + 0.5))


def test_h_of_Wa_built_by_hand_reads_factor_by_factor():
    g = Graph()
    W = g.add_node("variable", value=[[0.5, -0.3], [0.2, 0.4], [-0.6, 0.1]])
    a = g.add_node("constant", value=[1.0, 2.0])
    g.set_output(op(g, "sum", op(g, "tanh", op(g, "matmul", W, a))))
    report = chain.chain_report(g, engine.backward(g), W, cv.NUMERATOR)
    (path,) = report.paths
    assert report.lhs == "∂sum/∂variable"
    assert path.product_text == "∂sum/∂tanh · ∂tanh/∂matmul · ∂matmul/∂variable"
    assert [f.readable for f in path.factors[:2]] == ["1ᵀ", "diag(1 − tanh²(matmul(…)))"]
    assert path.shape_equation == "(1×3)·(3×3)·(3×6) = (1×6)   shown as 2×3"
    assert report.agrees


def test_a_partly_named_path_still_folds_its_unnamed_nodes():
    """Naming nodes is how a user writes the worked example: the unnamed ones between are folded."""
    g = Graph()
    theta = g.add_node("variable", name="theta", value=[0.5, 0.8])
    Phi = g.add_node("constant", name="Phi", value=[[1.0, 0.5], [1.0, 1.5]])
    y = g.add_node("constant", name="y", value=[1.2, 1.9])
    e = op(g, "sub", y, op(g, "matmul", Phi, theta))
    g.rename(e, "e")
    L = op(g, "sqnorm", e)
    g.set_output(L)
    (path,) = chain.chain_report(g, engine.backward(g), theta, cv.NUMERATOR).paths
    assert path.product_text == "∂sqnorm/∂e · ∂e/∂θ"
    assert path.readable_text == "2eᵀ · (−Φ)"


def test_grad_json_keys_unnamed_variables_as_their_cards_never_by_id(tmp_path, capsys):
    import json

    from graphviz_app.cli import main
    from graphviz_app.core import fileformat
    from graphviz_app.core.graph import Graph

    g = Graph()
    a = g.add_node("variable", value=2.0)
    b = g.add_node("variable", name="theta", value=-1.0)
    s = g.add_node("op", "mul")
    g.connect(a, s, 0)
    g.connect(b, s, 1)
    g.set_output(s)
    path = tmp_path / "unnamed.json"
    fileformat.save(g, path)
    assert main(["grad", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert sorted(report["gradients"]) == sorted(report["jacobians"]) == ["theta", "variable"]
    assert report["gradients"] == {"variable": -1.0, "theta": 2.0}
