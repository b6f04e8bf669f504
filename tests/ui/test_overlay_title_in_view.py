"""The animation's title stays whole inside the view however the view is panned or zoomed
(it was cut off at the left after a pan); exports still show it above the graph."""

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import first_start_window

from graphviz_app.export.render import clean_scene
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.node_item import card_scene_rect
from graphviz_app.ui.canvas.overlay_items import TitleItem
from graphviz_app.ui.canvas.theme import ui_font


@pytest.fixture
def animated(window, qtbot):
    window.files.open_example(examples_dir() / "01_chain_rule_sin_cos.json", ask=False)
    QApplication.processEvents()
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: title(window) is not None, timeout=5000)
    yield window
    window.undo_stack.setClean()


def title(window) -> TitleItem | None:
    return next((i for i in window.scene.items() if isinstance(i, TitleItem) and i.isVisible()), None)


def shown(view) -> QRectF:
    view.viewport().repaint()  # (what the user sees once the view has painted)
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_the_title_stays_whole_in_view_after_panning(animated, qtbot):
    view = animated.view
    item = title(animated)
    assert item.text.startswith("Backward")
    assert shown(view).contains(item.sceneBoundingRect())
    cards = animated.scene.cards_rect()
    bar = view.horizontalScrollBar()
    bar.setValue(bar.value() + 200)  # the graph's left side now off screen
    area = shown(view)
    assert area.left() > cards.left()  # (the pan did cut off the graph's top-left corner)
    assert area.contains(item.sceneBoundingRect())
    for x, y in ((cards.right(), cards.top()), (cards.left(), cards.bottom()), (cards.right(), cards.bottom())):
        view.centerOn(x, y)
        assert shown(view).contains(item.sceneBoundingRect()), (x, y)
    view.set_zoom(2.0)
    qtbot.waitUntil(lambda: not view.zooming(), timeout=3000)
    view.centerOn(cards.center())
    assert shown(view).contains(item.sceneBoundingRect())


def test_an_export_shows_the_title_above_the_graph_wherever_the_view_is(animated):
    view = animated.view
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 250)
    shown(view)
    item = title(animated)
    cards = animated.scene.cards_rect()
    with clean_scene(animated.scene):
        rect = item.sceneBoundingRect()
        assert rect.left() == pytest.approx(cards.left())
        assert rect.bottom() < cards.top()
    assert shown(view).contains(item.sceneBoundingRect())  # back in view afterwards


def test_a_narrow_view_wraps_the_title_between_its_parts(animated, qtbot):
    view = animated.view
    item = title(animated)
    full = item.text
    assert item.lines == [full]
    area = shown(view)
    view.set_zoom(3.0 * area.width() / item.boundingRect().width())  # (as far as zoom goes)
    qtbot.waitUntil(lambda: not view.zooming(), timeout=3000)
    area = shown(view)
    assert QFontMetricsF(ui_font(12.0, bold=True)).horizontalAdvance(full) > area.width()  # too wide for one line
    assert area.contains(item.sceneBoundingRect())
    assert len(item.lines) > 1 and " · ".join(item.lines) == full  # every part shown, none cut
    with clean_scene(animated.scene):
        assert item.lines == [full]  # an export has the room: one line


def cards_under(window, item) -> list[str]:
    rect = item.sceneBoundingRect()
    return [
        card.title
        for card in window.scene.node_items().values()
        if card.isVisible() and card_scene_rect(card).intersects(rect)
    ]


@pytest.mark.parametrize("size", [(1024, 720), (1280, 800)])
@pytest.mark.parametrize("name", ["01_chain_rule_sin_cos.json", "07_two_layer_network.json"])
def test_with_no_room_above_the_graph_the_title_covers_no_card(qtbot, size, name):
    """Walk 10: at the 1024×720 first window the view of example 07 has no room above W1; Backward
    put the title on W1's and matmul₁'s headers. It goes where it hides no card, in view."""
    window = first_start_window(qtbot, size)
    assert window.files.open_example(examples_dir() / name, ask=False)
    view = window.view
    area = shown(view)
    cards = window.scene.cards_rect()
    view.centerOn(area.center().x(), cards.top() + area.height() / 2)  # the highest card at the view's top
    qtbot.keyClick(view, Qt.Key.Key_F6)
    controller = window.animation.controller
    qtbot.waitUntil(lambda: controller.trace is not None, timeout=5000)
    for k in range(3):  # steps 1 to 3
        qtbot.waitUntil(lambda k=k: controller.k == k, timeout=3000)
        item = title(window)
        area = shown(view)
        assert area.contains(item.sceneBoundingRect()), k + 1
        assert cards_under(window, item) == [], (name, size, k + 1)
        qtbot.keyClick(view, Qt.Key.Key_Right)
    window.undo_stack.setClean()
