"""A file with nodes named phi and φ: their cards, the gradient labels and the Inspector name
them apart (phi as written, φ as its letter), as grad's text does."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt


def test_the_cards_and_labels_of_phi_and_its_letter_differ(window, qtbot, tmp_path):
    nodes = [
        {"id": "n1", "kind": "variable", "name": "phi", "value": 0.5, "pos": [0, -70]},
        {"id": "n2", "kind": "variable", "name": "φ", "value": 2.0, "pos": [0, 70]},
        {"id": "n3", "kind": "op", "op": "mul", "name": "L", "value": None, "pos": [240, 0]},
    ]
    edges = [{"from": "n1", "to": "n3", "port": 0}, {"from": "n2", "to": "n3", "port": 1}]
    path = tmp_path / "alike.json"
    text = {"format": "graphviz_app", "version": 1, "output": "n3", "nodes": nodes, "edges": edges}
    path.write_text(json.dumps(text), encoding="utf-8")
    assert window.files.open_example(path)
    graph = window.graph
    titles = {nid: item.title for nid, item in window.scene.node_items().items()}
    phi, letter = graph.find("phi"), graph.find("φ")
    assert titles[phi] == "phi" and titles[letter] == "φ"
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    window.animation.controller.finish_marker()
    badges = window.scene.overlay_presenter.overlay.node_badges
    assert badges[phi].startswith("∂L/∂phi ") and badges[letter].startswith("∂L/∂φ ")
    window.scene.select_nodes([phi])
    assert window.animation.inspector.panel.title_label.text().startswith("phi")


def test_a_cards_tooltip_names_it_as_its_title_does(window, qtbot):
    from graphviz_app.ui.commands.nodes import RenameCommand

    g = window.graph
    a = g.add_node("variable", name="phi", value=1.0, pos=(0, 0))
    b = g.add_node("variable", name="x", value=2.0, pos=(0, 200))
    m = g.add_node("op", "mul", pos=(200, 100))
    g.connect(a, m, 0)
    g.connect(b, m, 1)
    g.rename(b, "φ")  # phi now shows as written, beside φ
    card = window.scene.node_items()[a]
    qtbot.waitUntil(lambda: card.title == "phi")
    assert card.toolTip().startswith("variable phi")
    window.undo_stack.push(RenameCommand(g, b, "psi"))  # φ gone: phi shows as φ again
    qtbot.waitUntil(lambda: card.title == "φ")
    assert card.toolTip().startswith("variable φ")
