"""A backward pass whose output lies in a collapsed group starts on that group's stop ("steps 1–3"),
not on its first inner step, which stepping never shows: Step Back and First Step go back to it and
no further, and the positions stepping shows are as many as the frames of an export of every step."""

import json

from PySide6.QtCore import Qt

from graphviz_app.resources_path import examples_dir


def output_in_a_collapsed_group(tmp_path):
    """Example 08 with the loss in layer2 (matmul₂, logits, loss) and both layers collapsed."""
    document = json.loads((examples_dir() / "08_two_layer_network_groups.json").read_text(encoding="utf-8"))
    for group in document["groups"]:
        group["collapsed"] = True
        if group["name"] == "layer2":
            group["nodes"] = ["n9", "n10", "n12"]
    path = tmp_path / "output_in_group.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_pass_starts_at_the_first_stop_and_steps_back_to_it(window, qtbot, tmp_path):
    assert window.files.open_path(output_in_a_collapsed_group(tmp_path), ask=False)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    controller = window.animation.controller
    qtbot.waitUntil(lambda: controller.trace is not None, timeout=5000)
    timeline = window.animation.timeline
    assert timeline.step_label.text() == "Backward · layer2 · steps 1–3 / 10"
    assert "steps 1–3 / 10" in window.scene.overlay_presenter.overlay.title
    assert not window.action("step_back").isEnabled() and not window.action("first_step").isEnabled()
    assert not timeline.back_button.isEnabled()

    shown = [timeline.step_label.text()]
    while window.action("step_forward").isEnabled():
        window.action("step_forward").trigger()
        controller.finish_marker()
        shown.append(timeline.step_label.text())
    assert len(shown) == len(set(shown)) == len(window.exporter.animation_overlays())  # one frame per position

    while window.action("step_back").isEnabled():
        window.action("step_back").trigger()
    assert timeline.step_label.text() == shown[0]
    window.action("step_back").trigger()  # (Left at the first stop: stays)
    assert timeline.step_label.text() == shown[0]
    window.action("last_step").trigger()
    window.action("first_step").trigger()
    assert timeline.step_label.text() == shown[0]
    window.action("last_step").trigger()
    controller.set_speed(20)
    window.action("play").trigger()  # from the last step, play starts over at the first stop
    qtbot.waitUntil(lambda: timeline.step_label.text() == shown[0], timeout=3000)
    controller.stop()
