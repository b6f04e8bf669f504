"""A name may be 100 characters long: the Inspector's headings, the canvas badges and edge labels
and the timeline show it shortened with … (its start and end kept), the full name in a tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from graphviz_app.core.naming import elided
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.overlay_items import BadgeItem, OverlayLabelItem
from graphviz_app.ui.commands.nodes import RenameCommand

LONG = "activation_of_the_first_hidden_layer_of_the_network_before_the_sum_" + "abcdefghijkl"  # 80


def test_elided_keeps_short_names_and_shortens_long_ones_keeping_both_ends():
    assert elided("matmul₁") == "matmul₁"
    short = elided(LONG)
    assert len(short) == 16 and "…" in short
    assert LONG.startswith(short.split("…")[0]) and LONG.endswith(short.split("…")[1])
    assert elided("x" * 40 + "₁") != elided("x" * 40 + "₂")


def test_a_long_name_is_shortened_in_the_inspector_badges_edge_labels_and_timeline(window, qtbot):
    assert window.files.open_example(examples_dir() / "06_h_of_Wa.json")
    g = window.graph
    tanh = next(n.id for n in g.nodes() if n.op == "tanh")
    window.undo_stack.push(RenameCommand(g, tanh, LONG))
    assert g.node(tanh).name == LONG
    window.resize(1400, 900)
    window.show()
    qtbot.keyClick(window.view, Qt.Key_F6)
    controller = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key_Home)  # step 1, h: the edge from the tanh is labelled ∂h/∂(its name)
    controller.finish_marker()
    labels = [i for i in window.scene.items() if isinstance(i, OverlayLabelItem) and i.isVisible()]
    assert labels and all(i.toolTip() == LONG for i in labels)
    assert not any(LONG in t for t in window.scene.overlay_presenter.overlay.edge_labels.values())
    while controller.active_node() != tanh:
        qtbot.keyClick(window.view, Qt.Key_Right)
    controller.finish_marker()
    panel = window.animation.inspector.panel
    QApplication.processEvents()
    window.grab().save("/tmp/student/long_name_step.png")
    short = elided(LONG)
    shown = [lb.text() for lb in panel.findChildren(QLabel) if lb.isVisibleTo(panel)]
    assert not any(LONG in text for text in shown) and any(short in text for text in shown)
    assert panel.title_label.toolTip() == LONG
    timeline = window.animation.timeline.step_label
    assert short in timeline.text() and LONG not in timeline.text() and LONG in timeline.toolTip()
    items = window.scene.items()
    badges = [i for i in items if isinstance(i, BadgeItem) and i.isVisible()]
    assert badges and not any(LONG in b.text for b in badges)
    assert any(short in b.text and b.toolTip() == LONG for b in badges)
    assert all(b.boundingRect().width() < 300 for b in badges)
