"""Zooming on the selection: Actual Size (Ctrl+0) zooms about the selected cards when there are
some (what the user works on), else about the middle of the view; View → Zoom to Selection (Ctrl+2)
shows the selected cards whole, as large as the view holds them (up to actual size), and is there
only with something selected."""

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from ui.canvas_helpers import window_of_size

from graphviz_app.core import fileformat
from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.sample_graphs import scalar_chains


@pytest.fixture
def large(qtbot, tmp_path):
    w = window_of_size(qtbot, (1280, 800))
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


def shown(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def rubber_band(view, qtbot, corner_a: QPointF, corner_b: QPointF) -> None:
    a, b = view.mapFromScene(corner_a), view.mapFromScene(corner_b)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(view.viewport(), pos=(a + b) / 2)
    qtbot.mouseMove(view.viewport(), pos=b)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=b)


def test_zoom_to_selection_frames_the_selected_cards_larger_than_the_fit(large, qtbot):
    view, scene = large.view, large.scene
    fit = view.zoom()
    cards = [scene.node_item(large.graph.node_id(name)) for name in ("x0", "x1", "x2")]
    whole = cards[0].sceneBoundingRect()
    for card in cards[1:]:
        whole = whole.united(card.sceneBoundingRect())
    rubber_band(view, qtbot, whole.topLeft() - QPointF(5, 5), whole.bottomRight() + QPointF(5, 5))
    assert {c.isSelected() for c in cards} == {True}
    assert large.action("zoom_selection").isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() > fit
    assert view.zoom() <= 1.0 + 1e-9
    for card in cards:
        assert shown(view).contains(card.sceneBoundingRect())
    # as large as fits: in one direction the selection fills most of the viewport, or actual size is reached
    port = view.viewport().rect()
    filled = max(whole.width() * view.zoom() / port.width(), whole.height() * view.zoom() / port.height())
    assert filled > 0.8 or view.zoom() == pytest.approx(1.0)


def test_one_card_is_shown_at_actual_size_in_the_middle(large, qtbot):
    view = large.view
    card = large.scene.node_item(large.graph.node_id("x0"))
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(card.sceneBoundingRect().center())
    )
    large.action("zoom_selection").trigger()
    assert view.zoom() == pytest.approx(1.0)
    middle = shown(view).center() - card.sceneBoundingRect().center()
    assert abs(middle.x()) <= 2 and abs(middle.y()) <= 2


def test_zoom_to_selection_is_disabled_without_a_selection(large):
    large.scene.clearSelection()
    assert not large.action("zoom_selection").isEnabled()
    assert "Zoom to S&election" in [a.text() for a in large.menuBar().actions()[2].menu().actions()]
