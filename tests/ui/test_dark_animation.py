"""The Inspector, its formula cards and the animation's dialogs stay readable when the palette is
switched between light and dark while the program runs, and when it starts dark."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGroupBox, QLabel, QMessageBox
from ui.palette_helpers import switch

from graphviz_app.core import gradient_check
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui import tones
from graphviz_app.ui.animation.dialogs import SeedDialog
from graphviz_app.ui.animation.gradcheck_dialog import GradCheckDialog
from graphviz_app.ui.canvas.overlay_items import BadgeItem

READABLE = 4.5  # WCAG AA for body text
Role = QPalette.ColorRole


pytestmark = pytest.mark.usefixtures("restore_palette")


def to_matmul_step(window, qtbot):
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    mm = next(s.node for s in c.trace.steps if s.op == "matmul")
    qtbot.keyClick(window.view, Qt.Key_Home)
    while c.active_node() != mm:
        qtbot.keyClick(window.view, Qt.Key_Right)
    c.finish_marker()
    return window.animation.inspector


def text_colour(label: QLabel) -> QColor:
    """The colour QLabel paints its text with (after polishing)."""
    label.ensurePolished()
    return label.palette().color(label.foregroundRole())


def background(dock) -> QColor:
    return dock.palette().color(dock.backgroundRole())


def shown_labels(panel) -> list[QLabel]:
    labels = [lb for lb in panel.findChildren(QLabel) if lb.isVisibleTo(panel) and lb.text()]
    assert len(labels) > 8  # (the matmul step: its input θ only, the constant Φ gets no gradient)
    return labels


def ink_contrast(widget) -> tuple[float, QColor]:
    """The strongest contrast between a grabbed widget's pixels and its background (its corner)."""
    image = widget.grab().toImage()
    bg = image.pixelColor(0, 0)
    # every distinct pixel once (a label has a few hundred colours, not its 20,000 pixels), read as
    # the pixel it first is: the same colours, and so the same strongest contrast, as pixel by pixel
    assert image.depth() == 32, image.format()
    rows = np.frombuffer(image.constBits(), np.uint32, image.height() * image.bytesPerLine() // 4)
    pixels = rows.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()].ravel()
    _, first = np.unique(pixels, return_index=True)
    best = max(
        (image.pixelColor(int(i) % image.width(), int(i) // image.width()) for i in first),
        key=lambda c: tones.contrast(c, bg),
    )
    return tones.contrast(best, bg), bg


def assert_readable(dock, dark: bool) -> None:
    bg = background(dock)
    assert (bg.lightness() < 80) if dark else (bg.lightness() > 180), bg.name()
    panel = dock.panel
    for label in shown_labels(panel):
        assert label.styleSheet() == "", label.text()  # a style sheet would pin the palette of its polish
        c = text_colour(label)
        assert tones.contrast(c, bg) >= READABLE, (label.text(), c.name(), bg.name())
    for box in panel.findChildren(QGroupBox):
        if box.isVisibleTo(panel):
            assert tones.contrast(box.palette().color(Role.WindowText), bg) >= READABLE, box.title()
    # the pixels: the heading and a muted line as drawn, on the dock's background
    for label in (panel.title_label, panel.subtitle_label):
        ratio, drawn_bg = ink_contrast(label)
        assert tones.contrast(drawn_bg, bg) < 1.1, (label.text(), drawn_bg.name(), bg.name())
        assert ratio >= READABLE, (label.text(), ratio)


def test_inspector_follows_live_switches_both_ways(window, qtbot):
    dock = to_matmul_step(window, qtbot)
    assert_readable(dock, dark=False)
    title_light = text_colour(dock.panel.title_label)
    muted_light = text_colour(dock.panel.subtitle_label)
    switch(dark=True)
    assert_readable(dock, dark=True)
    assert text_colour(dock.panel.title_label).lightness() > 180  # the heading is no longer black
    assert text_colour(dock.panel.subtitle_label) != muted_light
    switch(dark=False)
    assert_readable(dock, dark=False)
    assert text_colour(dock.panel.title_label) == title_light
    assert text_colour(dock.panel.subtitle_label) == muted_light


def test_selected_variable_heading_after_a_switch(window, qtbot):
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    window.scene.select_nodes([window.graph.find("theta")])
    dock = window.animation.inspector
    assert dock.panel.title_label.text() == "θ  ·  variable"
    for dark in (True, False, True):
        switch(dark)
        bg = background(dock)
        assert tones.contrast(text_colour(dock.panel.title_label), bg) >= READABLE
        ratio, drawn_bg = ink_contrast(dock.panel.title_label)
        assert ratio >= READABLE and tones.contrast(drawn_bg, bg) < 1.1


@pytest.fixture
def dark_window(qtbot):
    from graphviz_app.ui.main_window import MainWindow

    switch(dark=True)  # before the window exists: the program started in a dark desktop
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.animation.set_convention("numerator")
    return w


def test_inspector_readable_when_started_dark(dark_window, qtbot):
    dock = to_matmul_step(dark_window, qtbot)
    assert_readable(dock, dark=True)
    switch(dark=False)
    assert_readable(dock, dark=False)


def test_formula_card_is_a_card_of_its_own_in_both_palettes(window, qtbot):
    dock = to_matmul_step(window, qtbot)
    view = next(b.formula_view for b in dock.panel.boxes if b.formula_view.isVisible())
    for dark in (False, True, False):
        switch(dark)
        card, border, ink = tones.card(view.palette())
        assert tones.contrast(ink, card) >= 7
        assert (card.lightness() < 80) if dark else (card.lightness() > 200)  # follows the palette
        assert tones.contrast(border, background(dock)) > 1.3  # framed against the dock
        image = view.grab().toImage()
        inside = image.pixelColor(image.width() // 2, 2)  # just inside the frame, above the formula
        assert tones.contrast(inside, card) < 1.05, (inside.name(), card.name())
        darkest_or_lightest = max(
            (image.pixelColor(x, y) for x in range(0, image.width(), 2) for y in range(image.height())),
            key=lambda c: tones.contrast(c, card),
        )
        assert tones.contrast(darkest_or_lightest, card) >= 7  # the ink is drawn, readable on the card


def test_dialog_colours_follow_a_switch(window, qtbot):
    seed = SeedDialog("y", (3,), window)
    qtbot.addWidget(seed)
    seed.seed_radio.setChecked(True)
    seed.seed_edit.setText("[1, 2]")
    seed.accept()
    seed.show()
    assert "3 numbers" in seed.error_label.text()
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    result = gradient_check.gradcheck(window.graph)
    failed = dataclasses.replace(
        result, max_rel_error=1.0, entries=[dataclasses.replace(e, rel_error=1.0) for e in result.entries]
    )
    dialogs = [GradCheckDialog(r, "L", window) for r in (result, failed)]
    for d in dialogs:
        qtbot.addWidget(d)
        d.show()
    for dark in (False, True, False, True):
        switch(dark)
        for label in (seed.error_label, *(d.verdict_label for d in dialogs)):
            dialog = label.window()
            bg = dialog.palette().color(Role.Window)
            assert tones.contrast(text_colour(label), bg) >= READABLE, (label.text(), dark)
            assert ink_contrast(label)[0] >= READABLE
        for d in dialogs:
            base = d.table.palette().color(Role.Base)
            mark = d.table.item(0, d.MARK_COLUMN)
            assert tones.contrast(mark.foreground().color(), base) >= READABLE, (mark.text(), dark)
        assert text_colour(dialogs[0].verdict_label).green() > text_colour(dialogs[0].verdict_label).red()
        assert text_colour(dialogs[1].verdict_label).red() > text_colour(dialogs[1].verdict_label).green()


def gradient_tags(window) -> list:
    tags = [item for item in window.scene.items() if isinstance(item, BadgeItem) and item.isVisible()]
    assert len(tags) >= 3
    return tags


def tag_fill(window, tag) -> QColor:
    """The colour the view shows just inside a gradient tag's left edge (its padding, no text)."""
    rect = tag.sceneBoundingRect()
    at = window.view.mapFromScene(rect.left() + 4, rect.center().y())
    return window.view.viewport().grab().toImage().pixelColor(at)


def test_gradient_tags_on_the_canvas_follow_a_live_switch(window, qtbot):
    """Started light, switched dark in the middle of the backward pass (as on a system switch):
    the tags already shown turn dark with the canvas, stay dark at the next step, and back."""
    to_matmul_step(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key_1, Qt.ControlModifier)  # Zoom to Fit: every tag in view
    assert all(tag_fill(window, tag).lightness() > 200 for tag in gradient_tags(window))
    for dark in (True, False, True):
        switch(dark)
        canvas = window.scene.theme.canvas
        assert (canvas.lightness() < 80) if dark else (canvas.lightness() > 200)
        for tag in gradient_tags(window):
            fill = tag_fill(window, tag)
            assert (fill.lightness() < 90) if dark else (fill.lightness() > 200), (tag.text, fill.name(), dark)
    qtbot.keyClick(window.view, Qt.Key_Right)
    window.animation.controller.finish_marker()
    for tag in gradient_tags(window):
        assert tag_fill(window, tag).lightness() < 90, tag.text
