"""The Export dialog's size note says a PNG is too large for most image viewers, in the words of
`graphviz-app export`'s note (tests/test_export_large_picture_note.py), before anything is written."""

from __future__ import annotations

import json
import re

from test_export_support import LINEAR

from graphviz_app.export.formats import TOO_LARGE_WORDS


def test_the_export_dialog_says_it_before_exporting(window, qtbot, tmp_path):
    data = json.loads(LINEAR.read_text(encoding="utf-8"))
    data["nodes"][-1]["pos"] = [17_000.0, 0.0]  # (two cards 17,000 units apart)
    wide = tmp_path / "wide.json"
    wide.write_text(json.dumps(data), encoding="utf-8")
    assert window.files.open_path(str(wide), ask=False)
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(0)  # 1×
    assert TOO_LARGE_WORDS in dialog.note.text()
    dialog.set_format("svg")
    assert TOO_LARGE_WORDS not in dialog.note.text()
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(0)
    dialog.path.setText(str(tmp_path / "w.png"))
    dialog.accept()
    assert list(tmp_path.glob("w.png"))  # (a note, not a refusal)


def test_a_diagram_of_usual_size_has_no_such_note(window, qtbot):
    assert window.files.open_path(str(LINEAR), ask=False)
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("png")
    assert "pixels" in dialog.note.text() and TOO_LARGE_WORDS not in dialog.note.text()


def test_the_note_names_the_dpi_that_fits_and_choosing_it_clears_the_note(window, qtbot, tmp_path):
    """As specific as the command line's note: the size with thousands separators and megapixels,
    and which resolution of the dialog's own makes a picture most viewers open (1×, the lowest
    preset, is still too large here: a custom dpi)."""
    data = json.loads(LINEAR.read_text(encoding="utf-8"))
    data["nodes"][-1]["pos"] = [20_000.0, 0.0]
    wide = tmp_path / "wide.json"
    wide.write_text(json.dumps(data), encoding="utf-8")
    assert window.files.open_path(str(wide), ask=False)
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("png")
    dialog.resolution.setCurrentIndex(0)  # 1× (96 dpi)
    note = dialog.note.text()
    size = re.match(r"(\d{2},\d{3}) × (\d+(?:,\d{3})?) pixels \((\d+) megapixels\)", note)
    assert size, note
    assert TOO_LARGE_WORDS in note and note.endswith("; SVG or PDF have no pixels.")
    fits = re.search(r"Custom (\d+) dpi keeps it to about ([\d,]*\d) × ([\d,]*\d)", note)
    assert fits, note
    dpi = int(fits.group(1))
    assert 24 <= dpi < 96
    dialog.resolution.setCurrentIndex(dialog.resolution.count() - 1)  # Custom dpi
    dialog.dpi.setValue(dpi)
    assert TOO_LARGE_WORDS not in dialog.note.text()
    assert dialog.note.text().startswith(f"{fits.group(2)} × {fits.group(3)} pixels")  # as the note said
