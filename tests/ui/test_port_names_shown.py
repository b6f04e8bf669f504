"""A card with one input shows no port name, so nothing a user reads names it (its port u is the op's
own symbol); a card with several inputs names the port (input B ← θ), as the card labels it."""

from PySide6.QtCore import Qt

from graphviz_app.core.expr import parse_expression


def test_the_inspector_writes_a_single_input_without_its_port(window, qtbot):
    window.open_graph(parse_expression("sin(t) * w"))
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    texts = []
    for _ in range(c.count):
        texts += [box.title() for box in window.animation.inspector.panel.boxes]  # each input's box
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
    shown = "\n".join(texts)
    assert "input ← t" in shown  # sin's only input
    assert "input a ← sin" in shown and "input b ← w" in shown  # mul's two ports, as its card labels them
    assert "input u" not in shown
