"""A small window keeps the canvas usable: on a first start below 1200 px the palette is a tab of
the Inspector's column (Backward brings the Inspector forward), that column takes at most a third
of the window, the smallest examples open whole, and no dock edge crushes the canvas."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget
from ui.canvas_helpers import first_start_window

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.main_window import MainWindow

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
LEFT = Qt.DockWidgetArea.LeftDockWidgetArea


def in_front(dock: QDockWidget) -> bool:
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def column_width(window) -> int:
    return max(d.width() for d in window.findChildren(QDockWidget) if window.dockWidgetArea(d) == RIGHT and in_front(d))


@pytest.mark.parametrize("size", [(1024, 720), (1024, 700)])
def test_a_small_first_window_opens_the_first_examples_whole(qtbot, size):
    window = first_start_window(qtbot, size)
    palette, inspector = window.palette_dock, window.animation.inspector
    assert window.dockWidgetArea(palette) == RIGHT and palette in window.tabifiedDockWidgets(inspector)
    assert in_front(palette) and not in_front(inspector)  # the palette first: a first start builds
    assert column_width(window) <= size[0] / 3 + 5
    assert window.view.width() >= 0.6 * size[0]
    for name in ("01_chain_rule_sin_cos.json", "07_two_layer_network.json"):
        assert window.files.open_example(examples_dir() / name, ask=False)
        qtbot.wait(30)
        assert window.view.shows_whole_graph() and window.view.zoom() >= 0.7, name


def test_backward_brings_the_inspector_in_front_of_the_palette(qtbot):
    window = first_start_window(qtbot, (1024, 720))
    assert window.files.open_example(examples_dir() / "01_chain_rule_sin_cos.json", ask=False)
    window.animation.run_backward()  # (F6)
    qtbot.waitUntil(lambda: in_front(window.animation.inspector), timeout=2000)
    assert not in_front(window.palette_dock)


def test_an_800_px_window_leaves_the_canvas_two_thirds(qtbot):
    window = first_start_window(qtbot, (800, 600))
    assert column_width(window) <= 800 / 3 + 10
    assert window.view.width() >= 0.6 * 800


def test_a_wide_first_window_keeps_the_palette_on_the_left(qtbot):
    window = first_start_window(qtbot, (1480, 920))
    assert window.dockWidgetArea(window.palette_dock) == LEFT and in_front(window.palette_dock)
    assert in_front(window.animation.inspector) and column_width(window) >= 340
    assert window.files.open_example(examples_dir() / "01_chain_rule_sin_cos.json", ask=False)
    qtbot.wait(30)
    assert window.view.shows_whole_graph()


def test_the_small_windows_layout_is_kept_for_the_next_start(qtbot):
    window = first_start_window(qtbot, (1024, 720))
    window.close()
    later = MainWindow()
    qtbot.addWidget(later)
    later.show()
    qtbot.waitExposed(later)
    assert later.dockWidgetArea(later.palette_dock) == RIGHT  # (its size: clamped to the test screen)


@pytest.mark.parametrize("size", [(1024, 720), (1480, 920)])
def test_dragging_a_docks_edge_never_crushes_the_canvas(qtbot, size):
    """The column's edge dragged far into the canvas stops where the canvas keeps 220 px (at 80 px
    a step's title read "Back… step … nume…")."""
    window = first_start_window(qtbot, size)
    right = [d for d in window.findChildren(QDockWidget) if window.dockWidgetArea(d) == RIGHT and d.isVisible()]
    window.resizeDocks(right, [2000] * len(right), Qt.Orientation.Horizontal)
    qtbot.wait(30)
    assert window.view.width() >= 220
