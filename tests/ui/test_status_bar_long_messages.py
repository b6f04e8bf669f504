"""A message too long for the status bar is never drawn clipped: it is cut at a word boundary,
ends with "…", stays clear of the output label on the right, and its full text is the bar's
tooltip (while a message that fits is shown whole, with no tooltip). A shape problem that does not
fit shows its fix first: the advice is what the user acts on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui.canvas_helpers import window_of_size

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.commands.nodes import SetValueCommand

CLASH = "inner sizes 2 and 3 differ"


def theta_of(window) -> str:
    return next(n.id for n in window.graph.nodes() if n.name == "theta")


def assert_fits(window) -> str:
    """What the bar draws: clear of the labels on its right, and the full text is the tooltip
    whenever it is shortened."""
    bar = window.statusBar()
    full, shown = bar.currentMessage(), bar.shown_message()
    bar.repaint()  # (the tooltip follows the room at each paint: a loaded machine may not have painted yet)
    label = window.status.output_label
    drawn = bar.fontMetrics().horizontalAdvance(shown)
    assert label.isVisible() and label.text()
    assert bar.message_room().left() + drawn < label.geometry().left()  # a gap before the label
    assert drawn + label.width() <= bar.width()
    if shown != full:
        problem, separator, fix = full.partition(" — ")
        reading = f"Fix: {fix} — {problem}" if separator else full  # (a shape problem: its fix first)
        assert shown.endswith("…")
        assert reading.startswith(shown[:-1])
        assert reading[len(shown) - 1] in " ,.;:·—–-", "cut at a word boundary"
        assert bar.toolTip() == full
    else:
        assert bar.toolTip() == ""
    return shown


@pytest.mark.parametrize("width", [900, 1280])
def test_a_shape_error_too_long_for_the_bar_is_shortened_with_its_full_text_in_the_tooltip(qtbot, width):
    window = window_of_size(qtbot, (width, 760))
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    window.undo_stack.push(SetValueCommand(window.graph, theta_of(window), [0.5, 0.8, 0.1]))
    qtbot.waitUntil(lambda: CLASH in window.statusBar().currentMessage(), timeout=3000)
    full = window.statusBar().currentMessage()
    assert "θ must be ℝ²" in full  # the fix is in the message the bar holds
    qtbot.wait(20)
    shown = assert_fits(window)
    if width == 900:  # the fix first, whole; the cut falls in the problem's details
        assert shown != full and shown.startswith("Fix: θ must be ℝ² to match Φ's 2 columns (or Φ ℝ⁴ˣ³) — Edited")
    window.statusBar().grab().save(f"/tmp/status_bar_{width}.png")


def test_a_message_that_fits_is_shown_whole_and_a_narrower_window_shortens_it(qtbot):
    window = window_of_size(qtbot, (1280, 760))
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    message = "Gradient check passed: every gradient agrees with central finite differences to 1e-6."
    window.status.show(message, 0)
    qtbot.wait(20)
    assert assert_fits(window) == message
    window.palette_dock.hide()  # (with both docks and the canvas's least width the window stops at about 700 px)
    qtbot.wait(20)
    window.resize(600, 760)
    qtbot.waitUntil(lambda: window.statusBar().shown_message() != message, timeout=3000)
    assert_fits(window)
    window.resize(1280, 760)
    qtbot.waitUntil(lambda: window.statusBar().shown_message() == message, timeout=3000)
    assert window.statusBar().toolTip() == ""


def test_every_message_is_fitted_however_it_is_shown(qtbot):
    """Views that write to the status bar directly (the animation, the export) are fitted too."""
    window = window_of_size(qtbot, (900, 760))
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    long = "Exported " + " ".join(f"/tmp/slides/step_{k:03d}.png" for k in range(1, 12))
    window.statusBar().showMessage(long, 5000)
    qtbot.wait(20)
    shown = assert_fits(window)
    assert shown != long and window.statusBar().toolTip() == long


def test_backward_refused_over_a_shape_problem_shows_it_whole_in_the_inspector(qtbot):
    """At 1024×700 the bar cuts the problem: F6 selects its card and brings the Inspector to the
    front, where the problem and its fix are shown whole."""
    window = window_of_size(qtbot, (1024, 700))
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    window.undo_stack.push(SetValueCommand(window.graph, theta_of(window), [0.5, 0.8, 0.1]))
    qtbot.waitUntil(lambda: CLASH in window.statusBar().currentMessage(), timeout=3000)
    window.palette_dock.raise_()  # the Nodes tab in front, as a user building the graph has it
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    bar = window.statusBar()
    assert "θ must be ℝ² to match" in bar.shown_message()  # (whole, or the fix first)
    mm = next(n.id for n in window.graph.nodes() if n.op == "matmul")
    assert window.scene.selected_node_ids() == [mm]
    inspector = window.animation.inspector
    assert not inspector.visibleRegion().isEmpty()  # in front of the Nodes tab
    texts = inspector.panel.texts()
    assert CLASH in texts and "Fix: θ must be ℝ² to match Φ's 2 columns (or Φ ℝ⁴ˣ³)" in texts


def test_a_file_name_with_a_dash_is_not_read_as_a_problem_and_its_fix(qtbot, tmp_path):
    """ " — " in a file's name (macOS and Word type it) does not make the bar say "Fix: …"."""
    window = window_of_size(qtbot, (800, 600))
    path = tmp_path / "Lecture 3 — two layer network for the seminar on backprop.json"
    path.write_bytes((examples_dir() / "07_two_layer_network.json").read_bytes())
    assert window.files.open_path(str(path), ask=False)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Opened"), timeout=3000)
    bar = window.statusBar()
    shown = bar.shown_message()
    assert shown != bar.currentMessage() and shown.startswith(f"Opened {tmp_path}")  # cut, in its own order
    assert "Fix:" not in shown


def test_backward_refused_over_a_clash_too_long_for_the_bar_shows_its_fix_first(qtbot):
    window = window_of_size(qtbot, (900, 700))
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    window.palette_dock.hide()  # (so the window can be as narrow as 600 px)
    window.resize(600, 700)
    window.undo_stack.push(SetValueCommand(window.graph, theta_of(window), [0.5, 0.8, 0.1]))
    qtbot.waitUntil(lambda: CLASH in window.statusBar().currentMessage(), timeout=3000)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    bar = window.statusBar()
    assert bar.currentMessage().endswith(" — θ must be ℝ² to match Φ's 2 columns (or Φ ℝ⁴ˣ³)")
    shown = bar.shown_message()
    assert shown != bar.currentMessage() and shown.startswith("Fix: θ must be ℝ² to match Φ's 2 columns (or Φ ℝ⁴ˣ³)")
