"""Groups on the canvas: frames around their cards, Ctrl+G / Ctrl+Shift+G, collapse and expand
(each one undo step), a collapsed group drawn as one card whose edges end on its ports."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import click, double_click, node_card_rect

from graphviz_app.core import fileformat
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.node_item import FLAG, card_scene_rect

EXAMPLE = "08_two_layer_network_groups.json"


@pytest.fixture
def network(window):
    assert window.files.open_path(examples_dir() / EXAMPLE, ask=False)
    window.view.zoom_to_fit()
    window.scene.evaluator.refresh()
    QApplication.processEvents()
    return window


def node_id(graph, label: str) -> str:
    """The node whose card shows this label (a name, or an op numbered as matmul₂)."""
    from graphviz_app.core.naming import display_labels

    return next(nid for nid, shown in display_labels(graph).items() if shown == label)


def title_point(frame) -> QPointF:
    """A point on a frame's title band, away from its button."""
    r = frame.title_rect()
    return frame.mapToScene(QPointF(r.left() + 30, r.center().y()))


def test_each_group_is_a_frame_around_its_cards_behind_them(network):
    scene, graph = network.scene, network.graph
    for group in graph.groups:
        frame = scene.groups.frame_item(group.id)
        assert frame is not None and frame.isVisible() and frame.name == group.name
        outline = frame.sceneBoundingRect()
        for nid in group.nodes:
            assert outline.contains(node_card_rect(scene, nid))
            assert frame.zValue() < scene.node_item(nid).zValue()
        for nid in set(graph.node_ids()) - group.nodes:
            assert not outline.contains(node_card_rect(scene, nid)), graph.node(nid).label


def test_nested_groups_nest_their_frames_and_frames_follow_a_moved_card(network, qtbot):
    scene, graph = network.scene, network.graph
    layer1 = graph.groups.find("layer1")
    inner = [node_id(graph, "h")]
    scene.select_nodes(inner)
    qtbot.keyClick(network.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    new = next(g for g in graph.groups if g.nodes == frozenset(inner))
    outer_rect = scene.groups.frame_item(layer1.id).sceneBoundingRect()
    inner_rect = scene.groups.frame_item(new.id).sceneBoundingRect()
    assert outer_rect.contains(inner_rect) and inner_rect != outer_rect
    assert graph.groups.depth(new.id) == 1
    before = outer_rect.right()
    qtbot.keyClick(network.view, Qt.Key.Key_Right)  # nudges the selected card h
    for _ in range(5):
        qtbot.keyClick(network.view, Qt.Key.Key_Right)
    assert scene.groups.frame_item(layer1.id).sceneBoundingRect().right() > before


def test_ctrl_g_groups_the_selected_nodes_in_one_undo_step(network, qtbot):
    scene, graph = network.scene, network.graph
    picked = [node_id(graph, "W1"), node_id(graph, "b1")]
    scene.select_nodes(picked)
    count = network.undo_stack.count()
    qtbot.keyClick(network.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    made = [g for g in graph.groups if g.nodes == frozenset(picked)]
    assert len(made) == 1 and made[0].name == "group₁"
    assert network.undo_stack.count() == count + 1
    frame = scene.groups.frame_item(made[0].id)
    assert frame.sceneBoundingRect().contains(node_card_rect(scene, picked[0]))
    network.undo_stack.undo()
    assert not [g for g in graph.groups if g.nodes == frozenset(picked)]
    assert scene.groups.frame_item(made[0].id) is None
    network.undo_stack.redo()
    assert [g.name for g in graph.groups if g.nodes == frozenset(picked)] == ["group₁"]


def test_ctrl_shift_g_ungroups_the_group_of_the_selected_nodes_in_one_undo_step(network, qtbot):
    scene, graph = network.scene, network.graph
    layer2 = graph.groups.find("layer2")
    scene.select_nodes([node_id(graph, "logits")])
    count = network.undo_stack.count()
    qtbot.keyClick(network.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert layer2.id not in graph.groups and scene.groups.frame_item(layer2.id) is None
    assert network.undo_stack.count() == count + 1
    network.undo_stack.undo()
    assert graph.groups.get(layer2.id).nodes == layer2.nodes
    assert scene.groups.frame_item(layer2.id) is not None


def test_ctrl_shift_g_ungroups_a_group_selected_by_its_title(network, qtbot):
    scene, graph = network.scene, network.graph
    layer1 = graph.groups.find("layer1")
    click(network.view, title_point(scene.groups.frame_item(layer1.id)))
    assert scene.groups.selected_group_ids() == [layer1.id]
    qtbot.keyClick(network.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert layer1.id not in graph.groups


def test_a_group_that_would_overlap_another_is_refused_with_a_message(network, qtbot):
    scene, graph = network.scene, network.graph
    messages = []
    scene.statusMessage.connect(messages.append)
    scene.select_nodes([node_id(graph, "h"), node_id(graph, "logits")])  # in layer1 and in layer2
    count, groups = network.undo_stack.count(), len(graph.groups)
    qtbot.keyClick(network.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert len(graph.groups) == groups and network.undo_stack.count() == count
    assert messages and "nest" in messages[-1]


def test_double_click_on_the_title_collapses_to_one_card_and_back(network):
    scene, graph, view = network.scene, network.graph, network.view
    layer1 = graph.groups.find("layer1")
    count = network.undo_stack.count()
    double_click(view, title_point(scene.groups.frame_item(layer1.id)))
    assert graph.groups.get(layer1.id).collapsed
    assert network.undo_stack.count() == count + 1
    card = scene.groups.card_item(layer1.id)
    assert card is not None and card.isVisible() and card.card.name == "layer1"
    assert scene.groups.frame_item(layer1.id) is None
    for nid in layer1.nodes:
        assert not scene.node_item(nid).isVisible()
    # its inputs (top to bottom as their cards stand) and outputs with their shapes
    assert [(p.label, p.shape) for p in card.card.inputs] == [("W1", (4, 3)), ("b1", (4,)), ("x", (3,))]
    assert [(p.label, p.shape) for p in card.card.outputs] == [("h", (4,))]
    # inside edges hidden, crossing edges end on the card's ports
    for (src, dst, _), edge in scene.edge_items().items():
        inside = src in layer1.nodes and dst in layer1.nodes
        assert edge.isVisible() != inside
        if dst in layer1.nodes and src not in layer1.nodes:
            assert edge.path().pointAtPercent(1.0) == card.inputs[src].scene_center()
        if src in layer1.nodes and dst not in layer1.nodes:
            assert edge.path().pointAtPercent(0.0) == card.outputs[src].scene_center()
    # double-click on the card expands it
    double_click(view, card.mapToScene(QPointF(0, 0)))
    assert not graph.groups.get(layer1.id).collapsed
    assert scene.groups.card_item(layer1.id) is None and scene.groups.frame_item(layer1.id) is not None
    assert all(scene.node_item(n).isVisible() for n in layer1.nodes)
    assert all(edge.isVisible() for edge in scene.edge_items().values())
    network.undo_stack.undo()
    assert graph.groups.get(layer1.id).collapsed and scene.groups.card_item(layer1.id) is not None
    network.undo_stack.undo()
    assert not graph.groups.get(layer1.id).collapsed


def test_the_frame_button_collapses_and_the_card_button_expands(network):
    scene, graph, view = network.scene, network.graph, network.view
    layer2 = graph.groups.find("layer2")
    frame = scene.groups.frame_item(layer2.id)
    click(view, title_point(frame))  # (beside the button: selects only)
    assert scene.groups.selected_group_ids() == [layer2.id] and not graph.groups.get(layer2.id).collapsed
    click(view, frame.mapToScene(frame.button_rect().center()))
    assert graph.groups.get(layer2.id).collapsed
    card = scene.groups.card_item(layer2.id)
    scene.clearSelection()
    click(view, card.mapToScene(QPointF(0, card.card_rect().bottom() - 8)))
    assert scene.groups.selected_group_ids() == [layer2.id] and graph.groups.get(layer2.id).collapsed
    click(view, card.mapToScene(card.button_rect().center()))
    assert not graph.groups.get(layer2.id).collapsed


def test_a_collapsed_group_is_saved_and_opens_collapsed(network, tmp_path):
    scene, graph = network.scene, network.graph
    layer1 = graph.groups.find("layer1")
    double_click(network.view, title_point(scene.groups.frame_item(layer1.id)))
    path = tmp_path / "collapsed.json"
    fileformat.save(graph, path)
    assert fileformat.load(path).groups.get(layer1.id).collapsed
    assert network.files.open_path(path, ask=False)
    card = network.scene.groups.card_item(layer1.id)
    assert card is not None and card.isVisible()
    assert not any(network.scene.node_item(n).isVisible() for n in layer1.nodes)


def test_undo_of_a_deletion_puts_the_node_back_in_its_group(network, qtbot):
    scene, graph = network.scene, network.graph
    layer1 = graph.groups.find("layer1")
    h = node_id(graph, "h")
    scene.select_nodes([h])
    qtbot.keyClick(network.view, Qt.Key.Key_Delete)
    assert h not in graph.groups.get(layer1.id).nodes
    network.undo_stack.undo()
    assert graph.groups.get(layer1.id).nodes == layer1.nodes
    assert scene.groups.frame_item(layer1.id).sceneBoundingRect().contains(node_card_rect(scene, h))


def test_groups_rows_are_in_the_edit_menu_with_their_shortcuts(network):
    assert network.action("group").shortcut().toString() == "Ctrl+G"
    assert network.action("ungroup").shortcut().toString() == "Ctrl+Shift+G"


def test_the_inspector_on_a_collapsed_group_shows_its_composite_jacobian(network):
    import numpy as np

    from graphviz_app.core.composite import composite_jacobians

    scene, graph, view = network.scene, network.graph, network.view
    layer1 = graph.groups.find("layer1")
    double_click(view, title_point(scene.groups.frame_item(layer1.id)))
    card = scene.groups.card_item(layer1.id)
    click(view, card.mapToScene(QPointF(0, card.card_rect().bottom() - 8)))
    assert scene.groups.selected_group_ids() == [layer1.id]
    inspector = network.animation.inspector
    shown = inspector.group_view
    assert shown.isVisibleTo(inspector)
    expected = composite_jacobians(graph, layer1.id)
    texts = shown.texts()
    assert "layer1" in texts
    for jac in expected:  # (two inputs: each box is a block of the group's Jacobian)
        assert jac.text_in("numerator", block=True) in texts and jac.shape_equation in texts
    assert "J_layer1 = ∂h/∂(W1, b1)   4×16: one block per input" in texts
    assert "∂h/∂W1 = J_h · J_add · J_matmul₁" in texts
    assert "(4×4)·(4×4)·(4×12) = (4×12)" in texts
    by_input = {box.jacobian.input_label: box for box in shown.boxes}
    for jac in expected:
        table = by_input[jac.input_label].product_table
        rows, cols = table.shape()
        drawn = np.array(
            [[float(table.matrix_model.text(r, c).replace("−", "-")) for c in range(cols)] for r in range(rows)]
        )
        assert np.allclose(drawn, jac.value.reshape(rows, cols), atol=5e-3)
    # factors shown too, each as a table: three for ∂h/∂W1, then the product
    assert len(by_input["W1"].tables) == 4
    # selecting a node shows the node again
    scene.select_nodes([node_id(graph, "W2")])
    assert not shown.isVisibleTo(inspector) and "W2" in inspector.panel.texts()


def test_the_group_view_writes_as_the_node_panel_does(network):
    """Its labels wrap in a narrow dock and can be selected; its heading is the node panel's."""
    from PySide6.QtWidgets import QLabel

    scene, graph, view = network.scene, network.graph, network.view
    layer1 = graph.groups.find("layer1")
    click(view, title_point(scene.groups.frame_item(layer1.id)))
    inspector = network.animation.inspector
    shown = inspector.group_view
    labels = [w for w in shown.findChildren(QLabel) if w.isVisibleTo(shown) and w.text()]
    assert len(labels) > 5
    for label in labels:  # (plain, but for the Jacobians' names set as subscripts, J<sub>h</sub>)
        rich = "J_" in label.text()
        assert label.wordWrap() and label.textFormat() == (Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    heading = [w for w in labels if w.text().startswith("layer1  (group of")]
    node_heading = inspector.panel.title_label.font()
    assert len(heading) == 1
    assert heading[0].font().pointSizeF() == node_heading.pointSizeF() == 13
    assert heading[0].font().weight() == node_heading.weight() == QFont.Weight.Bold


def test_the_inspector_writes_the_group_in_denominator_layout_when_chosen(network):
    scene, graph, view = network.scene, network.graph, network.view
    network.action("layout_denominator").trigger()
    layer1 = graph.groups.find("layer1")
    click(view, title_point(scene.groups.frame_item(layer1.id)))
    texts = network.animation.inspector.group_view.texts()
    assert "(∂h/∂W1)ᵀ = J_matmul₁ᵀ · J_addᵀ · J_hᵀ" in texts
    assert "J_layer1ᵀ = (∂h/∂(W1, b1))ᵀ   16×4: one block per input" in texts


def test_shift_f2_renames_the_group_checking_the_name_as_typed(network, qtbot):
    from ui.canvas_helpers import when_modal

    from graphviz_app.ui.canvas.group_actions import GroupNameDialog

    scene, graph = network.scene, network.graph
    layer1 = graph.groups.find("layer1")
    scene.select_nodes([node_id(graph, "h")])
    seen = []

    def answer(dialog):
        dialog.edit.setText("layer2")  # taken
        seen.append((dialog.problem_label.text(), dialog.buttons.buttons()[0].isEnabled()))
        dialog.edit.setText("hidden")
        dialog.accept()

    check = when_modal(GroupNameDialog, answer)
    count = network.undo_stack.count()
    qtbot.keyClick(network.view, Qt.Key.Key_F2, Qt.KeyboardModifier.ShiftModifier)
    check()
    assert "already used" in seen[0][0]
    assert graph.groups.get(layer1.id).name == "hidden"
    assert scene.groups.frame_item(layer1.id).name == "hidden"
    assert network.undo_stack.count() == count + 1
    network.undo_stack.undo()
    assert graph.groups.get(layer1.id).name == "layer1"


def test_right_click_on_a_group_title_offers_its_actions(network):
    scene = network.scene
    frame = scene.groups.frame_item(network.graph.groups.find("layer2").id)
    menu = network.canvas_menus.build(frame, title_point(frame))
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["Collapse or E&xpand Group", "Renam&e Group…", "U&ngroup"]
    next(a for a in menu.actions() if a.text() == "Collapse or E&xpand Group").trigger()
    assert network.graph.groups.find("layer2").collapsed


def test_right_click_on_a_node_offers_to_group_the_selection(network):
    scene, graph = network.scene, network.graph
    picked = [node_id(graph, "W2"), node_id(graph, "b2")]
    scene.select_nodes(picked)
    item = scene.node_item(picked[0])
    menu = network.canvas_menus.build(item, item.scenePos())
    next(a for a in menu.actions() if a.text() == "&Group").trigger()
    assert any(g.nodes == frozenset(picked) for g in graph.groups)


def test_dragging_a_collapsed_card_moves_its_nodes_in_one_undo_step(network):
    from ui.canvas_helpers import drag

    scene, graph, view = network.scene, network.graph, network.view
    layer1 = graph.groups.find("layer1")
    double_click(view, title_point(scene.groups.frame_item(layer1.id)))
    card = scene.groups.card_item(layer1.id)
    before = {n: graph.node(n).pos for n in layer1.nodes}
    grab = card.mapToScene(QPointF(0, card.card_rect().bottom() - 8))
    count = network.undo_stack.count()
    drag(view, grab, grab + QPointF(0, 200))
    assert network.undo_stack.count() == count + 1
    dy = graph.node(next(iter(layer1.nodes))).pos[1] - before[next(iter(layer1.nodes))][1]
    assert dy > 100
    for nid, (x, y) in before.items():
        assert graph.node(nid).pos == pytest.approx((x, y + dy))
    # the card stays where it was dropped, its edges end on its ports
    assert card.pos().y() == pytest.approx(grab.y() - card.card_rect().bottom() + 8 + dy, abs=1)
    h = node_id(graph, "h")
    edge = next(e for (src, dst, _), e in scene.edge_items().items() if src == h and dst not in layer1.nodes)
    assert edge.path().pointAtPercent(0.0) == card.outputs[h].scene_center()
    network.undo_stack.undo()
    assert {n: graph.node(n).pos for n in layer1.nodes} == before
    assert edge.path().pointAtPercent(0.0) == card.outputs[h].scene_center()
    assert card.pos().y() == pytest.approx(grab.y() - card.card_rect().bottom() + 8, abs=1)


def test_dragging_a_frame_by_its_title_moves_the_group_in_one_undo_step(network):
    from ui.canvas_helpers import drag

    scene, graph, view = network.scene, network.graph, network.view
    layer2 = graph.groups.find("layer2")
    frame = scene.groups.frame_item(layer2.id)
    before = {n: graph.node(n).pos for n in graph.node_ids()}
    start_rect = frame.sceneBoundingRect()
    grab = title_point(frame)
    count = network.undo_stack.count()
    drag(view, grab, grab + QPointF(0, 160))
    assert network.undo_stack.count() == count + 1
    moved = {n for n in graph.node_ids() if graph.node(n).pos != before[n]}
    assert moved == set(layer2.nodes)
    dy = {graph.node(n).pos[1] - before[n][1] for n in moved}
    assert len(dy) == 1 and dy.pop() > 100
    assert frame.sceneBoundingRect().top() > start_rect.top() + 100
    for nid in layer2.nodes:
        assert frame.sceneBoundingRect().contains(node_card_rect(scene, nid))
    network.undo_stack.undo()
    assert {n: graph.node(n).pos for n in graph.node_ids()} == before
    assert frame.sceneBoundingRect() == start_rect


def test_a_backward_step_inside_a_collapsed_group_lights_up_its_card(network):
    scene, graph, view = network.scene, network.graph, network.view
    layer1 = graph.groups.find("layer1")
    double_click(view, title_point(scene.groups.frame_item(layer1.id)))
    card = scene.groups.card_item(layer1.id)
    network.animation.run_backward()  # the output is a scalar: no seed is asked for
    c = network.animation.controller
    assert c.active
    steps = {c.trace.steps[k].node: k for k in range(c.count)}
    c.seek(steps[node_id(graph, "h")])
    assert card.role == "active"
    c.seek(steps[node_id(graph, "logits")])
    assert card.role == "pending"
    c.seek(c.count - 1)
    assert card.role in ("finished", "active")
    # the animation's labels of the edges inside the group are not shown
    for (src, dst, _), edge in scene.edge_items().items():
        if src in layer1.nodes and dst in layer1.nodes:
            assert not edge.overlay_label_item.isVisible()


def test_delete_on_a_collapsed_card_deletes_its_nodes_and_undo_brings_the_group_back(network, qtbot):
    scene, graph, view = network.scene, network.graph, network.view
    layer1 = graph.groups.find("layer1")
    double_click(view, title_point(scene.groups.frame_item(layer1.id)))
    card = scene.groups.card_item(layer1.id)
    click(view, card.mapToScene(QPointF(0, card.card_rect().bottom() - 8)))
    count = network.undo_stack.count()
    assert network.action("delete").isEnabled()  # (Edit → Delete, whose shortcut the key is)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert not any(n in graph for n in layer1.nodes) and layer1.id not in graph.groups
    assert scene.groups.card_item(layer1.id) is None
    assert network.undo_stack.count() == count + 1
    network.undo_stack.undo()
    assert graph.groups.get(layer1.id) == graph.groups.find("layer1")
    assert graph.groups.get(layer1.id).nodes == layer1.nodes and graph.groups.get(layer1.id).collapsed
    assert scene.groups.card_item(layer1.id).isVisible()
    assert not any(scene.node_item(n).isVisible() for n in layer1.nodes)


def test_select_all_selects_collapsed_cards_not_the_cards_they_hide(network, qtbot):
    scene, graph, view = network.scene, network.graph, network.view
    layer2 = graph.groups.find("layer2")
    double_click(view, title_point(scene.groups.frame_item(layer2.id)))
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert set(scene.selected_node_ids()) == set(graph.node_ids()) - layer2.nodes
    assert scene.groups.card_item(layer2.id).isSelected()


def test_backward_steps_over_a_collapsed_group_as_one_step_and_dive_in_steps_inside(network, qtbot):
    import numpy as np

    from graphviz_app.core.group_trace import group_trace
    from graphviz_app.core.naming import display_label

    scene, graph, view = network.scene, network.graph, network.view
    layer2 = graph.groups.find("layer2")
    double_click(view, title_point(scene.groups.frame_item(layer2.id)))
    network.animation.run_backward()
    c, inspector = network.animation.controller, network.animation.inspector
    labels = lambda: display_label(graph, c.active_node())  # noqa: E731
    assert labels() == "loss"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert c.active_node() in layer2.nodes  # the group's step: its last inner step, matmul₂
    assert c.trace.steps[c.k].node == node_id(graph, "matmul₂")
    assert scene.groups.card_item(layer2.id).role == "active"
    inspector.flush()
    shown = inspector.group_view
    assert inspector.widget().widget() is shown
    texts = shown.texts()
    assert "layer2  ·  one step for the group" in texts
    expected = next(s for s in group_trace(graph, c.trace).steps if getattr(s, "group", None) == layer2.id)
    for jac in expected.jacobians:
        assert jac.text_in("numerator", block=len(expected.jacobians) > 1) in texts
    assert {box.jacobian.input_label for box in shown.boxes} == {i.source_label for i in expected.inputs}
    passed = {i.source_label: i.contribution for i in expected.inputs}
    assert np.allclose(passed["h"], c.trace.gradients[node_id(graph, "h")])  # h has one consumer: the group
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert labels() not in ("logits", "matmul₂")  # past the group at once
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert c.trace.steps[c.k].node == node_id(graph, "matmul₂")
    # Dive in: the group's own steps, one by one
    qtbot.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert labels() == "logits"
    inspector.flush()  # (the inspector follows a step one event-loop turn later)
    assert inspector.widget().widget() is not shown and "logits" in inspector.panel.texts()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert labels() == "matmul₂"


def test_frames_follow_a_moved_card_of_theirs_and_an_edit_elsewhere_leaves_them_alone(network):
    from graphviz_app.ui.commands.nodes import AddNodeCommand, MoveNodesCommand

    scene, graph, stack = network.scene, network.graph, network.undo_stack
    layer1, layer2 = graph.groups.find("layer1"), graph.groups.find("layer2")
    frame1, frame2 = scene.groups.frame_item(layer1.id), scene.groups.frame_item(layer2.id)
    rect2 = frame2.sceneBoundingRect()
    h = node_id(graph, "h")
    x, y = graph.node(h).pos
    stack.push(MoveNodesCommand(graph, {h: ((x, y), (x + 40, y + 300))}))
    assert frame1.sceneBoundingRect().contains(node_card_rect(scene, h))
    assert frame2.sceneBoundingRect() == rect2  # h is not in layer2
    rect1 = frame1.sceneBoundingRect()
    stack.push(AddNodeCommand(graph, "variable", value=1.0, pos=(x - 600, y - 600)))
    assert (frame1.sceneBoundingRect(), frame2.sceneBoundingRect()) == (rect1, rect2)
    stack.undo()
    stack.undo()
    assert frame1.sceneBoundingRect().contains(node_card_rect(scene, h))
    assert frame1.sceneBoundingRect().right() < rect1.right() or frame1.sceneBoundingRect().bottom() < rect1.bottom()


def test_a_new_edge_into_a_collapsed_group_ends_on_its_card(network):
    from graphviz_app.ui.commands.edges import ConnectCommand
    from graphviz_app.ui.commands.groups import CollapseGroupCommand
    from graphviz_app.ui.commands.nodes import AddNodeCommand

    scene, graph, stack = network.scene, network.graph, network.undo_stack
    layer1 = graph.groups.find("layer1")
    stack.push(CollapseGroupCommand(graph, layer1.id, True))
    add = AddNodeCommand(graph, "variable", name="x2", value=[1.0, 2.0, 3.0], pos=(-400, 0))
    stack.push(add)
    matmul = next(n for n in layer1.nodes if graph.node(n).op == "matmul")
    port = next(p for p, src in graph.inputs_of(matmul).items() if graph.node(src).name == "x")
    stack.push(ConnectCommand(graph, add.node_id, matmul, port))
    card = scene.groups.card_item(layer1.id)
    edge = scene.edge_items()[(add.node_id, matmul, port)]
    assert edge.isVisible() and edge.path().pointAtPercent(1.0) == card.inputs[add.node_id].scene_center()


def frame_border_crossings(window) -> list[tuple[str, str]]:
    """(group, node) for each gradient tag that straddles a frame's edge: partly in, partly out."""
    from graphviz_app.ui.canvas.overlay_items import BadgeItem

    frames = window.scene.groups.frames
    crossing = []
    for tag in (i for i in window.scene.items() if isinstance(i, BadgeItem) and i.isVisible()):
        rect = tag.mapRectToScene(tag.boundingRect())
        for gid, frame in frames.items():
            outline = frame.mapRectToScene(frame.rect)
            if outline.intersects(rect) and not outline.contains(rect):
                crossing.append((gid, tag.parentItem().node_id))
    return crossing


def test_gradient_tags_sit_inside_or_outside_a_frame_never_across_its_edge(network, qtbot):
    """Every step of the backward pass, in the window (which exports draw): a member's tag under
    its card is held by its frame; when the pass ends the frames close round their cards again."""
    window = network
    frames = window.scene.groups.frames
    plain = {gid: frame.mapRectToScene(frame.rect) for gid, frame in frames.items()}
    qtbot.keyClick(window.view, Qt.Key_F6)
    c = window.animation.controller
    tags_seen = 0
    for _ in range(c.count):
        c.finish_marker()
        assert frame_border_crossings(window) == [], c.k
        tags_seen += len(window.scene.overlay_presenter.badges)
        qtbot.keyClick(window.view, Qt.Key_Right)
    assert tags_seen > 20
    assert any(frames[g].mapRectToScene(frames[g].rect).bottom() > plain[g].bottom() for g in frames)
    qtbot.keyClick(window.view, Qt.Key_Escape)
    assert not c.active
    assert {gid: frame.mapRectToScene(frame.rect) for gid, frame in frames.items()} == plain


def test_a_collapsed_card_shows_the_error_of_a_node_inside_it(network, qtbot):
    import numpy as np
    from PySide6.QtGui import QColor, QImage, QPainter

    from graphviz_app.ui.commands.nodes import SetValueCommand

    scene, graph = network.scene, network.graph
    layer1 = graph.groups.find("layer1")
    double_click(network.view, title_point(scene.groups.frame_item(layer1.id)))
    card = scene.groups.card_item(layer1.id)

    def reds() -> int:  # the theme's error colour on the drawn card
        image = QImage(card.boundingRect().size().toSize(), QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        painter.translate(-card.boundingRect().topLeft())
        card.paint(painter, None)
        painter.end()
        error = QColor(card.theme.error).rgb() & 0xFFFFFF
        return sum((image.pixel(x, y) & 0xFFFFFF) == error for x in range(image.width()) for y in range(image.height()))

    assert not card.problems and reds() == 0
    network.undo_stack.push(SetValueCommand(graph, graph.find("b1"), np.ones(5)))  # add in layer1: ℝ⁴ + ℝ⁵
    qtbot.waitUntil(lambda: bool(card.problems))
    assert card.toolTip().startswith("add: ") and "b1 ℝ⁵" in card.toolTip()  # the message names the node
    assert "group layer1" in card.toolTip()
    assert reds() > 200  # a red border and the message in the footer, as a node's card shows its error
    network.undo_stack.undo()
    qtbot.waitUntil(lambda: not card.problems)
    assert not card.toolTip().startswith("add") and reds() == 0


def test_ctrl_alt_g_collapses_and_the_same_key_expands_again_with_undo_and_redo(network, qtbot):
    scene, graph, view = network.scene, network.graph, network.view
    layer1 = graph.groups.find("layer1")
    collapse = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    scene.select_nodes(layer1.nodes)
    qtbot.keyClick(view, Qt.Key.Key_G, collapse)
    assert graph.groups.get(layer1.id).collapsed
    # the collapsed card is what is selected now, so the action stays on and the same key expands
    assert scene.selectedItems() == [scene.groups.card_item(layer1.id)]
    assert network.action("collapse_group").isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_G, collapse)
    assert not graph.groups.get(layer1.id).collapsed
    assert scene.selectedItems() == [scene.groups.frame_item(layer1.id)]
    qtbot.keyClick(view, Qt.Key.Key_G, collapse)
    assert graph.groups.get(layer1.id).collapsed
    # undo and redo toggle it, the group's card or frame staying selected
    network.undo_stack.undo()
    assert not graph.groups.get(layer1.id).collapsed
    assert scene.selectedItems() == [scene.groups.frame_item(layer1.id)]
    network.undo_stack.undo()
    assert graph.groups.get(layer1.id).collapsed
    assert scene.selectedItems() == [scene.groups.card_item(layer1.id)]
    network.undo_stack.redo()
    network.undo_stack.redo()
    assert graph.groups.get(layer1.id).collapsed and scene.groups.card_item(layer1.id).isSelected()


def test_undo_and_redo_of_a_collapse_select_the_group_so_the_same_key_toggles_back(network, qtbot):
    """Whatever was selected before (nothing, another card), Undo and Redo of a collapse select the
    group's frame or card alone, as the collapse itself does: Ctrl+Alt+G then toggles it back."""
    scene, graph, view = network.scene, network.graph, network.view
    layer2 = graph.groups.find("layer2")
    collapse = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    click(view, title_point(scene.groups.frame_item(layer2.id)))
    qtbot.keyClick(view, Qt.Key.Key_G, collapse)
    assert graph.groups.get(layer2.id).collapsed
    scene.clearSelection()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Undo: expanded, its frame selected
    assert not graph.groups.get(layer2.id).collapsed
    assert scene.selectedItems() == [scene.groups.frame_item(layer2.id)]
    scene.select_nodes([node_id(graph, "W1")])  # another card picked meanwhile
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert graph.groups.get(layer2.id).collapsed
    assert scene.selectedItems() == [scene.groups.card_item(layer2.id)]
    assert network.action("collapse_group").isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_G, collapse)  # the same key expands it again
    assert not graph.groups.get(layer2.id).collapsed
    assert network.statusBar().currentMessage().startswith("Expand")
    network.undo_stack.setClean()


def test_the_frame_button_selects_the_card_it_collapses_to(network):
    scene, graph, view = network.scene, network.graph, network.view
    layer2 = graph.groups.find("layer2")
    scene.clearSelection()
    frame = scene.groups.frame_item(layer2.id)
    click(view, frame.mapToScene(frame.button_rect().center()))
    assert scene.selectedItems() == [scene.groups.card_item(layer2.id)]


def test_collapsing_a_group_whose_cards_are_selected_says_the_selection_changed_once(window, qtbot):
    """Each hidden card deselected with a selectionChanged of its own cost every listener a pass
    over the selection: collapsing 1000 selected cards took seconds (O(n²))."""
    from graphviz_app.core.sample_graphs import branching_chains

    window.graph.replace_with(branching_chains(8, 11))
    scene, graph, view = window.scene, window.graph, window.view
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    (group,) = graph.groups
    changes = []

    def changed() -> None:
        changes.append(True)

    scene.selectionChanged.connect(changed)
    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    scene.selectionChanged.disconnect(changed)
    assert graph.groups.get(group.id).collapsed
    assert len(changes) <= 2  # (the hidden cards deselected, then the card selected)
    assert scene.selectedItems() == [scene.groups.card_item(group.id)]


def drawn(scene, rect: QRectF) -> QImage:
    """The canvas over rect as drawn, one pixel a scene unit."""
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image


def colour_at(scene, point: QPointF) -> QColor:
    return drawn(scene, QRectF(point.x() - 4, point.y() - 4, 8, 8)).pixelColor(4, 4)


def test_a_cards_scene_rect_is_the_card_drawn_not_its_flag_or_the_stack_behind_it(network):
    """canvas.node_item.card_scene_rect, the one home of a card's rect on the canvas: the card as
    drawn, its body reaching the rect's corners and no further; what is drawn round a card (the
    output's OUTPUT flag above it, the stack behind a collapsed group's card) is outside the rect,
    in the card's bounding rect, which keeps room for them."""
    scene, graph, view = network.scene, network.graph, network.view
    layer2 = graph.groups.find("layer2")
    double_click(view, title_point(scene.groups.frame_item(layer2.id)))
    body = scene.theme.node_body
    output, card = scene.node_item(graph.output), scene.groups.card_item(layer2.id)
    for item in (output, card):
        rect = card_scene_rect(item)
        assert item.sceneBoundingRect().contains(rect) and item.isVisible()
        assert colour_at(scene, rect.bottomLeft() + QPointF(8, -8)) == body  # (the card's body at its corners)
        assert colour_at(scene, rect.bottomRight() + QPointF(-8, -8)) == body
    below = node_card_rect(scene, graph.output)
    assert colour_at(scene, QPointF(below.center().x(), below.bottom() + 4)) != body  # (nothing of the card)
    flag_band = QRectF(below.left(), below.top() - FLAG, below.width(), FLAG - 2)  # (above its border)
    image = drawn(scene, flag_band)
    flag = [
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y) == scene.theme.output
    ]
    assert flag and output.sceneBoundingRect().contains(flag_band)  # the flag: drawn outside the card's rect
    rect = card_scene_rect(card)
    beside = QPointF(rect.right() + 4, rect.center().y() + 20)  # (between the card's right edge and its bounds)
    assert card.sceneBoundingRect().contains(beside)
    assert colour_at(scene, beside) != colour_at(scene, beside + QPointF(30, 0))  # the stack, not the canvas
