"""Every local Jacobian is shown in the Inspector, whatever its size: its shape, its structure and
its entries, computed a window at a time as the table scrolls (a layer X 32×784 @ W 784×128 has
local Jacobians of 100 million and 400 million entries), in both layouts."""

from __future__ import annotations

import dataclasses

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import jacobian
from PySide6.QtCore import Qt
from ui.animation_helpers import box_of, load, step_onto

from graphviz_app.core import conventions as cv
from graphviz_app.core import engine, entry_names, number_text
from graphviz_app.core.expr import parse_expression

RNG = np.random.default_rng(7)
X_VALUE = RNG.normal(size=(32, 784))
W_VALUE = RNG.normal(size=(784, 128)) / 28


def scroll_to(qtbot, table, row: int, col: int) -> None:
    """Scroll the table as a user would, until that cell is painted."""
    table.scrollTo(table.model().index(row, col))
    table.viewport().grab()  # paints what is in view: the only cells the model is asked for


def out_name(box) -> str:
    """The output's name as the box's title writes it: "Local Jacobian ∂matmul/∂W  …" -> "matmul"."""
    return box.jacobian_label.text().split("∂", 2)[1].rstrip("/")


@pytest.fixture
def layer(window, qtbot):
    """sum(tanh(X @ W)) at a realistic layer's sizes, backward started with F6."""
    graph = load(window, parse_expression("sum(tanh(X @ W))", {"X": X_VALUE, "W": W_VALUE}))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.view, Qt.Key_F6)
    assert window.animation.controller.active
    return graph


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_a_layer_step_shows_both_jacobians_with_shape_structure_and_entries(window, qtbot, layer, layout):
    window.animation.set_convention(layout)
    panel = step_onto(qtbot, window, "matmul")
    numerator = layout == "numerator"
    for source, in_shape, structure in (("X", (32, 784), "δ"), ("W", (784, 128), "δ")):
        box = box_of(panel, source)
        assert box.table.isVisibleTo(panel)
        out_n, in_n = 32 * 128, in_shape[0] * in_shape[1]
        side = cv.dims(in_shape)
        expected_shape = f"(32×128)×{side}" if numerator else f"{side}×(32×128)"
        assert box.jacobian_label.text().endswith(expected_shape)
        assert structure in box.structure_label.text() and "⊗" in box.structure_label.text()
        assert "computed as you scroll" in box.note_label.text()
        assert box.table.shape() == ((out_n, in_n) if numerator else (in_n, out_n))
        assert "too large" not in panel.texts()
    # entries far from the top left, against the closed form of ∂(XW)ₐᵦ/∂W_cd = δᵦd X_ac
    box = box_of(panel, "W")
    a, b, c = 17, 93, 402  # the entry of output (a, b), input W(c, b): X[a, c]; W(c, b + 1): 0
    row, col = a * 128 + b, c * 128 + b
    r, k = (row, col) if numerator else (col, row)
    scroll_to(qtbot, box.table, r, k)
    model = box.table.matrix_model
    assert model.value(r, k) == pytest.approx(X_VALUE[a, c])
    assert model.text(r, k) == number_text.fmt_number(X_VALUE[a, c])
    zero = (r, k + 1) if numerator else (r + 1, k)
    assert model.value(*zero) == 0.0
    out_axis, in_axis = (Qt.Vertical, Qt.Horizontal) if numerator else (Qt.Horizontal, Qt.Vertical)
    name = out_name(box)
    assert model.headerData(row, out_axis) == f"{name}({a + 1},{b + 1})"
    assert model.headerData(col, in_axis) == f"W({c + 1},{b + 1})"
    assert model.headerData(col, in_axis, Qt.ToolTipRole) == f"∂{name}/∂W({c + 1},{b + 1})"
    # ∂(XW)ₐᵦ/∂X_cd = δₐc W_db
    box = box_of(panel, "X")
    col = a * 784 + c
    r, k = (row, col) if numerator else (col, row)
    scroll_to(qtbot, box.table, r, k)
    assert box.table.matrix_model.value(r, k) == pytest.approx(W_VALUE[c, b])


def test_stepping_onto_the_layer_computes_only_the_rows_in_view(window, qtbot):
    """The table asks the trace's entries for the rows it shows, a block at a time, never all 4096."""
    graph = load(window, parse_expression("sum(tanh(X @ W))", {"X": X_VALUE, "W": W_VALUE}))
    trace = engine.backward(graph)
    asked: set[int] = set()
    step = next(s for s in trace.steps if s.op == "matmul")
    for inp in step.inputs:
        row = inp.entries.row
        inp.entries = dataclasses.replace(inp.entries, row=lambda i, row=row: (asked.add(i), row(i))[1])
    window.animation.controller.start_backward(graph, trace)
    panel = step_onto(qtbot, window, "matmul")
    table = box_of(panel, "W").table
    table.viewport().grab()
    assert 0 < len(asked) <= 64 and max(asked) < 64
    asked.clear()
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    table.viewport().grab()
    assert asked and min(asked) > 4096 - 64 and len(asked) <= 32


def test_a_small_jacobian_beside_a_large_one_is_held_densely(window, qtbot):
    """∂(Φθ)/∂θ (100 × 200 entries) is held densely although ∂(Φθ)/∂Φ (100 × 20 000) is not."""
    phi, theta = RNG.normal(size=(100, 200)), RNG.normal(size=200)
    graph = parse_expression("sum(Phi @ theta)", {"Phi": phi, "theta": theta})
    trace = engine.backward(graph, jacobian_limit=10**6)
    step = next(s for s in trace.steps if s.op == "matmul")
    by_name = {inp.source_label: inp for inp in step.inputs}  # as the cards name them: θ, Φ
    np.testing.assert_allclose(by_name["θ"].jacobian, phi)  # ∂(Φθ)/∂θ = Φ
    assert by_name["Φ"].jacobian is None
    np.testing.assert_allclose(
        by_name["Φ"].entries.window(slice(40, 42), slice(8000, 8400)),
        jacobian(lambda p: anp.dot(p, theta))(phi).reshape(100, 20000)[40:42, 8000:8400],
    )
    load(window, graph)
    qtbot.keyClick(window.view, Qt.Key_F6)
    panel = step_onto(qtbot, window, "matmul")
    assert box_of(panel, "θ").table.shape() == (100, 200)
    assert box_of(panel, "Φ").table.shape() == (100, 20000)


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_x_at_x_with_the_full_jacobian_shows_every_table(window, qtbot, layout):
    x = RNG.normal(size=(30, 30))
    graph = load(window, parse_expression("X @ X", {"X": x}))
    window.animation.set_convention(layout)
    window.animation.controller.start_backward(graph, engine.backward(graph, seed="jacobian"))
    panel = step_onto(qtbot, window, "matmul")
    assert len(panel.boxes) == 2
    reference = [
        jacobian(lambda a: anp.dot(a, x))(x).reshape(900, 900),  # ∂(AB)/∂A at A = B = X
        jacobian(lambda b: anp.dot(x, b))(x).reshape(900, 900),
    ]
    for box, ref in zip(panel.boxes, reference):
        for table in (box.table, box.product_table, box.accumulated_table):
            assert table.isVisibleTo(panel) and table.shape() == (900, 900)
        presented = ref if layout == "numerator" else ref.T
        scroll_to(qtbot, box.table, 871, 613)
        assert box.table.matrix_model.value(871, 613) == pytest.approx(presented[871, 613])
        assert box.table.matrix_model.value(871, 614) == pytest.approx(presented[871, 614])


def test_labels_of_a_huge_side_are_written_on_demand():
    labels = entry_names.Labels("W", (784, 128))
    assert len(labels) == 100352
    assert labels[1] == "W₁₂" and labels[-1] == "W(784,128)" and labels[128 * 9 + 9] == "W(10,10)"
    assert labels[:3] == ["W₁₁", "W₁₂", "W₁₃"]
    assert entry_names.Labels("z", (2, 3)) == entry_names.index_labels("z", (2, 3))


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_forward_mode_shows_a_jacobian_not_held_densely(layout):
    """Forward mode's Inspector content gives every local Jacobian too, the same entries as the dense one."""
    from graphviz_app.ui.animation import inspector_content as ic

    graph = parse_expression("sum(tanh(W @ a))", {"W": RNG.normal(size=(5, 4)), "a": RNG.normal(size=4)})
    tangents = {graph.find("W"): np.ones((5, 4)), graph.find("a"): np.ones(4)}
    node = next(n for n in graph.node_ids() if graph.node(n).op == "matmul")
    lazy = engine.forward_mode(graph, tangents, jacobian_limit=4)
    dense = engine.forward_mode(graph, tangents)
    shown = ic.forward_content(graph, lazy, node, 0, layout).inputs
    held = ic.forward_content(graph, dense, node, 0, layout).inputs
    assert len(shown) == 2
    for s, h in zip(shown, held):
        assert s.jacobian.shape == h.jacobian.shape and s.jacobian.shape_text == h.jacobian.shape_text
        assert "computed as you scroll" in s.jacobian_note and s.structure == h.structure
        rows, cols = h.jacobian.shape
        np.testing.assert_allclose(s.jacobian.window(slice(0, rows), slice(1, cols)), h.jacobian.matrix[:, 1:])
