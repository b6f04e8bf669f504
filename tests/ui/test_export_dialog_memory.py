"""File → Export… remembers the last export's format, resolution, background and folder, in every
window and the next session (the app's settings); the file name still follows the document."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_export_support import LINEAR

from graphviz_app.ui.windows import open_windows


@pytest.fixture
def window(window):
    """The shared window (tests/ui/conftest.py) with the linear model open."""
    assert window.files.open_path(LINEAR, ask=False)
    return window


@pytest.fixture
def extra_windows():
    """Windows a test opens beyond its own: closed (without asking) afterwards."""
    before = set(open_windows())
    yield lambda: [w for w in open_windows() if w not in before]
    for w in open_windows():
        if w not in before:
            w.undo_stack.setClean()
            w.close()


def opened(window, qtbot):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def export_with_button(qtbot, dialog):
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()


def test_a_fresh_dialog_offers_png_at_2x_opaque(window, qtbot):
    dialog = opened(window, qtbot)
    assert dialog.format_key() == "png" and dialog.scale() == 2.0
    assert not dialog.transparent.isChecked()
    assert Path(dialog.path.text()).name == "05_linear_model.png"


def test_svg_with_a_transparent_background_is_offered_again(window, qtbot, tmp_path):
    dialog = opened(window, qtbot)
    dialog.set_format("svg")
    qtbot.mouseClick(dialog.transparent, Qt.MouseButton.LeftButton, pos=dialog.transparent.rect().center() / 4)
    assert dialog.transparent.isChecked()
    dialog.path.setText(str(tmp_path / "slide.svg"))
    export_with_button(qtbot, dialog)

    again = opened(window, qtbot)
    assert again.format_key() == "svg" and again.transparent.isChecked()
    # the folder is the last one, the name still the document's, with the format's suffix
    assert Path(again.path.text()) == tmp_path / "05_linear_model.svg"


def test_resolution_is_remembered_including_a_custom_dpi(window, qtbot, tmp_path):
    dialog = opened(window, qtbot)
    dialog.resolution.setCurrentIndex(dialog.resolution.findData(4.0))
    dialog.path.setText(str(tmp_path / "big.png"))
    export_with_button(qtbot, dialog)
    assert opened(window, qtbot).scale() == 4.0

    dialog = opened(window, qtbot)
    dialog.resolution.setCurrentIndex(dialog.resolution.findData(None))  # Custom dpi
    dialog.dpi.setValue(300)
    dialog.path.setText(str(tmp_path / "print.png"))
    export_with_button(qtbot, dialog)
    again = opened(window, qtbot)
    assert again.resolution.currentData() is None and again.dpi.value() == 300 and again.dpi.isEnabled()
    assert again.scale() == pytest.approx(300 / 96)


def test_cancel_remembers_nothing(window, qtbot, tmp_path):
    dialog = opened(window, qtbot)
    dialog.set_format("pdf")
    dialog.path.setText(str(tmp_path / "x.pdf"))
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert opened(window, qtbot).format_key() == "png"


def test_a_new_window_starts_where_the_last_export_went(window, qtbot, tmp_path, extra_windows):
    folder = tmp_path / "slides"
    folder.mkdir()
    dialog = opened(window, qtbot)
    dialog.set_format("pdf")
    dialog.path.setText(str(folder / "lecture.pdf"))
    export_with_button(qtbot, dialog)

    window.action("new_window").trigger()
    (other,) = extra_windows()
    dialog = opened(other, qtbot)
    assert dialog.format_key() == "pdf"
    assert Path(dialog.path.text()) == folder / "diagram.pdf"  # an untitled document's name


def test_a_remembered_animation_format_is_skipped_when_not_offered(window, qtbot, tmp_path):
    dialog = opened(window, qtbot)
    dialog.set_format("steps:gif")
    dialog.path.setText(str(tmp_path / "pass.gif"))
    export_with_button(qtbot, dialog)
    assert opened(window, qtbot).format_key() == "steps:gif"

    window.graph.clear()  # no backward pass: the animation entries are still listed, and explain
    dialog = opened(window, qtbot)
    assert dialog.format_key() in ("steps:gif", "png")
    assert Path(dialog.path.text()).suffix == (".gif" if dialog.format_key() == "steps:gif" else ".png")


@pytest.mark.parametrize("dpi", ["inf", "-inf", "nan", "1e30", "0", "-300", "lots"])
def test_a_remembered_dpi_that_cannot_be_is_ignored_and_the_dialog_opens(window, qtbot, tmp_path, dpi):
    from graphviz_app.ui.settings import app_settings

    app_settings().setValue("export/resolution", "custom")
    app_settings().setValue("export/dpi", dpi)  # (a settings file edited by hand)
    dialog = opened(window, qtbot)
    assert dialog.dpi.value() == 300 and dialog.scale() == 300 / 96  # the custom dpi offered when none is known
    dialog.path.setText(str(tmp_path / "kept.png"))
    export_with_button(qtbot, dialog)
    assert (tmp_path / "kept.png").exists()
    assert opened(window, qtbot).dpi.value() == 300  # and remembered well from then on


def test_a_remembered_dpi_in_range_is_offered_again(window, qtbot):
    from graphviz_app.ui.settings import app_settings

    app_settings().setValue("export/resolution", "custom")
    app_settings().setValue("export/dpi", "150.0")
    assert opened(window, qtbot).dpi.value() == 150
