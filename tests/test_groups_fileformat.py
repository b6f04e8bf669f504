"""Groups in diagram files: version 2 round-trips, version 1 stays as it was, bad groups are refused with their line."""

import json

import pytest

from graphviz_app.core.errors import FileFormatError
from graphviz_app.core.fileformat import dumps, load, loads, save
from graphviz_app.resources_path import examples_dir

NETWORK = examples_dir() / "08_two_layer_network_groups.json"
PLAIN = examples_dir() / "07_two_layer_network.json"


def lines_of(text):
    return text.splitlines()


def line_number(text, needle):
    """1-based line of the first line holding needle."""
    return next(i for i, line in enumerate(lines_of(text), 1) if needle in line)


def test_groups_round_trip_through_a_file(tmp_path):
    g = load(NETWORK)
    layer2 = g.groups.find("layer2").id
    g.groups.set_collapsed(layer2, True)
    g.groups.add(g.groups.find("layer1").nodes - {g.find("h")}, "affine")
    path = tmp_path / "net.json"
    save(g, path)
    back = load(path)
    assert [(x.id, x.name, x.nodes, x.collapsed) for x in back.groups] == [
        (x.id, x.name, x.nodes, x.collapsed) for x in g.groups
    ]
    assert back.groups.parent(back.groups.find("affine").id).name == "layer1"
    assert dumps(back) == path.read_text(encoding="utf-8")


def test_the_groups_block_is_version_2_one_group_a_line():
    text = NETWORK.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 2
    assert data["groups"] == [
        {"id": "g1", "name": "layer1", "nodes": ["n4", "n5", "n6"], "collapsed": False},
        {"id": "g2", "name": "layer2", "nodes": ["n9", "n10"], "collapsed": False},
    ]
    assert lines_of(text)[line_number(text, '"groups"')].startswith('    {"id": "g1"')


def test_a_diagram_without_groups_is_still_written_as_version_1_byte_for_byte():
    text = PLAIN.read_text(encoding="utf-8")
    g = loads(text)
    assert '"version": 1' in text and '"groups"' not in text
    assert dumps(g) == text
    gid = g.groups.add([g.find("h")], "act")
    assert '"version": 2' in dumps(g)
    g.groups.remove(gid)
    assert dumps(g) == text  # ungrouped again: version 1 again


def test_version_1_files_open_and_version_2_files_without_groups_too():
    assert len(load(PLAIN).groups) == 0
    text = PLAIN.read_text(encoding="utf-8").replace('"version": 1', '"version": 2')
    assert len(loads(text)) == 12


def test_removing_a_node_keeps_the_file_valid(tmp_path):
    g = load(NETWORK)
    for nid in sorted(g.groups.find("layer2").nodes):
        g.remove_node(nid)
    assert [x.name for x in g.groups] == ["layer1"]
    assert len(loads(dumps(g)).groups) == 1


def refused(text, message, needle):
    """Loading text fails with message on the line holding needle."""
    with pytest.raises(FileFormatError) as info:
        loads(text, source="net.json")
    expected = f"net.json: line {line_number(text, needle)}: {message}"
    assert str(info.value) == expected
    return str(info.value)


def with_group_line(old, new):
    text = NETWORK.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


G2 = '{"id": "g2", "name": "layer2", "nodes": ["n9", "n10"], "collapsed": false}'


def test_a_group_naming_a_missing_node_is_refused_with_its_line():
    text = with_group_line(G2, G2.replace('"n10"', '"n99"'))
    refused(text, 'group layer2 names the node "n99", which is not in the file', '"n99"')


def test_a_group_with_no_nodes_is_refused_with_its_line():
    text = with_group_line(G2, G2.replace('["n9", "n10"]', "[]"))
    refused(text, "group layer2 has no nodes", '"id": "g2"')


def test_groups_that_share_a_node_without_nesting_are_refused_with_the_line():
    text = with_group_line(G2, G2.replace('["n9", "n10"]', '["n6", "n9"]'))
    refused(
        text,
        'the groups "layer2" and "layer1" share the node "h" but neither holds the other: groups must nest',
        '"id": "g2"',
    )


def test_nested_groups_in_a_file_are_fine():
    text = with_group_line(G2, G2.replace('["n9", "n10"]', '["n5", "n6"]'))
    g = loads(text)
    assert g.groups.parent("g2").id == "g1"


@pytest.mark.parametrize(
    "new, message, needle",
    [
        (
            G2.replace('"collapsed": false', '"collapsed": "yes"'),
            'group layer2: "collapsed" must be true or false, found "yes"',
            '"g2"',
        ),
        (
            G2.replace('"collapsed"', '"colapsed"'),
            'group layer2 has an unknown field "colapsed" (known: "id", "name", "nodes", "collapsed")',
            '"g2"',
        ),
        (G2.replace('"id": "g2"', '"id": "g1"'), 'two groups have the id "g1"', '"name": "layer2"'),
        (G2.replace('"name": "layer2"', '"name": ""'), 'this group needs a "name" (non-empty text)', '"g2"'),
        (
            G2.replace('"name": "layer2"', '"name": "layer1"'),
            'the name "layer1" is already used by another group',
            '"g2"',
        ),
        (
            G2.replace('["n9", "n10"]', '["n9", "n9"]'),
            "group layer2 names the node matmul₂ twice",
            '"g2"',
        ),
        (
            G2.replace('["n9", "n10"]', '"n9"'),
            'group layer2: "nodes" must be a list of node ids, found "n9"',
            '"g2"',
        ),
        (G2.replace('"id": "g2", ', ""), 'a group needs an "id" (non-empty text)', '"name": "layer2"'),
        ('"layer2"', 'every entry of "groups" must be an object, found text', '"groups"'),
    ],
)
def test_every_bad_group_is_refused_with_its_line(new, message, needle):
    refused(with_group_line(G2, new), message, needle)


def test_groups_in_a_version_1_file_are_refused():
    text = NETWORK.read_text(encoding="utf-8").replace('"version": 2', '"version": 1')
    refused(text, '"groups" needs version 2 (the file says version 1)', '"groups"')


def test_groups_must_be_a_list():
    text = NETWORK.read_text(encoding="utf-8")
    start = text.index('"groups": ') + len('"groups": ')
    text = text[:start] + "{}\n}\n"
    refused(text, '"groups" must be a list', '"groups"')
