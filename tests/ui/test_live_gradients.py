"""View → Live gradients: without any animation, every card shows its gradient of the output,
updated after each edit, in the layout the View menu chooses; remembered across sessions."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from ui.animation_helpers import load, squares_graph, tanh_layer_graph

from graphviz_app.ui.canvas.overlay_items import BadgeItem
from graphviz_app.ui.commands.nodes import SetOutputCommand, SetValueCommand
from graphviz_app.ui.settings import app_settings


@pytest.fixture(autouse=True)
def live_off_afterwards():
    yield
    app_settings().setValue("view/live_gradients", False)  # other tests' windows start without it


def live_key(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)


def badges(window) -> dict:
    return (
        window.scene.overlay_presenter.overlay.node_badges if window.scene.overlay_presenter.overlay is not None else {}
    )


def settle(qtbot, window, text_in_title: str = "Live gradients"):
    qtbot.waitUntil(
        lambda: (
            window.scene.overlay_presenter.overlay is not None
            and text_in_title in window.scene.overlay_presenter.overlay.title
        )
    )


def test_each_card_shows_its_gradient_and_follows_edits(window, qtbot):
    graph, ids = squares_graph()
    graph.set_output(ids["y"])
    graph = load(window, graph)
    action = window.action("live_gradients")
    assert action.isCheckable() and not action.isChecked() and action in window.menus["view"].actions()
    live_key(qtbot, window)
    assert action.isChecked() and not window.animation.controller.active
    settle(qtbot, window)
    # y = 2·x1² + 2·x2²: ∂y/∂x1 = 4·x1 = 6, ∂y/∂x2 = 4·x2 = 2; ∂y/∂square = 1
    assert badges(window)[ids["x1"]] == "∂add₂/∂variable₁ = 6  1×1"
    assert badges(window)[ids["x2"]] == "∂add₂/∂variable₂ = 2  1×1"
    assert badges(window)[ids["s1"]] == "∂add₂/∂square₁ = 1  1×1"
    assert set(badges(window)) == set(ids.values())
    drawn = [item for item in window.scene.items() if isinstance(item, BadgeItem)]
    assert len(drawn) == len(ids) and all(item.isVisible() for item in drawn)
    assert window.scene.overlay_presenter.overlay.title.startswith("Live gradients of add₂")
    window.undo_stack.push(SetValueCommand(graph, ids["x1"], 2.0))
    qtbot.waitUntil(lambda: badges(window).get(ids["x1"]) == "∂add₂/∂variable₁ = 8  1×1")
    assert (
        not window.scene.overlay_presenter.overlay.node_roles and not window.scene.overlay_presenter.overlay.edge_labels
    )
    live_key(qtbot, window)  # off: the cards are plain again
    assert not action.isChecked() and window.scene.overlay_presenter.overlay is None


def test_the_layout_the_view_menu_chooses_and_an_animation_on_top(window, qtbot):
    graph, ids = tanh_layer_graph()
    graph.set_output(ids["h"])
    graph = load(window, graph)
    live_key(qtbot, window)
    settle(qtbot, window)
    assert badges(window)[ids["a"]].startswith("∂sum/∂variable₂  1×2\n[")
    window.action("layout_denominator").trigger()
    assert badges(window)[ids["a"]].startswith("∂sum/∂variable₂  2×1\n[")
    window.action("layout_numerator").trigger()
    qtbot.keyClick(window.view, Qt.Key_F6)  # the animation draws over the live gradients ...
    assert window.scene.overlay_presenter.overlay.title.startswith("Backward")
    qtbot.keyClick(window.view, Qt.Key_Escape)  # ... and they come back when it ends
    assert window.scene.overlay_presenter.overlay.title.startswith("Live gradients") and ids["a"] in badges(window)


def test_no_output_an_error_or_a_vector_output_are_said_on_the_canvas(window, qtbot):
    graph, ids = tanh_layer_graph()
    graph = load(window, graph)
    live_key(qtbot, window)
    settle(qtbot, window, "Live gradients of sum")  # no output yet: the only node that feeds nothing
    window.undo_stack.push(SetOutputCommand(graph, ids["m"]))  # a vector: which seed?
    settle(qtbot, window, "not a scalar")
    window.undo_stack.push(SetOutputCommand(graph, ids["h"]))
    settle(qtbot, window, "Live gradients of sum")
    window.undo_stack.push(SetValueCommand(graph, ids["a"], np.array([1.0, 2.0, 3.0])))  # a shape error
    settle(qtbot, window, "matmul")
    assert not badges(window) and window.scene.node_item(ids["m"]).state.error
    window.undo_stack.undo()
    settle(qtbot, window, "Live gradients of sum")
    assert ids["W"] in badges(window)


def test_the_choice_is_remembered(window, qtbot):
    from graphviz_app.ui.main_window import MainWindow

    live_key(qtbot, window)
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.action("live_gradients").isChecked() and other.animation.live_gradients.on
    live_key(qtbot, window)
    third = MainWindow()
    qtbot.addWidget(third)
    assert not third.action("live_gradients").isChecked()


def test_after_each_edit_the_labels_are_where_placing_them_all_afresh_puts_them(window, qtbot):
    """Live gradients change every badge on an edit; labels are placed again only near what
    changed, and end where a placement of everything from scratch puts them, covering nothing."""
    from ui.test_label_placement import collisions

    from graphviz_app.ui.canvas import label_obstacles, overlay_layout, rect_index

    graph, ids = tanh_layer_graph()
    graph.set_output(ids["h"])
    graph = load(window, graph)
    live_key(qtbot, window)
    settle(qtbot, window)
    scene = window.scene
    for value in (
        [[10.5, -0.2], [0.3, 0.4], [-0.5, 0.6]],
        [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]],
        [[1e-7, 2, 3e5]] * 3,
    ):
        before = badges(window)[ids["a"]]
        value = np.array(value)[:, :2]
        window.undo_stack.push(SetValueCommand(graph, ids["W"], value))
        qtbot.waitUntil(lambda b=before: badges(window)[ids["a"]] != b)
        assert collisions(scene) == []
        shown = {key: edge.label_rect() for key, edge in scene.edge_items().items()}
        labelled = {key: edge for key, edge in scene.edge_items().items() if edge.overlay_label or edge.shape_label}
        cards = rect_index.card_index(scene.node_items())
        wires = label_obstacles.Wires({k: e for k, e in scene.edge_items().items() if e.isVisible()})
        placed = overlay_layout.place_badges(window.scene.overlay_presenter.badges, cards, wires=wires)
        overlay_layout.place_labels(labelled, placed.rects, cards)  # everything afresh
        assert {key: edge.label_rect() for key, edge in scene.edge_items().items()} == shown


def test_without_an_output_the_only_node_that_feeds_nothing_is_shown_as_the_output(window, qtbot):
    graph, ids = squares_graph()  # built without an output, as by hand
    graph = load(window, graph)
    assert graph.output is None
    edits = window.undo_stack.count()
    live_key(qtbot, window)
    settle(qtbot, window, "Live gradients of add₂")
    assert badges(window)[ids["x1"]] == "∂add₂/∂variable₁ = 6  1×1"
    assert graph.output is None and window.undo_stack.count() == edits  # a view: the model is untouched
    window.undo_stack.push(SetOutputCommand(graph, ids["s1"]))
    settle(qtbot, window, "Live gradients of square₁")
    window.undo_stack.undo()
    settle(qtbot, window, "Live gradients of add₂")
    second = graph.add_node("op", "sin")
    graph.connect(ids["x1"], second, 0)  # now two nodes feed nothing: F6 asks
    settle(qtbot, window, "F6 asks which is the output")
    assert badges(window) == {}


def test_edits_that_resize_badges_in_a_crowd_show_what_placing_everything_afresh_shows(window, qtbot):
    """Badges crowd each other; each edit changes a few badge texts, some to wider or narrower
    ones: badges and labels end where a placement of everything from scratch puts them."""
    from ui.test_label_placement import collisions

    from graphviz_app.core.autolayout import apply_layout
    from graphviz_app.core.sample_graphs import branching_chains
    from graphviz_app.ui.canvas import label_obstacles, overlay_layout, rect_index

    graph = branching_chains(6, 2, ("sin", "tanh", "square"))
    apply_layout(graph)
    graph = load(window, graph)
    live_key(qtbot, window)
    settle(qtbot, window)
    scene = window.scene
    variables = [n.id for n in graph.nodes() if n.kind == "variable"]
    widths = set()
    for i, value in enumerate((0.1, 0.25, -3.0, 1e-5, 0.5, 12345.0, 0.0, 2.0)):
        before = dict(badges(window))
        nid = variables[i % len(variables)]
        window.undo_stack.push(SetValueCommand(graph, nid, graph.node(nid).value * 0 + value))
        qtbot.waitUntil(lambda b=before: badges(window) != b)
        drawn = {nid: (b.text, b.sceneBoundingRect()) for nid, b in window.scene.overlay_presenter.badges.items()}
        widths |= {(text, rect.width()) for text, rect in drawn.values()}
        labels = {key: edge.label_rect() for key, edge in scene.edge_items().items()}
        assert collisions(scene) == []
        cards = rect_index.card_index(scene.node_items())
        wires = label_obstacles.Wires({k: e for k, e in scene.edge_items().items() if e.isVisible()})
        placed = overlay_layout.place_badges(
            window.scene.overlay_presenter.badges, cards, wires=wires
        )  # everything afresh
        labelled = {key: edge for key, edge in scene.edge_items().items() if edge.overlay_label or edge.shape_label}
        overlay_layout.place_labels(labelled, placed.rects, cards)
        assert {
            nid: (b.text, b.sceneBoundingRect()) for nid, b in window.scene.overlay_presenter.badges.items()
        } == drawn
        assert {key: edge.label_rect() for key, edge in scene.edge_items().items()} == labels
    assert len({w for _, w in widths}) > 3  # (the edits did make badges of several widths)


def test_the_inspector_shows_the_gradient_the_card_shows(window, qtbot):
    """Walk 21: with Live gradients on, the Inspector said to run F6 to see gradients the card showed."""
    graph, ids = squares_graph()
    graph.set_output(ids["y"])
    graph = load(window, graph)
    live_key(qtbot, window)
    settle(qtbot, window)
    window.scene.node_item(ids["x2"]).setSelected(True)
    panel = window.animation.inspector.panel
    assert badges(window)[ids["x2"]] == "∂add₂/∂variable₂ = 2  1×1"
    assert panel.incoming_label.text() == "Live gradient  ∂add₂/∂variable₂  1×1"
    assert panel.incoming_table.isVisibleTo(panel)
    np.testing.assert_array_equal(panel.incoming_table.matrix_model.presented.matrix, [[2]])
    assert "Run Backward" not in panel.texts() and "The live gradient below is the one its card shows" in panel.texts()
    # an edit: the card and the Inspector show the new gradient (∂y/∂x2 = 4·x2)
    window.undo_stack.push(SetValueCommand(graph, ids["x2"], -2.0))
    qtbot.waitUntil(lambda: badges(window).get(ids["x2"]) == "∂add₂/∂variable₂ = −8  1×1")
    panel = window.animation.inspector.panel
    np.testing.assert_array_equal(panel.incoming_table.matrix_model.presented.matrix, [[-8]])
    # turned off: no gradient shown, and F6 is offered again
    live_key(qtbot, window)
    panel = window.animation.inspector.panel
    assert not panel.incoming_table.isVisibleTo(panel)
    assert "Run Backward" in panel.texts()
