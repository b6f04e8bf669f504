"""While the reverse pass is stepped, the canvas pans (by the least needed) so that the current
card and the cards its step's arrows connect (a variable's step: the cards its gradient came
from) are whole in view, whenever they fit together."""

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from ui.animation_helpers import load

from graphviz_app.core.graph import Graph
from graphviz_app.resources_path import example_files


def shown(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def step_cards(window) -> list[str]:
    """The current card and the cards its arrows connect at this step: its inputs, or for a
    variable or constant the consumers (in the pass) its gradient came from."""
    c = window.animation.controller
    ids = {c.active_node()} | {n for edge in c.edges_at(c.k) for n in edge[:2]}
    if c.trace.steps[c.k].kind == "leaf":
        in_pass = {s.node for s in c.trace.steps}
        ids |= {e.dst for e in window.graph.consumers_of(c.active_node()) if e.dst in in_pass}
    return sorted(i for i in ids if i and window.scene.node_item(i).isVisible())


def assert_step_in_view(window) -> None:
    view, scene = window.view, window.scene
    rects = {n: scene.node_item(n).sceneBoundingRect() for n in step_cards(window)}
    whole = QRectF()
    for rect in rects.values():
        whole = whole.united(rect)
    port, zoom = view.viewport().rect(), view.zoom()
    if whole.width() * zoom > port.width() or whole.height() * zoom > port.height():
        rects = {window.animation.controller.active_node(): None}  # only the current card must show
        rects = {n: scene.node_item(n).sceneBoundingRect() for n in rects}
    visible = shown(view)
    cut = [window.graph.node(n).name or n for n, r in rects.items() if not visible.contains(r)]
    assert not cut, f"step {window.animation.controller.k + 1}: cut off {cut}"


@pytest.mark.parametrize("stem", ["07", "08"])  # (07 opens whole, in two rows; 08 opens on its inputs)
def test_every_backward_step_shows_its_card_and_inputs(window, qtbot, stem):
    path = next(p for p in example_files() if p.stem.startswith(stem))
    assert window.files.open_example(path)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    c = window.animation.controller
    assert c.active
    moved = 0
    before = shown(window.view)
    for _ in range(c.count):
        assert_step_in_view(window)
        moved += shown(window.view) != before
        before = shown(window.view)
        if c.k == c.count - 1:
            break
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert c.k == c.count - 1
    opened_whole = stem == "07"
    assert moved or opened_whole  # the left column, off screen at the readable zoom, was brought in


def test_a_step_already_in_view_moves_nothing(window, qtbot):
    path = next(p for p in example_files() if p.stem.startswith("04"))  # small: shown whole
    assert window.files.open_example(path)
    before = shown(window.view)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    for _ in range(window.animation.controller.count):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        assert shown(window.view) == before


def test_a_variables_step_brings_in_the_card_its_gradient_came_from(window, qtbot):
    """The view left far from the graph: stepping onto x pans to x and to sin, which sent its gradient."""
    port = window.view.viewport().rect()
    span = port.width() / window.view.zoom() * 0.6  # x and sin fit in the view together, with room
    g = Graph()
    x = g.add_node("variable", name="x", value=np.array(0.5), pos=(0, 0))
    s = g.add_node("op", "sin", name="s", pos=(span, 0))
    g.connect(x, s, 0)
    g.set_output(s)
    load(window, g)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    c = window.animation.controller
    assert c.active and c.active_node() == s
    window.view.centerOn(-5 * span, 0)  # the user looks elsewhere (x is off screen to the right)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert c.active_node() == x
    visible = shown(window.view)
    for node in (x, s):
        assert visible.contains(window.scene.node_item(node).sceneBoundingRect()), node


def test_a_step_brings_its_badge_in_whole_not_only_its_card(window, qtbot):
    """x → sin → square with x at the view's left edge: at x's step its badge, wider than the card
    ("∂square/∂x = 0.8415  1×1"), is not cut at the edge."""
    from graphviz_app.ui.canvas.overlay_items import BadgeItem

    g = Graph()
    x = g.add_node("variable", name="x", value=np.array(0.5), pos=(0, 0))
    s = g.add_node("op", "sin", pos=(240, 0))
    q = g.add_node("op", "square", pos=(480, 0))
    g.connect(x, s, 0)
    g.connect(s, q, 0)
    load(window, g)
    view = window.view
    card = window.scene.node_item(x).sceneBoundingRect()
    view.centerOn(card.left() - 2 + shown(view).width() / 2, card.center().y())  # x's card just in view
    assert shown(view).contains(card)
    qtbot.keyClick(view, Qt.Key.Key_F6)
    qtbot.keyClick(view, Qt.Key.Key_End)
    c = window.animation.controller
    c.finish_marker()
    qtbot.wait(20)
    assert c.active_node() == x
    (badge,) = [b for b in window.scene.node_item(x).childItems() if isinstance(b, BadgeItem) and b.isVisible()]
    assert "∂square/∂x" in badge.text and badge.sceneBoundingRect().width() > card.width()
    print("DBG", view.viewport().size(), view.zoom(), shown(view), badge.sceneBoundingRect())
    assert shown(view).contains(badge.sceneBoundingRect())


def test_a_step_brings_its_inputs_badges_in_whole_when_they_fit(window, qtbot):
    """Example 09 in denominator layout at 1280×800, step 3 (matmul₂) with W2's card just in view at
    the left edge: W2's badge, wider than its card ("∂loss/∂W2 128×10" over its gradient's footer),
    is brought in whole, not left cut at the edge."""
    from graphviz_app.ui.canvas.overlay_items import BadgeItem

    window.resize(1280, 800)
    window.action("layout_denominator").trigger()
    assert window.files.open_example(next(p for p in example_files() if p.stem.startswith("09")))
    view = window.view
    qtbot.keyClick(view, Qt.Key.Key_F6)
    c = window.animation.controller
    qtbot.keyClick(view, Qt.Key.Key_Right)
    w2 = next(n for n in window.graph.node_ids() if window.graph.node(n).name == "W2")
    card = window.scene.node_item(w2).sceneBoundingRect()
    view.centerOn(card.left() - 2 + shown(view).width() / 2, shown(view).center().y())  # W2's card just in view
    assert shown(view).contains(card)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    c.finish_marker()
    qtbot.wait(20)
    assert c.k == 2
    (badge,) = [b for b in window.scene.node_item(w2).childItems() if isinstance(b, BadgeItem) and b.isVisible()]
    assert "∂loss/∂W2" in badge.text and badge.sceneBoundingRect().left() < card.left()
    assert shown(view).contains(badge.sceneBoundingRect())
