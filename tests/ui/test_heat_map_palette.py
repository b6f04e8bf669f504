"""The Inspector's Jacobian heat maps follow the palette: a zero cell is the table's own base colour
(light in a light palette, a dark neutral in a dark one, never a glaring white), positive and
negative entries stand out from it, and every number reads well on its cell."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from ui.palette_helpers import switch

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui import tones
from graphviz_app.ui.animation.jacobian_table import JacobianTable
from graphviz_app.ui.commands.nodes import SetKindCommand

READABLE = 4.5  # WCAG AA for body text
BACKGROUND, FOREGROUND = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole


pytestmark = pytest.mark.usefixtures("restore_palette")


def matmul_step_tables(window, qtbot) -> list[JacobianTable]:
    """Example 05 at its matmul step: ∂(Φθ)/∂Φ = δₖᵢ θⱼ, mostly zeros, and the gradients (Φ made a
    variable: a constant gets no gradient, so no Jacobian with respect to it)."""
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    window.undo_stack.push(SetKindCommand(window.graph, window.graph.find("Phi"), "variable"))
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    c = window.animation.controller
    mm = next(s.node for s in c.trace.steps if s.op == "matmul")
    qtbot.keyClick(window.view, Qt.Key.Key_Home)
    while c.active_node() != mm:
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    c.finish_marker()
    QApplication.processEvents()
    panel = window.animation.inspector.panel
    tables = [t for t in panel.findChildren(JacobianTable) if t.isVisibleTo(panel) and t.shape()[0]]
    assert len(tables) >= 3
    return tables


def cells(table: JacobianTable):
    """(value, index) of every cell."""
    model = table.model()
    rows, cols = table.shape()
    for r in range(rows):
        for c in range(cols):
            yield model.value(r, c), model.index(r, c)


def painted(table: JacobianTable, index) -> QColor:
    """The colour drawn at the middle of a cell's left edge (clear of its text)."""
    table.scrollTo(index)
    QApplication.processEvents()
    rect = table.visualRect(index)
    image = table.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int((rect.left() + 3) * ratio), int(rect.center().y() * ratio))


def assert_heat_map_suits(tables: list[JacobianTable], dark: bool) -> None:
    zeros = nonzeros = 0
    for table in tables:
        model = table.model()
        base = table.palette().color(table.palette().ColorRole.Base)
        for value, index in cells(table):
            background = model.data(index, BACKGROUND)
            ink = model.data(index, FOREGROUND)
            assert tones.contrast(ink, background) >= READABLE, (value, background.name(), ink.name())
            if value == 0:
                zeros += 1
                assert background == base
                assert tones.luminance(background) < 0.05 if dark else tones.luminance(background) > 0.8
            else:
                nonzeros += 1
                assert tones.contrast(background, base) > 1.15, (value, background.name(), base.name())
        # as drawn: a zero cell's pixels are the table's base, not white in the dark
        zero = next((index for value, index in cells(table) if value == 0), None)
        if zero is not None:
            drawn = painted(table, zero)
            assert tones.contrast(drawn, base) < 1.1, (drawn.name(), base.name())
    assert zeros and nonzeros


def test_a_dark_palette_paints_zero_cells_dark(window, qtbot):
    switch(dark=True)
    assert_heat_map_suits(matmul_step_tables(window, qtbot), dark=True)


def test_a_light_palette_paints_zero_cells_light(window, qtbot):
    switch(dark=False)
    assert_heat_map_suits(matmul_step_tables(window, qtbot), dark=False)


def test_the_heat_maps_follow_a_switch_while_shown(window, qtbot):
    switch(dark=False)
    tables = matmul_step_tables(window, qtbot)
    switch(dark=True)
    assert_heat_map_suits(tables, dark=True)
    switch(dark=False)
    assert_heat_map_suits(tables, dark=False)


def test_the_signs_keep_their_hues_in_both_palettes(window, qtbot):
    tables = matmul_step_tables(window, qtbot)
    for dark in (False, True):
        switch(dark)
        for table in tables:
            model = table.model()
            for value, index in cells(table):
                colour = model.data(index, BACKGROUND)
                if value > 0:
                    assert colour.red() > colour.blue(), colour.name()
                elif value < 0:
                    assert colour.blue() > colour.red(), colour.name()
