"""A collapsed group's stop is numbered with the steps it stands for: → from step 2 of sin(x·y)
with x, y collapsed went to "step 4 / 4" (step 3 never shown); it now reads "steps 3–4 / 4" on the
canvas's title, the timeline and the Inspector, and an export of every step steps as → does. The
banner and the exports' titles say it as the step bar does, naming the group ("Backward · inputs ·
steps 3–4 / 4 · numerator layout")."""

from group_graphs import layer_groups, product_plus_exp
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from ui.animation_helpers import load, sin_of_product, start_backward


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
    assert window.scene.overlay_presenter.overlay.title == "Backward · inputs · steps 3–4 / 4 · numerator layout"

    def inspector_says() -> bool:
        return any("Backward steps 3–4 of 4" in label.text() for label in window.findChildren(QLabel))

    qtbot.waitUntil(inspector_says, timeout=3000)
    # every step exported: one frame per stop of →, titled as the window titles it
    titles = [overlay.title for overlay in window.exporter.animation_overlays()]
    assert [t.split(" · ")[1:-1] for t in titles] == [["step 1 / 4"], ["step 2 / 4"], ["inputs", "steps 3–4 / 4"]]
    window.undo_stack.setClean()


def test_a_group_whose_steps_are_not_adjacent_lists_its_own_steps(window, qtbot):
    load(window, product_plus_exp())
    controller = start_backward(window, qtbot)
    timeline = window.animation.timeline.step_label
    shown = [timeline.text()]
    while controller.k != controller.last_stop:
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        controller.finish_marker()
        shown.append(timeline.text())
        if "prod" in timeline.text():
            title = window.scene.overlay_presenter.overlay.title
    # exp keeps step 3; the group never claims it (it was "steps 2–5 / 6": 3 counted twice); the
    # group's stop comes where its first step, 2, falls
    assert shown == [
        "Backward · add · step 1 / 6",
        "Backward · prod · steps 2, 4–5 / 6",
        "Backward · exp · step 3 / 6",
        "Backward · x · step 6 / 6",
    ]
    assert "· prod · steps 2, 4–5 / 6 ·" in title
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    controller.finish_marker()
    qtbot.waitUntil(
        lambda: any("Backward steps 2, 4–5 of 6" in label.text() for label in window.findChildren(QLabel)),
        timeout=3000,
    )
    # the export steps as → does, with the same numbers: step 3 is exp's there too
    titles = [overlay.title for overlay in window.exporter.animation_overlays()]
    assert [t.split(" · ")[-2] for t in titles] == ["step 1 / 6", "steps 2, 4–5 / 6", "step 3 / 6", "step 6 / 6"]
    window.undo_stack.setClean()


def test_a_group_whose_steps_are_scattered_says_how_many_and_their_span(window, qtbot):
    """A group's steps in many runs were all listed ("steps 10–11, 17, 24 / 28", hundreds of runs in a
    large pass), which pushed the step bar's slider aside and ran off the banner and the Inspector:
    more than two runs are said by count and span, the same in every place."""
    from graphviz_app.core.autolayout import apply_layout
    from graphviz_app.core.naming import display_labels
    from graphviz_app.core.sample_graphs import branching_chains

    graph = branching_chains(4, 2)
    apply_layout(graph)
    sines = [nid for nid, label in display_labels(graph).items() if label.startswith("sin")]
    graph.groups.set_collapsed(graph.groups.add(sines, "sines"), True)
    load(window, graph)
    controller = start_backward(window, qtbot)
    timeline = window.animation.timeline.step_label
    while "sines" not in timeline.text():
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    controller.finish_marker()
    # the pass's steps 10, 11, 17 and 24 are sin₃, sin₂, sin₄ and sin₁'s (other nodes' between them)
    assert timeline.text() == "Backward · sines · 4 steps (10–24) / 28"
    # the canvas's banner in the bar's words, the group named ("(10–24)/28" read as a division)
    assert window.scene.overlay_presenter.overlay.title == "Backward · sines · 4 steps (10–24) / 28 · numerator layout"
    qtbot.waitUntil(
        lambda: any("Backward 4 steps (10–24) of 28" in label.text() for label in window.findChildren(QLabel)),
        timeout=3000,
    )
    window.undo_stack.setClean()


def test_steps_are_written_as_one_run_two_runs_or_a_count_and_span():
    from graphviz_app.core.step_numbers import numbered_steps

    assert numbered_steps([3], 12) == "step 4 / 12"
    assert numbered_steps([3, 4, 5], 12) == "steps 4–6 / 12"
    assert numbered_steps([1, 3, 4], 6) == "steps 2, 4–5 / 6"
    scattered = [k for start in range(158, 1000, 80) for k in (start, start + 1)] + [999]
    assert numbered_steps(scattered, 1000, sep=" of ") == f"{len(scattered)} steps (159–1000) of 1000"


def test_a_group_holding_its_layers_weights_is_stepped_to_where_its_first_step_falls(window, qtbot):
    """→ went head (steps 1–2), matmul₂ (3), b2 (7), W2 (8), then layer1 (steps 4–6, 9–10): the
    step number went backwards and layer1's stop came last, while b2's and W2's frames already drew
    layer1's gradients. Stops now come in the order of their first step, and a frame draws only
    what the stops up to it computed, never taking a badge away."""
    load(window, layer_groups())
    controller = start_backward(window, qtbot)
    timeline = window.animation.timeline.step_label
    shown, badges, finished = [timeline.text()], [set(controller.overlay.node_badges)], []
    while controller.k != controller.last_stop:
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        controller.finish_marker()
        overlay = window.scene.overlay_presenter.overlay
        shown.append(timeline.text())
        badges.append(set(overlay.node_badges))
        finished.append({n for n, role in overlay.node_roles.items() if role == "finished"})
    assert shown == [
        "Backward · head · steps 1–2 / 10",
        "Backward · matmul₂ · step 3 / 10",
        "Backward · layer1 · steps 4–6, 9–10 / 10",
        "Backward · b2 · step 7 / 10",
        "Backward · W2 · step 8 / 10",
    ]
    assert all(before <= after for before, after in zip(badges, badges[1:]))  # none taken away
    assert all(before <= after for before, after in zip(finished, finished[1:]))
    assert len(finished[-1]) == controller.count - 1  # at the last stop every node is done (W2: active)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)  # (the last stop: → stays)
    assert timeline.text() == "Backward · W2 · step 8 / 10"
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    controller.finish_marker()
    assert timeline.text() == "Backward · b2 · step 7 / 10"
    # every step exported, and the command line's --all-steps, in the same order
    titles = [overlay.title.split(" · ")[1:-1] for overlay in window.exporter.animation_overlays()]
    assert [t[-1] for t in titles] == [
        "steps 1–2 / 10",
        "step 3 / 10",
        "steps 4–6, 9–10 / 10",
        "step 7 / 10",
        "step 8 / 10",
    ]
    window.undo_stack.setClean()


def test_the_command_line_exports_the_stops_in_the_order_of_their_first_step(tmp_path):
    from graphviz_app.cli import main
    from graphviz_app.core.file_writing import dumps
    from graphviz_app.export.backward import backward_stops, backward_trace, stop_of

    graph = layer_groups()
    (tmp_path / "layers.json").write_text(dumps(graph), encoding="utf-8")
    trace = backward_trace(graph)
    assert backward_stops(graph, trace) == [1, 2, 9, 6, 7]
    assert stop_of(graph, trace, 3) == (2, [3, 4, 5, 8, 9])  # --step 4 draws layer1's stop, the third frame
    assert main(["export", str(tmp_path / "layers.json"), "-o", str(tmp_path / "f.png"), "--all-steps"]) in (0, None)
    assert len(list(tmp_path.glob("f_*.png"))) == 6  # the diagram at rest, then one frame per stop
