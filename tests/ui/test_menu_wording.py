"""The menus read alike: every entry in Title Case with its own mnemonic in its menu, and "…"
exactly on the entries that open a dialog asking for more (as the table says)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QMenu

from graphviz_app.ui import actions_table as table
from graphviz_app.ui import menu_layout

SMALL_WORDS = {"a", "an", "the", "and", "or", "as", "to", "from", "of", "for", "on", "with"}
NAMES = {"graphviz-app"}  # the program's name is written as it is


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" ("&&" is an ampersand), lower case."""
    match = re.search(r"(?<!&)&([^&])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def is_title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w-]*", text.replace("&", "").replace("…", ""))
    return all(w[0].isupper() or w in NAMES or (i > 0 and w in SMALL_WORDS) or w.isupper() for i, w in enumerate(words))


def test_title_case_is_checked_as_meant():
    assert is_title_case("Make It a &Constant") and is_title_case("Forward &Mode (JVP)…")
    assert not is_title_case("Gradient check") and not is_title_case("Forward (values)")
    assert mnemonic("Save &As…") == "a" and mnemonic("Fish && &Chips") == "c" and mnemonic("Stop") is None


def test_every_entry_of_the_table_is_in_title_case():
    texts = [s.text for s in (*table.ACTIONS, *table.CONTEXT_ACTIONS)]
    texts += [
        *menu_layout.PART_TEXTS.values(),
        table.EDIT_PARAMETERS_TEXT,
        *(title for _k, title, _e in menu_layout.MENUS),
    ]
    assert [t for t in texts if not is_title_case(t)] == []


def test_three_dots_mark_exactly_the_entries_that_open_a_dialog():
    wrong = [s.id for s in table.ACTIONS if s.text.endswith("…") != s.dialog or "..." in s.text]
    assert wrong == []
    assert not table.BY_ID["gradcheck"].text.endswith("…") and not table.BY_ID["rename"].text.endswith("…")
    assert table.EDIT_PARAMETERS_TEXT.endswith("…") == table.BY_ID["edit_value"].dialog


def _entries(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_each_menu_of_the_window_has_a_distinct_mnemonic_on_every_entry(window):
    bar_titles = [a.text() for a in window.menuBar().actions()]
    menus = {title: _entries(a.menu()) for title, a in zip(bar_titles, window.menuBar().actions())}
    menus["menu bar"] = bar_titles
    menus["Examples"] = _entries(window.examples_menu)
    assert len(menus["Examples"]) >= 9
    for name, texts in menus.items():
        letters = [mnemonic(t) for t in texts]
        assert None not in letters, (name, [t for t in texts if mnemonic(t) is None])
        assert len(set(letters)) == len(letters), (name, texts)
        assert [t for t in texts if not is_title_case(t)] == [] or name == "Examples", name


def test_each_right_click_menu_has_a_distinct_mnemonic_on_every_entry():
    for name, entries in menu_layout.CONTEXT_MENUS.items():
        specs = [table.CONTEXT_BY_ID[e[1:]] if e.startswith("@") else table.BY_ID[e] for e in entries if e != "-"]
        texts = [s.text for s in specs]
        if "edit_value" in entries:
            texts.append(table.EDIT_PARAMETERS_TEXT)  # (an op's Edit Value, in its place)
            texts.remove(table.BY_ID["edit_value"].text)
        letters = [mnemonic(t) for t in texts]
        assert None not in letters and len(set(letters)) == len(letters), (name, texts)


def test_the_docks_toggles_are_named_in_the_view_menu_with_mnemonics(window):
    texts = [t.replace("&", "") for t in _entries(window.menus["view"])]
    assert {"Nodes", "Inspector", "Chain Rule", "Training"} <= set(texts)
    assert window.animation.chain.windowTitle() == "Chain rule"  # (the dock's own title as it was)


def _plain(text: str) -> str:
    return text.replace("&", "").removesuffix("…")


def test_undo_and_redo_name_an_edit_in_sentence_case_naming_the_card(window):
    from graphviz_app.resources_path import examples_dir

    assert window.files.open_path(examples_dir() / "05_linear_model.json", ask=False)
    undo = window.action("undo")
    theta = window.graph.find("theta")
    window.scene.select_nodes([theta])
    window.action("make_constant").trigger()
    assert window.graph.node(theta).kind == "constant"
    assert undo.text() == "&Undo Make θ a constant"  # (sentence case, the card named)
    undo.trigger()
    assert window.action("redo").text() == "&Redo Make θ a constant"
    window.scene.select_nodes([theta])
    window.action("duplicate").trigger()  # (a copy beside it: Auto Layout has work to do)
    window.action("layout").trigger()
    assert undo.text() == "&Undo " + _plain(table.BY_ID["layout"].text) == "&Undo Auto Layout"


def test_every_undo_text_is_in_sentence_case_and_the_status_bar_says_it_in_the_past(window):
    # one rule for the Undo item: capitals only on the first word and in names ("Set h as output",
    # "Make b1 a constant", "Make W1 trainable"); the status bar puts the verb in the past
    from graphviz_app.resources_path import examples_dir

    assert window.files.open_path(examples_dir() / "05_linear_model.json", ask=False)
    names = {"θ", "y", "X"}
    said = []
    for action, card in [
        ("make_constant", "theta"),
        ("make_variable", "theta"),
        ("set_output", "y"),
        ("trainable", "theta"),
    ]:
        window.scene.select_nodes([window.graph.find(card)])
        window.action(action).trigger()
        text = window.undo_stack.undoText()
        later = [w for w in text.split()[1:] if w not in names]
        assert all(not w[:1].isupper() for w in later), text
        said.append((text, window.statusBar().currentMessage()))
    assert said[0] == ("Make θ a constant", "Made θ a constant")
    assert said[2][0] == "Set y as output" and said[2][1].startswith("Set y as output")
