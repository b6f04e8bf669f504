"""The Inspector shows the model as it is after every edit: one that evaluates nothing (a move, a
collapse) and one that does (a value). Each time, what it shows is what building it afresh shows."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QAbstractItemView, QApplication

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.commands.groups import CollapseGroupCommand
from graphviz_app.ui.commands.nodes import MoveNodesCommand, SetValueCommand


def shown(window) -> str:
    """The Inspector's texts, and the numbers of its tables, as the user reads them."""
    inspector = window.animation.inspector
    inspector.flush()
    view = inspector.group_view if inspector.group_view.isVisible() else inspector.panel
    cells = []
    for table in view.findChildren(QAbstractItemView):
        if table.isVisibleTo(view):
            model = table.model()
            cells += [
                str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(model.columnCount())
            ]
    return view.texts() + "\n" + " ".join(cells)


def built_afresh(window) -> str:
    window.animation.inspector.refresh()
    return shown(window)


def open_08(window, qtbot):
    assert window.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    window.scene.evaluator.refresh()
    QApplication.processEvents()
    return window.graph.groups.find("layer2")


def test_a_collapse_with_nothing_selected_shows_the_groups_card_as_built_afresh(window, qtbot):
    layer2 = open_08(window, qtbot)
    window.scene.clearSelection()
    window.undo_stack.push(CollapseGroupCommand(window.graph, layer2.id, True))
    QApplication.processEvents()
    texts = shown(window)
    assert "layer2" in texts
    assert texts == built_afresh(window)
    window.undo_stack.undo()
    QApplication.processEvents()
    assert shown(window) == built_afresh(window)
    window.undo_stack.setClean()


def test_a_groups_view_follows_a_move_then_a_value_edit(window, qtbot):
    layer2 = open_08(window, qtbot)
    window.scene.clearSelection()
    window.scene.groups.frame_item(layer2.id).setSelected(True)
    QApplication.processEvents()
    before = shown(window)
    assert "layer2" in before
    graph = window.graph
    x, y = graph.node(graph.find("W2")).pos  # (a move, which evaluates nothing)
    window.undo_stack.push(MoveNodesCommand(graph, {graph.find("W2"): ((x, y), (x, y - 40))}))
    QApplication.processEvents()
    assert shown(window) == before == built_afresh(window)
    window.undo_stack.push(SetValueCommand(graph, graph.find("W2"), np.full((3, 4), 5.0)))
    qtbot.waitUntil(lambda: not window.scene.evaluator.pending, timeout=5000)
    QApplication.processEvents()
    after = shown(window)
    assert after != before  # (the composite Jacobian through matmul₂ holds W2's entries)
    assert after == built_afresh(window)
    window.undo_stack.setClean()
