"""On a first start, before any graph, the Inspector and the Chain rule tab say what they show
and how to fill them (a newcomer has met neither)."""

from graphviz_app.core.graph import Graph


def test_the_empty_inspector_says_what_it_shows_and_how_to_fill_it(window, qtbot):
    window.open_graph(Graph(), None, "empty")
    panel = window.animation.inspector.panel
    qtbot.waitUntil(lambda: panel.note_label.isVisible(), timeout=2000)
    note = panel.note_label.text()
    assert panel.title_label.text() == "Nothing to inspect"
    assert "value and shape" in note and "local Jacobian" in note and "Backward (F6)" in note
    assert "File → Examples" in note


def test_the_empty_chain_rule_tab_says_what_it_shows_and_how_to_fill_it(window, qtbot):
    window.open_graph(Graph(), None, "empty")
    chain = window.animation.chain
    chain.show()
    chain.raise_()
    qtbot.waitUntil(lambda: "product of the local Jacobians" in chain.status_label.text(), timeout=2000)
    assert "(1×N)·(N×D) = (1×D)" in chain.status_label.text() and "File → Examples" in chain.status_label.text()
