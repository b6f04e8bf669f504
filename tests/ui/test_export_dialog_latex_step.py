"""File → Export… while the backward animation is at a step offers LaTeX of that step alone
(the command line's `--step K`) beside LaTeX of every step; a collapsed group's stop writes the
steps it stands for, as `--step K` does for any K among them. With no animation at a step, LaTeX
is every step only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_export_support import LINEAR
from ui.animation_helpers import load, sin_of_product, start_backward

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core import engine, fileformat
from graphviz_app.export.latex import backward_latex

THIS_STEP = "LaTeX: the chain rule at the step shown now"
EVERY_STEP = "LaTeX: the chain rule, every backward step"


def offered(dialog) -> list[str]:
    return [dialog.format.itemText(i) for i in range(dialog.format.count())]


def choose(qtbot, dialog, label: str) -> None:
    """Picks the entry as a user does: the combo's popup, then the entry by keyboard."""
    combo = dialog.format
    combo.setFocus()
    target = offered(dialog).index(label)
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
    assert combo.currentText() == label


def export_to(qtbot, dialog, path) -> str:
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    return path.read_text(encoding="utf-8")


def open_dialog(window, qtbot):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def right(window, qtbot, controller) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()


def test_at_a_step_latex_of_that_step_is_the_command_lines_step(window, qtbot, tmp_path, capsys):
    window.action("layout_numerator").trigger()
    assert window.files.open_path(LINEAR, ask=False)
    controller = start_backward(window, qtbot)
    right(window, qtbot, controller)
    right(window, qtbot, controller)
    assert controller.k == 2
    dialog = open_dialog(window, qtbot)
    entries = offered(dialog)
    assert entries.index(THIS_STEP) == entries.index(EVERY_STEP) + 1
    choose(qtbot, dialog, THIS_STEP)
    assert f"step 3 / {controller.count}" in dialog.note.text() and "numerator layout" in dialog.note.text()
    assert not dialog.selection.isEnabled() and not dialog.transparent.isEnabled()
    text = export_to(qtbot, dialog, tmp_path / "step3.tex")
    assert main(["export", str(LINEAR), "-o", str(tmp_path / "cli3.tex"), "--step", "3"]) == 0, capsys.readouterr().err
    assert text == (tmp_path / "cli3.tex").read_text(encoding="utf-8")
    assert f"Step 3 of {controller.count}" in text and "Step 2 of" not in text and "Step 4 of" not in text
    assert "step3.tex" in window.statusBar().currentMessage()

    dialog = open_dialog(window, qtbot)  # every step is still there, beside it
    choose(qtbot, dialog, EVERY_STEP)
    assert "every step" in dialog.note.text()
    every = export_to(qtbot, dialog, tmp_path / "all.tex")
    assert every == backward_latex(window.graph, engine.backward(window.graph), None, "numerator")
    controller.stop()


def test_a_collapsed_groups_stop_writes_the_steps_it_stands_for(window, qtbot, tmp_path):
    graph, _ = sin_of_product(collapsed=True)
    graph.set_output(graph.find("sin"))
    load(window, graph)
    controller = start_backward(window, qtbot)
    right(window, qtbot, controller)
    right(window, qtbot, controller)  # the group "inputs": steps 3–4 / 4
    dialog = open_dialog(window, qtbot)
    choose(qtbot, dialog, THIS_STEP)
    assert "steps 3–4 / 4" in dialog.note.text()
    text = export_to(qtbot, dialog, tmp_path / "group.tex")
    assert "Step 3 of 4" in text and "Step 4 of 4" in text and "Step 2 of 4" not in text
    assert "steps 3--4 of 4" in text
    controller.stop()
    window.undo_stack.setClean()
    # the command line's --step 3 and --step 4 (and the API's step=) write the same file as the
    # window at that stop, as their pictures are the group's picture
    saved = tmp_path / "group.json"
    fileformat.save(graph, saved)
    for k in (3, 4):
        out = tmp_path / f"cli{k}.tex"
        assert main(["export", str(saved), "-o", str(out), "--step", str(k)]) == 0
        assert out.read_text(encoding="utf-8") == text
    assert ga.load(saved).to_latex(step=3) == text
    out = tmp_path / "cli2.tex"  # (a step outside the group: that step alone)
    assert main(["export", str(saved), "-o", str(out), "--step", "2"]) == 0
    assert "step 2 of 4" in out.read_text(encoding="utf-8")


def test_without_an_animation_at_a_step_latex_is_every_step_only(window, qtbot):
    assert window.files.open_path(LINEAR, ask=False)
    dialog = open_dialog(window, qtbot)
    assert EVERY_STEP in offered(dialog) and THIS_STEP not in offered(dialog)
    dialog.set_format("tex")
    assert "every step" in dialog.note.text()
