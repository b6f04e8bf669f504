"""Groups in the text exports: DOT draws each as a Graphviz cluster named as the group (nested
as they are), LaTeX says which groups a step's node is in and writes a collapsed group's composite
Jacobian after its steps; a named op's DOT label says its op."""

import re
import shutil
import subprocess

import numpy as np
import pytest
from group_graphs import reentering_block
from latex_helpers import PDFLATEX, compile_latex

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


# ------------------------------------ a collapsed group's composite Jacobian, as the Inspector shows it
def _matrices(tex: str) -> list[np.ndarray]:
    """Every bmatrix of a piece of LaTeX, in order, as numbers (none elided here)."""
    blocks = re.findall(r"\\begin\{bmatrix\}\n(.*?)\n\\end\{bmatrix\}", tex, flags=re.S)
    return [np.array([[float(x) for x in row.split(" & ")] for row in b.split(" \\\\\n")]) for b in blocks]


def _as_written(m: np.ndarray) -> np.ndarray:
    """The numbers as the document writes them: 4 significant digits."""
    return np.vectorize(lambda x: float(f"{x:.4g}"))(m)


def _collapsed(example: str, group: str, members: list[str], path) -> None:
    g = fileformat.load(examples_dir() / example)
    ids = {g.node(nid).name or g.node(nid).op: nid for nid in g.node_ids()}
    gid = g.groups.add([ids[m] for m in members], group) if members else g.groups.find(group).id
    g.groups.set_collapsed(gid, True)
    fileformat.save(g, str(path))


def _composite_section(tex: str, group: str) -> str:
    start = tex.index(rf"\subsection*{{Composite Jacobian of \textit{{{group}}}}}")
    end = tex.find(r"\section*", start)
    return tex[start : end if end > 0 else len(tex)]


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_latex_of_a_collapsed_group_step_writes_its_composite_jacobian(tmp_path, capsys, layout):
    """Example 06 with z = W a and tanh(z) collapsed into "layer": at the group's step the document
    writes J_layer = ∂tanh/∂W (a constant gets none), d_i δ_ij a_k with d = 1 − tanh²(W a), as
    the Inspector and the picture of that step show it: shaped 3×6 (denominator: 6×3)."""
    path, out = tmp_path / "layer.json", tmp_path / "layer.tex"
    _collapsed("06_h_of_Wa.json", "layer", ["z", "tanh"], path)
    assert cli.main(["export", str(path), "-o", str(out), "--step", "2", "--layout", layout]) == 0
    capsys.readouterr()
    tex = out.read_text(encoding="utf-8")
    assert "steps 2--3 of 4" in tex  # (the group's stop: its two steps, then its Jacobian)
    section = _composite_section(tex, "layer")
    numerator = layout == "numerator"
    t = "" if numerator else r"^{\mathsf{T}}"
    derivative = r"\frac{\partial \mathrm{tanh}}{\partial W}"
    assert rf"J_{{\text{{layer}}}}{t} = " + (derivative if numerator else rf"\left({derivative}\right){t}") in section
    shape = r"3\times 6" if numerator else r"6\times 3"
    assert rf"Composite Jacobian (shape ${shape}$: a tensor of order 3" in section
    W, a = np.array([[0.5, -0.3], [0.2, 0.4], [-0.6, 0.1]]), np.array([1.0, 2.0])
    expected = np.kron(np.diag(1 - np.tanh(W @ a) ** 2), a[None, :])  # ∂tanh(W a)_i/∂W_jk
    [written] = _matrices(section)
    np.testing.assert_array_equal(written, _as_written(expected if numerator else expected.T))
    # every step: the Jacobian once, after the group's steps
    assert cli.main(["export", str(path), "-o", str(tmp_path / "all.tex"), "--layout", layout]) == 0
    whole = (tmp_path / "all.tex").read_text(encoding="utf-8")
    assert whole.count("Composite Jacobian of") == 1
    assert whole.index("Step 3 of 4") < whole.index("Composite Jacobian of") < whole.index("Step 4 of 4")
    # a list of steps that is not the whole group (as backward_latex may be given): no Jacobian of the group
    g = fileformat.load(path)
    assert "Composite Jacobian" not in backward_latex(g, engine.default_backward(g, g.output), [2], layout)
    if PDFLATEX:
        compile_latex(tex, tmp_path)


def test_latex_of_a_collapsed_group_of_two_inputs_writes_its_whole_jacobian_then_each_block(tmp_path, capsys):
    """Example 08 with layer1 = tanh(W1 x + b1) collapsed: J_layer1 = ∂h/∂(W1, b1), 4×16, one block
    per input, then ∂h/∂W1 (4×12) and ∂h/∂b1 = diag(1 − h²) (4×4), as the Inspector lists them."""
    path, out = tmp_path / "net.json", tmp_path / "net.tex"
    _collapsed("08_two_layer_network_groups.json", "layer1", [], path)  # (its steps: h, add, matmul₁)
    assert cli.main(["export", str(path), "-o", str(out), "--step", "4"]) == 0
    capsys.readouterr()
    section = _composite_section(out.read_text(encoding="utf-8"), "layer1")
    whole = r"\frac{\partial h}{\partial \left(\mathrm{W1}, \mathrm{b1}\right)}"
    assert r"Composite Jacobian (shape $4\times 16$, one block per input):" in section
    assert rf"J_{{\text{{layer1}}}} = {whole} = \begin{{bmatrix}}" in section
    x, b1 = np.array([0.5, -1.0, 2.0]), np.array([0.1, -0.1, 0.0, 0.2])
    W1 = np.array([[0.2, -0.1, 0.4], [-0.3, 0.5, 0.1], [0.6, 0.2, -0.2], [0.1, -0.4, 0.3]])
    d = 1 - np.tanh(W1 @ x + b1) ** 2
    assert r"Block (shape $4\times 12$: a tensor of order 3" in section and r"Block (shape $4\times 4$)" in section
    by_w, by_b = _matrices(section.split(r"\end{bmatrix}", 1)[1])  # (after the whole one, 16 columns elided)
    np.testing.assert_array_equal(by_w, _as_written(np.kron(np.diag(d), x[None, :])))
    np.testing.assert_array_equal(by_b, _as_written(np.diag(d)))
