"""A file that cannot be opened names its nodes as their cards do (Φ for a node named Phi, matmul₂
for the second unnamed matmul), never by the file's ids: the line number says where it is in the
file, and a node entry without a name is "this node" of that line (an unknown op is no card's
name); the same words from the command line and from Python."""

import pytest

import graphviz_app as ga
from graphviz_app.cli import main

NODES = [
    '{"id": "n1", "kind": "constant", "op": null, "name": "Phi", "value": [[1, 2], [3, 4]], "pos": [0, 0], "params": {}}',
    '{"id": "n2", "kind": "variable", "op": null, "name": "theta", "value": [1, 1], "pos": [0, 90], "params": {}}',
    '{"id": "n3", "kind": "op", "op": "matmul", "name": null, "value": null, "pos": [200, 0], "params": {}}',
    '{"id": "n4", "kind": "op", "op": "matmul", "name": null, "value": null, "pos": [400, 0], "params": {}}',
    '{"id": "n5", "kind": "op", "op": "sub", "name": "e", "value": null, "pos": [600, 0], "params": {}}',
]
EDGES = [
    '{"from": "n1", "to": "n3", "port": 0}',
    '{"from": "n2", "to": "n3", "port": 1}',
    '{"from": "n1", "to": "n4", "port": 0}',
    '{"from": "n3", "to": "n4", "port": 1}',
    '{"from": "n4", "to": "n5", "port": 0}',
    '{"from": "n3", "to": "n5", "port": 1}',
]


def diagram(nodes=NODES, edges=EDGES) -> str:
    """The file as the editor writes it: line 6 holds n1, line 13 the first edge."""
    return (
        '{\n  "format": "graphviz_app",\n  "version": 1,\n  "output": "n5",\n  "nodes": [\n    '
        + ",\n    ".join(nodes)
        + '\n  ],\n  "edges": [\n    '
        + ",\n    ".join(edges)
        + "\n  ]\n}\n"
    )


def with_node(number: int, old: str, new: str) -> str:
    nodes = list(NODES)
    assert old in nodes[number - 1]
    nodes[number - 1] = nodes[number - 1].replace(old, new)
    return diagram(nodes)


def with_edge(index: int, edge: str) -> str:
    edges = list(EDGES)
    edges[index] = edge
    return diagram(edges=edges)


CASES = {
    "a cycle": (
        with_edge(3, '{"from": "n5", "to": "n4", "port": 1}'),
        "line 16: the edges form a cycle: e -> matmul₂ -> e",
    ),
    "a bad value": (
        with_node(1, "[[1, 2], [3, 4]]", '"hello"'),
        'line 6: node Φ has a bad value: the text "hello" is not a number',
    ),
    "no kind": (with_node(2, '"kind": "variable"', '"kind": null'), "line 7: node θ has kind null"),
    "a port an op lacks": (
        with_edge(3, '{"from": "n3", "to": "n4", "port": 5}'),
        "line 16: node matmul₂ has no input port 5; its ports are 0 (A), 1 (B)",
    ),
    "a port a named op lacks": (
        with_edge(4, '{"from": "n4", "to": "n5", "port": 7}'),
        "line 17: node e has no input port 7; sub's ports are 0 (a), 1 (b)",
    ),
    "two edges into one port": (
        with_edge(1, '{"from": "n1", "to": "n3", "port": 0}'),
        "line 14: two edges go into port 0 of node matmul₁ (the first on line 13)",
    ),
    "an edge into an input": (
        with_edge(1, '{"from": "n1", "to": "n2", "port": 0}'),
        "line 14: an edge goes into θ, a variable, which has no inputs",
    ),
    # the node itself is malformed: named by what its entry says, its name or its op
    "an unknown op, unnamed": (  # named as its card would be: by its op
        with_node(3, '"op": "matmul"', '"op": "matmull"'),
        'line 8: this node has unknown op "matmull" (did you mean "matmul"?)',
    ),
    "an unknown op, named": (
        with_node(5, '"op": "sub"', '"op": "subb"'),
        'line 10: node e has unknown op "subb"',
    ),
    "a bad parameter of an unnamed op": (
        with_node(4, '"params": {}', '"params": {"p": 2}'),
        'line 9: this matmul node has an unknown parameter "p" (known for matmul: none)',
    ),
    # an unnamed variable or constant is "this variable": its kind is said once, never "this variable is a variable"
    "an unnamed variable without a value": (
        with_node(2, '"name": "theta", "value": [1, 1], ', '"name": null, '),
        'line 7: this variable has no "value"',
    ),
    "an unnamed variable with an op": (
        with_node(2, '"op": null, "name": "theta"', '"op": "sin", "name": null'),
        'line 7: this variable has "op" "sin", but only op nodes have an op ("op" must be null)',
    ),
    "an unnamed constant with parameters": (
        with_node(1, '"name": "Phi"', '"name": null').replace('"params": {}}', '"params": {"p": 2}}', 1),
        'line 6: this constant has "params", but only ops take parameters',
    ),
    "a named constant marked trainable": (
        with_node(1, '"params": {}', '"params": {}, "trainable": true'),
        'line 6: node Φ has "trainable", but only variables train',
    ),
}


def refusal(path) -> str:
    with pytest.raises(ga.Error) as info:
        ga.load(path)
    return str(info.value)


@pytest.mark.parametrize("case", CASES)
def test_file_errors_name_nodes_as_their_cards_never_by_id(tmp_path, capsys, case):
    text, expected = CASES[case]
    path = tmp_path / "d.json"
    path.write_text(text, encoding="utf-8")
    message = refusal(path)
    assert message.startswith(f"{path}: {expected}")
    assert '"n' not in message  # (no id of the file)
    assert main(["grad", str(path)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {message}"


def test_the_sample_file_itself_loads(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(diagram(), encoding="utf-8")
    assert sorted(ga.load(path).names) == sorted(["Φ", "θ", "matmul₁", "matmul₂", "e"])


def test_an_op_unlike_any_known_is_not_guessed_at(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(with_node(3, '"op": "matmul"', '"op": "frobnicate"'), encoding="utf-8")
    assert refusal(path) == f'{path}: line 8: this node has unknown op "frobnicate"'
