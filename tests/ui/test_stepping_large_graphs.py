"""Stepping the backward pass of a graph too large to read whole: the view zooms in to a readable
zoom about the pass's first step (its card and the cards its arrows connect), then keeps the zoom
the user chooses, readable or not, and the status bar keeps naming the pass."""

import random

import pytest
from PySide6.QtCore import QRectF, Qt
from ui.canvas_helpers import window_of_size

from graphviz_app.core import fileformat
from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.sample_graphs import scalar_chains
from graphviz_app.ui.canvas.framing import BANNER_ROOM, READABLE_ZOOM
from graphviz_app.ui.canvas.overlay_items import TitleItem

TITLE_PX = 12.0  # a card's 9-pt title at 96 dpi, at actual size


@pytest.fixture
def window(qtbot):
    return window_of_size(qtbot, (1280, 800))


@pytest.fixture(scope="module")
def large_file(tmp_path_factory):
    """A 160-card graph (40 chains of three ops), saved: 40 rows tall, its fit zoom about 10 %, as
    unreadable as 400 cards' 4 %, and about six screens tall at a readable zoom (its last steps far from its first)."""
    g = scalar_chains(40, lambda i: 0.01 * i, lambda i: ("sin", "tanh"))
    apply_layout(g)
    path = tmp_path_factory.mktemp("stepping") / "large.json"
    fileformat.save(g, path)
    return path


@pytest.fixture
def large(window, large_file):
    """The large graph, opened and zoomed to fit: cards far too small to read."""
    assert window.files.open_path(large_file, ask=False)
    window.action("zoom_fit").trigger()
    assert window.view.zoom() < 0.25  # (the premise: a card is a speck)
    return window


def on_screen(view, rect: QRectF) -> QRectF:
    """Where rect (scene) is drawn in the viewport, in pixels."""
    return view.mapFromScene(rect).boundingRect().toRectF()


def active_card(window):
    return window.scene.node_item(window.animation.controller.active_node())


def assert_step_readable(window) -> None:
    view = window.view
    card = active_card(window).sceneBoundingRect()
    drawn = on_screen(view, card)
    assert drawn.height() >= card.height() * READABLE_ZOOM - 1  # drawn at a readable size…
    assert TITLE_PX * view.zoom() >= TITLE_PX * READABLE_ZOOM - 1e-6
    assert view.viewport().rect().toRectF().contains(drawn)  # …and whole in view


def test_backward_on_a_fitted_large_graph_zooms_in_to_read_the_step(large, qtbot):
    window = large
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    assert window.animation.controller.active
    assert_step_readable(window)
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        assert_step_readable(window)
    qtbot.keyClick(window.view, Qt.Key.Key_End)  # far away: the view goes there, still readable
    assert window.animation.controller.k == window.animation.controller.count - 1
    assert_step_readable(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Home)
    assert_step_readable(window)


def test_the_step_shows_with_the_cards_its_arrows_connect(large, qtbot):
    window = large
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    c = window.animation.controller
    qtbot.keyClick(window.view, Qt.Key.Key_End)  # a variable: the card its arrow feeds beside it
    qtbot.keyClick(window.view, Qt.Key.Key_Left)  # that card: its input and its consumer beside it
    port = window.view.viewport().rect().toRectF()
    for node in {n for edge in c.edges_at(c.k) for n in edge[:2]}:
        assert port.contains(on_screen(window.view, window.scene.node_item(node).sceneBoundingRect())), node


def test_a_readable_zoom_the_user_chose_is_kept(large, qtbot):
    window = large
    window.action("zoom_reset").trigger()
    window.action("zoom_out").trigger()  # 83 %: readable, the user's choice
    zoom = window.view.zoom()
    assert zoom >= READABLE_ZOOM
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    assert window.view.zoom() == pytest.approx(zoom)
    assert_step_readable(window)


def test_a_user_who_zooms_out_during_the_pass_is_not_pulled_back_in(large, qtbot):
    """Review 15: every step zoomed back in to a readable zoom, so a user who zoomed out on purpose
    to watch a large pass run as a whole was pulled in again at the next step. Only a pass's first
    step zooms in."""
    window = large
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    assert_step_readable(window)  # (the pass's first step: zoomed in to read it)
    window.action("zoom_fit").trigger()
    far = window.view.zoom()
    assert far < READABLE_ZOOM
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_End):
        qtbot.keyClick(window.view, key)
        assert window.view.zoom() == pytest.approx(far)
    port = window.view.viewport().rect().toRectF()
    assert port.intersects(on_screen(window.view, active_card(window).sceneBoundingRect()))  # (still in view)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)  # a new pass: its first step is read again
    assert_step_readable(window)


def test_the_status_bar_names_the_pass_when_its_message_has_gone(large, qtbot):
    window = large
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    c = window.animation.controller
    bar = window.statusBar()
    assert bar.currentMessage().startswith(f'Backward from "loss": {c.count} steps')
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    bar.clearMessage()  # (as the message's timeout does, on a long walk to the end)
    assert bar.currentMessage() == f'Backward from "loss": {c.count} steps'
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert bar.currentMessage() == "Animation ended."
    bar.clearMessage()
    assert bar.currentMessage() == ""  # (the pass is over: nothing of it is said again)


def clear_of_banner(window) -> QRectF:
    """The viewport below the pass's banner (in pixels), where a step's cards are brought."""
    port = window.view.viewport().rect().toRectF()
    return port.adjusted(0, BANNER_ROOM, 0, 0)


def test_each_step_brings_its_card_with_the_cards_it_reads_from_into_the_middle(large, qtbot):
    """Walk 17: stepping backward on a large graph left the step's card in the view's top-left
    corner, its inputs' wires off screen and the banner over a card. Each step shows its card with
    the cards it reads from, centred below the banner, at a readable zoom, or at least its card
    in the middle when they cannot all show."""
    window = large
    view, c = window.view, window.animation.controller
    qtbot.keyClick(view, Qt.Key.Key_F6)
    for key in (*[Qt.Key.Key_Right] * 6, Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Left):
        qtbot.keyClick(view, key)
        clear = clear_of_banner(window)
        card = on_screen(view, active_card(window).sceneBoundingRect())
        assert clear.contains(card), c.k  # whole in view, not under the banner
        assert view.zoom() >= READABLE_ZOOM - 1e-9
        inputs = [on_screen(view, window.scene.node_item(n).sceneBoundingRect()) for n in set(c.cards_at(c.k))]
        if all(clear.contains(rect) for rect in inputs):
            continue
        middle = clear.adjusted(clear.width() / 4, clear.height() / 4, -clear.width() / 4, -clear.height() / 4)
        assert middle.contains(card.center()), c.k  # they cannot all show: the card in the middle


def test_a_step_whose_inputs_are_far_apart_centres_its_card(window, tmp_path, qtbot):
    """The last additions of a pairwise tree read from cards a whole graph apart: the step's card
    is centred, not pushed by the least pan to the view's edge."""
    g = scalar_chains(64, lambda i: 0.01 * i, lambda i: ("sin", "tanh"))
    apply_layout(g)
    path = tmp_path / "tree.json"
    fileformat.save(g, path)
    assert window.files.open_path(path, ask=False)
    view, c = window.view, window.animation.controller
    window.action("zoom_reset").trigger()
    qtbot.keyClick(view, Qt.Key.Key_F6)
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Right)
        clear = clear_of_banner(window)
        card = on_screen(view, active_card(window).sceneBoundingRect())
        inputs = [on_screen(view, window.scene.node_item(n).sceneBoundingRect()) for n in set(c.cards_at(c.k))]
        assert clear.contains(card)
        if not all(clear.contains(rect) for rect in inputs):
            middle = clear.adjusted(clear.width() / 4, clear.height() / 4, -clear.width() / 4, -clear.height() / 4)
            assert middle.contains(card.center()), c.k


def banner_rect(window) -> QRectF:
    titles = [item for item in window.scene.items() if isinstance(item, TitleItem) and item.isVisible()]
    assert len(titles) == 1
    return titles[0].sceneBoundingRect()


def test_the_banner_hides_no_card_where_the_view_has_room_for_it(window, tmp_path, qtbot):
    """Walk 17: at the last step the banner "Backward · step 300 / 300 · numerator layout" covered a
    card's title. In a view full of cards it finds a gap, wrapped onto lines if it must."""
    rng = random.Random(1)  # (the walk's 300-card graph: benchmarks/canvas.py random_graph)
    unary = ["sin", "cos", "tanh", "square", "sigmoid", "exp", "neg", "abs"]
    g = scalar_chains(
        75,
        lambda _i: rng.uniform(-1, 1),
        lambda _i: [rng.choice(unary) for _ in range(2)],
        lambda: rng.choice(["add", "mul"]),
    )
    path = tmp_path / "g300.json"
    fileformat.save(g, path)  # (no places: it opens laid out, at a readable zoom on its inputs)
    assert window.files.open_path(path, ask=False)
    view = window.view
    qtbot.keyClick(view, Qt.Key.Key_F6)
    for key in (Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Left):
        qtbot.keyClick(view, key)
        view.viewport().repaint()  # (the banner keeps in view as the view is drawn)
        banner = banner_rect(window)
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        assert shown.contains(banner)
        covered = [
            name
            for name, item in ((n.name, window.scene.node_item(n.id)) for n in window.graph.nodes())
            if item.isVisible() and item.sceneBoundingRect().intersects(banner)
        ]
        assert not covered, (key, covered)
