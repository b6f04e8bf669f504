"""The Chain rule dock: every path as a product of Jacobians, the sum rule, the check."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from graphviz_app.resources_path import examples_dir


def open_chain(window, qtbot, name, variable):
    assert window.files.open_example(examples_dir() / name)
    dock = window.animation.chain
    dock.show()
    dock.raise_()
    dock.refresh_variables()
    dock.select_variable(window.graph.find(variable))
    return dock


def test_linear_model_reads_as_seed_000(window, qtbot):
    dock = open_chain(window, qtbot, "05_linear_model.json", "theta")
    N, D = window.graph.node(window.graph.find("Phi")).value.shape
    text = dock.text.toPlainText()
    assert "∂L/∂θ = ∂L/∂e · ∂e/∂θ" in text
    assert "= 2eᵀ · (−Φ)" in text
    assert f"shapes: (1×{N})·({N}×{D}) = (1×{D})" in text
    assert "✓" in dock.status_label.text() and dock.report.agrees
    window.action("layout_denominator").trigger()
    text = dock.text.toPlainText()
    assert "∂L/∂θ = (∂e/∂θ)ᵀ · ∂L/∂e" in text and f"({D}×{N})·({N}×1) = ({D}×1)" in text


def test_two_paths_and_the_sum_rule(window, qtbot):
    dock = open_chain(window, qtbot, "01_chain_rule_sin_cos.json", "t")
    text = dock.text.toPlainText()
    assert "Path 1:" in text and "Path 2:" in text
    assert "Σ over 2 paths" in text and dock.report.agrees


def test_uses_the_running_animation_and_follows_edits(window, qtbot):
    dock = open_chain(window, qtbot, "06_h_of_Wa.json", "W")
    window.animation.run_backward()
    dock.select_variable(window.graph.find("W"))
    assert "the whole backward pass" in dock.status_label.text()
    assert "(1×3)·(3×6) = (1×6) shown as 2×3" in " ".join(dock.text.toPlainText().split())  # (the tab wraps lines)
    window.graph.remove_node(window.graph.output)  # the output h gone: the animation ends
    qtbot.waitUntil(lambda: not window.animation.controller.active)
    # tanh(z) now feeds nothing: the dock follows it, as F6 would
    qtbot.waitUntil(lambda: "(the only end node)" in dock.status_label.text())
    assert "a backward pass of the current graph" in dock.status_label.text()


def test_hidden_behind_the_inspector_it_computes_nothing_and_catches_up_when_shown(window, qtbot):
    dock = open_chain(window, qtbot, "05_linear_model.json", "theta")
    assert "∂L/∂θ" in dock.text.toPlainText()
    window.animation.inspector.raise_()  # the Chain rule tab goes behind
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty())
    window.graph.set_output(None)
    # evaluated: the status bar names the only end node as the output in use
    qtbot.waitUntil(lambda: "(the only end node)" in window.findChild(QLabel, "outputLabel").text())
    assert "(the only end node)" not in dock.status_label.text()  # the hidden dock still shows what it showed
    dock.raise_()
    qtbot.waitUntil(lambda: "(the only end node)" in dock.status_label.text())
    assert "∂L/∂θ" in dock.text.toPlainText()


def test_an_implied_output_is_used_as_f6_uses_it(window, qtbot):
    dock = open_chain(window, qtbot, "05_linear_model.json", "theta")
    window.graph.set_output(None)  # L is the only node that feeds nothing
    dock.refresh()
    status = dock.status_label.text()
    assert '"L" (the only end node)' in status and "✓" in status
    assert "∂L/∂θ = ∂L/∂e · ∂e/∂θ" in dock.text.toPlainText()
    assert window.graph.output is None  # used as it is: the document is not edited
    # a second end node: no output is implied, the dock says how to choose one
    theta = window.graph.find("theta")
    window.graph.connect(theta, window.graph.add_node("op", "sum", pos=(900.0, 300.0)), 0)
    dock.refresh()
    assert "Set as Output" in dock.status_label.text() and dock.text.toPlainText() == ""


def test_vector_output_shows_full_jacobian(window, qtbot):
    dock = open_chain(window, qtbot, "02_two_variables_vector_form.json", "x")
    window.graph.set_output(window.graph.find("u"))
    dock.refresh()
    assert dock.report.mode == "jacobian" and dock.report.agrees
    assert dock.report.gradient.matrix.tolist() == [[1, 1], [1, -1]]


def test_chain_view_defaults_to_a_variable_of_the_new_file(window, qtbot):
    ui = window.animation
    ui.chain.show()
    ui.chain.raise_()
    assert window.files.open_example(examples_dir() / "03_two_variables_scalar_form.json")
    ui.chain.refresh_variables()
    assert ui.chain.variable_box.currentText() == "x1"
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    ui.chain.refresh_variables()
    assert ui.chain.variable_box.currentText() == "θ"  # theta, as its card shows it
    text = ui.chain.text.toPlainText()
    assert "= 2eᵀ · (−Φ)" in text and "(1×4)·(4×2) = (1×2)" in text


def test_a_nan_gradient_is_said_undefined_where_it_began_without_a_cross(window, qtbot):
    from graphviz_app.core import expr

    window.graph.replace_with(expr.parse_expression("log(x - 5) * y", values={"x": 0.5, "y": 2.0}))
    dock = window.animation.chain
    dock.show()
    dock.raise_()
    window.animation.run_backward()
    dock.select_variable(window.graph.find("x"))
    status, text = dock.status_label.text(), dock.text.toPlainText()
    assert "✗" not in status and "✗" not in text
    assert "∂mul/∂x is undefined" in status and "log gets sub = −4.5" in status
    assert "∂mul/∂x is undefined" in " ".join(text.split())  # (the tab's last line wraps)


def _chain_after_backward(window, text, values):
    import numpy as np

    from graphviz_app.core import expr

    window.graph.replace_with(expr.parse_expression(text, values={k: np.array(v) for k, v in values.items()}))
    dock = window.animation.chain
    dock.show()
    dock.raise_()
    window.animation.run_backward()
    dock.select_variable(window.graph.find("x"))
    return dock.status_label.text(), dock.text.toPlainText()


def test_one_undefined_entry_keeps_the_defined_ones_and_no_cross(window, qtbot):
    status, text = _chain_after_backward(window, "sum(log(x - 5))", {"x": [6.0, 1.0]})
    assert "✗" not in status and "✗" not in text
    assert "Some entries of ∂sum/∂x are undefined" in status and "log gets entry 2 of sub = −4" in status
    assert "= [ 1  nan ]" in text  # the path's product keeps ∂sum/∂x₁ = 1
    assert text.split("Σ over")[-1].count("[ 1  nan ]") == 2  # the sum over the paths and the backward pass


def test_a_zero_factor_stops_an_undefined_entry_and_the_check_holds(window, qtbot):
    status, text = _chain_after_backward(window, "sum(log(x - 5) * y)", {"x": [6.0, 1.0], "y": [1.0, 0.0]})
    assert "✓" in status and "nan" not in text.split("Σ over")[-1]


def test_a_minus_infinite_gradient_is_said_minus_infinity(window, qtbot):
    status, text = _chain_after_backward(window, "1/x + x", {"x": 0.0})
    assert "∂add/∂x is undefined (−∞ by the sum over the paths" in status
    assert "(∞ by" not in status and "✗" not in status
