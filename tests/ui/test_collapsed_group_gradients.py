"""A collapsed group card shows the gradients of the members it hides: a group of inputs x, y of
sin(x·y) keeps ∂sin/∂x and ∂sin/∂y on its card, on the canvas and in exports (they were on x's and
y's own badges, hidden with their cards, so the two numbers a lecture is about never appeared)."""

from PySide6.QtCore import Qt
from ui.animation_helpers import load, sin_of_product, start_backward

from graphviz_app.cli import main
from graphviz_app.core import fileformat
from graphviz_app.ui.canvas.node_item import card_scene_rect
from graphviz_app.ui.canvas.overlay_items import BadgeItem

DX, DY = "∂sin/∂x = 1.081", "∂sin/∂y = 0.2702"  # cos(1)·2, cos(1)·0.5


def shown_badges(window) -> list[BadgeItem]:
    return [item for item in window.scene.items() if isinstance(item, BadgeItem) and item.isVisible()]


def badge_texts(window) -> str:
    return "\n".join(badge.text for badge in shown_badges(window))


def test_stepping_onto_a_collapsed_group_of_inputs_shows_their_gradients_on_its_card(window, qtbot):
    graph, group = sin_of_product(collapsed=True)
    load(window, graph)
    controller = start_backward(window, qtbot)
    assert DX not in badge_texts(window)  # (sin's step: nothing has reached x or y yet)
    while controller.k < controller.count - 1:
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        controller.finish_marker()
    card = window.scene.groups.card_item(group)
    on_card = [b for b in shown_badges(window) if DX in b.text]
    assert len(on_card) == 1 and DY in on_card[0].text, badge_texts(window)
    card_rect = card_scene_rect(card)
    badge_rect = on_card[0].sceneBoundingRect()
    assert abs(badge_rect.center().x() - card_rect.center().x()) < card_rect.width() / 2  # under or over it
    assert badge_rect.top() >= card_rect.bottom() or badge_rect.bottom() <= card_rect.top()
    window.undo_stack.setClean()


def test_collapsing_during_backward_moves_the_gradients_onto_the_card_and_expanding_back(window, qtbot):
    graph, group = sin_of_product(collapsed=False)
    load(window, graph)
    start_backward(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: DX in badge_texts(window), timeout=3000)
    window.scene.groups.toggle(group)  # collapse, as Edit → Collapse Group does
    qtbot.waitUntil(lambda: window.scene.groups.card_item(group) is not None, timeout=3000)
    texts = badge_texts(window)
    assert texts.count(DX) == 1 and texts.count(DY) == 1, texts
    card = window.scene.groups.card_item(group)
    assert any(DX in b.text and b.parentItem() is card for b in shown_badges(window))
    window.undo_stack.undo()  # expanded again: x and y show their own badges, the card's went with it
    qtbot.waitUntil(lambda: window.scene.groups.card_item(group) is None, timeout=3000)
    texts = badge_texts(window)
    assert texts.count(DX) == 1 and texts.count(DY) == 1, texts
    assert not any(DX in b.text and DY in b.text for b in shown_badges(window))
    window.undo_stack.setClean()


def test_an_exported_step_of_a_saved_collapsed_group_shows_its_gradients(qapp, tmp_path, capsys):
    graph, _ = sin_of_product(collapsed=True)
    path = tmp_path / "lecture.json"
    fileformat.save(graph, str(path))
    out = tmp_path / "step.svg"
    # (step 3 of the four: x's or y's, counted from 0 or 1; every one after mul's shows both gradients)
    assert main(["export", str(path), "-o", str(out), "--step", "3"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert DX in svg and DY in svg


def many_inputs_collapsed():
    """branching_chains(12, 2) with its 12 inputs x0 … x11 in one collapsed group, "inputs"."""
    from graphviz_app.core.autolayout import apply_layout
    from graphviz_app.core.sample_graphs import branching_chains

    graph = branching_chains(12, 2)
    apply_layout(graph)
    inputs = [nid for nid in graph.node_ids() if graph.node(nid).kind == "variable"]
    graph.groups.set_collapsed(graph.groups.add(inputs, "inputs"), True)
    return graph


def test_a_collapsed_group_of_many_inputs_lists_a_few_of_their_gradients_then_how_many_more(window, qtbot):
    """Every member's gradient on the card made a tag thousands of pixels tall for 200 inputs."""
    from graphviz_app.core.group_card import CARD_GRADIENTS

    graph = many_inputs_collapsed()
    load(window, graph)
    controller = start_backward(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_End)  # (the inputs' step, the last)
    controller.finish_marker()
    assert controller.k == controller.count - 1
    (tag,) = [b for b in shown_badges(window) if "∂L/∂x" in b.text]
    assert tag.text.count("∂L/∂x") == CARD_GRADIENTS
    assert tag.text.endswith(f"… and {12 - CARD_GRADIENTS} more (all in the Inspector)")
    card = window.scene.groups.card_item(graph.groups.find("inputs").id)
    assert tag.sceneBoundingRect().height() < 4 * card.sceneBoundingRect().height()
    window.undo_stack.setClean()


def test_an_export_of_a_collapsed_group_of_many_inputs_says_how_many_more_without_the_inspector(
    window, qtbot, tmp_path
):
    """A picture has no Inspector: its tag says "… and 8 more", the window's still points to the
    Inspector, after the export too."""
    from graphviz_app.export.save import ExportSettings, export_still

    load(window, many_inputs_collapsed())
    controller = start_backward(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    controller.finish_marker()
    export_still(window.scene, tmp_path / "step.svg", ExportSettings("svg"))
    svg = (tmp_path / "step.svg").read_text(encoding="utf-8")
    assert "… and 8 more" in svg and "Inspector" not in svg
    (tag,) = [b for b in shown_badges(window) if "∂L/∂x" in b.text]
    assert tag.text.endswith("… and 8 more (all in the Inspector)")
    window.undo_stack.setClean()


def test_the_command_lines_export_of_a_collapsed_group_of_many_inputs_says_how_many_more(qapp, tmp_path):
    from graphviz_app.core import engine

    graph = many_inputs_collapsed()
    path, out = tmp_path / "inputs.json", tmp_path / "last.svg"
    fileformat.save(graph, str(path))
    last = len(engine.backward(graph))  # (the inputs' step, which shows their gradients)
    assert main(["export", str(path), "-o", str(out), "--step", str(last)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "… and 8 more" in svg and "Inspector" not in svg


def test_a_collapsed_groups_tag_lists_gradients_in_name_order_and_the_inspector_lists_them_all(window, qtbot):
    """Walk 21: the tag of a group holding the whole graph listed ∂L/∂L = 1, then ∂L/∂x0, ∂L/∂x5,
    ∂L/∂x6 (in id order), then "… and 37 more", which nothing showed. Now the rows are in name order
    (x2 before x10) without the trivial seed, and the Inspector at the group's stop lists them all."""
    import numpy as np
    from PySide6.QtWidgets import QLabel

    from graphviz_app.core.autolayout import apply_layout
    from graphviz_app.core.sample_graphs import branching_chains

    graph = branching_chains(12, 2)
    apply_layout(graph)
    graph.groups.set_collapsed(graph.groups.add(list(graph.node_ids()), "everything"), True)
    load(window, graph)
    controller = start_backward(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    controller.finish_marker()
    (tag,) = [b for b in shown_badges(window) if "∂L/∂x" in b.text]
    heads = [line.split()[0] for line in tag.text.splitlines() if line.startswith("∂")]
    assert heads == ["∂L/∂x0", "∂L/∂x1", "∂L/∂x2", "∂L/∂x3"]  # (no ∂L/∂L = 1 row)
    assert tag.text.endswith("… and 8 more (all in the Inspector)")

    def listed() -> list[str]:
        labels = window.animation.inspector.findChildren(QLabel, "groupVariables")
        return [line for label in labels if label.isVisible() for line in label.text().splitlines()]

    qtbot.waitUntil(lambda: len(listed()) == 12, timeout=3000)
    assert [line.split(" = ")[0] for line in listed()] == [f"∂L/∂x{i}" for i in range(12)]
    for i, line in enumerate(listed()):
        shown = [float(t.replace("−", "-")) for t in line.split("[")[1].split("]")[0].split(", ")]
        exact = controller.trace.gradients[graph.find(f"x{i}")]
        np.testing.assert_allclose(shown, exact, rtol=1e-3, atol=1e-6)
    assert tag.text.splitlines()[1] == "[" + listed()[0].split("[")[1].split("]")[0] + "]"  # x0: the tag's numbers
    window.undo_stack.setClean()
