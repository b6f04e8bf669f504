"""X @ w − y with w ℝ³ˣ¹ and y ℝ⁴ broadcasts to ℝ⁴ˣ⁴: the card of the op that did it carries a
warning in the warning colour (not an error: every card keeps its value), the status bar, its tip
and the Inspector say it in the words of `graphviz-app grad`; a correct model shows none."""

import numpy as np
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from graphviz_app.core.expr import parse_expression
from graphviz_app.core.fileformat import save

MESSAGE = "sub: ℝ⁴ˣ¹ − ℝ⁴ broadcasts to ℝ⁴ˣ⁴; did you mean y as ℝ⁴ˣ¹ or matmul as ℝ⁴?"


def open_loss(window, tmp_path, y) -> str:
    """The window on sqnorm(X @ w − y), X ℝ⁴ˣ³ and w ℝ³ˣ¹; the sub card's id."""
    values = {"X": np.arange(12.0).reshape(4, 3) / 10, "w": np.array([[0.5], [-1.0], [2.0]]), "y": y}
    save(parse_expression("sqnorm(X @ w - y)", values), tmp_path / "loss.json")
    window.files.open_path(str(tmp_path / "loss.json"), ask=False)
    window.scene.evaluator.refresh()
    return next(n.id for n in window.graph.nodes() if n.op == "sub")


def footer_colours(window, card) -> list[QColor]:
    """The colours the view paints in the card's footer (its lowest quarter)."""
    image = window.view.viewport().grab().toImage()
    box = window.view.mapFromScene(card.mapToScene(card.rect)).boundingRect()
    return [
        image.pixelColor(x, y)
        for x in range(box.left() + 2, box.right() - 2)
        for y in range(box.bottom() - box.height() // 4, box.bottom() - 2)
    ]


def close(a: QColor, b: QColor, tolerance=40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


def test_the_card_status_bar_and_inspector_warn(window, qtbot, tmp_path):
    sub = open_loss(window, tmp_path, np.array([1.0, 2.0, 3.0, 4.0]))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == MESSAGE)
    card = window.scene.node_item(sub)
    assert card.toolTip() == MESSAGE
    assert card.state.error is None and card.state.shape == (4, 4)  # a warning: the value is there
    assert window.scene.node_item(window.graph.output).state.preview  # and the loss downstream too
    window.view.resetTransform()
    window.view.scale(2.0, 2.0)  # (the footer's small text, large enough to be read in pixels)
    window.view.centerOn(card)
    theme = window.scene.theme
    painted = footer_colours(window, card)
    assert any(close(c, theme.warning) for c in painted)  # in the warning colour, not the error's
    assert not any(close(c, theme.error) for c in painted)
    window.grab().save(str(tmp_path.parent / "outer_broadcast_card.png"))
    card.setSelected(True)  # outside a pass: the selected node's Inspector
    panel = window.animation.inspector.panel
    qtbot.waitUntil(lambda: panel.title_label.text() == "sub")
    assert panel.warning_label.text() == f"⚠ {MESSAGE}"


def test_a_correct_model_shows_no_warning(window, qtbot, tmp_path):
    sub = open_loss(window, tmp_path, np.array([[1.0], [2.0], [3.0], [4.0]]))
    card = window.scene.node_item(sub)
    assert card.state.note is None and card.state.shape == (4, 1)
    assert "broadcasts" not in window.statusBar().currentMessage() and "broadcasts" not in card.toolTip()
    card.setSelected(True)
    panel = window.animation.inspector.panel
    qtbot.waitUntil(lambda: panel.title_label.text() == "sub")
    assert not panel.warning_label.isVisibleTo(panel)


def test_fixing_y_clears_the_warning(window, qtbot, tmp_path):
    sub = open_loss(window, tmp_path, np.array([1.0, 2.0, 3.0, 4.0]))
    card = window.scene.node_item(sub)
    qtbot.waitUntil(lambda: card.toolTip() == MESSAGE)
    window.graph.set_value(window.graph.find("y"), np.array([[1.0], [2.0], [3.0], [4.0]]))
    qtbot.waitUntil(lambda: card.state.shape == (4, 1))
    assert "broadcasts" not in card.toolTip()


def shown_labels(dialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog) and label.text()]


def test_the_train_dialog_warns_that_the_loss_broadcasts(window, qtbot, tmp_path):
    open_loss(window, tmp_path, np.array([1.0, 2.0, 3.0, 4.0]))
    window.action("train").trigger()
    dialog = window.training.dialog
    qtbot.waitExposed(dialog)
    said = "\n".join(shown_labels(dialog))
    assert f"⚠ {MESSAGE}" in said  # (the words of `graphviz-app train`'s warning: line)
    dialog.grab().save(str(tmp_path.parent / "outer_broadcast_train_dialog.png"))
    dialog.reject()


def test_the_train_dialog_of_a_correct_model_warns_of_nothing(window, qtbot, tmp_path):
    open_loss(window, tmp_path, np.array([[1.0], [2.0], [3.0], [4.0]]))
    window.action("train").trigger()
    dialog = window.training.dialog
    qtbot.waitExposed(dialog)
    assert not any("broadcasts" in text or "⚠" in text for text in shown_labels(dialog))
    dialog.reject()
