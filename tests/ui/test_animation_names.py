"""Everything the animation side shows names nodes as their cards do, never by an internal id
(n7): graphs in the shapes of every example, with no names (as the mouse builds them), through
Backward, Forward mode, Forward values and the gradient check."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QWidget
from ui.animation_helpers import load, squares_graph, tanh_layer_graph, when_modal

from graphviz_app.core import fileformat
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.animation.dialogs import SeedDialog, TangentDialog
from graphviz_app.ui.animation.jacobian_table import JacobianTable

ID = re.compile(r"\bn\d+\b")
EXAMPLES = sorted(p.name for p in examples_dir().glob("*.json"))


def unnamed_example(name: str):
    graph = fileformat.load(examples_dir() / name)
    for node in graph.nodes():
        graph.rename(node.id, None)
    return graph


def widget_texts(root: QWidget) -> list[str]:
    """What a person reads in a widget: labels, buttons, group titles, tooltips, table headers."""
    texts = [root.windowTitle(), root.toolTip()]
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        texts.append(w.toolTip())
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, JacobianTable):
            model = w.model()
            for orientation, count in ((Qt.Horizontal, model.columnCount()), (Qt.Vertical, model.rowCount())):
                for i in range(min(count, 12)):
                    for role in (Qt.DisplayRole, Qt.ToolTipRole):
                        texts.append(str(model.headerData(i, orientation, role) or ""))
    return texts


def shown_texts(window) -> list[str]:
    ui = window.animation
    texts = [window.statusBar().currentMessage(), *widget_texts(ui.timeline)]
    overlay = window.scene.overlay_presenter.overlay
    if overlay is not None:
        texts += [overlay.title, *overlay.node_badges.values(), *overlay.edge_labels.values()]
    ui.inspector.flush()  # (the step shown)
    texts += widget_texts(ui.inspector)
    return texts


def assert_no_ids(texts, where: str) -> None:
    found = sorted({m for t in texts for m in ID.findall(t or "")})
    assert not found, f"{where}: ids {found} in {[t for t in texts if t and ID.search(t)][:3]}"


def answer(qtbot, dialog_class, seen: list) -> None:
    """The dialog Backward or Forward mode asks (a seed, a tangent): note its texts, press Enter."""

    def act(dialog):
        seen.extend(widget_texts(dialog))
        qtbot.keyClick(dialog, Qt.Key_Return)

    when_modal(dialog_class, act)


def step_through(qtbot, window, where: str) -> None:
    c = window.animation.controller
    assert c.active, where
    window.activateWindow()  # (after a dialog: the window's shortcuts work once it is active again)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert_no_ids(shown_texts(window), f"{where}, step 1")
    for k in range(1, c.count):
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
        assert c.k == k, f"{where}: Right went to step {c.k + 1}, not {k + 1} (mode {c.mode}, {c.count} steps)"
        assert_no_ids(shown_texts(window), f"{where}, step {c.k + 1}")


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_unnamed_example_is_named_as_its_cards_everywhere(window, qtbot, name):
    graph = load(window, unnamed_example(name))
    assert all(not n.name for n in graph.nodes())
    seen: list[str] = []
    answer(qtbot, SeedDialog, seen)  # (asked only for a vector output)
    qtbot.keyClick(window.view, Qt.Key_F6)
    step_through(qtbot, window, f"{name} backward")
    chain = window.animation.chain
    chain.show()
    chain.raise_()
    qtbot.waitUntil(lambda: chain.status_label.text() != "")
    for i in range(chain.variable_box.count()):
        chain.variable_box.setCurrentIndex(i)
        assert_no_ids([chain.variable_box.itemText(i), chain.status_label.text()], f"{name} chain rule")
    qtbot.keyClick(window.view, Qt.Key_Escape)
    answer(qtbot, TangentDialog, seen)
    qtbot.keyClick(window.view, Qt.Key_F6, Qt.ShiftModifier)
    step_through(qtbot, window, f"{name} forward mode")
    qtbot.keyClick(window.view, Qt.Key_F5)
    step_through(qtbot, window, f"{name} values")
    qtbot.keyClick(window.view, Qt.Key_Escape)
    assert_no_ids(seen, f"{name} dialogs")
    if graph.nodes() and window.scene.evaluator.evaluation.values[graph.output].shape == ():
        qtbot.keyClick(window.view, Qt.Key_F7)
        dialog = window.animation.gradcheck_dialog
        qtbot.addWidget(dialog)
        table = [dialog.table.item(r, c) for r in range(dialog.table.rowCount()) for c in range(2)]
        texts = widget_texts(dialog) + [i.text() for i in table] + [i.toolTip() for i in table]
        assert_no_ids(texts, f"{name} gradient check")


@pytest.mark.parametrize("build", [squares_graph, tanh_layer_graph])
def test_hand_built_graphs_read_as_their_cards(window, qtbot, build):
    graph, ids = build()
    graph = load(window, graph)
    qtbot.keyClick(window.view, Qt.Key_F6)  # (the output is chosen: the only sink)
    assert 'Backward from "add₂"' in window.statusBar().currentMessage() or "sum" in window.statusBar().currentMessage()
    step_through(qtbot, window, build.__name__)
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    out = "add₂" if build is squares_graph else "sum"
    assert f"∂{out}/∂variable₁" in dialog.summary_label.text()
    assert dialog.table.item(0, 0).toolTip().startswith(f"∂{out}/∂variable")
    assert dialog.isVisible() and "passed" in dialog.summary_label.text()
