"""Collapsing a group during the backward pass: the Inspector shows the group's step where a
member's step was (a group of input variables collapsed at x's step showed "Nothing to inspect")."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from ui.animation_helpers import load, sin_of_product


def shown_texts(window) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisible() and label.text()]


def test_collapsing_a_group_of_inputs_at_its_step_keeps_the_step_in_the_inspector(window, qtbot):
    graph, group = sin_of_product()
    graph = load(window, graph)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    controller = window.animation.controller
    qtbot.waitUntil(lambda: controller.trace is not None, timeout=5000)
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: controller.k == controller.count - 1, timeout=3000)
    window.scene.groups.toggle(group)  # collapse, as Edit → Collapse Group does
    assert graph.groups.get(group).collapsed
    qtbot.waitUntil(lambda: "Nothing to inspect" not in shown_texts(window), timeout=3000)
    texts = shown_texts(window)
    assert "Nothing to inspect" not in texts
    assert any("inputs  ·  one step for the group" in t for t in texts), texts
    assert any("arriving at x:  ∂sin/∂x" in t and "arriving at y:  ∂sin/∂y" in t for t in texts), texts
    window.undo_stack.setClean()
