"""What the animation shows, driven by real keys in the main window: nothing overlaps,
formulas are typeset, stepping back restores the pixels, the sum rule is visible."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyle, QStyleOptionSlider, QWidget

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.animation import math_render
from graphviz_app.ui.animation.jacobian_table import JacobianTable


def backward(window, qtbot, name):
    assert window.open_example(examples_dir() / name)
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    assert c.active and c.mode == "backward"
    return window.graph, c


def right(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key_Right)
    window.animation.controller.finish_marker()


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


def test_every_op_formula_is_laid_out_without_latex_commands():
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


def _render(scene) -> QImage:
    rect = scene.itemsBoundingRect()
    image = QImage(int(rect.width()) + 2, int(rect.height()) + 2, QImage.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image


def test_end_and_back_restores_pixels_overlay_and_inspector(window, qtbot):
    _, c = backward(window, qtbot, "03_two_variables_scalar_form.json")
    ui = window.animation
    fresh = (window.scene.overlay, ui.inspector.panel.texts(), _render(window.scene))
    for _ in range(c.count - 1):
        right(qtbot, window)
    assert c.k == c.count - 1 and _render(window.scene) != fresh[2]
    for _ in range(c.count - 1):
        qtbot.keyClick(window.view, Qt.Key_Left)
    assert c.k == 0
    assert window.scene.overlay == fresh[0]
    assert ui.inspector.panel.texts() == fresh[1]
    assert _render(window.scene) == fresh[2]
    qtbot.keyClick(window.view, Qt.Key_End)
    qtbot.keyClick(window.view, Qt.Key_Home)
    assert _render(window.scene) == fresh[2] and ui.inspector.panel.texts() == fresh[1]


def test_dragging_the_timeline_handle_seeks(window, qtbot):
    _, c = backward(window, qtbot, "05_linear_model.json")
    slider = window.animation.timeline.slider
    assert slider.maximum() == c.count - 1 and slider.tickInterval() == 1
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderHandle, slider)
    QTest.mousePress(slider, Qt.LeftButton, Qt.NoModifier, handle.center())
    for x in range(handle.center().x(), slider.width(), 20):
        QTest.mouseMove(slider, QPoint(x, handle.center().y()))
    QTest.mouseMove(slider, QPoint(slider.width() - 2, handle.center().y()))
    QTest.mouseRelease(slider, Qt.LeftButton, Qt.NoModifier, QPoint(slider.width() - 2, handle.center().y()))
    assert c.k == c.count - 1
    assert window.animation.timeline.step_label.text().endswith(f"step {c.count} / {c.count}")
    assert window.scene.overlay.title.startswith(f"Backward · step {c.count}/{c.count}")


def test_sum_rule_on_canvas_and_inspector_example_03(window, qtbot):
    graph, c = backward(window, qtbot, "03_two_variables_scalar_form.json")
    x1, u1, u2 = graph.find("x1"), graph.find("u1"), graph.find("u2")
    (first, first_consumer, _), (second, second_consumer, _) = c.trace.contributions_to(x1)
    while c.k < first:
        right(qtbot, window)
    badge = window.scene.overlay.node_badges[x1]
    assert "(1 of 2)" in badge and "+ …" in badge
    while c.k < second:
        right(qtbot, window)
    badge = window.scene.overlay.node_badges[x1]
    parts = {u1: "2", u2: "4"}
    assert f"{parts[first_consumer]} + {parts[second_consumer]} = 6" in badge and "1×1" in badge
    while c.active_node() != x1:
        right(qtbot, window)
    lines = window.animation.inspector.panel.sum_label.text().splitlines()
    assert lines[1:] == [
        f"from {'u2' if first_consumer == u2 else 'u1'}:  {parts[first_consumer]}",
        f"from {'u1' if second_consumer == u1 else 'u2'}:  {parts[second_consumer]}",
        "sum = ∂y/∂x1 = 6  1×1",
    ]
    assert window.scene.overlay.node_badges[graph.find("x2")].endswith("= −2  1×1")  # 4·x2 = −2


def test_badges_of_neighbours_never_overlap(window, qtbot):
    _, c = backward(window, qtbot, "07_two_layer_network.json")
    for _ in range(c.count):
        rects = [b.sceneBoundingRect() for b in window.scene._badges.values()]
        for i, a in enumerate(rects):
            assert not any(a.intersects(b) for b in rects[i + 1 :]), f"step {c.k + 1}"
        right(qtbot, window)


def test_layout_switch_flips_canvas_badges(window, qtbot):
    graph, c = backward(window, qtbot, "05_linear_model.json")
    qtbot.keyClick(window.view, Qt.Key_End)
    theta = graph.find("theta")
    assert window.scene.overlay.node_badges[theta] == "∂L/∂θ = [−3.4, −8.1]  1×2"
    window.action("layout_denominator").trigger()
    assert window.scene.overlay.node_badges[theta] == "∂L/∂θ = [−3.4, −8.1]ᵀ  2×1"
    panel = window.animation.inspector.panel
    assert c.k == c.count - 1 and "Denominator layout" in panel.subtitle_label.text()


def test_editing_while_playing_keeps_playing(window, qtbot):
    graph, c = backward(window, qtbot, "05_linear_model.json")
    ui = window.animation
    qtbot.keyClick(window.view, Qt.Key_Space)
    assert c.playing and c.marker_running
    n = len(graph)
    graph.add_node("variable", name="extra", value=1.0)  # the pass runs again, the play goes on
    qtbot.waitUntil(lambda: not c.stale)
    assert c.active and c.playing and len(graph) == n + 1
    assert window.scene.overlay is not None and ui.timeline.play_button.isEnabled()
    qtbot.keyClick(window.view, Qt.Key_Escape)
    assert not c.active and not c.playing and not c.marker_running
    assert window.scene.overlay is None and ui.timeline.step_label.text() == "no animation"
    qtbot.keyClick(window.view, Qt.Key_F6)  # a new run starts from the edited graph
    assert c.active and c.k == 0


def test_chain_view_defaults_to_a_variable_of_the_new_file(window, qtbot):
    ui = window.animation
    ui.chain.show()
    ui.chain.raise_()
    assert window.open_example(examples_dir() / "03_two_variables_scalar_form.json")
    ui.chain.refresh_variables()
    assert ui.chain.variable_box.currentText() == "x1"
    assert window.open_example(examples_dir() / "05_linear_model.json")
    ui.chain.refresh_variables()
    assert ui.chain.variable_box.currentText() == "theta"
    text = ui.chain.text.toPlainText()
    assert "= 2eᵀ · (−Φ)" in text and "(1×4)·(4×2) = (1×2)" in text


def test_gradient_check_shows_a_fail_mark(window, qtbot):
    """relu at its kink: the backward pass takes one side, central differences average both."""
    from graphviz_app.core.graph import Graph

    g = Graph()
    x = g.add_node("variable", name="x", value=0.0, pos=(0, 0))
    r = g.add_node("op", "relu", name="r", pos=(200, 0))
    g.connect(x, r, 0)
    g.set_output(r)
    window.set_graph(g) if hasattr(window, "set_graph") else _replace_graph(window, g)
    qtbot.keyClick(window.view, Qt.Key_F7)
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert "failed ✗" in dialog.summary_label.text()
    assert dialog.mark(0) == "✗ fail" and dialog.verdict_label.text() == "✗ Gradient check failed"
    dialog.close()


def _replace_graph(window, g) -> None:
    import tempfile
    from pathlib import Path

    from graphviz_app.core import fileformat

    path = Path(tempfile.mkdtemp()) / "relu.json"
    fileformat.save(g, path)
    assert window.open_path(path, ask=False)


def test_full_jacobian_of_a_vector_output_is_stepped_and_inspected(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from graphviz_app.ui.animation import dialogs

    assert window.open_example(examples_dir() / "06_h_of_Wa.json")
    graph = window.graph
    graph.set_output(graph.find("z"))
    monkeypatch.setattr(dialogs.SeedDialog, "exec", lambda self: QDialog.Accepted)  # default: full Jacobian
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    assert c.trace.mode == "jacobian" and window.scene.overlay.title.startswith("Backward (full Jacobian)")
    w = graph.find("W")
    while c.active_node() != w:
        right(qtbot, window)
    content = window.animation.inspector.panel.content
    assert content.incoming.shape_text == "3×(3×2)"
    a = graph.node(graph.find("a")).value
    expected = np.einsum("ki,j->kij", np.eye(3), a).reshape(3, 6)  # ∂(Wa)ₖ/∂Wᵢⱼ = δₖᵢ aⱼ
    np.testing.assert_allclose(content.incoming.matrix, expected)
    assert content.incoming.col_labels[:3] == ["W₁₁", "W₁₂", "W₂₁"]


def test_chain_dock_grows_to_show_the_product_of_jacobians(window, qtbot):
    ui = window.animation
    assert window.open_example(examples_dir() / "05_linear_model.json")
    qtbot.keyClick(window.view, Qt.Key_F6)
    ui.chain.show()
    ui.chain.raise_()
    ui.chain.select_variable(window.graph.find("theta"))
    qtbot.waitUntil(lambda: ui.chain.width() >= min(ui.chain.needed_width(), window.width() // 2) - 2, timeout=2000)
    longest = max(ui.chain.text.toPlainText().splitlines(), key=len)
    assert ui.chain.text.fontMetrics().horizontalAdvance(longest) < ui.chain.text.viewport().width()


def test_gradcheck_mark_is_in_sight_for_long_gradients(window, qtbot):
    assert window.open_example(examples_dir() / "07_two_layer_network.json")
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
