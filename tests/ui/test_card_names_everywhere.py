"""Each card's name is the name every other surface uses for its node: the gradient labels, the
Inspector's heading, the Chain rule tab and the status bar. A node named theta is θ on its card
as in its labels (never `Phi` on the card and `Φ` in the labels)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from graphviz_app.core import entry_names
from graphviz_app.resources_path import examples_dir

SMALL_EXAMPLES = [p.name for p in sorted(examples_dir().glob("*.json")) if not p.name.startswith("09_")]


def card_titles(window) -> dict[str, str]:
    return {nid: item.title for nid, item in window.scene.node_items().items()}


def ascii_greek(graph) -> set[str]:
    return {n.name for n in graph.nodes() if n.name and entry_names.display_name(n.name) != n.name}


def assert_not_written(text: str, words: set[str]) -> None:
    for word in words:
        assert not re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", text), f"{word} in: {text}"


def test_the_linear_models_cards_say_phi_and_theta_as_their_labels_do(window, qtbot):
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    graph = window.graph
    titles = card_titles(window)
    assert titles[graph.find("Phi")] == "Φ" and titles[graph.find("theta")] == "θ"
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    window.animation.controller.finish_marker()
    overlay = window.scene.overlay_presenter.overlay
    texts = [*overlay.edge_labels.values(), *overlay.node_badges.values()]
    assert any("∂L/∂θ" in t for t in texts), texts
    window.scene.select_nodes([graph.find("Phi")])
    assert window.animation.inspector.panel.title_label.text().startswith("Φ")


@pytest.mark.parametrize("name", SMALL_EXAMPLES)
def test_every_surface_names_nodes_as_their_cards(window, qtbot, name):
    assert window.files.open_example(examples_dir() / name)
    graph = window.graph
    titles = card_titles(window)
    shown = set(titles.values())
    assert len(shown) == len(graph)  # one name per card, each its own
    hidden = ascii_greek(graph)
    assert not hidden & shown
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    c = window.animation.controller
    assert titles[graph.output] in window.statusBar().currentMessage()
    inspector = window.animation.inspector
    for k in range(c.count):
        c.seek(k)
        c.finish_marker()
        overlay = window.scene.overlay_presenter.overlay
        heading = inspector.panel.title_label.text()
        assert heading.split("  ·  ")[0] in shown | {g.name for g in graph.groups}, heading
        for text in [heading, *overlay.edge_labels.values(), *overlay.node_badges.values()]:
            assert_not_written(text, hidden)
            for named in re.findall(r"∂([^/∂\s·=()]+)", text):
                assert named.rstrip("ᵀ") in shown or "[" in named, (named, text)
    chain = window.animation.chain
    chain.show()
    chain.raise_()
    chain.refresh_variables()
    for variable in graph.variables():
        chain.select_variable(variable.id)
        assert chain.variable_box.currentText().split(" ")[0] == titles[variable.id]
        assert_not_written(chain.text.toPlainText(), hidden)
