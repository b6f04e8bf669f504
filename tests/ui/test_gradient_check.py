"""The gradient check dialog (F7): a fail mark where the backward pass and central differences
disagree, and the marks in sight for long gradients."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.core.naming import display_labels
from graphviz_app.core.shape_text import shape_text
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
    assert "failed\u00a0✗" in dialog.summary_label.text()
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
    assert verdict.endswith("compared with central differences: passed\u00a0✓.")  # (a no-break space)
    assert error.startswith("The largest relative error is ") and error.endswith(".")
    # numbers as the cards write them: a short power of ten, a true minus (never 2.02e-12, 1e-05)
    assert error.endswith("(tolerance 1e−5).") and "e-" not in error
    assert all("e-" not in dialog.row_texts(r)[3] for r in range(dialog.table.rowCount()))
    dialog.close()


def test_the_dialog_says_gradients_keep_each_variables_shape_and_shows_them_whole(window, qtbot):
    """W is 3×2: the table says so while the window is in numerator layout (where ∂h/∂W reads 2×3),
    and its gradient, cut with … in the cell, is whole in the tooltip and in Copy Values."""
    import numpy as np
    from PySide6.QtWidgets import QApplication

    assert window.files.open_example(examples_dir() / "07_two_layer_network.json")
    window.action("layout_numerator").trigger()
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert "each variable's own shape" in dialog.layout_label.text()
    result = dialog.result
    long_rows = [r for r, e in enumerate(result.entries) if np.size(e.analytic) > 4]
    assert long_rows
    row = long_rows[0]
    entry = result.entries[row]
    texts = dialog.row_texts(row)
    assert texts[1] == shape_text(entry.shape)  # W's own shape, as its card writes it
    analytic = dialog.COLUMNS.index("analytic (backward)")
    assert "…" in texts[analytic]
    tip = dialog.table.item(row, analytic).toolTip()
    assert "…" not in tip
    shown = np.array(tip.replace("[", " ").replace("]", " ").split(), dtype=float)
    assert np.allclose(shown, np.ravel(entry.analytic), rtol=1e-6)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert copied == dialog.values_text()
    for name in (dialog.row_texts(r)[0] for r in range(dialog.table.rowCount())):
        assert f"/∂{name} (" in copied
    dialog.close()


def open_gradcheck(window, qtbot, example: str):
    assert window.files.open_example(examples_dir() / example)
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    return dialog


def test_a_sampled_variable_shows_its_own_shape_and_says_sampled_once(window, qtbot):
    """Example 09: W1 is 784×128, checked at 30 of its 100352 entries (b2's 10 whole, the check's
    budget of 100 shared among the rest); the shape cell and its tooltip give W1's shape, the note
    under the table alone says it is sampled (and the name's tooltip), the summary how much was
    checked in all."""
    dialog = open_gradcheck(window, qtbot, "09_mnist_sized_network.json")
    rows = {dialog.row_texts(r)[0]: r for r in range(dialog.table.rowCount())}
    row = rows["W1"]
    texts = dialog.row_texts(row)
    assert texts[0] == "W1" and dialog.table.item(row, 0).toolTip() == "∂loss/∂W1, checked 30 of 100352 entries"
    assert "Checked 100 of 101770 entries (entries chosen at random" in dialog.summary_label.text()
    assert texts[1] == "ℝ⁷⁸⁴ˣ¹²⁸"
    assert not any("100352" in t for t in texts)
    assert (
        dialog.notes_label.text().count("100352") == 1
        and "W1: checked 30 of 100352 entries" in dialog.notes_label.text()
    )
    assert dialog.table.item(row, 1).toolTip() == "W1 ∈ ℝ⁷⁸⁴ˣ¹²⁸: ∂loss/∂W1 has the same shape"
    assert dialog.row_texts(rows["b2"])[:2] == ["b2", "ℝ¹⁰"]  # small enough: every entry checked
    assert "(ℝ⁷⁸⁴ˣ¹²⁸, checked 30 of 100352 entries)" in dialog.values_text()
    assert "∂loss/∂W1 has W1's shape" in dialog.layout_label.text()  # (a name on a card)
    dialog.close()


def test_a_vector_output_shows_the_variables_shape_and_the_jacobian_in_the_note(window, qtbot):
    """Example 06 with z = W·a ∈ ℝ³ as the output: W is 3×2, ∂z/∂W the 3×(3×2) Jacobian."""
    assert window.files.open_example(examples_dir() / "06_h_of_Wa.json")
    z = next(n for n, name in display_labels(window.graph).items() if name == "z")
    window.graph.set_output(z)
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    rows = {dialog.row_texts(r)[0]: r for r in range(dialog.table.rowCount())}
    assert dialog.row_texts(rows["W"])[1] == "ℝ³ˣ²"
    tip = dialog.table.item(rows["W"], 1).toolTip()
    assert tip == "W ∈ ℝ³ˣ²: ∂z/∂W is the Jacobian, z's entries × W's shape: 3×(3×2)"
    note = dialog.layout_label.text()
    assert "has W's shape" not in note
    assert "z ∈ ℝ³ is not a scalar" in note and "full Jacobian, z's entries × the variable's shape" in note
    first = dialog.row_texts(0)[0]
    assert f"(∂z/∂{first} is " in note
    assert "∂z/∂W (3×(3×2))" in dialog.values_text()
    dialog.close()


def test_the_dialog_fits_its_table_nothing_cut_or_wrapped(window, qtbot):
    """Columns as wide as their texts (headers too; the values' are cut to fit a small screen), one line per number, every row in sight,
    within the screen; the verdict's mark stays beside its word."""
    assert window.files.open_example(examples_dir() / "07_two_layer_network.json")
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    table, header = dialog.table, dialog.table.horizontalHeader()
    assert not table.wordWrap()
    wanted = [max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) for c in range(table.columnCount())]
    values = {len(dialog.COLUMNS) - 2, len(dialog.COLUMNS) - 1}
    margins = dialog.layout().contentsMargins()
    room = int(dialog.screen().availableGeometry().width() * 0.9) - margins.left() - margins.right()
    for col in range(table.columnCount()):  # (the value columns are cut only when the screen is too narrow)
        if col not in values or sum(wanted) + 2 * table.frameWidth() <= room:
            assert header.sectionSize(col) >= wanted[col], col
    viewport = table.viewport().rect()
    for row in range(table.rowCount()):
        rect = table.visualItemRect(table.item(row, 0))
        assert viewport.top() <= rect.top() and rect.bottom() <= viewport.bottom(), row
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    columns = sum(header.sectionSize(c) for c in range(table.columnCount()))
    assert columns <= viewport.width() or table.horizontalScrollBar().isVisible()
    assert "passed\u00a0✓." in dialog.summary_label.text()
    dialog.close()


def test_at_its_opening_size_every_column_is_in_sight_on_a_small_screen(window, qtbot, tmp_path):
    """Walk 9: a 2-layer classifier, every symbol a variable (as New from Expression makes it), on
    the 800-pixel screen the tests run on: the numeric column was cut off behind a scroll bar. The
    two value columns now share the room, their values cut with "…" (whole in the tooltip)."""
    from classifier_helpers import classifier_file

    assert window.files.open_path(classifier_file(tmp_path, constants=()), ask=False)
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    table, header = dialog.table, dialog.table.horizontalHeader()
    assert dialog.width() <= dialog.screen().availableGeometry().width()
    assert not table.horizontalScrollBar().isVisible()
    viewport = table.viewport().rect()
    for col in range(table.columnCount()):
        assert header.sectionViewportPosition(col) + header.sectionSize(col) <= viewport.width(), col
    numeric = table.horizontalHeaderItem(len(dialog.COLUMNS) - 1)
    assert numeric.toolTip() == "numeric (finite differences)"
    row = dialog.names.index("W1")
    assert table.item(row, len(dialog.COLUMNS) - 1).toolTip().count("\n") >= 4  # (whole: five rows)
    dialog.close()


def test_example_09s_notes_leave_the_compared_values_in_sight(window, qtbot, tmp_path):
    """Walk 21: "W1 (checked 30 of 100352 entries)" and "✓ pass (2 of 30 too small to check)" took
    most of the width; "analytic" was cut and "numeric" scrolled out of sight. The notes now stand
    under the table, and both value columns open in sight, each showing numbers."""
    dialog = open_gradcheck(window, qtbot, "09_mnist_sized_network.json")
    qtbot.waitExposed(dialog)
    table, header = dialog.table, dialog.table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()
    viewport = table.viewport().rect()
    for col in range(table.columnCount()):
        assert header.sectionViewportPosition(col) + header.sectionSize(col) <= viewport.width(), col
    values = range(len(dialog.COLUMNS) - 2, len(dialog.COLUMNS))
    metrics = table.fontMetrics()
    for col in values:  # (room for at least two numbers of each value, as [0.023, 0.01941, …] shows them)
        assert header.sectionSize(col) >= metrics.horizontalAdvance("[−0.09504, 0.07022, …"), col
    marks = [dialog.mark(r) for r in range(table.rowCount())]
    assert set(marks) == {"✓ pass"}  # (a pass with entries too small to check: said under the table)
    notes = dialog.notes_label.text()
    assert dialog.notes_label.isVisibleTo(dialog) and "W1: checked 30 of 100352 entries" in notes
    for name, entry in zip(dialog.names, dialog.result.entries):  # (the entries too small to check: said here)
        if 0 < entry.too_small < entry.checked:
            assert f"{entry.too_small} of them too small to check" in notes.split(f"{name}: ")[1].split(".")[0]
    dialog.grab().save(str(tmp_path / "gradcheck_09.png"))
    dialog.close()


def _sqrt_of(window, value):
    import numpy as np

    from graphviz_app.core.graph import Graph

    g = Graph()
    x = g.add_node("variable", name="x", value=np.array(value), pos=(0, 0))
    r = g.add_node("op", "sqrt", name="root", pos=(200, 0))
    g.connect(x, r, 0)
    g.set_output(r)
    _open_graph(window, g)


def test_a_nan_input_is_named_not_called_a_failed_check(window, qtbot):
    """x = nan: nothing can be compared; the dialog names x as F6 does, and never says the
    backward pass failed."""
    _sqrt_of(window, float("nan"))
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert dialog.verdict_label.text() == "⚠ Gradient check not possible"
    summary = dialog.summary_label.text()
    assert '"x"' in summary and "nan" in summary and "failed" not in summary
    assert dialog.mark(0) == "⚠ not checked"
    assert "FAILED" not in window.statusBar().currentMessage()
    assert "nan" in window.statusBar().currentMessage()
    dialog.close()


def test_the_shape_note_uses_the_graphs_own_names(window, qtbot):
    """The help text's example is a variable of this graph (x), never a W that is on no card."""
    _sqrt_of(window, 4.0)
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    note = dialog.layout_label.text()
    assert "∂root/∂x has x's shape" in note and "W" not in note
    assert dialog.verdict_label.text() == "✓ Gradient check passed"
    dialog.close()


def test_a_gradient_below_the_resolution_is_too_small_to_check_never_a_pass(window, qtbot):
    """Walk 12: the "relative" error was absolute below 1, so a gradient of 1e-12 on an output of
    order 1 (pure noise for central differences) got ✓. Now it is too small to check, in a neutral
    colour, and the summary says why; y beside it is confirmed."""
    import numpy as np

    from graphviz_app.core.graph import Graph

    g = Graph()
    x = g.add_node("variable", name="x", value=np.array([0.5, 2.0]), pos=(0, 0))
    y = g.add_node("variable", name="y", value=np.array([1.0, 3.0]), pos=(0, 150))
    k = g.add_node("constant", name="k", value=np.array([1e-12, 1e-12]), pos=(0, 300))
    mul = g.add_node("op", "mul", pos=(200, 0))
    add = g.add_node("op", "add", pos=(400, 0))
    total = g.add_node("op", "sum", name="L", pos=(600, 0))
    for src, dst, port in ((x, mul, 0), (k, mul, 1), (mul, add, 0), (y, add, 1), (add, total, 0)):
        g.connect(src, dst, port)
    g.set_output(total)
    _open_graph(window, g)
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    rows = {dialog.row_texts(r)[0]: r for r in range(dialog.table.rowCount())}
    assert dialog.mark(rows["x"]) == "– too small to check" and dialog.mark(rows["y"]) == "✓ pass"
    assert "relative error" in dialog.COLUMNS and "max relative error" not in dialog.COLUMNS
    summary = dialog.summary_label.text()
    assert "2 of the 4 entries are too small to check" in summary and "not counted as passed" in summary
    assert "resolution" in dialog.table.horizontalHeaderItem(3).toolTip()
    assert dialog.verdict_label.text() == "✓ Gradient check passed"
    dialog.close()


def test_when_every_gradient_is_too_small_the_dialog_and_the_status_bar_both_say_inconclusive(window, qtbot):
    """Review 15: cos(x) at x = 0 (gradient 0: nothing confirmed) was "inconclusive" in the dialog
    and "passed" in the status bar; both now read the one verdict."""
    import numpy as np

    from graphviz_app.core.graph import Graph

    g = Graph()
    x = g.add_node("variable", name="x", value=np.array(0.0), pos=(0, 0))
    c = g.add_node("op", "cos", name="c", pos=(200, 0))
    g.connect(x, c, 0)
    g.set_output(c)
    _open_graph(window, g)
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert dialog.verdict_label.text() == "– Gradient check inconclusive"
    status = window.statusBar().currentMessage()
    assert status.startswith("Gradient check inconclusive") and "passed" not in status
    dialog.close()


def test_the_window_takes_no_edits_from_the_checks_first_entry(window, qtbot, tmp_path):
    """Review 15: the progress dialog showed after 0.4 s only, and until then a key reached the
    canvas (a Delete took a card out of the graph being checked). It is modal from the start."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    assert window.files.open_path(deep_chain_file(tmp_path, 2), ask=False)
    modal = []
    QTimer.singleShot(0, lambda: modal.append(QApplication.activeModalWidget()))  # (at the first entry)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert len(modal) == 1 and isinstance(modal[0], QProgressDialog)
    dialog.close()


def _delete_during_the_check(window, qtbot, card: str, then=None) -> list[int]:
    """From the check's progress (its dialog shown, an entry compared), a Delete sent to the canvas
    with the card selected: the graph's size then, and once the check has run, `then` (Cancel)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    sizes, over = [], []

    def during():
        if over:
            return None
        progress = next((p for p in window.findChildren(QProgressDialog) if p.isVisible()), None)
        if progress is None or progress.value() < 1:
            return QTimer.singleShot(0, during)
        window.scene.select_nodes([window.graph.find(card)])
        qtbot.keyClick(window.view, Qt.Key_Delete)
        sizes.append(len(window.graph))
        if then is not None:
            then(progress)

    QTimer.singleShot(0, during)
    qtbot.keyClick(window.view, Qt.Key_F7)
    over.append(True)
    return sizes


def _delete_works(window, qtbot, card: str) -> None:
    from PySide6.QtWidgets import QApplication

    window.activateWindow()  # (offscreen, closing the result dialog leaves no window active)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()
    before = len(window.graph)
    window.scene.select_nodes([window.graph.find(card)])
    qtbot.keyClick(window.view, Qt.Key_Delete)
    assert len(window.graph) == before - 1 and card not in display_labels(window.graph).values()


def test_a_key_sent_during_the_check_does_not_edit_the_graph_it_works_after(window, qtbot, tmp_path):
    """Review 15: a Delete reaching the window during the check (its shortcut matched before the
    modal dialog blocked it) took a card out of the graph being checked, and the dialog then
    described the graph before the edit. The window takes no edits until the check ends."""
    assert window.files.open_path(deep_chain_file(tmp_path, 2), ask=False)
    before = len(window.graph)
    undo_was = window.action("undo").isEnabled()
    assert _delete_during_the_check(window, qtbot, "b1") == [before]
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert len(window.graph) == before and dialog.table.rowCount() == 4  # W0, b0, W1, b1 all checked
    assert dialog.verdict_label.text() == "✓ Gradient check passed"
    dialog.close()
    assert window.isEnabled() and window.action("undo").isEnabled() == undo_was
    _delete_works(window, qtbot, "b1")


def test_after_a_cancel_or_an_error_the_window_takes_edits_again(window, qtbot, tmp_path, monkeypatch):
    """Edits are refused while the check runs, however it ends: a Cancel or a problem found midway
    gives the window back whole."""
    from PySide6.QtWidgets import QPushButton

    from graphviz_app.core.errors import UserError
    from graphviz_app.ui.animation import gradcheck_dialog

    assert window.files.open_path(deep_chain_file(tmp_path, 60), ask=False)
    before = len(window.graph)
    cancel = lambda progress: qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # noqa: E731
    assert _delete_during_the_check(window, qtbot, "b0", then=cancel) == [before]
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert dialog.verdict_label.text() == "– Gradient check cancelled"
    dialog.close()
    _delete_works(window, qtbot, "b0")
    window.action("undo").trigger()  # (the graph whole again, to be checked)

    real = gradcheck_dialog.gradcheck
    before, sizes = len(window.graph), []

    def failing(graph, output, progress):  # a Delete from the progress of the first entry, then a problem
        def step(done, total, name):
            if done > 1:
                raise UserError("The check stopped: a problem found midway")
            window.scene.select_nodes([window.graph.find("b1")])
            qtbot.keyClick(window.view, Qt.Key_Delete)
            sizes.append(len(window.graph))
            return progress(done, total, name)

        return real(graph, output, progress=step)

    monkeypatch.setattr(gradcheck_dialog, "gradcheck", failing)
    qtbot.keyClick(window.view, Qt.Key_F7)
    assert sizes == [before] and len(window.graph) == before
    assert "a problem found midway" in window.statusBar().currentMessage() and window.isEnabled()
    _delete_works(window, qtbot, "b1")


def deep_chain_file(tmp_path, layers: int):
    """tanh(W_k · … tanh(W_1 · x) + b_k) summed: 2·layers variables, 12·layers entries."""
    import numpy as np

    from graphviz_app.core import fileformat
    from graphviz_app.core.graph import Graph

    g = Graph()
    rng = np.random.default_rng(0)
    h = g.add_node("constant", name="x", value=rng.normal(size=3), pos=(0, 0))
    for k in range(layers):
        w = g.add_node("variable", name=f"W{k}", value=rng.normal(size=(3, 3)), pos=(k * 400, 150))
        b = g.add_node("variable", name=f"b{k}", value=rng.normal(size=3) * 0.1, pos=(k * 400, 300))
        mm, add = g.add_node("op", "matmul", pos=(k * 400 + 100, 0)), g.add_node("op", "add", pos=(k * 400 + 200, 0))
        act = g.add_node("op", "tanh", pos=(k * 400 + 300, 0))
        for src, dst, port in ((w, mm, 0), (h, mm, 1), (mm, add, 0), (b, add, 1), (add, act, 0)):
            g.connect(src, dst, port)
        h = act
    total = g.add_node("op", "sum", name="L", pos=(layers * 400, 0))
    g.connect(h, total, 0)
    g.set_output(total)
    path = tmp_path / "deep.json"
    fileformat.save(g, path)
    return path


def test_a_long_check_shows_its_progress_and_cancel_keeps_what_was_checked(window, qtbot, tmp_path):
    """Walk 12: F7 on a deep network froze the window for minutes. The check now runs at most a
    budget of entries, with a progress dialog whose Cancel stops it; the dialog then shows the
    variables finished by then and says the check was cancelled."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    assert window.files.open_path(deep_chain_file(tmp_path, 60), ask=False)
    seen, over = [], []

    def cancel_when_shown():
        if over:  # (the check ended: no timer left to outlive the test)
            return None
        shown = [p for p in window.findChildren(QProgressDialog) if p.windowTitle() == "Gradient Check"]
        progress = next((p for p in shown if p.isVisible()), None)
        if progress is None or progress.value() < 3:
            return QTimer.singleShot(50, cancel_when_shown)
        seen.append((progress.labelText(), progress.value(), progress.maximum()))
        qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, cancel_when_shown)
    qtbot.keyClick(window.view, Qt.Key_F7)
    over.append(True)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    ((label, value, maximum),) = seen
    assert maximum == 100 and "∂L/∂" in label and f"Entry {value} of 100." in label
    assert dialog.verdict_label.text() == "– Gradient check cancelled"
    summary = dialog.summary_label.text()
    assert "cancelled, no error so far" in summary and "of 720 entries" in summary and "(cancelled)" in summary
    assert 0 < dialog.table.rowCount() < 100
    assert "cancelled after" in window.statusBar().currentMessage()
    dialog.close()
