"""Stepping through a pass with the keys and the timeline: every path to a step shows the same
(a step re-places only the badges its changes touch, yet looks as if everything were placed
again), stepping back restores the pixels, the sum rule, the layout switch, edits while playing;
the Inspector follows the canvas one event-loop turn later."""

from __future__ import annotations

from group_graphs import layer_groups
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSlider
from ui.animation_helpers import backward, load, right, start_backward

from graphviz_app.core import engine, number_text
from graphviz_app.core.graph import Graph
from graphviz_app.core.sample_graphs import branching_chains
from graphviz_app.ui.canvas import label_obstacles, overlay_layout, rect_index
from graphviz_app.ui.canvas.overlay_items import BadgeItem, MarkerItem


def _crowded_graph() -> Graph:
    """Vector variables feeding two chains each, added pairwise: badges crowd each other."""
    return branching_chains(6, 2, ("sin", "tanh", "square"))


def _open(window, graph: Graph) -> None:
    from graphviz_app.core.autolayout import apply_layout

    apply_layout(graph)
    window.graph.replace_with(graph)
    window.scene.evaluator.refresh()


def _shown(scene) -> dict:
    """Everything the overlay items show, in scene coordinates."""
    nodes = scene.node_items()
    return {
        "roles": {nid: item.role for nid, item in nodes.items()},
        "badges": {
            item.parentItem().node_id: (item.text, item.sceneBoundingRect().getRect())
            for item in scene.items()
            if isinstance(item, BadgeItem)
        },
        "labels": {
            key: (edge.overlay_label, edge.highlighted, edge.label_rect().getRect())
            for key, edge in scene.edge_items().items()
        },
    }


def test_each_step_shows_what_a_full_layout_of_that_step_shows(window, drawn_scene):
    _open(window, _crowded_graph())
    window.animation.run_backward()
    c, scene = window.animation.controller, window.scene
    assert c.count > 30
    fresh = drawn_scene(window.graph)
    fresh.evaluator.refresh()
    # forward, back, and jumps: every path to step k shows the same
    path = list(range(c.count)) + list(range(c.count - 2, -1, -3)) + [c.count - 1, 0, c.count // 2, 3]
    for k in path:
        c.seek(k)
        c.finish_marker()
        incremental = _shown(scene)
        badges = {b.parentItem().node_id: b for b in scene.items() if isinstance(b, BadgeItem)}
        wires = label_obstacles.Wires({k: e for k, e in scene.edge_items().items() if e.isVisible()})
        places_full = overlay_layout.place_badges(badges, rect_index.card_index(scene.node_items()), wires=wires).places
        assert {nid: (p.above, p.dx) for nid, p in places_full.items()} == {
            nid: (b.above, b.dx) for nid, b in badges.items()
        }, k
        fresh.overlay_presenter.show(c.overlay_at(k))  # step k shown afresh, in a scene that showed nothing before
        assert _shown(fresh) == incremental, k
        fresh.overlay_presenter.show(None)


def test_incremental_badge_layout_equals_the_full_one_when_badges_come_go_and_grow(window):
    _open(window, _crowded_graph())
    scene = window.scene
    ids = sorted(scene.node_items())
    texts = ["∂L/∂u = 1  1×1", "∂L/∂u  1×3\n[0.25, −0.5, 1]", "a much longer badge text, ∂L/∂u = 12345  1×1"]
    import random

    rng = random.Random(4)
    before = None
    badges: dict = {}
    for round_ in range(40):
        for nid in rng.sample(ids, 6):  # some badges appear, change size or go
            if nid in badges and rng.random() < 0.3:
                scene.removeItem(badges.pop(nid))
            else:
                badge = badges.get(nid) or BadgeItem(scene.node_items()[nid], "")
                badge.set_text(rng.choice(texts))
                badges[nid] = badge
        cards = rect_index.card_index(scene.node_items())
        before = overlay_layout.place_badges(badges, cards, before)
        got = {nid: (b.above, b.dx) for nid, b in badges.items()}
        full = overlay_layout.place_badges(badges, cards).places
        assert got == {nid: (p.above, p.dx) for nid, p in full.items()}, round_


def test_stepping_back_and_forth_builds_each_overlay_once(window):
    _open(window, _crowded_graph())
    window.animation.run_backward()
    c = window.animation.controller
    c.seek(5)
    first = c.overlay_at(5)
    c.seek(6)
    c.seek(5)
    assert c.overlay_at(5) is first
    window.animation.set_convention("denominator")  # a new convention: new overlays
    assert c.overlay_at(5) is not first


def test_the_inspector_follows_the_step_one_event_loop_turn_later(window, qtbot):
    _open(window, _crowded_graph())
    window.animation.run_backward()
    c, inspector = window.animation.controller, window.animation.inspector
    qtbot.wait(10)
    panel = inspector.widget().widget()  # the panel on screen, as it is painted now
    title_at = {}
    for k in (3, 4):
        c.seek(k)
        title_at[k] = inspector.panel.title_label.text()  # asking for it brings it up to date
    c.seek(3)
    assert panel.title_label.text() == title_at[4]  # not yet: the canvas paints first
    assert (
        window.scene.overlay_presenter.overlay.node_roles[c.active_node()] == "active"
    )  # the canvas shows step 3 already
    qtbot.waitUntil(lambda: panel.title_label.text() == title_at[3], timeout=2000)


def test_a_held_arrow_key_refreshes_the_inspector_once_per_turn(window, qtbot, monkeypatch):
    _open(window, _crowded_graph())
    window.animation.run_backward()
    c, inspector = window.animation.controller, window.animation.inspector
    qtbot.wait(10)
    refreshes = []
    original = inspector.refresh
    monkeypatch.setattr(inspector, "refresh", lambda: (refreshes.append(c.k), original())[1])
    start = c.k
    for _ in range(8):  # auto-repeat delivers key presses faster than the panel is built
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert c.k == start + 8
    QApplication.processEvents()
    assert refreshes == [start + 8]


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
    fresh = (window.scene.overlay_presenter.overlay, ui.inspector.panel.texts(), _render(window.scene))
    for _ in range(c.count - 1):
        right(qtbot, window)
    assert c.k == c.count - 1 and _render(window.scene) != fresh[2]
    for _ in range(c.count - 1):
        qtbot.keyClick(window.view, Qt.Key_Left)
    assert c.k == 0
    assert window.scene.overlay_presenter.overlay == fresh[0]
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
    assert window.scene.overlay_presenter.overlay.title.startswith(f"Backward · step {c.count} / {c.count}")


def _slider_point(slider, place: int) -> QPoint:
    """Where on the timeline the handle of position `place` sits (its centre)."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    groove = style.subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderGroove, slider)
    handle = style.subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderHandle, slider)
    span = groove.width() - handle.width()
    x = (
        groove.x()
        + handle.width() // 2
        + QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), place, span)
    )
    return QPoint(x, handle.center().y())


def _inspector_text(window) -> str:
    """What the Inspector shows: a node's step, or a collapsed group's (its own view)."""
    inspector = window.animation.inspector
    inspector.panel.texts()  # (brings the pending step up to date)
    return inspector.group_view.texts() if inspector.group_view.isVisible() else inspector.panel.texts()


def _shown_stop(window, qtbot) -> tuple[int, str]:
    """The timeline's position and the step bar's text, once the banner and the Inspector say the
    same step as the step bar."""
    ui = window.animation
    ui.controller.finish_marker()
    label = ui.timeline.step_label.text()  # "Backward · layer1 · steps 4–6, 9–10 / 10"
    name, steps = label.split(" · ")[1:]
    assert f"{steps} · " in window.scene.overlay_presenter.overlay.title  # the banner
    of = f"Backward {steps.replace(' / ', ' of ')}"  # "Backward steps 4–6, 9–10 of 10"
    qtbot.waitUntil(lambda: of in _inspector_text(window) and name in _inspector_text(window))
    return ui.timeline.slider.value(), label


LAYER_STOPS = [
    "Backward · head · steps 1–2 / 10",
    "Backward · matmul₂ · step 3 / 10",
    "Backward · layer1 · steps 4–6, 9–10 / 10",
    "Backward · b2 · step 7 / 10",
    "Backward · W2 · step 8 / 10",
]


def test_the_timeline_has_one_position_per_stop_with_collapsed_groups(window, qtbot):
    """With collapsed groups, the timeline followed the trace's raw steps while the keys went in
    stop order: → moved its handle 1, 2, 9, 6, 7; at the last stop it sat at 7 of 9 with → greyed
    out; after F6 it was at 1; dragging landed on steps inside a collapsed group the keys never
    stop at, titled three ways. It now has one position per stop, in stop order, from the first
    stop at its left end to the last at its right end, and the step bar, banner and Inspector agree."""
    load(window, layer_groups())
    c = start_backward(window, qtbot)
    slider = window.animation.timeline.slider
    assert (slider.minimum(), slider.maximum()) == (0, len(LAYER_STOPS) - 1)
    assert _shown_stop(window, qtbot) == (0, LAYER_STOPS[0])  # F6: the left end
    # → on the canvas moves the handle one position per stop
    for place, label in enumerate(LAYER_STOPS[1:], 1):
        qtbot.keyClick(window.view, Qt.Key_Right)
        assert _shown_stop(window, qtbot) == (place, label)
    assert not window.action("step_forward").isEnabled()  # the last stop: the right end
    # dragging the handle from the right end to the left end passes every stop, in stop order
    seen = []
    QTest.mousePress(slider, Qt.LeftButton, Qt.NoModifier, _slider_point(slider, slider.maximum()))
    for place in range(slider.maximum(), -1, -1):
        QTest.mouseMove(slider, _slider_point(slider, place))
        seen.append(_shown_stop(window, qtbot))
    QTest.mouseRelease(slider, Qt.LeftButton, Qt.NoModifier, _slider_point(slider, 0))
    assert seen == list(reversed(list(enumerate(LAYER_STOPS))))
    assert c.k == c.first_stop and not window.action("step_back").isEnabled()
    # a click on the groove beside the handle goes one stop towards it
    for towards, place in ((4, 1), (4, 2), (4, 3), (0, 2)):
        QTest.mouseClick(slider, Qt.LeftButton, Qt.NoModifier, _slider_point(slider, towards))
        assert _shown_stop(window, qtbot) == (place, LAYER_STOPS[place])
    # the slider's own keys step by stop, Home and End go to the first and the last
    slider.setFocus()
    for key, place in ((Qt.Key_Left, 1), (Qt.Key_Right, 2), (Qt.Key_End, 4), (Qt.Key_Home, 0), (Qt.Key_Right, 1)):
        qtbot.keyClick(slider, key)
        assert _shown_stop(window, qtbot) == (place, LAYER_STOPS[place])
    window.undo_stack.setClean()


def _slider_geometry(window) -> tuple[int, int, int, int]:
    """Where the timeline's slider is in the window, and its size."""
    slider = window.animation.timeline.slider
    at = slider.mapTo(window, QPoint(0, 0))
    return at.x(), at.y(), slider.width(), slider.height()


def _bar_at_every_stop(window, qtbot, dive_at: str = "") -> list[tuple[tuple, str, str]]:
    """→ from the first stop to the last (Dive In at the stop whose step bar names `dive_at`):
    at each, the slider's geometry, the step bar's text, what of it is drawn and its tooltip."""
    c, label = window.animation.controller, window.animation.timeline.step_label
    seen = []
    while True:
        c.finish_marker()
        QApplication.processEvents()
        seen.append((_slider_geometry(window), label.text(), label.shown_text(), label.toolTip()))
        if dive_at and f" · {dive_at} · " in label.text():
            qtbot.keyClick(
                window.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
            )
            dive_at = ""
            continue
        if c.k == c.last_stop:
            return seen
        qtbot.keyClick(window.view, Qt.Key_Right)


def test_the_timeline_slider_keeps_its_geometry_whatever_the_step_bar_says(window, qtbot):
    """The step bar's text ("Backward · W2 · step 8 / 10", longer inside a group) took the width it
    needed, so the toolbar re-laid out at each step and the slider beside it changed width: during a
    slow drag the same mouse position landed on neighbouring stops and the handle flipped between
    two. The slider now keeps one geometry at every stop, at 1280×800 and at 900×600; a stop's text
    shows in full, a text too long for the bar (inside a group, at 900 px) is elided with the whole
    text in its tooltip."""
    from graphviz_app.core.file_reading import load as read
    from graphviz_app.resources_path import examples_dir

    for size in ((1280, 800), (900, 600)):
        window.resize(*size)
        for graph, dive_at in (
            (layer_groups(), "layer1"),
            (read(examples_dir() / "08_two_layer_network_groups.json"), ""),
        ):
            load(window, graph)
            start_backward(window, qtbot)
            seen = _bar_at_every_stop(window, qtbot, dive_at)
            assert len(seen) == 10  # (07: head, matmul₂, layer1, its 5 steps inside it, b2, W2)
            assert len({geometry for geometry, *_ in seen}) == 1, (size, seen)
            assert seen[0][0][2] >= 220  # (as wide as it ever was at least)
            for _geometry, text, shown, tip in seen:
                if "inside" not in text:
                    assert shown == text  # a stop's text in full
                elif shown != text:  # elided: the start of it, with its step's numbers; the whole in the tooltip
                    assert shown.endswith("…") and text.startswith(shown[:-1]) and "/ 10)" in shown
                    assert tip.startswith(f"{text}\nInside layer1: step ")
            elided = [text for _g, text, shown, _t in seen if shown != text]
            assert not elided if size == (1280, 800) else len(elided) == (5 if dive_at else 0)  # (at 900: inside)
            qtbot.keyClick(window.view, Qt.Key_Escape)
            qtbot.keyClick(window.view, Qt.Key_Escape)
            window.undo_stack.setClean()
    label = window.animation.timeline.step_label
    assert not window.animation.controller.active and label.shown_text() == label.text()  # idle: in full


def test_sum_rule_on_canvas_and_inspector_example_03(window, qtbot):
    graph, c = backward(window, qtbot, "03_two_variables_scalar_form.json")
    x1, u1, u2 = graph.find("x1"), graph.find("u1"), graph.find("u2")
    (first, first_consumer, _), (second, second_consumer, _) = c.trace.contributions_to(x1)
    while c.k < first:
        right(qtbot, window)
    badge = window.scene.overlay_presenter.overlay.node_badges[x1]
    assert "(1 of 2)" in badge and "+ …" in badge
    while c.k < second:
        right(qtbot, window)
    badge = window.scene.overlay_presenter.overlay.node_badges[x1]
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
    assert window.scene.overlay_presenter.overlay.node_badges[graph.find("x2")].endswith("= −2  1×1")  # 4·x2 = −2


def test_a_long_sum_rule_badge_shows_its_result(window, qtbot):
    """Vectors reaching a variable along two paths: `∂L/∂x0 1×3 [a, b, c] + [d, e, f] = [g, …` ran
    under the neighbours' badges, its result hidden. A sum that long shows its result, and says it
    is one (every contribution is in the Inspector); while it is still arriving, the sum so far."""
    graph = _crowded_graph()
    _open(window, graph)
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    x0 = graph.find("x0")
    (first, _, _), _ = c.trace.contributions_to(x0)
    c.seek(first)
    badge = window.scene.overlay_presenter.overlay.node_badges[x0]
    assert badge.startswith("∂L/∂x0  1×3  (1 of 2)\n[") and badge.endswith("] + …"), badge
    qtbot.keyClick(window.view, Qt.Key_End)
    gradients = engine.gradients(graph)
    for v in range(6):
        x = graph.find(f"x{v}")
        badge = window.scene.overlay_presenter.overlay.node_badges[x]
        assert badge == f"∂L/∂x{v}  1×3  (sum of 2 paths)\n{number_text.short(gradients[x], 3)}"
    lines = window.animation.inspector.panel.sum_label.text().splitlines()
    assert len(lines) == 4 and lines[1].startswith("from ") and lines[2].startswith("from ")  # (x0: the last step)


def test_layout_switch_flips_canvas_badges(window, qtbot):
    graph, c = backward(window, qtbot, "05_linear_model.json")
    qtbot.keyClick(window.view, Qt.Key_End)
    theta = graph.find("theta")
    assert window.scene.overlay_presenter.overlay.node_badges[theta] == "∂L/∂θ = [−3.4, −8.1]  1×2"
    window.action("layout_denominator").trigger()
    assert window.scene.overlay_presenter.overlay.node_badges[theta] == "∂L/∂θ = [−3.4, −8.1]ᵀ  2×1"
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
    assert window.scene.overlay_presenter.overlay is not None and ui.timeline.play_button.isEnabled()
    qtbot.keyClick(window.view, Qt.Key_Escape)
    assert not c.active and not c.playing and not c.marker_running
    assert (
        window.scene.overlay_presenter.overlay is None
        and ui.timeline.step_label.text() == "Chain rule: no animation (F6)"
    )
    assert not [item for item in window.scene.items() if isinstance(item, MarkerItem)]
    qtbot.keyClick(window.view, Qt.Key_F6)  # a new run starts from the edited graph
    assert c.active and c.k == 0
