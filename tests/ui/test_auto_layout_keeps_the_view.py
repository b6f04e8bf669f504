"""Auto Layout, its Undo and Redo keep the view where the user was working when that still shows
(walk 17: moving 2 cards of 1000 back into place zoomed out to 1.7 %, where nothing reads); they
show the whole graph when most of it moved or nothing of what was in view is left in view."""

import pytest
from PySide6.QtCore import QPointF, QRectF

from graphviz_app.core import fileformat
from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.sample_graphs import scalar_chains
from graphviz_app.ui.key_text import key_text

from .canvas_helpers import drag, window_of_size


@pytest.fixture
def window(qtbot):
    return window_of_size(qtbot, (1280, 800))


def open_chains(window, tmp_path, mirrored: bool = False):
    """A 200-card graph, laid out (mirrored: every card where Auto Layout would not put it)."""
    g = scalar_chains(50, lambda i: 0.01 * i, lambda i: ("sin", "tanh"))
    apply_layout(g)
    if mirrored:
        for node in list(g.nodes()):
            g.move(node.id, (-node.pos[0], node.pos[1]))
    path = tmp_path / "chains.json"
    fileformat.save(g, path)
    assert window.files.open_path(path, ask=False)
    window.action("zoom_reset").trigger()
    return g


def shown(window) -> QRectF:
    view = window.view
    return view.mapToScene(view.viewport().rect()).boundingRect()


def drag_aside(window, name: str):
    """Drag card `name` 200 px down, by its body, as the walk did: it is selected and out of place."""
    item = window.scene.node_item(window.graph.find(name))
    window.view.centerOn(item)
    middle = item.sceneBoundingRect().center()
    drag(window.view, middle, middle + QPointF(0, 200), 8)
    assert item.isSelected()
    return item


def test_a_layout_that_moves_a_card_back_keeps_the_view_and_says_how_to_see_it_whole(window, tmp_path):
    open_chains(window, tmp_path)
    item = drag_aside(window, "x20")
    zoom, before = window.view.zoom(), shown(window)
    window.action("layout").trigger()
    assert "moved 1 node" in window.statusBar().currentMessage()
    assert window.view.zoom() == pytest.approx(zoom)  # not zoomed out to the whole graph
    assert shown(window) == before
    assert shown(window).intersects(item.sceneBoundingRect())  # the card worked on still shows
    assert window.statusBar().currentMessage().endswith(f"Zoom to Fit ({key_text('zoom_fit')}) shows it whole")
    window.action("undo").trigger()
    assert window.view.zoom() == pytest.approx(zoom) and shown(window) == before
    assert window.statusBar().currentMessage().startswith("Undid: Auto Layout")
    window.action("redo").trigger()
    assert window.view.zoom() == pytest.approx(zoom) and shown(window) == before


def test_a_layout_with_nothing_of_the_view_left_in_it_shows_the_whole_graph(window, tmp_path):
    open_chains(window, tmp_path)
    item = drag_aside(window, "x20")
    item.setSelected(False)
    far = window.scene.itemsBoundingRect().bottomRight() + QPointF(5000, 5000)
    window.view.centerOn(far)  # panned away to empty canvas
    window.action("layout").trigger()
    assert window.view.shows_whole_graph()


def test_a_layout_that_moves_most_cards_shows_the_whole_graph_and_so_does_its_undo(window, tmp_path):
    open_chains(window, tmp_path, mirrored=True)
    window.action("layout").trigger()
    assert "moved" in window.statusBar().currentMessage()
    assert window.view.shows_whole_graph()
    window.action("zoom_reset").trigger()
    window.action("undo").trigger()
    assert window.view.shows_whole_graph()
