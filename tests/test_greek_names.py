"""A node named in ASCII after a Greek letter (theta, Phi) is shown as the letter (θ, Φ) wherever a
person reads it: the same name on its card, in the chain rule, in `graphviz-app grad`'s text and
in messages. Its name as written still finds it (`--output theta`, `g["theta"]`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core import chain, engine, entry_names
from graphviz_app.core import conventions as cv
from graphviz_app.core.fileformat import load
from graphviz_app.core.graph import Graph
from graphviz_app.core.naming import describe, display_labels, name_problem
from graphviz_app.ui.animation.chain_text import report_text

EXAMPLES = sorted((Path(__file__).parent.parent / "resources" / "examples").glob("*.json"))
LINEAR = next(p for p in EXAMPLES if p.name.startswith("05_"))


def ascii_greek(graph: Graph) -> set[str]:
    """The names written in ASCII that show as a Greek letter (theta, Phi)."""
    return {n.name for n in graph.nodes() if n.name and entry_names.display_name(n.name) != n.name}


def assert_not_written(text: str, words: set[str]) -> None:
    for word in words:
        assert not re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", text), f"{word} in: {text}"


def test_the_linear_model_shows_phi_and_theta_as_letters():
    graph = load(LINEAR)
    shown = set(display_labels(graph).values())
    assert {"Φ", "θ"} <= shown and not {"Phi", "theta"} & shown
    assert describe(graph, graph.find("theta")) == 'variable "θ"'


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_grad_text_names_every_node_as_its_card(path, capsys):
    graph = load(path)
    assert main(["grad", str(path)]) == 0
    out = capsys.readouterr().out
    labels = display_labels(graph)
    assert out.startswith(f"output {labels[graph.output]}, shape ")
    lines = out.splitlines()
    table = lines[lines.index("nodes") + 2 :]  # (after its header row)
    first_column = {line.split()[0] for line in table if line.startswith("  ") and line.split()}
    assert set(labels.values()) <= first_column
    assert_not_written(out, ascii_greek(graph))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_chain_rule_text_names_every_node_as_its_card(path):
    graph = load(path)
    ev = engine.evaluate(graph)
    scalar = ev.require(graph.output).shape == ()
    trace = engine.backward(graph, seed=None if scalar else "jacobian", evaluation=ev)
    labels = display_labels(graph)
    hidden = ascii_greek(graph)
    for variable in graph.variables():
        report = chain.chain_report(graph, trace, variable.id, cv.NUMERATOR)
        text = report_text(report, labels)
        assert report.lhs == f"∂{labels[graph.output]}/∂{labels[variable.id]}"
        assert_not_written(text, hidden)
        for p in report.paths:
            for factor in p.product_text.split(" · "):
                names = re.findall(r"∂([^/∂\s]+)", factor)
                assert set(names) <= set(labels.values()), factor


def test_the_name_as_written_and_as_shown_both_find_the_node(capsys):
    graph = load(LINEAR)
    theta = graph.find("theta")
    assert graph.find("θ") == theta
    g = ga.load(LINEAR)
    for written in ("θ", "theta"):
        g.output = written
        assert g.output.name == "θ"
    capsys.readouterr()
    assert main(["grad", str(LINEAR), "--output", "θ"]) == 0
    assert capsys.readouterr().out.startswith("output θ, shape ℝ²")


def test_a_name_that_would_show_as_another_nodes_is_refused():
    graph = load(LINEAR)
    y = graph.find("y")
    assert "θ" in name_problem(graph, y, "θ")  # theta shows as θ
    assert name_problem(graph, y, "theta") is not None
    phi = graph.find("Phi")
    assert name_problem(graph, graph.find("e"), "Phi") is not None
    assert name_problem(graph, phi, "Φ") is None  # its own name, written as shown
