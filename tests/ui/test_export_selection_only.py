"""File → Export… "Selection only" and Copy Image of a selection draw the selected cards and the
wires between them, never a card that lies between them but was not selected."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QApplication
from test_export_support import EXAMPLES, pixels, qimage_pixels

from graphviz_app.export import render

CHAIN = EXAMPLES / "01_chain_rule_sin_cos.json"  # t → x1, x2; the constant (n4) sits between x1 and x2


@pytest.fixture
def window(window):
    assert window.files.open_path(CHAIN, ask=False)
    return window


def click_cards(window, qtbot, names):
    ids = {window.graph.node(n).name: n for n in window.graph.node_ids()}
    for i, name in enumerate(names):
        center = window.view.mapFromScene(window.scene.node_item(ids[name]).sceneBoundingRect().center())
        modifier = Qt.KeyboardModifier.ControlModifier if i else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, modifier, center)
    assert sorted(window.scene.selected_node_ids()) == sorted(ids[n] for n in names)
    return ids


def export_selection(window, qtbot, path):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.selection.setChecked(True)
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(0)  # 1×
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return pixels(path)


def region(arr, source, rect):
    """The pixels of scene rect `rect` in a 1× picture of scene region `source`."""
    left, top = int(rect.left() - source.left()), int(rect.top() - source.top())
    return arr[max(top, 0) : max(top + int(rect.height()), 0), max(left, 0) : max(left + int(rect.width()), 0)]


def test_a_card_between_the_selected_ones_is_not_drawn(window, qtbot, tmp_path):
    ids = click_cards(window, qtbot, ["x1", "x2"])
    x1, x2 = (window.scene.node_item(ids[n]).sceneBoundingRect() for n in ("x1", "x2"))
    between = window.scene.node_item("n4").sceneBoundingRect()  # the unselected constant
    assert x1.bottom() < between.top() and between.bottom() < x2.top()
    arr = export_selection(window, qtbot, tmp_path / "sel.png")
    source = x1.united(x2).adjusted(-render.MARGIN, -render.MARGIN, render.MARGIN, render.MARGIN)
    assert abs(arr.shape[1] - source.width()) <= 2 and abs(arr.shape[0] - source.height()) <= 2  # the two cards
    background = arr[2, 2]
    gap = region(arr, source, between)
    assert gap.size and (gap == background).all()  # the constant's place is empty: no card, no wire
    assert (region(arr, source, x1) != background).any() and (region(arr, source, x2) != background).any()
    # the window is as it was: the constant is still on the canvas and the selection kept
    assert window.scene.node_item("n4").isVisible()
    assert sorted(window.scene.selected_node_ids()) == sorted([ids["x1"], ids["x2"]])


def test_the_wire_between_two_selected_cards_is_drawn_and_no_other(window, qtbot, tmp_path):
    ids = click_cards(window, qtbot, ["t", "x1"])
    t, x1 = (window.scene.node_item(ids[n]).sceneBoundingRect() for n in ("t", "x1"))
    arr = export_selection(window, qtbot, tmp_path / "sel.png")
    source = t.united(x1).adjusted(-render.MARGIN, -render.MARGIN, render.MARGIN, render.MARGIN)
    background = arr[2, 2]
    wire_gap = region(arr, source, t.united(x1).adjusted(t.width(), 0, -x1.width(), 0))
    assert (wire_gap != background).any()  # the t → x1 wire, between the cards
    below_wire = QRectF(
        t.right() + 8, t.center().y() + 20, x1.left() - t.right() - 16, source.bottom() - t.center().y()
    )
    assert (region(arr, source, below_wire) == background).all()  # the t → x2 wire (x2 not selected) is left out
    edges = window.scene.edge_items()
    assert all(edge.isVisible() for edge in edges.values())


def test_copy_image_of_the_selection_is_the_selection_export_at_2x(window, qtbot, tmp_path):
    click_cards(window, qtbot, ["x1", "x2"])
    window.exporter.copy_image()
    copied = qimage_pixels(QApplication.clipboard().image())
    height, width = copied.shape[:2]
    assert f"Copied a {width} × {height} picture of the selection" in window.statusBar().currentMessage()
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.selection.setChecked(True)
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(1)  # 2×
    dialog.path.setText(str(tmp_path / "sel2.png"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    exported = pixels(tmp_path / "sel2.png")
    assert copied.shape == exported.shape and np.array_equal(copied, exported)


def test_a_selection_at_a_backward_step_keeps_the_title_above_it(window, qtbot, tmp_path):
    """The picture of a selection at a step says which step and which layout, as the whole
    diagram's picture does: the title is drawn above the selected cards, then goes back."""
    from ui.animation_helpers import start_backward

    window.action("layout_denominator").trigger()
    controller = start_backward(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()
    title = window.scene.overlay_presenter.title
    assert title is not None and "step 2 / " in title.text and "denominator layout" in title.text
    on_canvas = title.pos()
    ids = click_cards(window, qtbot, ["x1", "x2"])
    x1, x2 = (window.scene.node_item(ids[n]).sceneBoundingRect() for n in ("x1", "x2"))
    arr = export_selection(window, qtbot, tmp_path / "sel.png")
    cards = x1.united(x2)
    background = arr[2, 2]
    band = arr[int(render.MARGIN) + 2 : int(render.MARGIN) + 16]  # the top of the picture: the title's box
    assert (band != background).any()
    above_cards = int(arr.shape[0] - cards.height() - 2 * render.MARGIN)
    assert above_cards >= title.boundingRect().height()  # room for the title above the cards, as drawn
    assert title.pos() == on_canvas  # back where the canvas shows it
    controller.stop()

    window.exporter.copy_image()  # no step: the selection alone, no title
    copied = qimage_pixels(QApplication.clipboard().image())
    assert abs(copied.shape[0] / 2 - (cards.height() + 2 * render.MARGIN)) <= 3
