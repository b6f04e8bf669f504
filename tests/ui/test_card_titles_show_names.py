"""A card's title bar gives its name the room: the kind tag ("variable", "cos") shrinks, then goes,
before a name of 10 to 14 letters is cut (walk 17: "learnin…" beside "variable"); the tooltip
names the card in full, always."""

from __future__ import annotations

from graphviz_app.core.graph import Graph


def cards(window, names: dict[str, str]):
    g = Graph()
    ids = {}
    for name, kind in names.items():
        ids[name] = (
            g.add_node("variable", name=name, value=0.5) if kind == "variable" else g.add_node("op", kind, name=name)
        )
    window.graph.replace_with(g)
    return {name: window.scene.node_item(window.graph.find(name)) for name in names}


def test_names_of_ten_to_fourteen_letters_are_read_whole(window):
    shown = cards(window, {"learning_rate": "variable", "weight_mid": "variable", "hidden_layer_1": "cos"})
    for name, card in shown.items():
        title, _tag, _size = card.header_texts()
        assert title == name


def test_a_short_name_keeps_its_kind_tag_and_a_longer_one_gets_a_smaller_tag_or_none(window):
    shown = cards(window, {"w": "variable", "hidden_layer_1": "cos", "ab": "abs"})
    assert shown["w"].header_texts() == ("w", "variable", 7.5)
    assert shown["ab"].header_texts()[1] == "abs"
    title, tag, size = shown["hidden_layer_1"].header_texts()
    assert title == "hidden_layer_1" and (tag == "" and size is None or size < 7.5)


def test_a_name_too_long_for_the_bar_is_cut_and_read_whole_in_the_tooltip(window, qtbot):
    long = "a_rather_long_name_for_a_learning_rate"
    shown = cards(window, {long: "variable", "hidden_layer_1": "cos"})
    title, tag, size = shown[long].header_texts()
    assert title != long and title.endswith("…") and long.startswith(title[:-1]) and size is None
    qtbot.waitUntil(lambda: long in shown[long].toolTip())  # (once the graph is evaluated)
    assert "hidden_layer_1" in shown["hidden_layer_1"].toolTip()  # (an op's tooltip names it too)
