"""Cards and gradient labels write numbers alike (one rule, core.number_text: 4 significant
digits, a short power of ten, ∞): example 01's x2 = cos 0.7 reads 0.7648 on its card, and a
value shown on a card reads the same in a gradient label."""

from __future__ import annotations

import re

import numpy as np
import pytest
from test_export_support import EXAMPLES

from graphviz_app.core import engine
from graphviz_app.core.graph import Graph
from graphviz_app.core.number_text import fmt_number, sci_number
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
    x1 = graph.find("x1")
    gradient = engine.gradients(graph)[x1]
    assert last.node_badges[x1].startswith(f"∂f/∂x1 = {fmt_number(float(gradient))} ")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (1e-7, "1e−7"),
        (-1.5e-5, "−1.5e−5"),
        (0.7648, "0.7648"),
        (np.inf, "∞"),
        (np.nan, "nan"),
        # a large number whole when that is no longer than its power of ten
        (12345.6, "12346"),
        (-12343.9, "−12344"),
        (1234567.0, "1234567"),
        (2e4, "2e4"),
        (1.5e6, "1.5e6"),
        (-123456789.0, "−1.235e8"),
    ],
)
def test_a_cards_value_reads_as_the_same_number_in_a_gradient_label(value, written):
    """y = a · c: ∂y/∂c is a's value, so a's card and c's gradient label show the same number."""
    g = Graph()
    a = g.add_node("variable", name="a", value=value)
    c = g.add_node("variable", name="c", value=1.0)
    y = g.add_node("op", "mul", name="y")
    g.connect(a, y, 0)
    g.connect(c, y, 1)
    g.set_output(y)
    trace = engine.backward(g)
    badge = backward_overlay(g, trace, len(trace) - 1, "numerator").node_badges[c]
    assert value_preview(np.array(value)) == written == fmt_number(value)
    assert badge.startswith(f"∂y/∂c = {written} ")


@pytest.mark.parametrize("first", [0.44496, -0.44496, 2.4496, -0.0044496, 12345.678, -0.000123456])
def test_a_number_shortened_to_fit_its_card_is_the_true_value_rounded_once(qtbot, first):
    """A card too narrow for a value's first number writes it with fewer digits, rounded from the
    true value (−0.44496 reads −0.44, never −0.45: its 4-digit preview −0.445 rounded again), 2 or
    more (12345.678 never reads 1e4), with its rows and "…" as an entry; or the footer shows its
    shape alone."""
    from ui.canvas_helpers import shown_view
    from ui.test_card_drawing import texts_at

    g = Graph()
    matrix = np.full((3, 40), 0.3)
    matrix[0, 0] = first
    w = g.add_node("variable", name="W", value=matrix, pos=(0, 0))
    v = g.add_node("variable", name="v", value=matrix[0], pos=(0, 200))
    m = g.add_node("variable", name="M", value=matrix[:2, :3], pos=(0, 400))
    cards = [(w, first, "[["), (v, first, "[")]
    for k, source in enumerate((w, v, m)):
        negated = g.add_node("op", "neg", pos=(250, 200 * k))
        g.connect(source, negated, 0)
        cards.append((negated, -first, "= [[" if k != 1 else "= ["))
    cards.append((m, first, "[["))
    scene, _view = shown_view(qtbot, g, (900, 800), (250, 200))
    shortened = 0
    for card, true, opening in cards:
        values = [t for t in texts_at(scene.node_item(card), 1.0) if t.lstrip("= ").startswith("[")]
        if not values and opening.startswith("="):
            continue  # (a footer too narrow for 2 digits: its shape alone)
        assert len(values) == 1, values
        assert values[0].startswith(opening) and not re.search(r"[\d∞n]…", values[0]), values[0]
        assert values[0].endswith("], …]" if opening.endswith("[[") else "…]"), values[0]  # (rows, "…" apart)
        number = values[0][len(opening) :].split(",")[0]
        mantissa = re.sub(r"e.*", "", number).replace("−", "").replace(".", "").lstrip("0")
        digits = len(mantissa) if "e" in number or "." in number else 4  # (12346: 5 digits, exact to ±0.5)
        assert number in (fmt_number(true, digits), sci_number(true, digits)), (values[0], true)
        assert digits >= 2 or number == fmt_number(true), values[0]  # (1 and 0.5 are whole)
        shortened += digits < 4
    assert shortened or abs(first) > 1e4  # (some card had to drop digits)
