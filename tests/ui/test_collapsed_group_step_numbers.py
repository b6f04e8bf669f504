"""A collapsed group's stop is numbered with the steps it stands for: → from step 2 of sin(x·y)
with x, y collapsed went to "step 4 / 4" (step 3 never shown); it now reads "steps 3–4 / 4" on the
canvas's title, the timeline and the Inspector, while an export of every step keeps one per step."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from ui.animation_helpers import load
from ui.test_collapsed_group_gradients import sin_of_product, start_backward


def test_a_collapsed_group_stop_says_which_steps_it_stands_for(window, qtbot):
    graph, _ = sin_of_product(collapsed=True)
    load(window, graph)
    controller = start_backward(window, qtbot)
    timeline = window.animation.timeline.step_label
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert timeline.text().endswith("step 2 / 4")
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()
    assert timeline.text() == "Backward · inputs · steps 3–4 / 4"
    assert "steps 3–4/4" in window.scene.overlay_presenter.overlay.title

    def inspector_says() -> bool:
        return any("Backward steps 3–4 of 4" in label.text() for label in window.findChildren(QLabel))

    qtbot.waitUntil(inspector_says, timeout=3000)
    # every step exported: each under its own number
    titles = [overlay.title for overlay in window.exporter.animation_overlays()]
    assert [t.split(" · ")[1] for t in titles] == ["step 1/4", "step 2/4", "step 3/4", "step 4/4"]
    window.undo_stack.setClean()
