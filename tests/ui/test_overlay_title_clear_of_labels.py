"""The animation's title never covers a gradient label the step sends (example 07 step 6 hid
∂loss/∂W1 under it): it goes above everything the step shows, on the canvas and in exports."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from graphviz_app.export.render import clean_scene
from graphviz_app.resources_path import example_files
from graphviz_app.ui.canvas.overlay_items import BadgeItem, OverlayLabelItem, TitleItem


def covered(scene) -> list[str]:
    """What the shown title covers: the gradient labels and badges under it."""
    items = [item for item in scene.items() if item.isVisible()]
    title = next(item for item in items if isinstance(item, TitleItem))
    rect = title.sceneBoundingRect()
    return [
        item.edge.overlay_label if isinstance(item, OverlayLabelItem) else item.text
        for item in items
        if isinstance(item, (OverlayLabelItem, BadgeItem)) and item.sceneBoundingRect().intersects(rect)
    ]


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_no_step_of_an_example_hides_a_label_under_the_title(window, qtbot, path):
    window.files.open_example(path, ask=False)
    QApplication.processEvents()
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    controller = window.animation.controller
    qtbot.waitUntil(lambda: controller.trace is not None, timeout=5000)
    for k in range(len(controller.trace.steps)):
        qtbot.waitUntil(lambda k=k: controller.k == k, timeout=3000)
        window.view.viewport().repaint()  # (the title is kept in the view the user sees)
        assert covered(window.scene) == [], (path.stem, k + 1)
        with clean_scene(window.scene):
            assert covered(window.scene) == [], (path.stem, k + 1, "export")
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    window.undo_stack.setClean()


def test_a_view_scrolled_below_the_graphs_top_keeps_the_title_off_the_labels(window, qtbot):
    """The title is kept whole in view: when the user scrolls so that the highest labels sit at
    the view's top, it goes to the view's bottom rather than over them."""
    window.files.open_example(next(p for p in example_files() if p.stem.startswith("07")), ask=False)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    controller = window.animation.controller
    qtbot.waitUntil(lambda: controller.trace is not None, timeout=5000)
    for _ in range(5):  # step 6: ∂loss/∂matmul₁ is the highest label, above matmul₁ on the left
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: controller.k == 5, timeout=3000)
    labels = [i for i in window.scene.items() if isinstance(i, OverlayLabelItem) and i.isVisible()]
    highest = min(labels, key=lambda i: i.sceneBoundingRect().top()).sceneBoundingRect()
    view = window.view
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    # that label at the view's top left corner, where the title goes when kept in view
    view.centerOn(highest.left() - 4 + shown.width() / 2, highest.top() - 2 + shown.height() / 2)
    QApplication.processEvents()
    view.viewport().repaint()
    assert covered(window.scene) == []
    title = next(i for i in window.scene.items() if isinstance(i, TitleItem))
    assert view.mapToScene(view.viewport().rect()).boundingRect().contains(title.sceneBoundingRect())
    window.undo_stack.setClean()
