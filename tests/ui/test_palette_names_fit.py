"""The palette reads every name in full: it is never narrower than its longest name, in a small
window or when a layout saved with a narrower palette is restored; a name that still does not
fit ends in "…" (its tooltip has it), never cut mid-letter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import window_of_size

from graphviz_app.ui.catalog import catalog, grouped
from graphviz_app.ui.catalog_view import (
    COUNT_ROLE,
    ENTRY_ROLE,
    HEADER_ROLE,
    entry_width,
    header_width,
    paint_entry,
    paint_header,
)
from graphviz_app.ui.palette import PaletteTree


def rows_fit_their_names(tree) -> bool:
    """Every row is as wide as its whole name (and every group title with its count)."""
    font = tree.font()
    for i in range(tree.topLevelItemCount()):
        header = tree.topLevelItem(i)
        title, count = header.data(0, HEADER_ROLE), header.data(0, COUNT_ROLE)
        if tree.visualItemRect(header).width() < header_width(title, count, font):
            return False
        for j in range(header.childCount()):
            item = header.child(j)
            if tree.visualItemRect(item).width() < entry_width(item.data(0, ENTRY_ROLE), font):
                return False
    return True


def make_window(qtbot, size):
    w = window_of_size(qtbot, size)
    qtbot.wait(30)  # (the layout keeps the canvas's room one event-loop turn later)
    return w


@pytest.mark.parametrize("size", [(900, 600), (1280, 800)])
def test_every_name_fits_in_the_palette(qtbot, size):
    window = make_window(qtbot, size)
    assert rows_fit_their_names(window.palette_dock.tree)


def test_a_saved_narrow_palette_is_restored_wide_enough_for_its_names(qtbot, monkeypatch):
    with monkeypatch.context() as m:  # a layout saved when the palette could be made narrower
        m.setattr(PaletteTree, "minimumSizeHint", lambda self: QSize(40, 40))
        first = make_window(qtbot, (1280, 800))  # (its palette in a column of its own)
        first.resizeDocks([first.palette_dock], [90], Qt.Orientation.Horizontal)
        qtbot.wait(30)
        assert not rows_fit_their_names(first.palette_dock.tree)
        first.close()  # (closing saves the layout)
    later = make_window(qtbot, (1280, 800))
    assert rows_fit_their_names(later.palette_dock.tree)
    later.resizeDocks([later.palette_dock], [60], Qt.Orientation.Horizontal)  # dragged as narrow as it goes
    qtbot.wait(30)
    assert rows_fit_their_names(later.palette_dock.tree)


class RecordingPainter:
    """A painter that notes the texts it draws."""

    def __init__(self, painter: QPainter):
        self.painter, self.texts = painter, []

    def __getattr__(self, name):
        return getattr(self.painter, name)

    def drawText(self, *args):
        self.texts.append(args[-1])
        self.painter.drawText(*args)


@pytest.mark.parametrize("width", [110, 150])
def test_a_name_that_does_not_fit_ends_in_an_ellipsis(qtbot, width):
    font = QApplication.font()
    entries = next(es for c, es in grouped(catalog()) if c == "losses")
    entry = max(entries, key=lambda e: len(e.title))  # softmax_xent
    pixmap = QPixmap(300, 40)
    painter = QPainter(pixmap)
    recorder = RecordingPainter(painter)
    paint_entry(recorder, QRect(0, 0, width, 38), entry, QApplication.palette(), font, False)
    paint_header(recorder, QRect(0, 0, 100, 28), "linear algebra", 4, QApplication.palette(), font)
    painter.end()
    name, description, title, count = recorder.texts[-4:]  # (after the badge's symbol)
    assert name.endswith("…") and entry.title.startswith(name[:-1]) and len(name) > 1
    assert description.endswith("…")
    assert title.endswith("…") and "LINEAR ALGEBRA".startswith(title[:-1]) and count == "4"
    assert entry_width(entry, font) > width  # (it would not have fitted)
