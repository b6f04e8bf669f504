"""The palette's descriptions wrap between words and read whole instead of being cut, and the badges'
glyphs read on the dark theme's tint (test_window_layout: the palette widens on a wide window)."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette

from graphviz_app.ui.catalog import catalog
from graphviz_app.ui.catalog_view import (
    BADGE_HEIGHT,
    BADGE_WIDTH,
    TEXT_LEFT,
    TEXT_RIGHT,
    description_lines,
    paint_badge,
)


def _entry(title: str):
    return next(e for e in catalog() if e.title == title)


def test_a_long_description_takes_two_lines_broken_between_words(qapp):
    variable = _entry("variable")
    lines = description_lines(variable, QFont(), 130, most=2)
    assert len(lines) == 2 and lines[0].startswith("Variable: an input")
    assert " ".join(lines).rstrip("…").split()[-1] in variable.description  # (words, never halves of them)
    assert description_lines(_entry("sin"), QFont(), 130, most=2) == ["Sine"]
    assert description_lines(variable, QFont(), 130, most=1)[0].endswith("…")


def test_palette_rows_with_two_lines_are_taller(window):
    tree = window.palette_dock.tree
    rows = {}
    for i in range(tree.topLevelItemCount()):
        header = tree.topLevelItem(i)
        for j in range(header.childCount()):
            item = header.child(j)
            rows[item.text(0) or tree.entry_at(item).title] = tree.visualItemRect(item).height()
    assert rows["variable"] > rows["sin"]


def test_a_one_letter_symbol_stays_with_the_word_before_it(qapp):
    log = _entry("log")  # "Natural logarithm ln u"
    for width in range(60, 200, 4):
        lines = description_lines(log, QFont(), width, most=8)
        assert all(line.replace("\u00a0", " ").strip() != "u" for line in lines)
    assert any("ln\u00a0u" in line for line in description_lines(log, QFont(), 60, most=8))


def test_the_palette_shows_every_description_whole_at_a_first_start(window):
    tree = window.palette_dock.tree
    width = tree.viewport().width()
    for i in range(tree.topLevelItemCount()):
        header = tree.topLevelItem(i)
        for j in range(header.childCount()):
            entry = tree.entry_at(header.child(j))
            lines = description_lines(entry, tree.font(), width - TEXT_LEFT - TEXT_RIGHT, most=8)
            assert " ".join(lines).replace("\u00a0", " ") == entry.description, entry.title


def _glyph_contrast(dark: bool) -> float:
    palette = QPalette()
    base = QColor("#1e1f24") if dark else QColor("#ffffff")
    palette.setColor(QPalette.Base, base)
    image = QImage(BADGE_WIDTH + 4, BADGE_HEIGHT + 4, QImage.Format_RGB32)
    image.fill(base)
    painter = QPainter(image)
    paint_badge(painter, QRectF(2, 2, BADGE_WIDTH, BADGE_HEIGHT), _entry("exp"), QFont(), palette=palette)
    painter.end()
    middle = [QColor(image.pixel(x, image.height() // 2)).lightness() for x in range(10, image.width() - 10)]
    return abs(max(middle) - min(middle)) if dark else abs(min(middle) - base.lightness())


def test_badge_glyphs_stand_out_on_the_dark_theme(qapp):
    assert _glyph_contrast(dark=True) >= 100
    assert _glyph_contrast(dark=False) >= 100
