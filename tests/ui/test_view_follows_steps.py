"""While the reverse pass is stepped, the canvas pans (by the least needed) so that the current
card and the cards its step's arrows connect are whole in view, whenever they fit together."""

import pytest
from PySide6.QtCore import QRectF, Qt

from graphviz_app.resources_path import example_files


def shown(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def step_cards(window) -> list[str]:
    """The current card and the cards its arrows connect at this step, as the controller says."""
    c = window.animation.controller
    ids = {c.active_node()} | {n for edge in c.edges_at(c.k) for n in edge[:2]}
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


@pytest.mark.parametrize("stem", ["07", "08"])
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
    assert moved  # the left column, off screen at the readable zoom, was brought in


def test_a_step_already_in_view_moves_nothing(window, qtbot):
    path = next(p for p in example_files() if p.stem.startswith("04"))  # small: shown whole
    assert window.files.open_example(path)
    before = shown(window.view)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    for _ in range(window.animation.controller.count):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        assert shown(window.view) == before
