"""What the Chain rule tab and the Inspector write reads as English and as mathematics: one path
is "1 path", a path of one factor is written once, and a narrow panel never breaks a derivative
symbol (∂L/ | ∂matmul) nor "shown as 2×3" across lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QLabel

from graphviz_app.core.expr import parse_expression
from graphviz_app.resources_path import examples_dir


def chain_text(window, variable: str) -> str:
    dock = window.animation.chain
    dock.show()
    dock.raise_()
    dock.refresh_variables()
    dock.select_variable(window.graph.find(variable))
    return dock.text.toPlainText()


def test_one_path_of_one_factor(window, qtbot):
    window.open_graph(parse_expression("x * w", {"x": 2.0, "w": 3.0}))
    text = chain_text(window, "w")
    lines = [line.strip() for line in text.splitlines()]
    assert "∂mul/∂w = x" in lines  # not ∂mul/∂w = ∂mul/∂w, then = x
    assert not any(line.startswith("∂mul/∂w = ∂mul/∂w") for line in lines)
    assert "Σ over 1 path " in text and "path(s)" not in text
    assert window.animation.chain.status_label.text().startswith("✓ the one path's product equals")


def test_two_paths_are_paths(window, qtbot):
    assert window.files.open_example(examples_dir() / "01_chain_rule_sin_cos.json")
    assert "Σ over 2 paths" in chain_text(window, "t")
    assert "✓ the sum over 2 paths equals" in window.animation.chain.status_label.text()


def test_a_narrow_inspector_keeps_derivatives_and_shown_as_whole(window, qtbot):
    window.resize(1280, 800)
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    window.action("layout_denominator").trigger()
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    while c.active_node() is None or window.graph.node(c.active_node()).op != "matmul":
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
    panel = window.animation.inspector.panel
    labels = [panel.incoming_label] + [w for box in panel.boxes for w in (box.product_label, box.equation_label)]
    for label in labels:
        for width in range(120, 400, 4):  # however narrow the dock
            lines = [line.rstrip() for line in label_lines(label, width)]
            assert not any(line.endswith("/") for line in lines), lines  # never "∂L/" at a line's end
            assert not any(line.endswith(("shown", "shown as")) for line in lines), lines
    window.action("layout_numerator").trigger()


def label_lines(label, width: int) -> list[str]:
    """The lines a word-wrapped label shows at width pixels, as Qt's text layout breaks them."""
    shown = QLabel.text(label)  # what is drawn (text() reads it without the invisible joiners)
    layout = QTextLayout(shown, label.font())
    option = layout.textOption()
    option.setWrapMode(option.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(shown[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def test_the_chain_rule_tab_keeps_shown_as_whole_at_any_width(window, qtbot):
    from graphviz_app.core import chain, engine
    from graphviz_app.core.naming import display_labels
    from graphviz_app.ui.animation.chain_text import report_text

    assert window.files.open_example(examples_dir() / "06_h_of_Wa.json")
    g = window.graph
    report = chain.chain_report(g, engine.backward(g), g.find("W"), "numerator")
    for width in range(36, 80):
        lines = [line.rstrip() for line in report_text(report, display_labels(g), width).splitlines()]
        assert any(line.endswith("shown as 2×3") for line in lines), (width, lines)
        assert not any(line.endswith(("shown", "shown as")) for line in lines), (width, lines)


def test_a_toned_inspector_label_never_breaks_a_derivative_after_its_slash(window, qtbot):
    from graphviz_app.ui import tones
    from graphviz_app.ui.animation.text_labels import text_label

    text = "∂sqrt/∂x is inf at x = 0: the derivative is undefined there"
    for tone in (tones.muted, tones.error):
        label = text_label(text, tone=tone)
        qtbot.addWidget(label)
        assert label.text() == text  # what a reader copies: no invisible joiners
        for width in range(40, 400, 7):
            lines = label_lines(label, width)
            assert not any(line.rstrip().endswith("/") for line in lines), (width, lines)


def test_a_sum_in_a_product_is_bracketed_in_the_tab(window, qtbot):
    graph = parse_expression("3 * tanh(x)", {"x": 0.5})
    graph.rename(next(n.id for n in graph.nodes() if n.op == "tanh"), "h")
    window.open_graph(graph)
    lines = [line.strip() for line in chain_text(window, "x").splitlines()]
    assert "∂mul/∂x = ∂mul/∂h · ∂h/∂x" in lines
    assert "= 3 · (1 − tanh² x)" in lines  # not 3 · 1 − tanh² x, which reads as 3 − tanh² x


def test_denominator_layout_never_writes_a_jacobian_equal_to_its_transpose(window, qtbot):
    window.open_graph(parse_expression("A @ x", {"A": [[1.0, 2.0], [3.0, 4.0]], "x": [1.0, -1.0]}))
    window.action("layout_denominator").trigger()
    try:
        lines = [line.strip() for line in chain_text(window, "x").splitlines()]
        assert "(∂matmul/∂x)ᵀ = Aᵀ" in lines
        assert not any(line.startswith("∂matmul/∂x =") for line in lines)
    finally:
        window.action("layout_numerator").trigger()
