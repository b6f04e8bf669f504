"""A constant gets no gradient, as the palette, the value editor and the menus say: Backward gives it
no step, no badge and no edge label, and the live gradients show none on its card."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.settings import app_settings


def open_linear_model(window):
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    g = window.graph
    return g, g.find("Phi"), g.find("y"), g.find("theta")


def shown_texts(overlay) -> str:
    return " ".join([*overlay.node_badges.values(), *overlay.edge_labels.values()])


def test_backward_steps_over_the_constants_and_shows_no_gradient_for_them(window, qtbot):
    g, phi, y, theta = open_linear_model(window)
    qtbot.keyClick(window.view, Qt.Key_F6)
    controller = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key_Home)
    visited, texts = [], []
    for _ in range(len(controller.trace)):
        visited.append(controller.active_node())
        controller.finish_marker()
        overlay = window.scene.overlay_presenter.overlay
        assert " / 4 " in overlay.title  # L, e, matmul, θ: four steps, none for Φ or y
        texts.append(shown_texts(overlay))
        qtbot.keyClick(window.view, Qt.Key_Right)
    assert visited[-1] == theta and phi not in visited and y not in visited
    assert "∂L/∂θ" in texts[-1]
    assert not any("∂L/∂Φ" in t or "∂L/∂y" in t for t in texts)
    for node in (phi, y):
        assert not any(key[0] == node for key in window.scene.overlay_presenter.overlay.edge_labels)


def test_live_gradients_badge_the_variable_but_not_the_constants(window, qtbot):
    g, phi, y, theta = open_linear_model(window)
    try:
        qtbot.keyClick(window.view, Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)
        qtbot.waitUntil(lambda: window.scene.overlay_presenter.overlay is not None)
        badges = window.scene.overlay_presenter.overlay.node_badges
        assert theta in badges and phi not in badges and y not in badges
    finally:
        app_settings().setValue("view/live_gradients", False)


def test_the_inspector_of_the_matmul_step_shows_its_jacobian_for_theta_only(window, qtbot):
    g, phi, y, theta = open_linear_model(window)
    qtbot.keyClick(window.view, Qt.Key_F6)
    controller = window.animation.controller
    matmul = next(n.id for n in g.nodes() if n.op == "matmul")
    qtbot.keyClick(window.view, Qt.Key_Home)
    while controller.active_node() != matmul:
        qtbot.keyClick(window.view, Qt.Key_Right)
    controller.finish_marker()
    qtbot.waitUntil(lambda: "matmul" in window.animation.inspector.panel.title_label.text())
    window.grab().save("/tmp/student/linear_matmul_step.png")
    step = controller.trace.step_of(matmul)
    assert [i.source_label for i in step.inputs] == ["θ"]


def test_a_constant_selected_during_backward_says_it_gets_no_gradient(window, qtbot):
    g, phi, y, theta = open_linear_model(window)
    qtbot.keyClick(window.view, Qt.Key_F6)
    window.scene.clearSelection()
    window.scene.node_item(phi).setSelected(True)
    panel = window.animation.inspector.panel
    qtbot.waitUntil(lambda: "Φ" in panel.title_label.text())
    assert '"Φ" is a constant: no gradient flows into it, so Backward gives it no step.' in panel.texts()
