"""Actual Size (Ctrl+0) zooms about the selected cards when there are some (what the user works
on), else about the middle of the view."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMessageBox

from graphviz_app.core import fileformat
from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.sample_graphs import scalar_chains


@pytest.fixture
def large(qtbot, tmp_path):
    from graphviz_app.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    g = scalar_chains(60, lambda i: 0.01 * i, lambda i: ("sin", "tanh"))
    apply_layout(g)
    path = tmp_path / "large.json"
    fileformat.save(g, path)
    assert w.files.open_path(path, ask=False)
    w.action("zoom_fit").trigger()
    return w


def centre(view) -> QPointF:
    return view.mapToScene(view.viewport().rect()).boundingRect().center()


def test_actual_size_centres_the_selected_card(large, qtbot):
    view = large.view
    card = large.scene.node_item(large.graph.node_id("x0"))  # the first input: top left, far from the middle
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(card.sceneBoundingRect().center())
    )
    assert card.isSelected()
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.0)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(card.sceneBoundingRect())
    distance = centre(view) - card.sceneBoundingRect().center()
    assert abs(distance.x()) <= 1 and abs(distance.y()) <= 1


def test_actual_size_without_a_selection_keeps_the_middle_of_the_view(large, qtbot):
    view = large.view
    before = centre(view)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.0)
    moved = centre(view) - before
    assert abs(moved.x()) <= 2 and abs(moved.y()) <= 2
