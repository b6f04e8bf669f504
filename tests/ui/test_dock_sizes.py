"""Docks keep the size the user gave them, and the canvas stays where the user put it: opening the
Chain rule tab, Backward (F6) and stepping resize no dock; the canvas pans on its own only to bring
the current step's card into view when it is off screen."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QTabBar
from ui.animation_helpers import load, squares_graph

from graphviz_app.resources_path import examples_dir

USER_WIDTH = 420  # the right dock's width as the user dragged it


def settle(qtbot) -> None:
    qtbot.wait(30)  # layouts and the Inspector's step (one event-loop turn late) are done


def drag_right_dock(window, qtbot, width: int = USER_WIDTH) -> int:
    """Set the right docks' width as dragging their splitter does; returns the width they got."""
    docks = [window.animation.inspector, window.animation.chain]
    window.resizeDocks(docks, [width, width], Qt.Orientation.Horizontal)
    settle(qtbot)
    return next(d for d in docks if not d.visibleRegion().isEmpty()).width()  # (a tab behind is not laid out)


def click_tab(window, qtbot, title: str) -> None:
    def bars():
        return [b for b in window.findChildren(QTabBar) if b.isVisible() and title in map(b.tabText, range(b.count()))]

    qtbot.waitUntil(lambda: len(bars()) == 1)  # (a tab bar of the layout the saved state replaced goes later)
    bar = bars()[0]
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    settle(qtbot)


def shown_rect(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def same_rect(a: QRectF, b: QRectF) -> bool:
    return all(abs(x - y) <= 1.0 for x, y in zip(a.getRect(), b.getRect(), strict=True))


def card_rect(window, node_id: str) -> QRectF:
    return window.scene.node_item(node_id).sceneBoundingRect()


def step_through(window, qtbot, on_step) -> None:
    """Right to the last step, calling on_step() at each one."""
    c = window.animation.controller
    while True:
        on_step()
        if c.k >= c.count - 1:
            return
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        c.finish_marker()
        settle(qtbot)


def test_chain_rule_tab_and_backward_keep_the_right_dock_and_the_canvas_still(window, qtbot):
    load(window, squares_graph()[0])  # built by the mouse: no names, no output yet
    width = drag_right_dock(window, qtbot)
    window.view.zoom_to_fit()  # every card on screen
    click_tab(window, qtbot, "Chain rule")
    chain = window.animation.chain
    assert chain.width() == width
    shown = shown_rect(window.view)

    qtbot.keyClick(window.view, Qt.Key.Key_F6)  # the only node that feeds nothing becomes the output
    settle(qtbot)
    c = window.animation.controller
    assert c.active and c.mode == "backward"
    assert not chain.visibleRegion().isEmpty(), "F6 left the Chain rule tab the user was reading in front"
    assert "the whole backward pass" in chain.status_label.text()

    def unchanged():
        assert abs(chain.width() - width) <= 2
        assert shown_rect(window.view).contains(card_rect(window, c.active_node()))
        assert same_rect(shown_rect(window.view), shown)

    step_through(window, qtbot, unchanged)


def test_stepping_with_the_inspector_keeps_its_width(window, qtbot):
    """Wide Jacobian tables and formulas scroll inside the Inspector; they never widen it."""
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    click_tab(window, qtbot, "Inspector")
    width = drag_right_dock(window, qtbot, 380)
    window.view.zoom_to_fit()
    inspector = window.animation.inspector
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    settle(qtbot)
    assert not inspector.visibleRegion().isEmpty()
    shown = shown_rect(window.view)

    def unchanged():
        assert abs(inspector.width() - width) <= 2
        assert same_rect(shown_rect(window.view), shown)

    step_through(window, qtbot, unchanged)


def test_a_wide_chain_rule_is_laid_out_to_the_dock_which_keeps_its_width(window, qtbot):
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    width = drag_right_dock(window, qtbot, 300)
    click_tab(window, qtbot, "Chain rule")
    chain = window.animation.chain
    chain.select_variable(window.graph.find("theta"))
    settle(qtbot)
    text = chain.text.toPlainText()
    longest = max(text.splitlines(), key=len)
    assert chain.text.fontMetrics().horizontalAdvance(longest) <= chain.text.viewport().width()
    assert "this path" in text and "(from backward)" in text  # (wrapped onto rows, not cut)
    assert abs(chain.width() - width) <= 2  # the dock did not widen itself
    assert chain.text.horizontalScrollBar().maximum() == 0


def test_a_step_off_screen_brings_its_card_into_view(window, qtbot):
    graph, ids = squares_graph()
    load(window, graph)
    view = window.view
    view.zoom_reset()
    view.centerOn(card_rect(window, ids["x1"]).center())  # the user looks at the inputs, far left
    settle(qtbot)
    output = card_rect(window, ids["y"])
    assert not shown_rect(view).intersects(output)

    qtbot.keyClick(view, Qt.Key.Key_F6)  # the first step is the output's card
    settle(qtbot)
    assert window.animation.controller.active_node() == ids["y"]
    shown = shown_rect(view)
    assert shown.contains(output)
    assert output.right() < shown.right() - 20  # with a margin, not at the very edge

    # the next step's card is on screen as well: the view stays
    qtbot.keyClick(view, Qt.Key.Key_Right)
    window.animation.controller.finish_marker()
    settle(qtbot)
    assert shown_rect(view).contains(card_rect(window, window.animation.controller.active_node()))
    assert same_rect(shown_rect(view), shown)
