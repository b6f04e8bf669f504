"""Two nodes named phi and φ (or theta and θ), from a file or the Python API: whatever a person
reads tells them apart. phi shows as written beside a node named φ (its Greek form would be
that node's name); alone it shows φ. Each shown name finds its node, and a rename cannot make a
new pair alike."""

from __future__ import annotations

import json

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core.fileformat import load
from graphviz_app.core.naming import describe, display_labels, name_problem


def pair_file(tmp_path, ascii_name: str = "phi", letter: str = "φ"):
    nodes = [
        {"id": "n1", "kind": "variable", "name": ascii_name, "value": 0.5, "pos": [0, -70]},
        {"id": "n2", "kind": "variable", "name": letter, "value": 2.0, "pos": [0, 70]},
        {"id": "n3", "kind": "op", "op": "mul", "name": None, "value": None, "pos": [240, 0]},
        {"id": "n4", "kind": "op", "op": "sin", "name": "L", "value": None, "pos": [480, 0]},
    ]
    edges = [{"from": "n1", "to": "n3", "port": 0}, {"from": "n2", "to": "n3", "port": 1}]
    edges.append({"from": "n3", "to": "n4", "port": 0})
    path = tmp_path / "alike.json"
    text = {"format": "graphviz_app", "version": 1, "output": "n4", "nodes": nodes, "edges": edges}
    path.write_text(json.dumps(text), encoding="utf-8")
    return path


def test_a_file_with_phi_and_its_letter_shows_two_names(tmp_path):
    for ascii_name, letter in (("phi", "φ"), ("theta", "θ"), ("Phi", "Φ")):
        graph = load(pair_file(tmp_path, ascii_name, letter))
        labels = display_labels(graph)
        assert labels["n1"] == ascii_name and labels["n2"] == letter
        assert graph.find(ascii_name) == "n1" and graph.find(letter) == "n2"
        assert describe(graph, "n1") != describe(graph, "n2")


def test_phi_alone_still_shows_its_letter_and_the_pair_breaks_when_one_is_renamed(tmp_path):
    graph = load(pair_file(tmp_path))
    graph.rename("n2", "psi")
    assert display_labels(graph)["n1"] == "φ" and display_labels(graph)["n2"] == "ψ"
    assert graph.find("φ") == "n1" and graph.find("phi") == "n1"


def test_grad_text_names_the_two_variables_apart(tmp_path, capsys):
    assert main(["grad", str(pair_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    gradients = out.split("gradient of L")[1].split("nodes")[0]
    rows = [line.split()[0] for line in gradients.splitlines()[2:] if line.strip()]
    assert rows == ["phi", "φ"]
    assert "phi: 1×1  φ: 1×1" in out  # the product's local Jacobians, one per input


def test_the_python_api_pair_keeps_its_names_apart():
    g = ga.Graph()
    a, b = g.variable("theta", 1.0), g.variable("θ", 3.0)
    g.op("mul", a, b, name="L")
    assert g.gradients == {"theta": 3.0, "θ": 1.0}
    latex = g.to_latex()
    assert "theta" in latex and r"\theta" in latex


def test_a_rename_cannot_make_a_new_pair_alike_but_a_node_keeps_its_name(tmp_path):
    graph = load(pair_file(tmp_path))
    assert name_problem(graph, "n3", "phi") is not None  # would show φ beside φ
    assert name_problem(graph, "n3", "φ") is not None
    assert "another node" in name_problem(graph, "n2", "phi")
    assert name_problem(graph, "n1", "phi") is None  # its own name, as the file gave it
    assert name_problem(graph, "n1", "phi_2") is None
