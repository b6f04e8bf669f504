"""Frozen variables: Trainable (a checkable entry of a variable's menu and of the Run menu, one undo
step, shown on the card) keeps a variable out of training; copies stay frozen; only variables freeze."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from ui.training_helpers import NETWORK, train_in_window


def test_freezing_a_variable_keeps_it_out_of_training(window, qtbot):
    window.files.open_example(NETWORK)
    w1 = next(n.id for n in window.graph.nodes() if n.name == "W1")
    before = window.graph.node(w1).value.copy()
    window.scene.select_nodes([w1])
    trainable = window.action("trainable")
    assert trainable.isEnabled() and trainable.isChecked()
    trainable.trigger()
    assert not window.graph.node(w1).trainable and window.undo_stack.undoText() == "Freeze W1"
    result = train_in_window(window, qtbot, "sgd", "0.1", "5")
    assert w1 not in result.variables and np.array_equal(window.graph.node(w1).value, before)


def test_trainable_is_a_checkable_entry_of_a_variables_menu_and_one_undo_step(window):
    window.view.editor.add_node_at("variable", None, QPointF(0, 0))
    window.view.editor.add_node_at("constant", None, QPointF(200, 0))
    x, c = window.graph.node_ids()
    card = window.scene.node_item(x)
    window.scene.select_nodes([x])  # (as the right-click does)
    window.scene.evaluator.refresh()
    plain = card_image(card)
    menu = window.canvas_menus.build(card, QPointF(0, 0))
    entry = next(a for a in menu.actions() if a.text() == "Traina&ble")
    assert entry.isCheckable() and entry.isChecked()
    entry.trigger()
    assert not window.graph.node(x).trainable
    assert "frozen" in card.toolTip() and card_image(card) != plain  # the card shows it
    menu = window.canvas_menus.build(card, QPointF(0, 0))
    assert not next(a for a in menu.actions() if a.text() == "Traina&ble").isChecked()
    window.action("undo").trigger()
    assert window.graph.node(x).trainable and card_image(card) == plain
    constant_menu = window.canvas_menus.build(window.scene.node_item(c), QPointF(200, 0))
    assert "Traina&ble" not in [a.text() for a in constant_menu.actions()]
    window.scene.select_nodes([c])
    assert not window.action("trainable").isEnabled()  # constants never train


def card_image(card) -> QImage:
    from PySide6.QtGui import QPainter

    rect = card.boundingRect().toRect()
    image = QImage(rect.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.translate(-rect.topLeft())
    card.paint(painter, _Option(), None)
    painter.end()
    return image


class _Option:
    @staticmethod
    def levelOfDetailFromTransform(_transform) -> float:
        return 1.0


def test_copy_paste_and_duplicate_keep_a_frozen_variable_frozen(window):
    window.view.editor.add_node_at("variable", None, QPointF(0, 0))
    (x,) = window.graph.node_ids()
    window.scene.select_nodes([x])
    window.action("trainable").trigger()
    window.action("copy").trigger()
    window.view.editor.paste(QPointF(300, 300))
    window.scene.select_nodes([x])
    window.action("duplicate").trigger()
    copies = [n for n in window.graph.nodes() if n.id != x]
    assert len(copies) == 2 and all(n.kind == "variable" and not n.trainable for n in copies)
    window.action("undo").trigger()
    window.action("undo").trigger()
    window.action("redo").trigger()  # (the paste again: frozen again)
    assert [n.trainable for n in window.graph.nodes()] == [False, False]


def test_only_variables_can_be_frozen_and_several_freeze_in_one_step(window):
    from graphviz_app.core.errors import GraphError
    from graphviz_app.ui.commands.training import SetTrainableCommand

    for kind, where in (("variable", 0), ("variable", 200), ("constant", 400)):
        window.view.editor.add_node_at(kind, None, QPointF(where, 0))
    x, y, c = window.graph.node_ids()
    with pytest.raises(GraphError, match="only variables can be trained"):
        SetTrainableCommand(window.graph, [x, c], False)
    window.scene.select_nodes([x, y, c])
    trainable = window.action("trainable")
    assert trainable.isEnabled() and trainable.isChecked()
    trainable.trigger()  # the variables among the selection
    assert [n.trainable for n in window.graph.variables()] == [False, False]
    assert window.undo_stack.undoText() == "Freeze 2 variables" and window.undo_stack.count() == 4
    window.action("undo").trigger()
    assert all(n.trainable for n in window.graph.variables())
