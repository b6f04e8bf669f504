"""A batched layer with a bias, X @ W + b, in the window: it evaluates, F6 steps through it, and
the Inspector shows ∂add/∂b as an identity block per row of the batch (1₈ ⊗ I₄)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from ui.animation_helpers import box_of, step_onto

from graphviz_app.core import fileformat
from graphviz_app.core.expr import parse_expression

RNG = np.random.default_rng(11)
VALUES = {"X": RNG.normal(size=(8, 5)), "W": RNG.normal(size=(5, 4)), "b": RNG.normal(size=4)}


def open_layer(window, qtbot):
    graph = parse_expression("sum(relu(X @ W + b))", VALUES)
    path = Path(tempfile.mkdtemp()) / "layer_with_bias.json"
    fileformat.save(graph, path)
    assert window.files.open_path(path, ask=False)
    qtbot.keyClick(window.view, Qt.Key_F6)
    assert window.animation.controller.active
    return window.graph


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_the_bias_step_shows_an_identity_block_per_row(window, qtbot, layout):
    graph = open_layer(window, qtbot)
    x, w, b = VALUES["X"], VALUES["W"], VALUES["b"]
    add = graph.find("add")
    np.testing.assert_allclose(window.animation.controller.trace.values[add], x @ w + b)  # the layer evaluated
    window.animation.set_convention(layout)
    panel = step_onto(qtbot, window, "add")
    box = box_of(panel, "b")
    numerator = layout == "numerator"
    assert box.jacobian_label.text().endswith("(8×4)×4" if numerator else "4×(8×4)")
    # (1₈ ⊗ I₄)ᵀ = 1₈ᵀ ⊗ I₄ in denominator layout: written as it is, not "…, transposed"
    assert ("1₈ ⊗ I₄" if numerator else "1₈ᵀ ⊗ I₄") + " (b repeated over 8 rows)" in box.structure_label.text()
    blocks = np.kron(np.ones((8, 1)), np.eye(4))
    np.testing.assert_array_equal(box.table.matrix_model.presented.matrix, blocks if numerator else blocks.T)
    # what b receives: the gradient summed over the batch's rows
    upstream = (x @ w + b > 0).astype(float)
    np.testing.assert_allclose(box.product_table.matrix_model.presented.matrix.ravel(), upstream.sum(axis=0))
    assert box.equation_label.text() == (
        "shapes:  (1×32)·(32×4) = (1×4)" if numerator else "shapes:  (4×32)·(32×1) = (4×1)"
    )
