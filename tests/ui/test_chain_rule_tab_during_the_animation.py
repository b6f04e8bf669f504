"""The Chain rule tab while the backward animation runs: the variable being read stays chosen
(by the node, shown by its name) across a rename, its undo and redo, as across a value edit;
its caption says the numbers are the whole pass's and which step the canvas is at; the
timeline's label names a paused pass with the same " · " as its other states."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabBar
from ui.canvas_helpers import activate

from graphviz_app.resources_path import examples_dir

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def open_tab(window, qtbot, title: str) -> None:
    """Click a dock's tab."""
    for bar in window.findChildren(QTabBar):
        for i in range(bar.count()):
            if bar.isVisible() and bar.tabText(i) == title:
                qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
                return
    raise AssertionError(f"no tab {title}")


def backward(window, qtbot, key=Qt.Key.Key_End):
    """The linear model (seed 000) open, the Chain rule tab in front, F6 and then key."""
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    open_tab(window, qtbot, "Chain rule")
    activate(qtbot, window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    if key is not None:
        qtbot.keyClick(window.view, key)
    c = window.animation.controller
    assert c.active
    return window.animation.chain, c


def choose(qtbot, box, name: str) -> None:
    """Choose an entry of the variable box with the keyboard (↓ until it shows name)."""
    box.setFocus()
    for _ in range(box.count()):
        if box.currentText().split()[0] == name:
            return
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText().split()[0] == name


def rename(window, qtbot, node: str, name: str) -> None:
    """Select the card, F2, type the name (it replaces the selected one), Enter."""
    window.scene.select_nodes([node])
    activate(qtbot, window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.view.title_editor.editing, timeout=3000)
    qtbot.keyClicks(window.view, name)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.graph.find(name) == node


def undo_keys(window, qtbot, redo: bool = False) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | SHIFT if redo else CTRL)


def settled(window, qtbot, c) -> None:
    qtbot.waitUntil(lambda: not c.stale)
    QApplication.processEvents()


def test_the_variable_being_read_stays_chosen_across_rename_undo_and_redo(window, qtbot):
    dock, c = backward(window, qtbot)
    phi = window.graph.find("Phi")
    choose(qtbot, dock.variable_box, "Φ")  # (not the first entry: θ is)
    assert "∂L/∂Φ" in dock.text.toPlainText()
    rename(window, qtbot, phi, "w")
    settled(window, qtbot, c)
    assert dock.variable_box.currentText() == "w  (constant)" and "∂L/∂w" in dock.text.toPlainText()
    for redo, name in ((False, "Φ"), (True, "w"), (False, "Φ")):
        undo_keys(window, qtbot, redo)
        settled(window, qtbot, c)
        assert dock.variable_box.currentText() == f"{name}  (constant)", (redo, dock.variable_box.currentText())
        text = dock.text.toPlainText()
        assert f"∂L/∂{name}" in text and "∂L/∂θ" not in text
    # the Inspector keeps the selected card across the same rename, undo and redo
    title = window.animation.inspector.panel.title_label.text
    window.scene.select_nodes([phi])
    qtbot.waitUntil(lambda: title().startswith("Φ"))
    rename(window, qtbot, phi, "w")
    settled(window, qtbot, c)
    qtbot.waitUntil(lambda: title().startswith("w"))
    undo_keys(window, qtbot)
    settled(window, qtbot, c)
    qtbot.waitUntil(lambda: title().startswith("Φ"))
    undo_keys(window, qtbot, redo=True)
    settled(window, qtbot, c)
    qtbot.waitUntil(lambda: title().startswith("w"))
    assert dock.variable_box.currentText() == "w  (constant)"


def test_the_choice_comes_back_when_an_undo_brings_its_node_back(window, qtbot):
    dock, c = backward(window, qtbot)
    y = window.graph.find("y")
    choose(qtbot, dock.variable_box, "y")
    window.scene.select_nodes([y])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)  # y gone: the pass pauses, the tab says why
    settled(window, qtbot, c)
    assert y not in window.graph
    undo_keys(window, qtbot)
    settled(window, qtbot, c)
    assert dock.variable_box.currentText() == "y  (constant)" and "∂L/∂y" in dock.text.toPlainText()


def test_another_file_keeps_the_choice_by_name(window, qtbot):
    dock, c = backward(window, qtbot)
    choose(qtbot, dock.variable_box, "Φ")
    window.animation.controller.stop()
    assert window.files.open_example(examples_dir() / "05_linear_model.json", ask=False)
    qtbot.waitUntil(lambda: dock.variable_box.currentText() == "Φ  (constant)")


def test_the_caption_says_the_numbers_are_the_whole_pass_and_the_canvas_step(window, qtbot):
    dock, c = backward(window, qtbot, key=None)
    choose(qtbot, dock.variable_box, "θ")
    caption = dock.status_label.text()
    assert c.k == 0 and f"the whole backward pass; the canvas is at step 1 of {c.count}" in caption
    ends = dock.text.toPlainText()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert f"the canvas is at step 2 of {c.count}." in dock.status_label.text()
    assert dock.text.toPlainText() == ends  # the same whole-pass numbers at every step
    c.stop()
    qtbot.waitUntil(lambda: "a backward pass of the current graph" in dock.status_label.text())
    assert "canvas is at" not in dock.status_label.text()


def test_the_timeline_label_separates_its_parts_with_a_dot(window, qtbot):
    dock, c = backward(window, qtbot, key=None)
    label = window.animation.timeline.step_label
    assert label.text().startswith("Backward · ") and label.text().endswith(f"step 1 / {c.count}")
    assert "  " not in label.text()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    assert "  " not in label.text() and label.text().endswith(f"step {c.count} / {c.count}")
    window.scene.select_nodes([window.graph.find("Phi")])  # deleted: its matmul misses an input
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    settled(window, qtbot, c)
    assert c.problem
    assert label.text() == "Backward paused · the graph has an error"
    undo_keys(window, qtbot)
    settled(window, qtbot, c)
    assert not c.problem and label.text().startswith("Backward · ") and "  " not in label.text()
