"""A shape clash in the window: the Inspector says it first, in the error tone, with the op's fix
and nothing computed from shapes that do not fit; the wires carrying the clashing operands and
their input ports are drawn in the error colour, light and dark."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel
from ui.canvas_helpers import click
from ui.palette_helpers import switch

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui import tones
from graphviz_app.ui.animation.dialogs import TangentDialog
from graphviz_app.ui.canvas.node_item import card_scene_rect

pytestmark = pytest.mark.usefixtures("restore_palette")

PROBLEM = "⚠ Φ ℝ⁴ˣ² @ θ ℝ³: inner sizes 2 and 3 differ"
FIX = "Fix: θ must be ℝ² to match Φ's 2 columns (or Φ ℝ⁴ˣ³)"


def open_broken(window, tmp_path, qtbot):
    """Example 05 with θ ∈ ℝ³ where Φ ∈ ℝ⁴ˣ² needs ℝ²."""
    data = json.loads((examples_dir() / "05_linear_model.json").read_text(encoding="utf-8"))
    theta = next(n for n in data["nodes"] if n.get("name") == "theta")
    theta["value"] = [0.5, 0.8, 0.1]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.files.open_path(str(path), ask=False)
    graph = window.graph
    mm = next(n.id for n in graph.nodes() if n.op == "matmul")
    qtbot.waitUntil(lambda: window.scene.node_item(mm).state.error is not None)
    return graph, mm


def click_card(window, node_id) -> None:
    item = window.scene.node_item(node_id)
    click(window.view, card_scene_rect(item).center())


def drawn_colour(label: QLabel) -> QColor:
    """The colour Qt draws the label's text in."""
    return label.palette().color(label.foregroundRole())


def shown(label: QLabel) -> bool:
    return label.isVisibleTo(label.parentWidget()) and bool(label.text())


@pytest.mark.parametrize("dark", [False, True])
def test_the_inspector_shows_the_clash_first_in_the_error_tone_with_its_fix(window, qtbot, tmp_path, dark):
    switch(dark)
    graph, mm = open_broken(window, tmp_path, qtbot)
    click_card(window, mm)
    panel = window.animation.inspector.panel
    texts = panel.texts().splitlines()
    assert PROBLEM in texts and FIX in texts
    error, fix = panel.error_label, panel.fix_label
    expected = tones.error(panel.palette())
    assert expected == (tones.ERROR_ON_DARK if dark else tones.ERROR_ON_LIGHT)
    assert drawn_colour(error) == expected and drawn_colour(fix) == expected
    assert error.y() < fix.y() < panel.note_label.y()  # the problem first, right under the title
    assert panel.title_label.y() < error.y()
    # nothing computed from shapes that do not fit: no formulas, no layout, no "run Backward"
    assert not any(view.isVisibleTo(panel) for view in panel.formula_views)
    assert not shown(panel.subtitle_label) and not shown(panel.value_label)
    assert "Run Backward" not in panel.texts()


def test_backward_on_the_clash_keeps_the_inspector_on_it(window, qtbot, tmp_path):
    graph, mm = open_broken(window, tmp_path, qtbot)
    click_card(window, mm)
    qtbot.keyClick(window.view, Qt.Key_F6)
    assert FIX.removeprefix("Fix: ") in window.statusBar().currentMessage()
    texts = window.animation.inspector.panel.texts().splitlines()
    assert texts[:3] == ["matmul", PROBLEM, FIX]


def test_a_card_downstream_is_not_the_culprit(window, qtbot, tmp_path):
    graph, mm = open_broken(window, tmp_path, qtbot)
    click_card(window, graph.find("e"))
    panel = window.animation.inspector.panel
    assert not shown(panel.error_label)  # (its note says why it has no value)
    assert "inner sizes 2 and 3 differ" in panel.note_label.text()


def test_f6_refused_selects_the_card_that_blocks_the_output_not_another_in_error(window, qtbot, tmp_path):
    """Review 15: a card in error that the output does not depend on ("unrelated", first in the
    file) was selected, while the status bar named the one that blocks it ("culprit")."""
    import numpy as np

    from graphviz_app.core import fileformat
    from graphviz_app.core.graph import Graph

    g = Graph()
    a, b = (g.add_node("variable", name=n, value=np.ones(k), pos=(0, 300 + 100 * k)) for n, k in (("a", 3), ("b", 4)))
    unrelated = g.add_node("op", "add", name="unrelated", pos=(200, 350))
    x, y = (g.add_node("variable", name=n, value=np.ones(k), pos=(0, 50 * k)) for n, k in (("x", 2), ("y", 5)))
    culprit = g.add_node("op", "add", name="culprit", pos=(200, 50))
    total = g.add_node("op", "sum", name="L", pos=(400, 50))
    for src, dst, port in ((a, unrelated, 0), (b, unrelated, 1), (x, culprit, 0), (y, culprit, 1), (culprit, total, 0)):
        g.connect(src, dst, port)
    g.set_output(total)
    fileformat.save(g, tmp_path / "two.json")
    assert window.files.open_path(str(tmp_path / "two.json"), ask=False)
    qtbot.keyClick(window.view, Qt.Key_F6)
    assert window.statusBar().currentMessage().startswith('add "culprit": x ℝ² + y ℝ⁵')
    assert [window.graph.node(n).name for n in window.scene.selected_node_ids()] == ["culprit"]
    assert "x ℝ² + y ℝ⁵" in window.animation.inspector.panel.texts()


def edge_colour(window, edge) -> QColor:
    """The colour drawn a quarter of the way along the edge (its label sits at the middle)."""
    image = window.view.viewport().grab().toImage()
    at = window.view.mapFromScene(edge.point_at(0.25))
    best, colour = None, QColor()
    for dx in range(-2, 3):
        for dy in range(-2, 3):
            c = image.pixelColor(at.x() + dx, at.y() + dy)
            d = abs(c.red() - window.scene.theme.error.red()) + abs(c.green() - window.scene.theme.error.green())
            if best is None or d < best:
                best, colour = d, c
    return colour


def close(a: QColor, b: QColor, tolerance=40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


@pytest.mark.parametrize("dark", [False, True])
def test_the_wires_into_the_clash_are_drawn_in_the_error_colour(window, qtbot, tmp_path, dark):
    switch(dark)
    window.apply_theme()
    graph, mm = open_broken(window, tmp_path, qtbot)
    scene = window.scene
    into = {key: edge for key, edge in scene.edge_items().items() if key[1] == mm}
    others = {key: edge for key, edge in scene.edge_items().items() if key[1] != mm}
    assert len(into) == 2 and others
    assert all(edge.clash for edge in into.values()) and not any(edge.clash for edge in others.values())
    item = scene.node_item(mm)
    assert all(port.clash for port in item.inputs)
    error = scene.theme.error
    for edge in into.values():
        assert close(edge_colour(window, edge), error)
    for edge in others.values():
        assert not close(edge_colour(window, edge), error)

    # θ made to fit: the wires are plain again
    with qtbot.waitSignal(scene.evaluator.evaluated):
        graph.set_value(graph.find("theta"), [0.5, 0.8])
    assert not any(edge.clash for edge in into.values()) and not any(port.clash for port in item.inputs)
    for edge in into.values():
        assert not close(edge_colour(window, edge), error)


def test_a_missing_input_is_not_a_clash(window, qtbot, tmp_path):
    graph, mm = open_broken(window, tmp_path, qtbot)
    with qtbot.waitSignal(window.scene.evaluator.evaluated):
        graph.disconnect(mm, 1)
    phi_edge = next(edge for key, edge in window.scene.edge_items().items() if key[1] == mm)
    assert "not connected" in window.scene.node_item(mm).state.error
    assert not phi_edge.clash


def test_values_and_the_forward_mode_dialog_write_shapes_as_the_cards_do(window, qtbot):
    assert window.files.open_example(examples_dir() / "05_linear_model.json")
    graph = window.graph
    click_card(window, graph.find("Phi"))
    assert "∈\u00a0ℝ⁴ˣ²" in window.animation.inspector.panel.value_label.text()
    dialog = TangentDialog([(graph.find("theta"), "θ", (2,)), (graph.find("Phi"), "Φ", (4, 2))])
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "θ ∈ ℝ²" in labels and "Φ ∈ ℝ⁴ˣ²" in labels


def test_the_wire_colour_follows_a_theme_switch(window, qtbot, tmp_path):
    graph, mm = open_broken(window, tmp_path, qtbot)
    edge = next(edge for key, edge in window.scene.edge_items().items() if key[1] == mm)
    for dark in (True, False):
        switch(dark)
        window.apply_theme()
        assert close(edge_colour(window, edge), window.scene.theme.error)


def port_colour(window, port) -> QColor:
    """The colour drawn at the port's centre (a filled dot once an edge feeds it)."""
    image = window.view.viewport().grab().toImage()
    at = window.view.mapFromScene(port.scene_center())
    return image.pixelColor(at.x(), at.y())


@pytest.mark.parametrize("dark", [False, True])
def test_a_clash_fixed_by_rewiring_leaves_no_red_port(window, qtbot, tmp_path, dark):
    """Undo the clashing wire, fix the value, wire it again: nothing is drawn as an error."""
    switch(dark)
    window.apply_theme()
    graph, mm = open_broken(window, tmp_path, qtbot)
    scene, theta = window.scene, graph.find("theta")
    port_index = next(port for port, src in graph.inputs_of(mm).items() if src == theta)
    port = scene.node_item(mm).inputs[port_index]
    assert port.clash and close(port_colour(window, port), scene.theme.error)
    with qtbot.waitSignal(scene.evaluator.evaluated):
        graph.disconnect(mm, port_index)
    with qtbot.waitSignal(scene.evaluator.evaluated):
        graph.set_value(theta, [0.5, 0.8])
    with qtbot.waitSignal(scene.evaluator.evaluated):
        graph.connect(theta, mm, port_index)
    assert not scene.evaluator.evaluation.errors
    assert not any(p.clash for p in scene.node_item(mm).inputs)
    assert not any(edge.clash for edge in scene.edge_items().values())
    assert not close(port_colour(window, port), scene.theme.error)


def test_a_card_missing_an_input_says_to_connect_it_not_to_fit_shapes(window, qtbot, tmp_path):
    graph, mm = open_broken(window, tmp_path, qtbot)
    with qtbot.waitSignal(window.scene.evaluator.evaluated):
        graph.disconnect(mm, 1)
    click_card(window, mm)
    panel = window.animation.inspector.panel
    assert panel.error_label.text() == "⚠ input B is not connected"
    assert not shown(panel.fix_label)
    assert panel.note_label.text().endswith("Backward (F6) cannot run, until input B is connected.")
    assert "shapes" not in panel.note_label.text()


def test_a_clash_still_says_until_the_shapes_fit(window, qtbot, tmp_path):
    graph, mm = open_broken(window, tmp_path, qtbot)
    click_card(window, mm)
    note = window.animation.inspector.panel.note_label.text()
    assert note.endswith("cannot run, until the shapes fit.")
