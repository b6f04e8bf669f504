"""Unnamed nodes are called what their cards show (sin₁, matmul₂) in the status bar, the overlay and
the Inspector: never an internal id."""

from ui.canvas_helpers import two_nodes

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.commands.nodes import AddNodeCommand


def test_unnamed_cards_are_numbered_as_the_messages_name_them(window, qtbot):
    g, x, s = two_nodes(window)
    window.undo_stack.push(AddNodeCommand(g, "op", "sin", pos=(200, 200)))
    second = next(n for n in g.node_ids() if n not in (x, s))
    scene = window.scene
    qtbot.waitUntil(lambda: scene.node_item(s).title == "sin₁")
    assert scene.node_item(second).title == "sin₂"
    assert "sin₂: its input is not connected" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: scene.node_item(s).title == "sin")


def _example(prefix: str):
    return next(p for p in sorted(examples_dir().glob("*.json")) if p.name.startswith(prefix[:3]))


def test_unnamed_nodes_are_called_what_their_cards_show(window):
    from graphviz_app.core.naming import display_labels

    assert window.files.open_example(_example("07_"))
    graph = window.graph
    names = display_labels(graph)
    unnamed = [n for n in graph.nodes() if not n.name]
    assert unnamed
    assert sorted(names[n.id] for n in unnamed if n.op == "matmul") == ["matmul₁", "matmul₂"]
    window.animation.run_backward()
    c = window.animation.controller
    inspector = window.animation.inspector  # its panel follows the step one event-loop turn later
    internal = {n.id for n in unnamed}
    seen_matmul = False
    for k in range(c.count):
        c.seek(k)
        c.finish_marker()
        overlay = window.scene.overlay_presenter.overlay
        texts = list(overlay.node_badges.values()) + list(overlay.edge_labels.values())
        texts.append(inspector.panel.title_label.text())
        for text in texts:
            for nid in internal:
                assert f"∂{nid}" not in text and not text.startswith(nid), (k, text)
        seen_matmul |= any("∂matmul₂" in t for t in texts)
    assert seen_matmul
    c.seek(2)
    assert inspector.panel.title_label.text().startswith("matmul₂")
