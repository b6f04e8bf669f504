"""What the Inspector shows while stepping: nothing overlaps or is clipped at any step, formulas are
typeset (fractions, no LaTeX commands left), a full Jacobian of a vector output is inspected."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from ui.animation_helpers import backward, right

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.animation import math_render
from graphviz_app.ui.animation.jacobian_table import JacobianTable


def overlapping_children(parent: QWidget) -> list[tuple[str, str]]:
    """Pairs of visible sibling widgets whose rectangles overlap, anywhere below parent."""
    found = []
    kids = [k for k in parent.findChildren(QWidget, options=Qt.FindDirectChildrenOnly) if k.isVisibleTo(parent)]
    for i, a in enumerate(kids):
        for b in kids[i + 1 :]:
            if a.geometry().intersects(b.geometry()):
                found.append((type(a).__name__, type(b).__name__))
        found.extend(overlapping_children(a))
    return found


def clipped_tables(panel: QWidget) -> list[tuple[int, int]]:
    """Tables of the inspector too short to show every row (when they fit under the maximum)."""
    bad = []
    for table in panel.findChildren(JacobianTable):
        if not table.isVisibleTo(panel):
            continue
        rows = table.matrix_model.rowCount()
        need = table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
        if need <= JacobianTable.MAX_HEIGHT - 30 and table.height() < need:
            bad.append((rows, table.height()))
    return bad


@pytest.mark.parametrize(
    "name",
    ["03_two_variables_scalar_form.json", "05_linear_model.json", "06_h_of_Wa.json", "07_two_layer_network.json"],
)
@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_inspector_never_overlaps_or_clips_at_any_step(window, qtbot, name, layout):
    window.animation.set_convention(layout)
    _, c = backward(window, qtbot, name)
    panel = window.animation.inspector.panel
    for _ in range(c.count):
        assert overlapping_children(panel) == [], f"step {c.k + 1}"
        assert clipped_tables(panel) == [], f"step {c.k + 1}"
        assert panel.width() <= window.animation.inspector.widget().viewport().width()  # no sideways scrolling
        right(qtbot, window)


def test_formula_is_typeset_as_a_fraction_not_source(window, qtbot):
    graph, c = backward(window, qtbot, "04_sin_of_square.json")
    while c.active_node() != graph.find("y"):
        right(qtbot, window)
    view = window.animation.inspector.panel.boxes[0].formula_view
    assert view.isVisible() and view.text() == "∂ sin(u)/∂u = cos(u)"
    assert "\\frac" in view.latex()
    box = math_render.layout(view.latex())
    assert any(isinstance(b, math_render.Fraction) for b in box.items)
    one_line = math_render.layout("u")
    assert box.ascent + box.descent > 1.8 * (one_line.ascent + one_line.descent)  # stacked, not inline
    image = view.grab().toImage()
    ink = [
        y
        for y in range(image.height())
        if any(QColor(image.pixel(x, y)).lightness() < 100 for x in range(0, image.width(), 2))
    ]
    assert ink and ink[-1] - ink[0] > 1.5 * view.fontMetrics().height()  # ink spans numerator to denominator


def test_every_op_formula_is_laid_out_without_latex_commands(qapp):  # (fonts need the application)
    from graphviz_app.core.ops import all_ops

    shapes_to_try = ([(3,)], [()], [(3, 2), (2,)], [(2, 2)], [(3,), (3,)], [(), ()])
    checked = 0
    for op in all_ops():
        for shapes in shapes_to_try:
            if len(shapes) != op.arity:
                continue
            try:
                formulas = op.formulas({"p": 3.0} if op.name == "pow" else {}, list(shapes))
            except Exception:
                continue  # shapes this op does not take
            for f in formulas:
                box = math_render.layout(f.latex)
                assert box.width > 0
                texts = _texts(box)
                assert not any("\\" in t or t in ("frac", "left", "right", "partial") for t in texts), (op.name, texts)
                checked += 1
            break
    assert checked >= 30


def _texts(box) -> list[str]:
    out = []
    if isinstance(box, math_render.TextBox):
        out.append(box.text)
    for name in ("items",):
        for b in getattr(box, name, []) or []:
            out.extend(_texts(b))
    for name in ("num", "den", "base", "sup", "sub", "inner"):
        child = getattr(box, name, None)
        if child is not None:
            out.extend(_texts(child))
    return out


def test_full_jacobian_of_a_vector_output_is_stepped_and_inspected(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from graphviz_app.ui.animation import dialogs

    assert window.files.open_example(examples_dir() / "06_h_of_Wa.json")
    graph = window.graph
    graph.set_output(graph.find("z"))
    monkeypatch.setattr(dialogs.SeedDialog, "exec", lambda self: QDialog.Accepted)  # default: full Jacobian
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    assert c.trace.mode == "jacobian" and window.scene.overlay_presenter.overlay.title.startswith(
        "Backward (full Jacobian)"
    )
    w = graph.find("W")
    while c.active_node() != w:
        right(qtbot, window)
    content = window.animation.inspector.panel.content
    assert content.incoming.shape_text == "3×(3×2)"
    a = graph.node(graph.find("a")).value
    expected = np.einsum("ki,j->kij", np.eye(3), a).reshape(3, 6)  # ∂(Wa)ₖ/∂Wᵢⱼ = δₖᵢ aⱼ
    np.testing.assert_allclose(content.incoming.matrix, expected)
    assert content.incoming.col_labels[:3] == ["W₁₁", "W₁₂", "W₂₁"]
