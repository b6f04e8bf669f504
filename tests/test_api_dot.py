"""Graphviz DOT: from g.to_dot() and `graphviz-app export -o out.dot`; `dot -Tsvg` reads it when installed."""

import re
import shutil
import subprocess

import numpy as np
import pytest
from api_helpers import linear_model, needs_ops

import graphviz_app as ga
from graphviz_app import cli

DOT = shutil.which("dot")


def test_nodes_named_as_cards_values_in_labels_shapes_on_edges():
    text = linear_model().to_dot()
    assert text.startswith('digraph "graphviz_app" {') and text.rstrip().endswith("}")
    nodes = dict(re.findall(r'^  "([^"]+)" \[label="([^"]*)"', text, re.M))
    assert set(nodes) == {"θ", "Φ", "y", "matmul", "sub", "pow", "loss"}
    assert nodes["θ"] == r"θ\n= [0.5, 0.8]"  # theta, as its card shows it
    assert nodes["loss"].endswith(r"\n= 5.16")
    edges = re.findall(r'^  "([^"]+)" -> "([^"]+)" \[label="([^"]*)"\];', text, re.M)
    assert ("Φ", "matmul", "A: ℝ⁴ˣ²") in edges
    assert ("θ", "matmul", "B: ℝ²") in edges
    assert ("pow", "loss", "ℝ⁴") in edges
    assert re.search(r'"loss" \[[^]]*peripheries=2', text)  # the output
    assert not re.search(r'"n\d+"', text)  # never an internal id


@needs_ops("sin")
def test_quotes_in_names_are_escaped():
    g = ga.Graph()
    x = g.variable("x", 1.0)
    g.op("sin", x, name="y")
    assert r'"y" [label="y  sin\n= 0.8415"' in g.to_dot()  # a named op says its op
    from graphviz_app.export.dot import quote

    assert quote('a"b\\c') == '"a\\"b\\\\c"'


def test_cli_dot(tmp_path, capsys):
    g = linear_model()
    g.save(tmp_path / "m.json")
    assert cli.main(["export", str(tmp_path / "m.json"), "-o", str(tmp_path / "m.dot")]) == 0
    text = (tmp_path / "m.dot").read_text(encoding="utf-8")
    assert text == g.to_dot().replace('digraph "graphviz_app"', 'digraph "m"')
    capsys.readouterr()
    assert cli.main(["export", str(tmp_path / "m.json"), "-o", str(tmp_path / "s.dot"), "--step", "1"]) == 2
    assert capsys.readouterr().err.startswith("error: --step is for pictures and LaTeX")


@pytest.mark.skipif(DOT is None, reason="Graphviz's dot is not installed (Debian: graphviz)")
def test_graphviz_reads_it(tmp_path):
    g = ga.trace(lambda W, a: np.tanh(W @ a), W=np.ones((3, 2)), a=np.array([1.0, 2.0]))
    run = subprocess.run([DOT, "-Tsvg"], input=g.to_dot(), capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "<svg" in run.stdout and "matmul" in run.stdout and "ℝ³ˣ²" in run.stdout
