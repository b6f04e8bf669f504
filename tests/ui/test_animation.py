"""The backward / forward animation in the real main window: controls, keys, overlays, layouts, edits."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.animation import dialogs, overlay_builder
from graphviz_app.ui.overlay import ACTIVE, FINISHED, PENDING, RECEIVING


def open_example(window, name: str):
    assert window.files.open_example(examples_dir() / name)
    return window.graph


def key(qtbot, window, k):
    qtbot.keyClick(window.view, k)


def test_the_window_has_run_actions_docks_and_timeline(window):
    ui = window.animation
    run_texts = [a.text().replace("&", "") for a in window.menus["run"].actions()]
    assert "Backward" in run_texts and "Forward (Values)" in run_texts and "Gradient Check" in run_texts
    assert window.action("backward").shortcut().toString() == "F6"
    assert window.action("forward_values").shortcut().toString() == "F5"
    assert window.action("play").shortcutContext() == Qt.WindowShortcut
    assert not window.action("play").isEnabled() and not ui.timeline.forward_button.isEnabled()
    view_texts = [a.text().replace("&", "") for a in window.menus["view"].actions()]
    assert "Numerator Layout (Gradient as Row)" in view_texts
    assert "Denominator Layout (Gradient as Column)" in view_texts
    assert window.dockWidgetArea(ui.inspector) == Qt.RightDockWidgetArea
    assert ui.chain in window.tabifiedDockWidgets(ui.inspector)


def test_backward_from_the_keyboard_and_timeline_buttons(window, qtbot):
    graph = open_example(window, "05_linear_model.json")
    ui, c = window.animation, window.animation.controller
    key(qtbot, window, Qt.Key_F6)
    assert c.active and c.mode == "backward" and c.k == 0
    n = c.count
    assert window.scene.overlay_presenter.overlay.title == f"Backward · step 1 / {n} · numerator layout"
    assert window.scene.overlay_presenter.overlay.node_roles[graph.find("L")] == ACTIVE
    assert ui.timeline.step_label.text().endswith(f"step 1 / {n}")
    key(qtbot, window, Qt.Key_Right)
    assert c.k == 1
    c.finish_marker()
    qtbot.mouseClick(ui.timeline.forward_button, Qt.LeftButton)
    assert c.k == 2
    qtbot.mouseClick(ui.timeline.back_button, Qt.LeftButton)
    assert c.k == 1
    key(qtbot, window, Qt.Key_End)
    assert c.k == n - 1 and ui.timeline.slider.value() == n - 1
    key(qtbot, window, Qt.Key_Home)
    assert c.k == 0
    qtbot.mouseClick(ui.timeline.last_button, Qt.LeftButton)
    assert c.k == n - 1
    qtbot.mouseClick(ui.timeline.first_button, Qt.LeftButton)
    assert c.k == 0
    ui.timeline.slider.setValue(3)  # dragging the timeline seeks
    assert c.k == 3 and ui.timeline.step_label.text().endswith(f"step 4 / {n}")
    key(qtbot, window, Qt.Key_Left)
    assert c.k == 2


def test_the_timeline_buttons_are_the_run_menus_playback_actions(window, qtbot):
    """One path per command: a button does what its Run menu entry (and key) does, and is enabled
    exactly when the entry is."""
    open_example(window, "05_linear_model.json")
    t, c = window.animation.timeline, window.animation.controller
    buttons = {
        "first_step": t.first_button,
        "step_back": t.back_button,
        "play": t.play_button,
        "step_forward": t.forward_button,
        "last_step": t.last_button,
    }

    def enabled() -> dict[str, bool]:
        shown = {key: button.isEnabled() for key, button in buttons.items()}
        assert shown == {key: window.action(key).isEnabled() for key in buttons}
        return shown

    assert not any(enabled().values())  # no animation
    key(qtbot, window, Qt.Key_F6)
    assert enabled() == {"first_step": False, "step_back": False, "play": True, "step_forward": True, "last_step": True}
    fired = []
    for action_id in buttons:
        window.action(action_id).triggered.connect(lambda *_, a=action_id: fired.append(a))
    qtbot.mouseClick(t.play_button, Qt.LeftButton)
    assert c.playing and t.play_button.toolTip() == "Pause (Space)"
    k = c.k
    qtbot.mouseClick(t.forward_button, Qt.LeftButton)  # a step pauses, as Right does
    assert not c.playing and c.k == k + 1 and t.play_button.toolTip() == "Play (Space)"
    c.finish_marker()
    qtbot.mouseClick(t.last_button, Qt.LeftButton)
    assert c.k == c.count - 1
    assert enabled() == {"first_step": True, "step_back": True, "play": True, "step_forward": False, "last_step": False}
    qtbot.mouseClick(t.back_button, Qt.LeftButton)
    assert c.k == c.count - 2
    qtbot.mouseClick(t.first_button, Qt.LeftButton)
    assert c.k == 0 and not enabled()["step_back"]
    assert fired == ["play", "step_forward", "last_step", "step_back", "first_step"]
    window.action("stop").trigger()
    assert not any(enabled().values())


def test_overlay_roles_badges_and_edge_labels(window, qtbot):
    graph = open_example(window, "01_chain_rule_sin_cos.json")
    window.animation.run_backward()
    c = window.animation.controller
    trace = c.trace
    t = graph.find("t")
    first, second = [idx for idx, _, _ in trace.contributions_to(t)]
    c.seek(first)
    overlay = window.scene.overlay_presenter.overlay
    assert overlay.node_roles[t] == RECEIVING
    assert "(1 of 2)" in overlay.node_badges[t]
    step = trace.steps[first]
    key_edge = (t, step.node, 0)
    assert overlay.edge_labels[key_edge] == "∂f/∂t  1×1" and key_edge in overlay.edge_highlight
    assert window.scene.edge_item(key_edge) is not None
    c.seek(second)
    badge = window.scene.overlay_presenter.overlay.node_badges[t]
    total = 2 * np.sin(0.7) * (np.cos(0.7) - 1)
    parts = [float(ip.contribution) for _, _, ip in trace.contributions_to(t)]
    assert badge.count("+") == 1 and "=" in badge
    assert f"{total:.4g}".replace("-", "−") in badge
    assert all(f"{p:.4g}".replace("-", "−") in badge for p in parts)
    c.seek(len(trace) - 1)
    roles = window.scene.overlay_presenter.overlay.node_roles
    assert roles[t] == ACTIVE and all(r in (FINISHED, ACTIVE) for r in roles.values())
    c.seek(0)
    assert window.scene.overlay_presenter.overlay.node_roles[t] == PENDING


def test_marker_travels_along_the_step_edges(window, qtbot):
    open_example(window, "04_sin_of_square.json")
    window.animation.run_backward()
    speed_box = window.animation.timeline.speed_box
    speed_box.setCurrentIndex(speed_box.count() - 1)  # 4×: the marker's whole run, in a quarter of the time
    c = window.animation.controller
    c.step_forward()
    assert c.marker_running
    edge, fraction = window.scene.overlay_presenter.overlay.marker
    assert edge in overlay_builder.step_edges(c.trace, c.k) and 0 <= fraction <= 1
    assert window.scene.overlay_presenter.overlay.marker_backward
    qtbot.waitUntil(lambda: not c.marker_running, timeout=5000)
    assert window.scene.overlay_presenter.overlay.marker is None
    assert window.scene.overlay_presenter.overlay == overlay_builder.backward_overlay(
        c.graph, c.trace, c.k, "numerator"
    )


def test_play_runs_to_the_end_and_space_pauses(window, qtbot):
    open_example(window, "04_sin_of_square.json")
    ui = window.animation
    ui.run_backward()
    c = ui.controller
    ui.timeline.speed_box.setCurrentIndex(ui.timeline.speed_box.count() - 1)  # 4×
    assert c.speed == 4.0
    qtbot.mouseClick(ui.timeline.play_button, Qt.LeftButton)
    assert c.playing
    qtbot.waitUntil(lambda: not c.playing, timeout=10000)
    assert c.k == c.count - 1
    key(qtbot, window, Qt.Key_Space)  # at the end, play starts again from the first step
    assert c.playing and c.k == 0
    key(qtbot, window, Qt.Key_Space)
    assert not c.playing and not c.marker_running


def test_stepping_to_the_end_and_back_restores_the_fresh_state(window, qtbot):
    open_example(window, "06_h_of_Wa.json")
    ui = window.animation
    ui.run_backward()
    c = ui.controller
    fresh_overlay = window.scene.overlay_presenter.overlay
    fresh_text = ui.inspector.panel.texts()
    for _ in range(c.count - 1):
        key(qtbot, window, Qt.Key_Right)
        c.finish_marker()
    assert c.k == c.count - 1
    assert window.scene.overlay_presenter.overlay != fresh_overlay
    for _ in range(c.count - 1):
        key(qtbot, window, Qt.Key_Left)
    assert c.k == 0
    assert window.scene.overlay_presenter.overlay == fresh_overlay
    assert ui.inspector.panel.texts() == fresh_text


def test_switching_layout_flips_shapes(window, qtbot):
    graph = open_example(window, "02_two_variables_vector_form.json")
    ui = window.animation
    ui.run_backward()
    c = ui.controller
    u, y = graph.find("u"), graph.find("y")
    assert window.scene.overlay_presenter.overlay.edge_labels[(u, y, 0)] == "∂y/∂u  1×2"
    window.action("layout_denominator").trigger()
    assert c.convention == "denominator"
    assert window.scene.overlay_presenter.overlay.edge_labels[(u, y, 0)] == "∂y/∂u  2×1"
    assert window.scene.overlay_presenter.overlay.title.endswith("denominator layout")
    box = ui.inspector.panel.boxes[0]
    assert "(2×1)·(1×1) = (2×1)" in box.equation_label.text()
    assert window.action("layout_denominator").isChecked() and not window.action("layout_numerator").isChecked()
    from graphviz_app.ui.main_window import MainWindow

    later = MainWindow()  # the choice is remembered: the next window starts in it
    qtbot.addWidget(later)
    assert later.animation.controller.convention == "denominator"
    assert later.action("layout_denominator").isChecked()
    window.action("layout_numerator").trigger()
    assert window.scene.overlay_presenter.overlay.edge_labels[(u, y, 0)] == "∂y/∂u  1×2"
    assert "(1×1)·(1×2) = (1×2)" in ui.inspector.panel.boxes[0].equation_label.text()


def test_picking_the_layout_in_use_again_leaves_the_settings_file_as_it_was(window):
    from graphviz_app.ui.settings import settings_file

    window.action("layout_denominator").trigger()
    window.action("layout_numerator").trigger()  # (remembered: the file says numerator)
    before = settings_file().stat()
    window.action("layout_numerator").trigger()
    after = settings_file().stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert window.animation.controller.convention == "numerator" and window.action("layout_numerator").isChecked()


def test_deleting_the_output_ends_the_animation(window, qtbot):
    graph = open_example(window, "04_sin_of_square.json")
    ui = window.animation
    ui.run_backward()
    assert window.scene.overlay_presenter.overlay is not None and window.action("play").isEnabled()
    graph.remove_node(graph.output)  # (other edits run the pass again: tests/ui/test_live_edits.py)
    qtbot.waitUntil(lambda: not ui.controller.active)
    assert window.scene.overlay_presenter.overlay is None
    assert not window.action("play").isEnabled() and not ui.timeline.forward_button.isEnabled()
    assert ui.timeline.step_label.text() == "Chain rule: no animation (F6)"
    assert 'output "y" is no longer in the graph' in window.statusBar().currentMessage()
    key(qtbot, window, Qt.Key_Right)  # no animation: the key does nothing harmful
    assert not ui.controller.active and len(graph) == 2


def test_no_output_and_no_sink_is_reported_not_raised(window, qtbot):
    key(qtbot, window, Qt.Key_F6)  # an empty graph (F6 on a graph with sinks: tests/ui/test_output_choice.py)
    assert not window.animation.controller.active
    assert "empty" in window.statusBar().currentMessage()


def test_vector_output_asks_for_seed_or_full_jacobian(window, qtbot, monkeypatch):
    graph = open_example(window, "02_two_variables_vector_form.json")
    graph.set_output(graph.find("u"))
    monkeypatch.setattr(dialogs.SeedDialog, "exec", lambda self: QDialog.Accepted)
    window.animation.run_backward()
    c = window.animation.controller
    assert c.trace.mode == "jacobian"
    x = graph.find("x")
    c.seek(c.trace.step_of(x).index)
    assert window.animation.inspector.panel.content.incoming.shape_text == "2×2"
    np.testing.assert_array_equal(window.animation.inspector.panel.content.incoming.matrix, [[1, 1], [1, -1]])

    def seeded(self):
        self.seed_radio.setChecked(True)
        self.seed_edit.setText("[1, 0]")
        return QDialog.Accepted

    monkeypatch.setattr(dialogs.SeedDialog, "exec", seeded)
    window.animation.run_backward()
    assert c.trace.mode == "vjp"
    np.testing.assert_array_equal(c.trace.gradients[x], [1, 1])


def test_bad_seed_is_refused_with_a_message(qtbot):
    dialog = dialogs.SeedDialog("u", (2,))
    qtbot.addWidget(dialog)
    dialog.seed_radio.setChecked(True)
    dialog.seed_edit.setText("[1, 2, 3]")
    dialog.accept()
    assert dialog.result() != QDialog.Accepted and "2 numbers" in dialog.error_label.text()


def test_forward_mode_and_values_animation(window, qtbot, monkeypatch):
    graph = open_example(window, "04_sin_of_square.json")
    monkeypatch.setattr(dialogs.TangentDialog, "exec", lambda self: QDialog.Accepted)
    window.animation.run_forward_mode()
    c = window.animation.controller
    assert c.mode == "forward" and not window.scene.overlay_presenter.overlay.marker_backward
    c.last()
    y = graph.find("y")
    assert window.scene.overlay_presenter.overlay.node_roles[y] == ACTIVE
    expected = 2 * 1.2 * np.cos(1.2**2) if graph.node(graph.find("x")).value == 1.2 else None
    tangent = c.trace.steps[-1].tangent
    if expected is not None:
        assert float(tangent) == pytest.approx(expected)
    assert window.scene.overlay_presenter.overlay.title.startswith("Forward mode (JVP)")
    texts = window.animation.inspector.panel.texts()
    assert "Tangent ∂y·v" in texts
    # forward mode carries tangents (columns in numerator layout), no gradient
    assert "Numerator layout (tangent as column)" in texts and "gradient as row" not in texts
    key(qtbot, window, Qt.Key_F5)
    assert c.mode == "values" and c.count == 3
    c.last()
    assert window.scene.overlay_presenter.overlay.node_badges[y].startswith("y = ")


def test_gradcheck_dialog_shows_pass(window, qtbot):
    open_example(window, "05_linear_model.json")
    window.action("gradcheck").trigger()
    dialog = window.animation.gradcheck_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and "passed\u00a0✓" in dialog.summary_label.text()
    rows = [dialog.row_texts(r) for r in range(dialog.table.rowCount())]
    assert rows[0][0] == "θ" and dialog.mark(0) == "✓ pass"


def test_the_inspector_keeps_a_value_shape_on_one_line(window, qtbot):
    graph = open_example(window, "05_linear_model.json")
    key(qtbot, window, Qt.Key_F6)
    window.animation.inspector.show_node(graph.find("theta"))
    # "∈ ℝ²" is glued by a no-break space: a narrow dock wraps before it, never inside
    assert "∈\u00a0ℝ²" in window.animation.inspector.panel.texts()


def test_the_full_jacobian_choice_names_the_variables_as_their_cards(window, qtbot):
    from graphviz_app.core.expr import parse_expression

    from .animation_helpers import load, when_modal

    seen = []

    def read_and_accept(dialog):
        seen.append(dialog.jacobian_radio.text())
        qtbot.keyClick(dialog, Qt.Key_Return)

    load(window, parse_expression("tanh(W @ a)", shapes={"W": (3, 2), "a": (2,)}))
    when_modal(dialogs.SeedDialog, read_and_accept)
    key(qtbot, window, Qt.Key_F6)
    assert seen == ["Full Jacobian ∂tanh/∂W and ∂tanh/∂a (one backward pass per entry of tanh)"]
    assert window.animation.controller.trace.mode == "jacobian"

    seen.clear()
    window.activateWindow()  # (after a dialog: the window's shortcuts work once it is active again)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    key(qtbot, window, Qt.Key_Escape)
    load(window, parse_expression("a*x1 + b*x2 + c*x3 + d*x4 + e", shapes={n: (2,) for n in "abcde"}))
    when_modal(dialogs.SeedDialog, read_and_accept)
    key(qtbot, window, Qt.Key_F6)
    assert len(seen) == 1 and seen[0].startswith("Full Jacobian ∂add")
    assert ", … (9 variables; one backward pass per entry of add₄)" in seen[0]
