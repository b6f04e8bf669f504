"""Zoom to Fit on graphs of a thousand cards and more: it shows them whole (below the zoom keys'
floor), the zoom keys carry on from there, and what opening says about it is true."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from ui.canvas_helpers import window_of_size

from graphviz_app.core import fileformat
from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.graph import Graph
from graphviz_app.core.sample_graphs import scalar_chains
from graphviz_app.ui.canvas.zoom import MIN_ZOOM, ZOOM_STEP
from graphviz_app.ui.document_files import DocumentFiles

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.setattr(DocumentFiles, "show_error", lambda self, title, message: None)
    return window_of_size(qtbot, (1280, 800))


def grey(image) -> np.ndarray:
    """A picture's grey levels, as signed numbers."""
    image = image.convertToFormat(image.Format.Format_Grayscale8)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width()].astype(int)


def shown(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


@pytest.fixture(scope="module")
def thousand_cards(tmp_path_factory):
    """A saved tree of 1000 cards, 250 rows tall, laid out (a file: each test opens it in its own window)."""
    g = scalar_chains(250, lambda i: 0.01 * i, lambda i: ("sin", "tanh"))
    apply_layout(g)
    path = tmp_path_factory.mktemp("fit") / "large.json"
    fileformat.save(g, path)
    return path


def open_file(window, path):
    assert window.files.open_path(path, ask=False)
    return window.statusBar().currentMessage()


def open_saved(window, graph, tmp_path):
    path = tmp_path / "large.json"
    fileformat.save(graph, path)
    return open_file(window, path)


def test_zoom_to_fit_shows_a_thousand_card_tree_whole(window, thousand_cards):
    status = open_file(window, thousand_cards)
    assert status.endswith("Zoom to Fit (Ctrl+1) shows it whole.")
    window.action("zoom_fit").trigger()
    view = window.view
    assert view.zoom() < MIN_ZOOM  # further out than the zoom keys go
    assert shown(view).contains(window.scene.items_bounding_rect())
    assert "Zoom to Fit" not in window.statusBar().currentMessage()  # the hint has done its work
    fit = view.zoom()
    window.action("zoom_out").trigger()  # no further out than the whole graph needs
    assert view.zoom() == pytest.approx(fit)
    window.action("zoom_in").trigger()  # one step in, not a jump to the keys' floor
    assert view.zoom() == pytest.approx(fit * ZOOM_STEP)
    window.action("zoom_out").trigger()
    assert view.zoom() == pytest.approx(fit)


def test_a_graph_too_large_for_the_farthest_zoom_is_said_so(window, tmp_path):
    g = Graph()
    a = g.add_node("variable", name="a", value=1.0, pos=(0.0, 0.0))
    b = g.add_node("op", "sin", pos=(5_000_000.0, 0.0))  # placed by a script: far beyond any fit
    g.connect(a, b, 0)
    status = open_saved(window, g, tmp_path)
    assert "too large to show whole" in status and "shows it whole" not in status
    window.action("zoom_fit").trigger()
    assert not shown(window.view).contains(window.scene.items_bounding_rect())


def test_a_zoom_gesture_far_out_shows_the_cards_at_their_size(window, thousand_cards, qtbot):
    """A gesture begun far out draws the cards as the settled view does: Qt drew item pictures
    smaller than their cards unstretched (the cards looked shrunk while zooming)."""
    from ui.canvas_helpers import settle_zoom

    open_file(window, thousand_cards)
    view = window.view
    view.set_zoom(0.1 / ZOOM_STEP)
    settle_zoom(qtbot, view)
    view.zoom_in()  # a gesture's first step, to 10 %
    assert view.zooming()
    view.viewport().repaint()
    during = grey(view.viewport().grab().toImage())
    settled_at = view.zoom()
    settle_zoom(qtbot, view)
    assert view.zoom() == settled_at
    # the same picture, but for anti-aliasing (cards shrunk to 80 % changed 1 % of it by more than this)
    changed = np.abs(during - grey(view.viewport().grab().toImage())) > 30
    assert changed.mean() < 0.001


def test_the_zoom_keys_step_in_and_back_out_from_fit(window, thousand_cards, qtbot):
    """From Zoom to Fit (below the keys' floor), each Ctrl+= zooms one step in, through the floor
    without a jump; Ctrl+- steps back, and stops where the whole graph shows."""
    from ui.canvas_helpers import activate

    open_file(window, thousand_cards)
    activate(qtbot, window)
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_1, CTRL)
    fit = view.zoom()
    steps = 1
    while fit * ZOOM_STEP**steps < 2 * MIN_ZOOM:  # (into the keys' range and beyond)
        steps += 1
    for n in range(1, steps + 1):
        qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
        assert view.zoom() == pytest.approx(fit * ZOOM_STEP**n)
    for n in range(steps - 1, -1, -1):
        qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)
        assert view.zoom() == pytest.approx(fit * ZOOM_STEP**n)
    qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)  # no further out than the whole graph needs
    assert view.zoom() == pytest.approx(fit)
    assert shown(view).contains(window.scene.items_bounding_rect())


@pytest.mark.parametrize("start", [0.3, 0.08])  # cards drawn from item pictures while zooming; drawn afresh
def test_cards_zoomed_by_keys_are_drawn_sharp_at_rest(window, thousand_cards, qtbot, start):
    """After a run of zoom key presses settles, the canvas shows what a jump to that zoom shows:
    cards drawn at the zoom reached (from 8 %, labels rather than the boxes drawn while zooming),
    not pictures scaled from the zoom the presses began at."""
    from ui.canvas_helpers import activate, settle_zoom

    open_file(window, thousand_cards)
    activate(qtbot, window)
    assert window.scene.evaluator.evaluation is not None  # (the cards show their values in both pictures)
    view = window.view
    view.setFocus()
    centre = window.scene.items_bounding_rect().center()
    reached = start * ZOOM_STEP**3

    def picture():
        view.centerOn(centre)
        view.viewport().repaint()
        return grey(view.viewport().grab().toImage())

    view.jump_to(reached)
    jumped = picture()
    view.jump_to(start)
    view.centerOn(centre)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
    assert view.zooming()
    settle_zoom(qtbot, view)
    assert view.zoom() == pytest.approx(reached)
    assert (np.abs(picture() - jumped) > 30).mean() < 0.001
