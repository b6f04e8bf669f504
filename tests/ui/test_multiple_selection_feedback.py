"""Several cards selected: the Inspector says how many, names the first few and the actions that
apply, with their keys; the status bar counts them (walk 17: it said "Nothing to inspect … Select
a card" with 1000 cards selected)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel

from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.sample_graphs import scalar_chains
from graphviz_app.ui.key_text import key_text

from .canvas_helpers import drag


def chains(window, qtbot):
    g = scalar_chains(10, lambda i: 0.1 * i, lambda i: ("sin", "tanh"))
    apply_layout(g)
    window.graph.replace_with(g)
    window.action("zoom_fit").trigger()
    qtbot.wait(1)
    return window.graph


def inspector_text(window) -> str:
    return window.animation.inspector.panel.texts()


def selection_count(window) -> str:
    label = window.statusBar().findChild(QLabel, "selectionLabel")
    return label.text() if label.isVisible() else ""


def test_select_all_is_told_in_the_inspector_and_counted_in_the_status_bar(window, qtbot):
    g = chains(window, qtbot)
    window.action("select_all").trigger()
    qtbot.waitUntil(lambda: f"{len(g)} cards selected" in inspector_text(window))
    text = inspector_text(window)
    assert "Nothing to inspect" not in text and "Select a card" not in text
    assert "x0, sin₁, tanh₁" in text and "more" in text  # the first few by the names the cards show
    for action in ("group", "delete", "copy", "duplicate"):
        assert key_text(action) in text, action
    assert selection_count(window) == f"{len(g)} cards selected"


def test_a_rubber_band_over_three_cards_says_three(window, qtbot):
    g = chains(window, qtbot)
    x0, tanh1 = (window.scene.node_item(g.find(n)).sceneBoundingRect() for n in ("x0", "tanh₁"))
    start = QPointF(x0.left() - 10, x0.top() - 10)
    end = QPointF(tanh1.right() + 10, tanh1.bottom() + 2)
    drag(window.view, start, end, 6)  # from the empty canvas: a rubber band
    assert sorted(window.scene.selected_node_ids()) == sorted(g.find(n) for n in ("x0", "sin₁", "tanh₁"))
    qtbot.waitUntil(lambda: "3 cards selected" in inspector_text(window))
    assert "x0, sin₁, tanh₁" in inspector_text(window)
    assert selection_count(window) == "3 cards selected"


def test_one_card_or_none_is_shown_as_before(window, qtbot):
    g = chains(window, qtbot)
    window.action("select_all").trigger()
    qtbot.waitUntil(lambda: selection_count(window) != "")
    window.scene.select_nodes([g.find("x0")])
    qtbot.waitUntil(lambda: selection_count(window) == "")
    assert inspector_text(window).splitlines()[0].startswith("x0")
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=window.view.viewport().rect().topLeft())
    qtbot.waitUntil(lambda: "Nothing to inspect" in inspector_text(window))
