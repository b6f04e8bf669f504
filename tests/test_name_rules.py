"""One rule for the names a node may bear (naming.node_name_problem), checked by the graph itself,
so every way in shares it: a file, a paste, the API, the expression parser and the editor's
commands refuse a name with anything but letters (any script), digits, subscript digits and _ (a space, a sign, ∂, an emoji), a digit first, or over 100 characters, with the
same words (a file's message names the line and the node). Group names get the length limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core import fileformat
from graphviz_app.core.errors import FileFormatError, GraphError
from graphviz_app.core.graph import Graph
from graphviz_app.core.naming import name_problem

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"
BAD_NAMES = {
    "a b": "a name cannot hold space",
    "x=1": "a name cannot hold =",
    "1x": "a name cannot start with a digit",
    "x" * 5000: "a name is at most 100 characters long",
    "∂L": "a name cannot hold ∂",  # the chain rule would read ∂∂L/∂θ
    "L'": "a name cannot hold '",
    "🙂": "a name cannot hold 🙂",
    "x²": "a name cannot hold ²",
}


@pytest.mark.parametrize("name", ["θ", "x₁", "y_hat", "ŷ", "Φ2", "日本", "Ωmega_3"])
def test_letters_of_any_script_digits_subscript_digits_and_underscore_make_a_name(name):
    g = Graph()
    x = g.add_node("variable", name=name, value=1.0)
    assert g.node(x).name == name and name_problem(g, x, name) is None


def _file_naming(tmp_path, name: str) -> Path:
    doc = json.loads((EXAMPLES / "04_sin_of_square.json").read_text())
    doc["nodes"][1]["name"] = name
    path = tmp_path / "named.json"
    path.write_text(json.dumps(doc, indent=1))
    return path


@pytest.mark.parametrize("name", list(BAD_NAMES))
def test_every_way_in_refuses_a_name_no_node_may_bear_with_the_same_words(tmp_path, capsys, name):
    why = BAD_NAMES[name]
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0)
    assert why in name_problem(g, x, name)  # the editor (Rename, the card's title, the value editor)
    with pytest.raises(GraphError, match=why):
        g.add_node("variable", name=name, value=1.0)
    with pytest.raises(GraphError, match=why):
        g.rename(x, name)
    assert g.node(x).name == "x" and len(g) == 1
    with pytest.raises(ga.Error, match=why):
        ga.Graph().variable(name, 1.0)
    path = _file_naming(tmp_path, name)
    with pytest.raises(FileFormatError, match=why) as refused:
        fileformat.load(path)
    assert "line 18: node " in refused.value.message and '"n2"' not in refused.value.message
    assert main(["grad", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and why in err and len(err) < 300  # (a 5,000-character name is cut)


def test_every_example_and_an_op_name_in_a_file_still_open(tmp_path):
    for path in sorted(EXAMPLES.glob("*.json")):
        fileformat.load(path)
    fileformat.load(_file_naming(tmp_path, "sum"))  # (an op added later must not lock a file out)


def test_a_group_name_over_the_limit_is_refused_by_file_and_rename(tmp_path):
    doc = json.loads((EXAMPLES / "08_two_layer_network_groups.json").read_text())
    doc["groups"][0]["name"] = "G" * 101
    path = tmp_path / "group.json"
    path.write_text(json.dumps(doc, indent=1))
    with pytest.raises(FileFormatError, match=r"line \d+: the group \"G+…\": a name is at most 100 characters"):
        fileformat.load(path)
    g = fileformat.load(EXAMPLES / "08_two_layer_network_groups.json")
    group = next(iter(g.groups))
    with pytest.raises(GraphError, match="at most 100 characters long"):
        g.groups.rename(group.id, "G" * 101)
    assert g.groups.get(group.id).name == group.name
    g.groups.rename(group.id, "G" * 100)
