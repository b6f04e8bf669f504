"""At a collapsed group's stop of Backward (example 08), the Inspector shows what the group passes
back in the layout the window is in, with its shape, as the canvas's badges show it (it showed
W2's gradient 3×4 in numerator layout beside W2's badge of 4×3), and every wire into the group
that carries a gradient back is lit (b2's and b1's stayed grey: only the last inner step's were)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.animation_helpers import start_backward
from ui.canvas_helpers import collapse_by_title as collapse

from graphviz_app.core.naming import display_labels
from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.overlay_items import BadgeItem

EXAMPLE = "08_two_layer_network_groups.json"


@pytest.fixture
def network(window):
    assert window.files.open_path(examples_dir() / EXAMPLE, ask=False)
    window.view.zoom_to_fit()
    QApplication.processEvents()
    return window


def step_to_group(window, qtbot, controller, name: str) -> None:
    """→ until the Inspector shows the group's one step."""
    shown = window.animation.inspector.group_view
    for _ in range(controller.count):
        if shown.isVisible() and shown.title_label.text().startswith(f"{name}  ·"):
            return
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        controller.finish_marker()
        QApplication.processEvents()
    raise AssertionError(f"no stop for {name}")


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text.replace("−", "-"))]


def badge_of(window, label: str) -> str:
    head = f"∂loss/∂{label} "
    found = [b.text for b in window.scene.items() if isinstance(b, BadgeItem) and b.isVisible()]
    return next(t for t in found if t.startswith(head))


def table_rows(table) -> np.ndarray:
    rows, cols = table.shape()
    model = table.matrix_model
    return np.array([[numbers(model.text(r, c))[0] for c in range(cols)] for r in range(rows)])


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_the_group_step_shows_w2s_gradient_as_its_badge_does(network, qtbot, layout):
    window = network
    collapse(window, "layer2")
    window.action(f"layout_{layout}").trigger()
    controller = start_backward(window, qtbot)
    step_to_group(window, qtbot, controller, "layer2")
    view = window.animation.inspector.group_view
    badge = badge_of(window, "W2")  # "∂loss/∂W2  4×3\n[[0.3116, −0.6981, 0.3865], …]"
    head, value = badge.split("\n")
    badge_shape = head.split()[-1]
    table = view.passed_tables["W2"]
    rows, cols = table.shape()
    assert badge_shape == f"{rows}×{cols}" == ("4×3" if layout == "numerator" else "3×4")
    first_row = numbers(value.split("]")[0])  # the badge's first row, as many entries as it shows
    assert np.allclose(table_rows(table)[0, : len(first_row)], first_row, atol=1e-4)
    # the heading names the shape shown and W2's own
    headings = view.texts()
    assert f"passed back to W2:  ∂loss/∂W2  {badge_shape}" in headings
    assert "W2 is 3×4, shown as 4×3" in headings if layout == "numerator" else "W2's own shape" in headings
    # a vector's gradient: a row in numerator layout, a column in denominator, as b2's badge says
    b2 = view.passed_tables["b2"].shape()
    assert b2 == ((1, 3) if layout == "numerator" else (3, 1))
    assert badge_of(window, "b2").split("\n")[0].split()[-1] == f"{b2[0]}×{b2[1]}"
    window.undo_stack.setClean()


def lit_sources(window, group: str) -> dict[str, str]:
    """The lit wires into the group's card: source's name -> the label it carries."""
    names = display_labels(window.graph)
    members = window.graph.groups.find(group).nodes
    return {
        names[e.src]: e.overlay_label
        for e in window.scene.edge_items().values()
        if e.dst in members and e.src not in members and e.isVisible() and e.highlighted
    }


def test_a_group_step_lights_every_wire_that_carries_gradient_into_it(network, qtbot):
    window = network
    collapse(window, "layer2")
    collapse(window, "layer1")
    controller = start_backward(window, qtbot)
    step_to_group(window, qtbot, controller, "layer2")
    lit = lit_sources(window, "layer2")
    assert lit == {"W2": "∂loss/∂W2  4×3", "b2": "∂loss/∂b2  1×3", "h": "∂loss/∂h  1×4"}
    step_to_group(window, qtbot, controller, "layer1")
    lit = lit_sources(window, "layer1")  # x is a constant: no gradient, its wire stays grey
    assert lit == {"W1": "∂loss/∂W1  3×4", "b1": "∂loss/∂b1  1×4"}
    x_wire = next(e for e in window.scene.edge_items().values() if display_labels(window.graph)[e.src] == "x")
    assert not x_wire.highlighted
    # the exported frame of the stop is lit the same way (one overlay for window and export)
    overlay = next(o for o in window.exporter.animation_overlays() if "steps 4–6" in o.title)
    names = display_labels(window.graph)
    assert sorted(names[src] for src, _, _ in overlay.edge_highlight) == ["W1", "b1"]
    window.undo_stack.setClean()
