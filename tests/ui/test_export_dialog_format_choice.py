"""File → Export…: the format the user picks stays picked, whichever was picked before it (or
remembered from the last export), and the file name offered follows the format, never the other
way round: at a step, "PNG image" writes a still of that step under the step's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from ui.animation_helpers import right, start_backward

from graphviz_app.export.dialog_memory import FOLDER_KEY
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.settings import app_settings

TWO_LAYER = examples_dir() / "07_two_layer_network.json"
DOCUMENT = "07_two_layer_network"
AT_STEP_2 = "07_two_layer_network_step02"
SUFFIX = {
    "png": ".png",
    "svg": ".svg",
    "pdf": ".pdf",
    "tex": ".tex",
    "step:tex": ".tex",
    "dot": ".dot",
    "steps:gif": ".gif",
    "steps:apng": ".apng",
    "steps:png": ".png",
}
OF_THE_STEP = ("png", "svg", "pdf", "step:tex")  # pictures (and LaTeX) of the step shown: the step's name


@pytest.fixture(autouse=True)
def exports_into(tmp_path):
    """The dialog offers names in tmp_path (the document's folder): no folder left from another test."""
    settings = app_settings()
    settings.remove(FOLDER_KEY)
    settings.setValue("files/last_dir", str(tmp_path))
    yield tmp_path
    for key in (FOLDER_KEY, "files/last_dir"):
        settings.remove(key)


def opened(window, qtbot):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def keys(dialog) -> list[str]:
    return [dialog.format.itemData(i) for i in range(dialog.format.count())]


def pick(qtbot, dialog, key: str) -> None:
    """Picks the entry as a user does: opens the Format list and clicks the entry."""
    combo = dialog.format
    combo.showPopup()
    view = combo.view()
    qtbot.waitExposed(view)
    rect = view.visualRect(view.model().index(keys(dialog).index(key), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())


def export_with_button(qtbot, dialog, at_1x: bool = False):
    """Export as the Export button does (at_1x: at 1× first, where the picture's size is not what is tested)."""
    if at_1x:
        dialog.resolution.setCurrentIndex(dialog.resolution.findText("1× (96 dpi)"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()


def at_step_2(window, qtbot):
    assert window.files.open_example(TWO_LAYER)
    controller = start_backward(window, qtbot)
    right(qtbot, window)
    assert controller.k == 1


def each_pair_stays_picked(qtbot, dialog, stem_of) -> None:
    """Every entry picked after every other stays picked, and the file name follows it (stem_of:
    the name's stem for an entry)."""
    entries = keys(dialog)
    for before in entries:
        for after in entries:
            if after == before:
                continue
            pick(qtbot, dialog, before)
            pick(qtbot, dialog, after)
            assert dialog.format_key() == after, f"{before} then {after}"
            assert Path(dialog.path.text()).name == stem_of(after) + SUFFIX[after], f"{before} then {after}"


def test_every_entry_stays_picked_after_every_other_at_a_step(window, qtbot):
    at_step_2(window, qtbot)
    dialog = opened(window, qtbot)
    assert set(keys(dialog)) == set(SUFFIX)
    each_pair_stays_picked(qtbot, dialog, lambda key: AT_STEP_2 if key in OF_THE_STEP else DOCUMENT)
    dialog.close()


def test_every_entry_stays_picked_after_every_other_with_no_animation(window, qtbot):
    assert window.files.open_example(TWO_LAYER)
    dialog = opened(window, qtbot)
    assert set(keys(dialog)) == set(SUFFIX) - {"step:tex"}  # (no step shown: LaTeX is every step)
    each_pair_stays_picked(qtbot, dialog, lambda key: DOCUMENT)
    dialog.close()


@pytest.mark.parametrize("before", ["steps:gif", "steps:apng", "steps:png"])
def test_png_picked_after_an_animation_writes_a_still_of_the_step(window, qtbot, exports_into, before):
    at_step_2(window, qtbot)
    dialog = opened(window, qtbot)
    pick(qtbot, dialog, before)
    pick(qtbot, dialog, "png")
    assert dialog.format.currentText() == "PNG image"
    export_with_button(qtbot, dialog, at_1x=True)
    written = exports_into / f"{AT_STEP_2}.png"
    assert dialog.written == [written]
    assert Image.open(written).n_frames == 1


def test_after_a_gif_export_the_next_dialog_still_writes_what_is_picked(window, qtbot, exports_into):
    at_step_2(window, qtbot)
    dialog = opened(window, qtbot)
    pick(qtbot, dialog, "steps:gif")
    export_with_button(qtbot, dialog, at_1x=True)
    assert Image.open(exports_into / f"{DOCUMENT}.gif").n_frames > 1

    dialog = opened(window, qtbot)  # opens on the remembered GIF
    assert dialog.format_key() == "steps:gif" and Path(dialog.path.text()).name == f"{DOCUMENT}.gif"
    pick(qtbot, dialog, "png")
    assert dialog.format_key() == "png"
    export_with_button(qtbot, dialog)
    assert Image.open(exports_into / f"{AT_STEP_2}.png").n_frames == 1

    dialog = opened(window, qtbot)  # GIF again remembered? no: PNG was the last export
    assert dialog.format_key() == "png"
    pick(qtbot, dialog, "steps:gif")
    pick(qtbot, dialog, "step:tex")
    assert dialog.format_key() == "step:tex"
    export_with_button(qtbot, dialog)
    text = (exports_into / f"{AT_STEP_2}.tex").read_text(encoding="utf-8")
    assert "Step 2 of" in text and "Step 1 of" not in text and "Step 3 of" not in text
