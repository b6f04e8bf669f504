"""Groups in the text exports: DOT draws each as a Graphviz cluster named as the group (nested
as they are), LaTeX says which groups a step's node is in; a named op's DOT label says its op."""

import re
import shutil
import subprocess

import pytest
from group_graphs import reentering_block

from graphviz_app import cli
from graphviz_app.core import engine, fileformat
from graphviz_app.core.graph import Graph
from graphviz_app.export.dot import graph_dot
from graphviz_app.export.latex import backward_latex
from graphviz_app.resources_path import examples_dir

DOT = shutil.which("dot")


def nested_groups() -> Graph:
    """reentering_block with "block" = {s, v, t} holding "inner" = {s, v} (named "layer 1" with a space)."""
    g, ids = reentering_block()
    g.groups.add([ids["s"], ids["v"], ids["t"]], "layer 1")
    g.groups.add([ids["s"], ids["v"]], "inner")
    return g


def cluster(text: str, name: str) -> str:
    """The body of the cluster labelled name, up to its own closing brace."""
    start = text.index(f'label="{name}";')
    depth, i = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    return text[start:i]


def test_dot_groups_are_clusters_nested_as_the_groups(tmp_path):
    text = graph_dot(nested_groups())
    assert text.count('subgraph "cluster_') == 2
    outer, inner = cluster(text, "layer 1"), cluster(text, "inner")
    assert inner in outer  # the inner cluster is written inside the outer one
    assert '"s";' in inner and '"v";' in inner and '"t";' not in inner
    assert '"t";' in outer.replace(inner, "") and '"s";' not in outer.replace(inner, "")
    assert not re.search(r'"n\d+"', text) and "cluster_" in text  # names, never node ids, in labels


def test_dot_of_example_08_has_its_two_layers():
    out_text = graph_dot(fileformat.load(examples_dir() / "08_two_layer_network_groups.json"))
    labels = re.findall(r'subgraph "cluster_[^"]+" \{\n\s+label="([^"]+)"', out_text)
    assert labels == ["layer1", "layer2"]
    members = cluster(out_text, "layer1").split("\n")[1]  # the line after the cluster's attributes
    assert re.findall(r'"([^"]+)";', members) == ["matmul₁", "add", "h"]


def test_dot_label_of_a_named_op_says_its_op():
    g, ids = reentering_block()  # s = sin u, v = exp s, t = s · v
    text = graph_dot(g)
    labels = dict(re.findall(r'^  "([^"]+)" \[label="([^"\\]*)', text, re.M))
    assert labels["s"] == "s  sin" and labels["v"] == "v  exp"
    plain = Graph()
    x = plain.add_node("variable", name="x", value=0.5)
    for name in (None, "tanh"):  # named after its op, or by the user as the op: said once
        node = plain.add_node("op", "tanh", name=name)
        plain.connect(x, node, 0)
    labels = re.findall(r'\[label="(tanh[^"\\]*)', graph_dot(plain))
    assert labels and all("  tanh" not in label for label in labels)


@pytest.mark.skipif(DOT is None, reason="Graphviz's dot is not installed (Debian: graphviz)")
def test_graphviz_draws_the_clusters():
    run = subprocess.run([DOT, "-Tsvg"], input=graph_dot(nested_groups()), capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count('class="cluster"') == 2 and "layer 1" in run.stdout


def test_latex_steps_say_which_groups_hold_their_node():
    g = nested_groups()
    tex = backward_latex(g, engine.default_backward(g, g.output))
    headings = dict(re.findall(r"\\section\*\{Step \d+ of \d+: \$(\w+)\$([^\n]*)\}", tex))
    assert headings["t"].endswith(r", in \textit{layer 1}")
    assert headings["s"].endswith(r", in \textit{inner}, in \textit{layer 1}")
    assert "in \\textit" not in headings["u"]


def test_cli_latex_of_example_08_names_its_layers(tmp_path, capsys):
    out = tmp_path / "g.tex"
    assert cli.main(["export", str(examples_dir() / "08_two_layer_network_groups.json"), "-o", str(out)]) == 0
    capsys.readouterr()
    tex = out.read_text(encoding="utf-8")
    assert r"$h$ (tanh), in \textit{layer1}}" in tex
    assert r"$\mathrm{logits}$ (add), in \textit{layer2}}" in tex
