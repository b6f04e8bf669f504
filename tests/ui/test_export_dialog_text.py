"""File → Export… writes LaTeX and DOT, as `graphviz-app export -o x.tex | x.dot` does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_export_support import LINEAR

from graphviz_app.core import engine
from graphviz_app.export.dot import graph_dot
from graphviz_app.export.latex import backward_latex


@pytest.fixture
def window(window):
    """The shared window (tests/ui/conftest.py) with the linear model open."""
    assert window.files.open_path(LINEAR, ask=False)
    return window


def export_with_button(qtbot, dialog):
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()


def test_latex_entry_writes_every_backward_step_in_the_windows_layout(window, qtbot, tmp_path):
    window.action("layout_denominator").trigger()
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_format("tex")
    assert "denominator layout" in dialog.note.text()
    dialog.path.setText(str(tmp_path / "notes"))  # the suffix is added
    export_with_button(qtbot, dialog)
    text = (tmp_path / "notes.tex").read_text(encoding="utf-8")
    trace = engine.backward(window.graph)
    assert text == backward_latex(window.graph, trace, None, "denominator")
    assert f"Step {len(trace)} of {len(trace)}" in text and "\\begin{document}" in text
    assert "notes.tex" in window.statusBar().currentMessage()


def test_dot_entry_writes_the_graph_with_its_names(window, qtbot, tmp_path):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_format("dot")
    dialog.path.setText(str(tmp_path / "graph.gv"))  # Graphviz's own suffix is kept
    assert dialog.format_key() == "dot"
    export_with_button(qtbot, dialog)
    text = (tmp_path / "graph.gv").read_text(encoding="utf-8")
    assert text.startswith('digraph "05_linear_model"')
    assert text == graph_dot(window.graph, "05_linear_model")


@pytest.mark.parametrize(("name", "key"), [("lecture.tex", "tex"), ("g.dot", "dot"), ("g.gv", "dot")])
def test_typed_suffix_chooses_the_text_format(window, qtbot, tmp_path, name, key):
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("png")
    dialog.path.setText(str(tmp_path / name))
    assert dialog.format_key() == key
    assert dialog.path.text() == str(tmp_path / name)


def test_picture_options_are_off_for_text_formats_and_back_for_pictures(window, qtbot):
    window.scene.select_nodes([window.graph.output])
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.selection.setChecked(True)
    for key in ("tex", "dot"):
        dialog.set_format(key)
        assert dialog.whole.isChecked()
        assert not dialog.selection.isEnabled()
        assert not dialog.resolution.isEnabled()
        assert not dialog.transparent.isEnabled()
        assert dialog.path.text().endswith(f".{key}")
    dialog.set_format("png")
    assert dialog.selection.isEnabled() and dialog.resolution.isEnabled() and dialog.transparent.isEnabled()
    assert dialog.path.text().endswith(".png")


def test_latex_waits_with_the_reason_when_there_is_no_backward_pass(window, qtbot, tmp_path):
    """As the animated entries: Export is off and the note says why before it is pressed; DOT still exports."""
    window.graph.add_node("op", "sin", pos=(0, 900))  # a second op that feeds nothing: no output to start from
    window.graph.set_output(None)
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    dialog.set_format("tex")
    assert not dialog.export_button.isEnabled()
    assert dialog.note.text().startswith("The diagram has no backward pass to export")
    assert "no output is chosen" in dialog.note.text()
    dialog.set_format("dot")
    assert dialog.export_button.isEnabled()
    dialog.path.setText(str(tmp_path / "graph.dot"))
    export_with_button(qtbot, dialog)
    assert (tmp_path / "graph.dot").exists()


def test_the_dialogs_layout_is_its_qt_layout(window, qtbot):
    """The LaTeX layout's name does not hide QWidget.layout()."""
    from PySide6.QtWidgets import QVBoxLayout

    window.action("layout_denominator").trigger()
    dialog = window.exporter.make_dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog.layout(), QVBoxLayout)
    assert "denominator" in dialog.layout_name.lower()
