"""A gradient badge reads "∂loss/∂name = value  shape" whether it fits one line or wraps (walk 17:
"∂loss/∂sigmoid₁ 1×1" over "−0.0001916", the shape before the value and the "=" gone). A vector's
or matrix's entries stand under a heading with its shape, as a table's do."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.core.graph import Graph


def test_a_wrapped_scalar_badge_keeps_name_equals_value_then_shape(window, qtbot):
    g = Graph()
    x = g.add_node("variable", name="x", value=-9.0)
    s = g.add_node("op", "sigmoid", name="hidden_gate")
    loss = g.add_node("op", "square", name="loss")
    g.connect(x, s, 0)
    g.connect(s, loss, 0)
    g.set_output(loss)
    window.graph.replace_with(g)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    badges = window.scene.overlay_presenter.overlay.node_badges
    wrapped = badges[window.graph.find("hidden_gate")]
    first, second = wrapped.split("\n")
    assert first == "∂loss/∂hidden_gate ="
    assert second.endswith("  1×1") and second[0] in "−0123456789"  # the value, then its shape
    short = badges[window.graph.find("x")]
    assert "\n" not in short and short.startswith("∂loss/∂x = ") and short.endswith("  1×1")


def test_the_sum_rule_subtracts_a_negative_term_rather_than_adding_it(window, qtbot):
    """Seed 003 with x1 = 1.5, x2 = −2 (walk 21): the paths give 7 and −1 to x1, −7 and −1 to x2."""
    from .animation_helpers import squares_graph

    g, ids = squares_graph()
    g.set_value(ids["x2"], -2.0)
    window.graph.replace_with(g)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    badges = window.scene.overlay_presenter.overlay.node_badges
    assert badges[ids["x1"]].endswith("7 − 1 = 6  1×1"), badges[ids["x1"]]
    assert badges[ids["x2"]].endswith("−7 − 1 = −8  1×1"), badges[ids["x2"]]
    assert all("+ −" not in b for b in badges.values())
