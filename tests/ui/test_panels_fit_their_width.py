"""The Chain rule tab and the Inspector fit the dock's width at the window's usual sizes: the
products of Jacobians wrap onto rows (each row led by its · or =), long lines wrap at spaces, a
wide formula is drawn smaller, so nothing ordinary needs sideways scrolling or is cut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui.canvas_helpers import window_of_size

from graphviz_app.core import chain, engine
from graphviz_app.core.naming import display_labels
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.animation.chain_text import report_text
from graphviz_app.ui.animation.formula_view import FormulaView, clauses

CASES = [  # (example, variable, layout)
    ("06_h_of_Wa.json", "W", "numerator"),
    ("05_linear_model.json", "theta", "denominator"),
    ("03_two_variables_scalar_form.json", "x1", "numerator"),
    ("07_two_layer_network.json", "W1", "numerator"),
]


def make_window(qtbot, size, layout):
    w = window_of_size(qtbot, size)
    w.action(f"layout_{layout}").trigger()
    return w


def chain_tab(window, qtbot, name, variable):
    assert window.files.open_example(examples_dir() / name)
    window.animation.run_backward()  # (F6)
    assert window.animation.controller.active
    dock = window.animation.chain
    dock.show()
    dock.raise_()
    qtbot.wait(30)
    dock.select_variable(window.graph.find(variable))
    return dock


def longest_line(text: str) -> int:
    return max(len(line) for line in text.splitlines())


@pytest.mark.parametrize("size", [(1280, 800), (900, 600)])
@pytest.mark.parametrize(("name", "variable", "layout"), CASES)
def test_the_chain_rule_tab_needs_no_sideways_scrolling(qtbot, size, name, variable, layout):
    window = make_window(qtbot, size, layout)
    dock = chain_tab(window, qtbot, name, variable)
    text = dock.text.toPlainText()
    assert "Path 1:" in text and "this path" in text and "(from backward)" in text and "✓" in text
    assert longest_line(text) <= dock.columns()
    assert dock.text.horizontalScrollBar().maximum() == 0


def test_a_resized_dock_lays_the_report_out_again(qtbot):
    window = make_window(qtbot, (1280, 800), "numerator")
    dock = chain_tab(window, qtbot, "06_h_of_Wa.json", "W")
    narrow = dock.text.toPlainText()
    right = [window.animation.inspector, dock]
    window.resizeDocks(right, [560, 560], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: dock.text.toPlainText() != narrow, timeout=2000)
    wide = dock.text.toPlainText()
    assert longest_line(wide) > longest_line(narrow) and longest_line(wide) <= dock.columns()
    assert len(wide.splitlines()) < len(narrow.splitlines())  # (more factors beside each other)


def test_rows_of_factors_begin_with_their_operator():
    from graphviz_app.core import fileformat

    graph = fileformat.load(examples_dir() / "06_h_of_Wa.json")
    trace = engine.backward(graph)
    report = chain.chain_report(graph, trace, graph.find("W"), "numerator")
    names = display_labels(graph)
    whole = report_text(report, names)  # (no width: one row, as the LaTeX-like plain text)
    assert any("] · ⎡" in line for line in whole.splitlines())
    narrow = report_text(report, names, 40)
    assert longest_line(narrow) <= 40
    lines = narrow.splitlines()
    assert any(line.lstrip().startswith("· ⎡") for line in lines)  # ∂z/∂W on its own row, after ·
    assert any(line.lstrip().startswith("= ⎡") for line in lines)  # this path on its own row, after =
    assert narrow.replace(" ", "").count("∂h/∂W=∂h/∂z·∂z/∂W") == 1


SOFTMAX_XENT = (
    r"\frac{\partial CE}{\partial (\mathrm{logits})_{k}} = s_k \sum_i (\mathrm{target})_{i} - (\mathrm{target})_{k},"
    r"\; s = \mathrm{softmax}(\mathrm{logits})"
)


def test_a_wide_formula_goes_on_two_lines_at_its_comma_then_is_drawn_smaller(qtbot):
    view = FormulaView("∂CE/∂(logits)ₖ = sₖ Σᵢ (target)ᵢ − (target)ₖ, s = softmax(logits)", latex=SOFTMAX_XENT)
    qtbot.addWidget(view)
    full, one_line = view.sizeHint().width(), view.heightForWidth(view.sizeHint().width())
    view.resize(full, one_line)
    assert view.line_count() == 1 and view.scale() == 1.0
    two_lines = view.heightForWidth(int(full * 0.8))
    view.resize(int(full * 0.8), two_lines)
    assert view.line_count() == 2 and view.scale() == 1.0 and two_lines > one_line
    view.resize(int(full * 0.4), view.heightForWidth(int(full * 0.4)))
    assert view.line_count() == 2 and 0.5 < view.scale() < 1.0
    assert view.grab().width() == int(full * 0.4)  # (drawn, within its width)


def test_a_comma_inside_brackets_does_not_split_a_formula():
    assert clauses(r"f(x, y) = x,\; y = 2") == ["f(x, y) = x,", "y = 2"]
    assert clauses(r"\frac{a,b}{c}") == [r"\frac{a,b}{c}"]


def test_the_softmax_cross_entropy_formula_fits_the_inspector(qtbot):
    window = make_window(qtbot, (1280, 800), "numerator")
    assert window.files.open_example(examples_dir() / "08_two_layer_network_groups.json")
    window.animation.run_backward()  # (F6)
    assert window.animation.controller.active
    panel = window.animation.inspector.panel
    qtbot.wait(30)
    views = [box.formula_view for box in panel.boxes if not box.formula_view.isHidden()]
    assert views and any("target" in v.text() for v in views)
    for v in views:
        right_edge = v.mapTo(panel, v.rect().topRight()).x()
        assert right_edge <= panel.width()  # the card is inside the panel ...
        assert v.scale() > 0.9  # ... the formula inside it at (nearly) full size ...
        assert v.height() >= v.heightForWidth(v.width()) - 1  # ... on as many lines as it needs
    (logits,) = [v for v in views if "logits" in v.text()]
    assert logits.line_count() == 2  # "…, s = softmax(logits)" on a line of its own


def test_a_widened_inspector_draws_its_formulas_at_full_size_again(qtbot):
    """Narrowed to its least width the softmax formula is drawn smaller; the user widening the
    Inspector gets it back at full size, as tall as it then needs."""
    window = make_window(qtbot, (1280, 800), "numerator")
    qtbot.wait(50)  # (the first start's widths given: the user's from now on)
    column = [window.animation.inspector, window.animation.chain]
    window.resizeDocks(column, [264, 264], Qt.Orientation.Horizontal)
    qtbot.wait(30)
    assert window.files.open_example(examples_dir() / "08_two_layer_network_groups.json")
    window.animation.run_backward()  # (F6)
    panel = window.animation.inspector.panel
    qtbot.wait(30)
    (view,) = [box.formula_view for box in panel.boxes if "logits" in box.formula_view.text()]
    assert view.scale() < 0.9
    window.resizeDocks(column, [420, 420], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.animation.inspector.width() >= 410)
    # (the panel lays itself out again on a later turn of the event loop)
    qtbot.waitUntil(lambda: view.scale() > 0.9 and view.height() >= view.heightForWidth(view.width()) - 1)
