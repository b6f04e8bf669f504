"""File → Export… on a diagram whose PNG (or animation frame) at the resolution the dialog would
start with is too large for most viewers starts at the resolution its size note recommends, and
says so; a resolution picked in the dialog is kept, exported, and remembered."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from test_export_support import LINEAR, wide_diagram

from graphviz_app.core import fileformat
from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.sample_graphs import scalar_chains
from graphviz_app.export.formats import TOO_LARGE_WORDS, VIEWABLE_SIDE

Image.MAX_IMAGE_PIXELS = None  # (a test picture wider than PIL's guard against decompression bombs)


def noted_size(dialog) -> tuple[int, int]:
    found = re.search(r"([\d,]*\d) × ([\d,]*\d) pixels", dialog.note.text())
    assert found, dialog.note.text()
    return int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))


def open_dialog(window, qtbot, path):
    assert window.files.open_path(str(path), ask=False)
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    return dialog


@pytest.fixture
def wide(tmp_path):
    return wide_diagram(tmp_path)


def test_eight_hundred_cards_start_at_the_resolution_that_fits(window, qtbot, tmp_path):
    # 800 cards, 200 rows tall (250 rows fit no viewer at 48 dpi, below which text is too small to read)
    graph = scalar_chains(200, lambda i: 0.01 * i, lambda i: ("sin", "tanh"))
    apply_layout(graph)
    path = tmp_path / "large.json"
    fileformat.save(graph, path)
    dialog = open_dialog(window, qtbot, path)
    dialog.set_format("png")
    note = dialog.note.text()
    # (in the words of `graphviz-app export`, which says the same of a picture too large)
    said = re.search(
        rf"2× \(192 dpi\) would be ([\d,]+) × ([\d,]+) pixels, {re.escape(TOO_LARGE_WORDS)}: (\d+) dpi chosen", note
    )
    assert said, note
    dpi = int(said.group(3))
    assert dialog.resolution.currentText() == "Custom dpi" and dialog.dpi.value() == dpi
    assert dialog.choice().settings.scale == pytest.approx(dpi / 96)
    assert (
        max(noted_size(dialog)) <= VIEWABLE_SIDE and note.count(TOO_LARGE_WORDS) == 1
    )  # (said of 2×, not of the dpi chosen)
    # the user may still pick 2×: kept, with the warning of a picture too large to view
    dialog.resolution.setCurrentIndex(dialog.resolution.findText("2× (192 dpi)"))
    assert dialog.choice().settings.scale == 2.0
    assert TOO_LARGE_WORDS in dialog.note.text() and "chosen" not in dialog.note.text()
    dialog.set_format("svg")
    dialog.set_format("png")  # (another format and back: the choice stays the user's)
    assert dialog.choice().settings.scale == 2.0


def test_a_picture_of_usual_size_starts_at_2x(window, qtbot):
    dialog = open_dialog(window, qtbot, LINEAR)
    dialog.set_format("png")
    assert dialog.choice().settings.scale == 2.0 and "chosen" not in dialog.note.text()


@pytest.mark.parametrize("key", ["png", "steps:gif"])
def test_the_export_fits_and_the_start_resolution_is_remembered(window, qtbot, tmp_path, wide, key):
    dialog = open_dialog(window, qtbot, wide)
    dialog.set_format(key)
    assert "2× (192 dpi) would be" in dialog.note.text() and "72 dpi chosen" in dialog.note.text()
    noted = noted_size(dialog)
    out = tmp_path / ("w.png" if key == "png" else "w.gif")
    dialog.path.setText(str(out))
    dialog.accept()
    assert Image.open(out).size == noted and max(noted) <= VIEWABLE_SIDE
    # the next dialog, on a diagram of usual size, starts at 2× again (72 dpi was no one's choice)
    dialog = open_dialog(window, qtbot, LINEAR)
    assert dialog.format_key() == key
    assert dialog.choice().settings.scale == 2.0


def test_a_resolution_picked_is_exported_and_remembered(window, qtbot, tmp_path, wide):
    dialog = open_dialog(window, qtbot, wide)
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(dialog.resolution.findText("1× (96 dpi)"))
    dialog.path.setText(str(tmp_path / "w.png"))
    dialog.accept()
    assert Image.open(tmp_path / "w.png").size[0] > VIEWABLE_SIDE  # (a note, not a refusal)
    # remembered: the next dialog starts from 1×, said so while this diagram is too large at it
    dialog = open_dialog(window, qtbot, wide)
    assert "1× (96 dpi) would be" in dialog.note.text() and "72 dpi chosen" in dialog.note.text()
    dialog = open_dialog(window, qtbot, LINEAR)
    assert dialog.resolution.currentText() == "1× (96 dpi)" and "chosen" not in dialog.note.text()


@pytest.mark.parametrize("key", ["png", "steps:gif"])
def test_too_large_even_at_the_lowest_dpi_offers_no_picture_until_a_resolution_is_chosen(window, qtbot, tmp_path, key):
    """As `graphviz-app export` refuses it without --scale: Export waits, the note says why and
    names SVG and PDF; a resolution chosen here (even 2× again) is drawn as asked, with the warning."""
    from PySide6.QtCore import Qt
    from test_export_support import tall_diagram

    dialog = open_dialog(window, qtbot, tall_diagram(tmp_path))
    dialog.set_format(key)
    note = dialog.note.text()
    assert not dialog.export_button.isEnabled()
    assert re.search(
        rf"2× \(192 dpi\) would be (at least )?[\d,]+ × [\d,]+ pixels, and even 48 dpi (at least )?[\d,]+ × [\d,]+, "
        rf"{re.escape(TOO_LARGE_WORDS)}\. ",
        note,
    ), note
    assert dialog.resolution.currentText() == "2× (192 dpi)"
    if key == "png":
        assert note.endswith("Export SVG or PDF, which have no pixels, or choose a resolution to draw it anyway.")
    else:  # (an animation has no SVG: the advice is one that can be followed)
        refused = "An animation has no SVG or PDF form: export one step as SVG or PDF while Backward (F6) shows it, "
        assert any(
            line.endswith(f"{refused}or choose a resolution to draw the frames anyway.") for line in note.splitlines()
        )
    dialog.set_format("svg")
    assert dialog.export_button.isEnabled()
    dialog.set_format(key)
    assert not dialog.export_button.isEnabled()
    dialog.resolution.setFocus()
    qtbot.keyClick(dialog.resolution, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.resolution, Qt.Key.Key_Up)  # (2× again, chosen by the user)
    assert dialog.resolution.currentText() == "2× (192 dpi)" and dialog.export_button.isEnabled()
    # said in whole sentences: the size, then that no resolution fits
    [first] = [line for line in dialog.note.text().splitlines() if "pixels" in line]
    assert re.fullmatch(
        rf"(at least )?[\d,]+ × [\d,]+ pixels \([\d,]+ megapixels\), {re.escape(TOO_LARGE_WORDS)}\. "
        r"Even 48 dpi would be too large; "
        + ("SVG or PDF have no pixels" if key == "png" else "one step as SVG or PDF has no pixels")
        + r"\.",
        first,
    ), first


def test_the_dialog_starts_at_the_resolution_the_command_line_draws_at(window, qtbot, tmp_path, wide, capsys):
    """One rule fits a picture to a viewer: File → Export… and `graphviz-app export` give the same."""
    from graphviz_app.cli import main

    out = tmp_path / "cli.png"
    assert main(["export", str(wide), "-o", str(out)]) == 0
    assert "drawn at --scale 0.75" in capsys.readouterr().err
    dialog = open_dialog(window, qtbot, wide)
    dialog.set_format("png")
    assert dialog.choice().settings.scale == 0.75 and noted_size(dialog) == Image.open(out).size
