"""The value editor in light and dark palettes: the checked mode and the summary stay readable, also
after a switch while the dialog is open."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from graphviz_app.core.graph import Graph
from graphviz_app.ui.app import apply_colour_scheme
from graphviz_app.ui.value_editor import ValueEditorDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def make_dialog(qtbot, value):
    graph = Graph()
    dialog = ValueEditorDialog(None, graph.node(graph.add_node("variable", name="x", value=value)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def restore_palette():
    app = QApplication.instance()
    style, palette = app.style().name(), QPalette(app.palette())
    yield app
    app.setStyle(style)
    app.setPalette(palette)


def luminance(c: QColor) -> float:
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.red()) + 0.7152 * lin(c.green()) + 0.0722 * lin(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def check_readable(dialog):
    window_colour = dialog.palette().color(QPalette.ColorRole.Window)
    # the checked mode is filled with the highlight colour, the others are not
    fills = {}
    for mode, button in dialog.mode_buttons.items():
        image = button.grab().toImage()
        fills[mode] = image.pixelColor(4, image.height() // 2)
    checked = dialog.mode()
    others = [fills[m] for m in fills if m != checked]
    highlight = dialog.palette().color(QPalette.ColorRole.Highlight)
    assert contrast(fills[checked], highlight) < 1.1
    assert all(contrast(fills[checked], other) > 1.5 for other in others)
    assert all(contrast(other, window_colour) < 1.5 for other in others)  # unchecked look like buttons
    # the summary: dimmer than text, still well readable on the window
    label = dialog.summary_label
    label.ensurePolished()
    fg = label.palette().color(label.foregroundRole())
    a = fg.alphaF()
    seen = QColor.fromRgbF(*(a * x + (1 - a) * y for x, y in zip(fg.getRgbF()[:3], window_colour.getRgbF()[:3])))
    assert contrast(seen, window_colour) >= 4.5


@pytest.mark.parametrize("dark", [False, True])
def test_checked_mode_and_summary_read_in_both_palettes(qtbot, restore_palette, dark):
    apply_colour_scheme(restore_palette, dark)
    check_readable(make_dialog(qtbot, [1.0, 2.0]))


def test_styles_follow_a_palette_change_while_open(qtbot, restore_palette):
    apply_colour_scheme(restore_palette, False)
    dialog = make_dialog(qtbot, [[1.0, 2.0]])
    apply_colour_scheme(restore_palette, True)
    QApplication.processEvents()
    assert dialog.palette().color(QPalette.ColorRole.Window).lightness() < 128
    check_readable(dialog)
    assert dialog.text_message.palette().color(dialog.text_message.foregroundRole()).lightness() > 150
