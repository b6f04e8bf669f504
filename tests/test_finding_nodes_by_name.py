"""A person names a node as its card does: --output, --set and the Python API find it by its name as
written (theta), as its card shows it (θ, matmul₁) or typed with plain digits (matmul1), never
by an internal id that happens to be spelt alike (a node named n1 beside the node whose id is n1).
One lookup for every way in; a name nothing bears gets a close name or the names there are."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core import engine, fileformat
from graphviz_app.core.graph import Graph

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"
TWO_LAYERS = str(EXAMPLES / "08_two_layer_network_groups.json")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def grad_json(capsys, *argv) -> dict:
    code, out, err = run(capsys, "grad", *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def names_like_ids(tmp_path) -> tuple[str, Graph]:
    """sin(n3)·cos(n1) traced: the variable named n3 has the id n1, the one named n1 the id n2."""
    g = ga.trace(lambda n3, n1: np.sin(n3) * np.cos(n1), n3=1.0, n1=2.0)
    assert g.core.find("n3") == "n1"  # (the premise: a name spelt as another node's id)
    path = str(tmp_path / "ids.json")
    g.save(path)
    return path, g


def test_grad_output_takes_the_node_so_named_not_the_node_with_that_id(tmp_path, capsys):
    report = grad_json(capsys, "--expr", "sin(n3) * cos(n1)", "--set", "n3=1", "--set", "n1=2", "--output", "n1")
    assert report["value"] == 2.0  # the variable n1 itself
    path, _ = names_like_ids(tmp_path)
    assert grad_json(capsys, path, "--output", "n1")["value"] == 2.0
    assert grad_json(capsys, path, "--output", "n3")["value"] == 1.0


def test_grad_set_sets_the_node_so_named(tmp_path, capsys):
    path, _ = names_like_ids(tmp_path)
    report = grad_json(capsys, path, "--set", "n1=0.5")
    assert report["value"] == pytest.approx(np.sin(1.0) * np.cos(0.5))


def test_export_and_train_output_take_the_node_so_named(tmp_path, capsys):
    path, _ = names_like_ids(tmp_path)
    code, _, err = run(capsys, "export", path, "--output", "n1", "-o", str(tmp_path / "out.tex"), "--step", "1")
    assert code == 0, err
    assert r"Backward pass of $\mathrm{n1}$: step 1 of 1" in (tmp_path / "out.tex").read_text()
    g = ga.Graph()
    x = g.variable("x", 1.0)  # id n1
    g.op("square", x, name="n3")
    g.op("sin", x, name="n1")
    g.save(tmp_path / "train.json")
    code, out, err = run(capsys, "train", str(tmp_path / "train.json"), "--output", "n1", "--steps", "1", "--json")
    assert code == 0, err
    assert json.dumps(json.loads(out)).count(str(np.sin(1.0))[:8]) >= 1  # the loss is sin(x), not x


def test_the_api_and_the_cli_agree_on_the_same_file(tmp_path, capsys):
    path, _ = names_like_ids(tmp_path)
    h = ga.load(path)
    h.output = "n1"
    assert h.value == 2.0 == grad_json(capsys, path, "--output", "n1")["value"]
    g = ga.Graph()
    a = g.variable("n2", 3.0)  # id n1
    g.variable("n1", 5.0)  # id n2
    assert g.op("square", "n1").id != g.op("square", a).id
    assert g.value == 25.0


def test_code_that_holds_ids_still_reaches_the_node_with_that_id():
    """The window and the engine pass ids (forward mode's tangents, the output): a node named
    like another's id does not take its place."""
    g = Graph()
    x = g.add_node("variable", name="n2", value=1.0)  # id n1
    y = g.add_node("variable", name="n1", value=2.0)  # id n2
    s = g.add_node("op", "mul")
    g.connect(x, s, 0)
    g.connect(y, s, 1)
    g.set_output(s)
    trace = engine.forward_mode(g, {x: np.array(1.0)})
    assert trace.steps[-1].node == s and trace.steps[-1].tangent == pytest.approx(2.0)  # ∂(x·y)/∂x = y
    assert engine.gradients(g, s)[x] == pytest.approx(2.0)


@pytest.mark.parametrize("typed", ["matmul1", "matmul₁"])
def test_a_numbered_card_is_found_with_plain_digits(capsys, typed):
    report = grad_json(capsys, TWO_LAYERS, "--output", typed)
    assert report["shape"] == [4]
    h = ga.load(TWO_LAYERS)
    h.output = typed
    assert h.output.name == "matmul₁"


def test_an_unknown_name_gets_a_close_name_or_the_names_there_are(capsys):
    code, _, err = run(capsys, "grad", TWO_LAYERS, "--output", "matmull")
    assert code == 2
    said = 'the diagram has no node named "matmull" (did you mean "matmul₁" or "matmul₂"?)'
    assert err.strip() == f"error: --output matmull: {said}"
    code, _, err = run(capsys, "grad", TWO_LAYERS, "--output", "nope")
    assert code == 2 and err.count("\n") == 1
    with pytest.raises(ga.Error, match=r'no node named "thta" \(did you mean "θ"\?\)'):
        g = ga.Graph()
        g.variable("theta", 1.0)
        g.op("sin", "thta")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("matmul", '"matmul₁" or "matmul₂"'),  # equally close: both offered, in the graph's order
        ("matmul3", '"matmul₁" or "matmul₂"'),
        ("MATMUL1", '"matmul₁"'),  # case aside, it is matmul₁ exactly
        ("Loss", '"loss"'),
        ("w1", '"W1"'),
    ],
)
def test_every_equally_close_name_is_offered_whatever_the_case(capsys, typed, meant):
    code, _, err = run(capsys, "grad", TWO_LAYERS, "--output", typed)
    assert code == 2
    assert err.strip() == f'error: --output {typed}: the diagram has no node named "{typed}" (did you mean {meant}?)'


def test_the_names_listed_start_with_the_end_node_and_the_numbered_ones(capsys):
    code, _, err = run(capsys, "grad", TWO_LAYERS, "--output", "nope")
    assert code == 2
    listed = err.strip().split("(its nodes: ")[1].rstrip(")").split(", ")
    assert listed[0] == '"loss"' and {'"matmul₁"', '"matmul₂"', '"add"'} <= set(listed)
    assert {'"x"', '"W1"', '"b1"', '"W2"', '"b2"', '"target"'} <= set(listed)  # (12 nodes: all listed)
    assert listed.index('"add"') < listed.index('"x"')  # ops before the inputs


def test_a_long_list_of_names_says_how_many_more():
    g = ga.Graph()
    for i in range(20):
        g.variable(f"v{i}", 1.0)
    with pytest.raises(ga.Error, match=r'no node named "zzz" \(its nodes: "v0", .*"v11", and 8 more\)$'):
        g.op("sin", "zzz")


def test_an_id_is_found_only_when_no_node_is_so_named(tmp_path, capsys):
    """A file's ids are what a script may have read from it: one is found where no name is spelt alike."""
    matmul = next(n["id"] for n in json.loads(Path(TWO_LAYERS).read_text())["nodes"] if n.get("op") == "matmul")
    assert grad_json(capsys, TWO_LAYERS, "--output", matmul)["shape"] == [4]
    g = fileformat.load(TWO_LAYERS)
    assert g.find(matmul) == g.find("matmul₁")
