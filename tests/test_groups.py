"""Groups of nodes: making, nesting, refusing overlaps, inputs and outputs, and how they follow the graph."""

import numpy as np
import pytest

from graphviz_app.core.errors import GraphError
from graphviz_app.core.graph import Graph


def network():
    """h = tanh(W1 x + b1), y = sum(W2 h): two layers."""
    g = Graph()
    x = g.add_node("constant", name="x", value=[0.5, -1.0])
    w1 = g.add_node("variable", name="W1", value=[[0.2, -0.1], [0.3, 0.5], [0.6, 0.2]])
    b1 = g.add_node("variable", name="b1", value=[0.1, -0.1, 0.0])
    m1 = g.add_node("op", "matmul")
    g.connect(w1, m1, 0)
    g.connect(x, m1, 1)
    a1 = g.add_node("op", "add")
    g.connect(m1, a1, 0)
    g.connect(b1, a1, 1)
    h = g.add_node("op", "tanh", name="h")
    g.connect(a1, h, 0)
    w2 = g.add_node("variable", name="W2", value=[[0.3, -0.2, 0.5], [0.1, 0.4, -0.3]])
    m2 = g.add_node("op", "matmul", name="z")
    g.connect(w2, m2, 0)
    g.connect(h, m2, 1)
    y = g.add_node("op", "sum", name="y")
    g.connect(m2, y, 0)
    g.set_output(y)
    return g, {"x": x, "W1": w1, "b1": b1, "m1": m1, "a1": a1, "h": h, "W2": w2, "z": m2, "y": y}


def test_a_group_has_an_id_a_name_its_nodes_and_a_collapsed_flag():
    g, n = network()
    gid = g.groups.add([n["m1"], n["a1"], n["h"]], "layer1")
    group = g.groups.get(gid)
    assert (group.id, group.name, group.nodes, group.collapsed) == (gid, "layer1", {n["m1"], n["a1"], n["h"]}, False)
    assert g.groups.find("layer1") == group
    assert [grp.id for grp in g.groups] == [gid]
    g.groups.set_collapsed(gid, True)
    assert g.groups.get(gid).collapsed
    g.groups.rename(gid, "first layer")
    assert g.groups.find("first layer").id == gid
    assert g.groups.remove(gid).name == "first layer"
    assert len(g.groups) == 0
    assert len(g) == 9  # ungrouping keeps the nodes


def test_unnamed_groups_get_free_names():
    g, n = network()
    first = g.groups.add([n["m1"]])
    second = g.groups.add([n["z"]])
    assert (g.groups.get(first).name, g.groups.get(second).name) == ("group", "group_2")


def test_a_free_group_name_takes_the_next_number_of_its_series_as_node_names_do():
    g, n = network()
    g.groups.add([n["m1"]], "layer1")
    g.groups.add([n["z"]], "layer1_2")
    assert g.groups.unique_name("layer1") == "layer1_3"
    assert g.groups.unique_name("layer1_2") == "layer1_3"  # (not layer1_2_2)
    assert g.groups.unique_name("layer1", taken={"layer1_3"}) == "layer1_4"
    assert g.groups.unique_name("h") == "h"  # node names are another namespace


def test_inputs_feed_the_group_from_outside_and_outputs_are_read_outside():
    g, n = network()
    layer1 = g.groups.add([n["m1"], n["a1"], n["h"]], "layer1")
    layer2 = g.groups.add([n["z"], n["y"]], "layer2")
    assert g.groups.inputs(layer1) == [n["x"], n["W1"], n["b1"]]  # in the graph's order
    assert g.groups.outputs(layer1) == [n["h"]]
    assert g.groups.inputs(layer2) == [n["h"], n["W2"]]
    assert g.groups.outputs(layer2) == [n["y"]]  # read by nobody, but the graph's output


def test_an_inner_node_read_outside_is_an_output_too():
    g, n = network()
    gid = g.groups.add([n["m1"], n["a1"]], "pre")
    extra = g.add_node("op", "sqnorm")
    g.connect(n["m1"], extra, 0)
    assert g.groups.outputs(gid) == [n["m1"], n["a1"]]


def test_groups_nest_and_form_a_tree():
    g, n = network()
    outer = g.groups.add([n["m1"], n["a1"], n["h"], n["z"]], "net")
    inner = g.groups.add([n["m1"], n["a1"]], "affine")
    other = g.groups.add([n["y"]], "loss")
    assert g.groups.parent(inner).id == outer
    assert g.groups.parent(outer) is None
    assert [grp.id for grp in g.groups.children(None)] == [outer, other]
    assert [grp.id for grp in g.groups.children(outer)] == [inner]
    tree = g.groups.tree()
    assert [(grp.id, [c.id for c, _ in kids]) for grp, kids in tree] == [(outer, [inner]), (other, [])]


def test_groups_sharing_nodes_without_nesting_are_refused():
    g, n = network()
    g.groups.add([n["m1"], n["a1"]], "a")
    with pytest.raises(GraphError, match='"b" and "a" share the node .* groups must nest'):
        g.groups.add([n["a1"], n["h"]], "b")
    assert [grp.name for grp in g.groups] == ["a"]


@pytest.mark.parametrize(
    "nodes, name, message",
    [
        ([], "empty", 'the group "empty" has no nodes'),
        (["nope"], "ghost", '^the group "ghost" names a node that is not in the graph$'),
        (None, "", "a group needs a name"),
    ],
)
def test_bad_groups_are_refused(nodes, name, message):
    g, n = network()
    with pytest.raises(GraphError, match=message):
        g.groups.add([n["h"]] if nodes is None else nodes, name)
    assert len(g.groups) == 0


def test_group_names_are_unique_and_ids_too():
    g, n = network()
    gid = g.groups.add([n["h"]], "layer")
    with pytest.raises(GraphError, match='"layer" is already used by another group'):
        g.groups.add([n["z"]], "layer")
    other = g.groups.add([n["z"]], "head")
    with pytest.raises(GraphError, match="already used"):
        g.groups.rename(other, "layer")
    with pytest.raises(GraphError, match="already exists"):
        g.groups.add([n["y"]], "loss", group_id=gid)


def test_visible_collapsed_groups_hide_the_collapsed_groups_inside_them():
    g, n = network()
    outer = g.groups.add([n["m1"], n["a1"], n["h"]], "layer1", collapsed=True)
    g.groups.add([n["m1"], n["a1"]], "affine", collapsed=True)
    other = g.groups.add([n["z"]], "head", collapsed=True)
    assert [grp.id for grp in g.groups.visible_collapsed()] == [outer, other]
    g.groups.set_collapsed(outer, False)
    assert [grp.name for grp in g.groups.visible_collapsed()] == ["affine", "head"]


def test_removing_a_node_takes_it_out_of_its_groups_and_an_emptied_group_goes():
    g, n = network()
    layer = g.groups.add([n["m1"], n["a1"], n["h"]], "layer1")
    lone = g.groups.add([n["z"]], "head")
    g.remove_node(n["a1"])
    assert g.groups.get(layer).nodes == {n["m1"], n["h"]}
    g.remove_node(n["z"])
    assert lone not in g.groups
    assert [grp.id for grp in g.groups] == [layer]


def test_a_snapshot_undoes_any_change():
    g, n = network()
    g.groups.add([n["m1"], n["a1"], n["h"]], "layer1")
    before = g.groups.snapshot()
    removed = g.remove_node(n["h"])
    g.restore_node(removed)
    g.groups.restore(before)
    assert g.groups.find("layer1").nodes == {n["m1"], n["a1"], n["h"]}


def test_copy_keeps_the_groups_independently_and_replace_and_clear_follow():
    g, n = network()
    gid = g.groups.add([n["m1"], n["a1"]], "affine", collapsed=True)
    copy = g.copy()
    assert [(grp.id, grp.name, grp.nodes, grp.collapsed) for grp in copy.groups] == [
        (gid, "affine", {n["m1"], n["a1"]}, True)
    ]
    copy.groups.rename(gid, "changed")
    copy.remove_node(n["m1"])
    assert g.groups.get(gid).name == "affine" and n["m1"] in g.groups.get(gid).nodes
    assert copy.groups.inputs(gid) == [n["b1"]]  # the copy's groups look at the copy
    other = Graph()
    other.replace_with(g)
    assert other.groups.get(gid).nodes == {n["m1"], n["a1"]}
    assert other.groups.inputs(gid) == [n["x"], n["W1"], n["b1"]]
    other.clear()
    assert len(other.groups) == 0


from graphviz_app.core.groups import GroupCollapsed, GroupsChanged  # noqa: E402


def test_group_changes_are_events_of_the_graph():
    g, n = network()
    seen = []
    g.subscribe(seen.append)
    gid = g.groups.add([n["h"]], "layer")
    g.groups.set_collapsed(gid, True)
    g.groups.set_collapsed(gid, True)  # no change, no event
    g.groups.rename(gid, "act")
    g.groups.remove(gid)
    assert seen == [GroupsChanged(gid), GroupCollapsed(gid), GroupsChanged(gid), GroupsChanged(gid)]


def test_groups_do_not_change_values_or_gradients():
    from graphviz_app.core import engine

    g, n = network()
    before = engine.gradients(g)
    g.groups.add([n["m1"], n["a1"], n["h"]], "layer1", collapsed=True)
    after = engine.gradients(g)
    assert before.keys() == after.keys()
    for key in before:
        np.testing.assert_array_equal(before[key], after[key])


def test_what_a_collapsed_group_shows_and_hides():
    from graphviz_app.core.group_card import CardPort, group_card

    g, n = network()
    layer = g.groups.add([n["m1"], n["a1"], n["h"]], "layer1", collapsed=True)
    inner = g.groups.add([n["m1"], n["a1"]], "affine", collapsed=True)
    assert g.groups.shown_as() == {n["m1"]: layer, n["a1"]: layer, n["h"]: layer}
    assert (g.groups.depth(layer), g.groups.depth(inner)) == (0, 1)
    card = group_card(g, layer)
    assert card.name == "layer1" and card.size == 3
    assert card.inputs == [CardPort(n["x"], "x", (2,)), CardPort(n["W1"], "W1", (3, 2)), CardPort(n["b1"], "b1", (3,))]
    assert card.outputs == [CardPort(n["h"], "h", (3,))]
    g.groups.set_collapsed(layer, False)
    assert g.groups.shown_as() == {n["m1"]: inner, n["a1"]: inner}
    assert [p.label for p in group_card(g, inner).outputs] == ["add"]


def test_a_collapsed_cards_tag_rows_are_in_name_order_without_the_trivial_seed():
    from graphviz_app.core.group_card import tag_rows

    names = {"n1": "L", "n2": "x10", "n3": "x2", "n4": "W", "n5": "cos₁₀", "n6": "cos₂"}
    assert tag_rows(list(names), names.get, seed="n1") == ["n6", "n5", "n4", "n3", "n2"]  # cos₂, cos₁₀, W, x2, x10
    assert tag_rows(list(names), names.get) == ["n6", "n5", "n1", "n4", "n3", "n2"]  # a seed that says something stays
    assert tag_rows(["n1"], names.get, seed="n1") == ["n1"]  # the only row: kept


def test_a_collapsed_cards_many_gradients_are_counted_with_the_inspector_named_only_in_the_window():
    from graphviz_app.core.group_card import CARD_GRADIENTS, gradients_text

    texts = [f"∂L/∂x{i} = {i}" for i in range(CARD_GRADIENTS + 5)]
    more = "… and 5 more"
    assert gradients_text(texts, in_window=True).splitlines() == [
        *texts[:CARD_GRADIENTS],
        f"{more} (all in the Inspector)",
    ]
    assert gradients_text(texts, in_window=False).splitlines() == [*texts[:CARD_GRADIENTS], more]
    with pytest.raises(TypeError):  # (where the tag is read is always said: no default to forget)
        gradients_text(texts)
