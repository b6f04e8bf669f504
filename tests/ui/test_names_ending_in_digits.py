"""Card names ending in a digit (x1, u2, W2) in the Inspector and the Chain rule tab: a number
before them gets a product sign (2·x1, never 2x1, read as the shape 2×1), a power after them a
bracket ((x1)², never x1²), an index a bracket ((W2)₁·, never W2₁·, read as W₂₁)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.resources_path import examples_dir


def inspector_on(window, qtbot, name) -> str:
    window.scene.clearSelection()
    node = name if name in window.graph else window.graph.find(name)
    window.scene.node_item(node).setSelected(True)
    qtbot.wait(50)
    panel = window.animation.inspector.panel
    views = panel.formula_views + [box.formula_view for box in panel.boxes]  # (typeset: text and LaTeX)
    return "\n".join([panel.texts()] + [f"{v.text()}\n{v.latex()}" for v in views])


def open_and_run(window, qtbot, example):
    assert window.files.open_example(examples_dir() / example)
    qtbot.keyClick(window.view, Qt.Key_F6)


def test_a_number_times_a_name_ending_in_a_digit_has_a_product_sign(window, qtbot):
    open_and_run(window, qtbot, "01_chain_rule_sin_cos.json")
    square = inspector_on(window, qtbot, "square")
    assert "structure: 2·x1" in square and "2x1" not in square
    assert r"\left(\mathrm{x1}\right)^{2}" in square and r"2 \cdot \mathrm{x1}" in square  # typeset (x1)² = 2·x1
    mul = inspector_on(window, qtbot, "mul")
    assert r"\partial (2 \cdot \mathrm{x2})" in mul and "2x2" not in mul
    dock = window.animation.chain
    dock.show()
    dock.raise_()
    dock.refresh_variables()
    dock.select_variable(window.graph.find("t"))
    text = dock.text.toPlainText()
    assert "= 2·x1 · cos t" in text and "2x1" not in text


def test_a_square_of_a_name_ending_in_a_digit_is_bracketed(window, qtbot):
    open_and_run(window, qtbot, "03_two_variables_scalar_form.json")
    u2 = window.graph.find("u2")
    square = next(
        n.id for n in window.graph.nodes() if n.op == "square" and u2 in window.graph.inputs_of(n.id).values()
    )
    shown = inspector_on(window, qtbot, square)
    assert "structure: 2·u2" in shown and "2u2" not in shown
    assert r"\left(\mathrm{u2}\right)^{2}" in shown


def headers(table, orientation):
    model = table.matrix_model
    count = model.columnCount() if orientation == Qt.Horizontal else model.rowCount()
    return [model.headerData(i, orientation, Qt.DisplayRole) for i in range(count)]


def test_the_index_headers_of_a_matrix_named_w2_keep_the_name_apart(window, qtbot):
    open_and_run(window, qtbot, "07_two_layer_network.json")
    c = window.animation.controller
    w2 = window.graph.find("W2")
    while c.active_node() != w2:
        assert c.k < c.count - 1
        qtbot.keyClick(window.view, Qt.Key_Right)
        c.finish_marker()
    panel = window.animation.inspector.panel
    rows, columns = window.graph.node(w2).value.shape
    # numerator layout: the gradient of a matrix is shown transposed, its rows head the columns
    assert headers(panel.incoming_table, Qt.Horizontal) == [f"(W2){chr(0x2080 + i + 1)}·" for i in range(rows)]
    assert headers(panel.incoming_table, Qt.Vertical) == [f"(W2)·{chr(0x2080 + j + 1)}" for j in range(columns)]
