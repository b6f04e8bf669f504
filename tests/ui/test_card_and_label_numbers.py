"""Cards and gradient labels write numbers alike (4 significant digits): example 01's x2 = cos 0.7
reads 0.7648 on its card as in the label ∂f/∂constant = 0.7648 of the backward pass."""

from __future__ import annotations

import numpy as np
from test_export_support import EXAMPLES

from graphviz_app.core import engine
from graphviz_app.core.number_text import fmt_number
from graphviz_app.ui.animation.overlay_builder import backward_overlay
from graphviz_app.ui.canvas.labels import value_preview


def test_card_value_and_gradient_label_agree_in_example_01(window, qtbot):
    assert window.files.open_path(EXAMPLES / "01_chain_rule_sin_cos.json", ask=False)
    graph = window.graph
    x2 = graph.find("x2")
    qtbot.waitUntil(lambda: window.scene.node_item(x2).state.preview != "")
    assert window.scene.node_item(x2).state.preview == "0.7648" == fmt_number(np.cos(0.7))
    trace = engine.backward(graph)
    last = backward_overlay(graph, trace, len(trace) - 1, "numerator")
    assert any("= 0.7648" in badge for badge in last.node_badges.values())  # ∂f/∂constant = x2


def test_cards_use_the_labels_digits_over_the_whole_range():
    for x in (0.7648, -123.456, 1234.5, 0.00012345, 2.0, 1e-9, -4.5e7):
        card, label = value_preview(np.array(x)), fmt_number(x)
        assert card.split("e")[0] == label.split("e")[0]  # the same digits (a shorter power of ten)
    assert value_preview(np.array(12345.6)) == "1.235e4" and value_preview(np.array(-1.5e-7)) == "−1.5e−7"
