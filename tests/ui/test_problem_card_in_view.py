"""A diagram opened with a problem shows the card with the problem (and the cards feeding it, when
they fit at a readable zoom) and the status bar names it; Backward refused over a shape problem
selects that card and brings it into view."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from ui.canvas_helpers import activate, window_of_size

from graphviz_app.resources_path import examples_dir
from graphviz_app.ui.canvas.framing import READABLE_ZOOM


@pytest.fixture
def laptop(qtbot):
    w = window_of_size(qtbot, (1280, 800))
    activate(qtbot, w)
    return w


def broken_network(tmp_path, name: str, rows: int):
    """Example 09 (too wide to read whole at a laptop size) with `name`'s value cut to `rows` rows."""
    data = json.loads((examples_dir() / "09_mnist_sized_network.json").read_text(encoding="utf-8"))
    node = next(n for n in data["nodes"] if n.get("name") == name)
    node["value"] = node["value"][:rows]
    path = tmp_path / f"broken_{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def shown(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def card(window, node_id):
    return window.scene.node_item(node_id).sceneBoundingRect()


def named(window, name):
    return window.graph.find(name)


def problem_card(window, op: str, after_x: float):
    """The op card right of after_x (scene x), the one the problem names."""
    return next(n.id for n in window.graph.nodes() if n.op == op and card(window, n.id).left() > after_x)


def test_a_wide_graph_opens_on_the_card_with_the_problem_and_its_inputs(laptop, tmp_path):
    assert laptop.files.open_path(broken_network(tmp_path, "W2", 100), ask=False)
    view, graph = laptop.view, laptop.graph
    matmul2 = problem_card(laptop, "matmul", card(laptop, named(laptop, "W1")).right() + 300)
    assert view.fit_zoom() < READABLE_ZOOM  # (too wide to read whole: it opens on part of it)
    assert view.zoom() == pytest.approx(READABLE_ZOOM)
    for node in (matmul2, *graph.inputs_of(matmul2).values()):  # the card, h and W2
        assert shown(view).contains(card(laptop, node)), graph.node(node).label
    status = laptop.statusBar().currentMessage()
    assert "matmul₂" in status and "W2" in status and "differ" in status


def test_the_problem_card_shows_at_the_far_end_of_the_graph(laptop, tmp_path):
    assert laptop.files.open_path(broken_network(tmp_path, "b2", 5), ask=False)
    view = laptop.view
    logits = named(laptop, "logits")
    assert shown(view).contains(card(laptop, logits))
    assert shown(view).contains(card(laptop, named(laptop, "b2")))
    assert "logits" in laptop.statusBar().currentMessage()


def test_a_graph_that_reads_whole_still_opens_whole(laptop, tmp_path):
    data = json.loads((examples_dir() / "05_linear_model.json").read_text(encoding="utf-8"))
    next(n for n in data["nodes"] if n.get("name") == "theta")["value"] = [0.5, 0.8, 0.1]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert laptop.files.open_path(path, ask=False)
    assert laptop.view.shows_whole_graph()
    assert "inner sizes 2 and 3 differ" in laptop.statusBar().currentMessage()


def test_opening_the_same_broken_file_again_still_names_the_problem(laptop, tmp_path):
    path = broken_network(tmp_path, "W2", 100)
    assert laptop.files.open_path(path, ask=False)
    assert laptop.files.open_path(path, ask=False)
    assert "matmul₂" in laptop.statusBar().currentMessage()
    matmul2 = problem_card(laptop, "matmul", card(laptop, named(laptop, "W1")).right() + 300)
    assert shown(laptop.view).contains(card(laptop, matmul2))


def test_a_graph_without_a_problem_opens_on_its_inputs_as_before(laptop):
    assert laptop.files.open_example(examples_dir() / "09_mnist_sized_network.json")
    assert shown(laptop.view).contains(card(laptop, named(laptop, "X")))
    assert "Its inputs in view" in laptop.statusBar().currentMessage()


def test_f6_refused_selects_the_problem_card_and_brings_it_into_view(laptop, tmp_path, qtbot):
    assert laptop.files.open_path(broken_network(tmp_path, "W2", 100), ask=False)
    view = laptop.view
    matmul2 = problem_card(laptop, "matmul", card(laptop, named(laptop, "W1")).right() + 300)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().minimum())  # the user looks at the inputs
    assert not shown(view).contains(card(laptop, matmul2))
    qtbot.keyClick(view, Qt.Key.Key_F6)
    assert [item.node_id for item in laptop.scene.selectedItems()] == [matmul2]
    assert shown(view).contains(card(laptop, matmul2))
    assert all(shown(view).contains(card(laptop, n)) for n in laptop.graph.inputs_of(matmul2).values())
    assert "matmul₂" in laptop.statusBar().currentMessage()


def test_f6_refused_far_zoomed_out_zooms_in_to_read_the_card(laptop, tmp_path, qtbot):
    assert laptop.files.open_path(broken_network(tmp_path, "W2", 100), ask=False)
    view = laptop.view
    view.zoom_to_fit()
    assert view.zoom() < READABLE_ZOOM
    qtbot.keyClick(view, Qt.Key.Key_F6)
    matmul2 = problem_card(laptop, "matmul", card(laptop, named(laptop, "W1")).right() + 300)
    assert view.zoom() >= READABLE_ZOOM - 1e-9
    assert shown(view).contains(card(laptop, matmul2))
