"""The gradient check dialog (F7): a fail mark where the backward pass and central differences
disagree, and the marks in sight for long gradients."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.resources_path import examples_dir


def test_gradient_check_shows_a_fail_mark(window, qtbot):
    """relu at its kink: the backward pass takes one side, central differences average both."""
    from graphviz_app.core.graph import Graph

    g = Graph()
    x = g.add_node("variable", name="x", value=0.0, pos=(0, 0))
    r = g.add_node("op", "relu", name="r", pos=(200, 0))
    g.connect(x, r, 0)
    g.set_output(r)
    _open_graph(window, g)
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert "failed ✗" in dialog.summary_label.text()
    assert dialog.mark(0) == "✗ fail" and dialog.verdict_label.text() == "✗ Gradient check failed"
    dialog.close()


def _open_graph(window, g) -> None:
    import tempfile
    from pathlib import Path

    from graphviz_app.core import fileformat

    path = Path(tempfile.mkdtemp()) / "relu.json"
    fileformat.save(g, path)
    assert window.files.open_path(path, ask=False)


def test_gradcheck_mark_is_in_sight_for_long_gradients(window, qtbot):
    assert window.files.open_example(examples_dir() / "07_two_layer_network.json")
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    table = dialog.table
    for row in range(table.rowCount()):
        assert dialog.mark(row) == "✓ pass"
        rect = table.visualItemRect(table.item(row, dialog.MARK_COLUMN))
        assert table.viewport().rect().contains(rect)
    assert dialog.verdict_label.text() == "✓ Gradient check passed"
    dialog.close()


def test_the_summary_says_the_verdict_and_the_largest_error_in_two_sentences(window, qtbot):
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    verdict, error = dialog.summary_label.text().split("\n")
    assert verdict.endswith("compared with central differences: passed ✓.")
    assert error.startswith("The largest relative error is ") and error.endswith(".")
    dialog.close()
