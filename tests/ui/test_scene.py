"""The scene mirrors the model, shows evaluation results and draws the animation overlay."""

import re

import pytest
import shiboken6
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QUndoStack

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas import GraphScene, GraphView
from graphviz_app.ui.canvas.labels import shape_text, shorten_value, value_preview
from graphviz_app.ui.canvas.overlay_items import MarkerItem, TitleItem
from graphviz_app.ui.evaluator import Evaluator
from graphviz_app.ui.overlay import ACTIVE, FINISHED, SceneOverlay


def shown(scene, kind) -> list:
    """The scene's items of this kind (the marker, the title)."""
    return [item for item in scene.items() if isinstance(item, kind)]


@pytest.fixture
def setup(qtbot):
    g = Graph()
    W = g.add_node("variable", name="W", value=[[1, 2], [3, 4], [5, 6]], pos=(0, 0))
    x = g.add_node("variable", name="x", value=[1.0, -1.0], pos=(0, 150))
    mm = g.add_node("op", "matmul", pos=(240, 60))
    s = g.add_node("op", "sum", name="L", pos=(480, 60))
    g.connect(W, mm, 0)
    g.connect(x, mm, 1)
    g.connect(mm, s, 0)
    g.set_output(s)
    stack = QUndoStack()
    scene = GraphScene(g, stack)
    view = GraphView(scene)
    view.resize(900, 600)
    qtbot.addWidget(view)
    yield g, stack, scene, view
    # taken apart now, view first, then the scene: not whenever the collector finds the graph,
    # scene and evaluator's cycle while Qt still holds events for them
    scene.detach()
    view.setScene(None)
    shiboken6.delete(view)
    scene.clear()
    shiboken6.delete(scene)


def render(scene) -> QImage:
    rect = scene.items_bounding_rect()
    image = QImage(int(rect.width()) + 1, int(rect.height()) + 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image


def test_labels():
    assert shape_text((3, 2)) == "ℝ³ˣ²"
    assert shape_text((3,)) == "ℝ³"
    assert shape_text(()) == "ℝ"
    import numpy as np

    assert value_preview(np.array(0.8414709)) == "0.8415"
    assert value_preview(np.arange(10.0)).endswith("…]")


def test_a_value_too_wide_for_its_card_is_cut_between_numbers_with_brackets_closed():
    def fits(width):
        return lambda text: len(text) <= width

    assert shorten_value("= [0.3, 0.2, 0.1, 0.4]", fits(30), 0.3) == "= [0.3, 0.2, 0.1, 0.4]"
    assert shorten_value("= [0.3, 0.2, 0.1, 0.4]", fits(18), 0.3) == "= [0.3, 0.2, …]"
    assert shorten_value("[[1, 2, …], …]", fits(11), 1) == "[[1, …], …]"  # never two ellipses in a row
    assert shorten_value("[[1, 2, 3, 4]]", fits(11), 1) == "[[1, 2, …]]"  # one row: no rows made up
    # not even the first number whole: it has fewer digits (3, then 2, rounded from its true value),
    # its rows kept and "…" an entry of its own; never fewer than 2 digits, never the number alone
    # ([[0.445…]] read as a 1×1 matrix and "more digits"), never an empty skeleton ([[…], …])
    assert shorten_value("[[−0.125, …], …]", fits(15), -0.125) == "[[−0.12, …], …]"
    assert shorten_value("= [[0.2031, 0.5, …], …]", fits(17), 0.2031) == "= [[0.203, …], …]"
    assert shorten_value("= [[0.2031, 0.5, …], …]", fits(15), 0.2031) == "= [[0.2, …], …]"  # (0.20)
    assert shorten_value("= [[0.2031, 0.5, …], …]", fits(14), 0.2031) is None  # the footer: its shape alone
    assert shorten_value("= [[0.445, 1.235, …], …]", fits(16), 0.44496) == "= [[0.44, …], …]"
    assert shorten_value("= [[0.445, 1.235, …], …]", fits(15), 0.44496) is None  # (never = [[0.445…]])
    # −123456789: −1.2e8, never −1e8 (which reads as −100000000)
    assert shorten_value("= [[−1.235e8, 2], …]", fits(18), -123456789.0) == "= [[−1.2e8, …], …]"
    assert shorten_value("= [[−1.235e8, 2], …]", fits(17), -123456789.0) is None
    # a small number in powers of ten when that is shorter: −1.2e−4, not −0.00012
    assert shorten_value("[[−0.0001235, …], …]", fits(18), -0.000123456) == "[[−1.23e−4, …], …]"
    assert shorten_value("[[−0.0001235, …], …]", fits(17), -0.000123456) == "[[−1.2e−4, …], …]"
    assert shorten_value("[[−0.0001235, …], …]", fits(16), -0.000123456) is None
    assert shorten_value("[2.463e−5, 1]", fits(11), 2.463e-5) == "[2.5e−5, …]"
    assert shorten_value("[2.463e−5, 1]", fits(10), 2.463e-5) is None  # (never [2e−5, …])
    assert shorten_value("0.123456", fits(4), 0.123456) == "0.12"
    assert shorten_value("0.123456", fits(3), 0.123456) is None
    assert shorten_value("[[−0.445, …], …]", fits(15), -0.44496, fewest=4) is None  # (no digits dropped)
    # ∞, −∞ and nan have no digits to drop: their rows kept, or nothing, never Qt's cut
    assert shorten_value("[[−∞, 2.5], …]", fits(12), None) == "[[−∞, …], …]"
    assert shorten_value("[[−∞, 2.5], …]", fits(11), None) is None
    assert shorten_value("= [∞, 1, 2]", fits(8), None) == "= [∞, …]"
    assert shorten_value("= [∞, 1, 2]", fits(7), None) is None


def test_a_matrix_too_wide_for_its_card_never_shows_a_cut_bracket_nor_a_lone_number(qapp):
    """Example 09's W2 read `[[−0.125, …], …` on its card and its footers `= [[0.203…`, then
    `= [[0.203…]]`: at any width and size a value is drawn with every bracket it opens closed, no
    number cut, its rows kept, "…" an entry of its own, its first number with 2 significant digits
    or more; or not at all (the card's shape says what it is)."""
    from graphviz_app.core.number_text import fmt_number, sci_number
    from graphviz_app.ui.canvas.card_text import advance, fitted_value

    examples = (
        ("[[−0.125, …], …]", (10.5, 9.0), -0.125),
        ("= [[0.2031, …], …]", (8.0, 7.0), 0.2031),
        ("= [[0.445, 1.235, …], …]", (8.0, 7.0), 0.44496),
        ("= [[−12346, 1.235, …], …]", (8.0, 7.0), -12345.678),
        ("[[−0.0001235, 1.235, …], …]", (10.5, 9.0), -0.000123456),
        ("[0.82, 0.1, 0.5, …]", (13.0, 9.0), 0.82),
    )
    for text, sizes, first in (*examples, ("[[−∞, 2], …]", (10.5, 9.0), None), ("= [[nan, 2], …]", (8.0, 7.0), None)):
        for width in range(20, int(advance(text, True, sizes[0])) + 2):
            shown, size = fitted_value(text, float(width), sizes, first)
            assert size in sizes and advance(shown, True, size) <= width, (text, width, shown)
            if shown == "":
                continue
            assert shown.count("[") == shown.count("]") and shown.endswith("]"), (text, width, shown)
            assert "…]" not in shown.replace(", …]", ""), (text, width, shown)  # (… never glued to a number)
            opening = re.match(r"[= ]*\[+", text).group()
            assert shown.startswith(opening), (text, width, shown)  # (its rows kept)
            if len(opening.strip("= ")) > 1:
                assert shown.endswith("], …]"), (text, width, shown)
            number = shown[len(opening) :].split(",")[0].rstrip("]")
            if first is not None:
                written = {fmt_number(first, d) for d in (2, 3, 4)} | {sci_number(first, d) for d in (2, 3)}
                assert number in written, (text, width, shown)


STUDENT = [
    [-0.44496, 1.23456789, -2.5],
    [0.000123456, 1.5, -0.1],
]  # (an entry on a rounding edge, a long one, a tiny one)


@pytest.mark.parametrize(
    ("entry", "value", "body", "footer", "total"),
    [
        # the footer once read = [[0.445…]] (a 1×1 matrix? more digits?) beside the body's −0.44
        ((0, 0), -0.44496, "[[−0.445, …], …]", "= [[0.445, …], …]", "= 0.3103"),
        # the footer read = [[−1e4…]] (−10000) and the sum = −1.234e4
        ((1, 1), 12345.678, "[[−0.445, …], …]", "= [[0.445, …], …]", "= −12344"),
        ((0, 0), 12345.678, "[[12346, …], …]", None, "= −12346"),
        # the body read [[−0.000123…]] and the footer = [[0.0001…]]
        ((0, 0), -0.000123456, "[[−1.2e−4, …], …]", None, "= −0.1346"),
        ((0, 0), 0.99996, "[[1, …], …]", "= [[−1, …], …]", "= −1.135"),
    ],
)
def test_a_shortened_matrix_on_a_card_keeps_its_rows_and_two_significant_digits(
    qtbot, entry, value, body, footer, total
):
    """M (2×3) → neg → sum, as drawn at 100 %: a matrix too wide for its card keeps its rows with "…"
    as an entry ([[0.445, …], …]) and its first number with 2 significant digits or more, rounded
    as the body rounds it; else the footer shows the card's shape alone. A large sum is written
    whole when that is no longer than its power of ten (−12344, not −1.234e4)."""
    from ui.canvas_helpers import shown_view
    from ui.test_card_drawing import texts_at

    matrix = [row[:] for row in STUDENT]
    matrix[entry[0]][entry[1]] = value
    g = Graph()
    m = g.add_node("variable", name="M", value=matrix, pos=(0, 0))
    negated = g.add_node("op", "neg", name="neg", pos=(250, 0))
    s = g.add_node("op", "sum", name="s", pos=(500, 0))
    g.connect(m, negated, 0)
    g.connect(negated, s, 0)
    scene, _view = shown_view(qtbot, g, (900, 400), (320, 60))

    def values(node) -> list[str]:
        return [t for t in texts_at(scene.node_item(node), 1.0) if t.startswith(("[", "= "))]

    assert values(m) == [body]
    assert values(negated) == ([footer] if footer else [])
    assert "ℝ²ˣ³" in texts_at(scene.node_item(negated), 1.0)  # (the footer's shape, always)
    assert values(s) == [total]


def test_items_follow_the_model(setup):
    g, stack, scene, view = setup
    assert set(scene.node_items()) == set(g.node_ids())
    assert set(scene.edge_items()) == {tuple(e) for e in g.edges()}
    n = g.add_node("op", "sin", pos=(10, 300))
    assert scene.node_item(n) is not None
    g.connect(g.find("L"), n, 0)
    assert scene.edge_item((g.find("L"), n, 0)) is not None
    g.remove_node(n)
    assert scene.node_item(n) is None and scene.edge_item((g.find("L"), n, 0)) is None
    g.move(g.find("x"), (33, 44))
    assert scene.node_item(g.find("x")).pos().toTuple() == (33, 44)
    g.clear()
    assert scene.node_items() == {} and scene.edge_items() == {}


def test_evaluation_shapes_values_and_errors(setup, qtbot):
    g, stack, scene, view = setup
    mm = g.node_ids()[2]
    ev = scene.evaluator.evaluation
    assert ev.values[mm].shape == (3,)
    item = scene.node_item(mm)
    assert item.state.shape == (3,) and item.state.preview == "[−1, −1, −1]"
    assert scene.edge_item((g.find("W"), mm, 0)).shape_label == "ℝ³ˣ²"
    messages = []
    scene.statusMessage.connect(messages.append)
    with qtbot.waitSignal(scene.evaluator.evaluated):
        g.set_value(g.find("x"), [1.0, 2.0, 3.0])
    named = "W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ"  # the clashing cards by name
    assert named in item.state.error
    assert named in item.toolTip()
    assert messages and named in messages[-1]
    assert scene.node_item(g.find("L")).state.blocked  # downstream of the error


def test_a_scene_shows_the_results_of_the_evaluator_it_is_given(qtbot):
    g = Graph()
    x = g.add_node("variable", name="x", value=[1.0, 2.0], pos=(0, 0))
    s = g.add_node("op", "sum", pos=(200, 0))
    g.connect(x, s, 0)
    evaluator = Evaluator(g)
    scene = GraphScene(g, QUndoStack(), evaluator=evaluator)
    assert scene.evaluator is evaluator
    evaluator.refresh()
    assert scene.node_item(s).state.preview == "3"
    with qtbot.waitSignal(evaluator.evaluated):
        g.set_value(x, [1.0, 5.0])
    assert scene.node_item(s).state.preview == "6"
    scene.detach()


def test_the_window_makes_the_evaluator_its_canvas_shows(window):
    assert window.scene.evaluator is window.evaluator


def test_output_flag_and_selection_signal(setup, qtbot):
    g, stack, scene, view = setup
    assert scene.node_item(g.find("L")).is_output
    g.set_output(g.find("x"))
    assert scene.node_item(g.find("x")).is_output and not scene.node_item(g.find("L")).is_output
    with qtbot.waitSignal(scene.selectedNodeChanged) as blocker:
        scene.node_item(g.find("W")).setSelected(True)
    assert blocker.args == [g.find("W")]
    with qtbot.waitSignal(scene.selectedNodeChanged) as blocker:
        scene.clearSelection()
    assert blocker.args == [None]


def test_overlay_is_drawn_and_removed(setup):
    g, stack, scene, view = setup
    W, x, mm, L = g.node_ids()
    edge = (W, mm, 0)
    plain = render(scene)
    overlay = SceneOverlay(
        title="Backward · step 2 / 4",
        node_roles={mm: ACTIVE, L: FINISHED},
        node_badges={mm: "∂L/∂u = [1, 1, 1]  1×3"},
        edge_labels={edge: "∂L/∂W  3×2"},
        edge_highlight={edge},
        marker=(edge, 0.25),
    )
    scene.overlay_presenter.show(overlay)
    assert scene.overlay_presenter.overlay is overlay
    assert scene.node_item(mm).role == ACTIVE
    assert scene.edge_item(edge).highlighted and scene.edge_item(edge).overlay_label == "∂L/∂W  3×2"
    # the marker sits on the curve, a quarter of the way from the consumer (backward)
    (marker_item,) = shown(scene, MarkerItem)
    marker = marker_item.pos()
    expected = scene.edge_item(edge).point_at(0.75)
    assert (marker - expected).manhattanLength() < 1e-6
    bigger = scene.items_bounding_rect()
    assert bigger.top() < scene.cards_rect().top()  # the title is above the graph
    drawn = render(scene)
    assert drawn.size() != plain.size() or drawn != plain
    # the active node's glow colour appears in the image
    glow = QColor(scene.theme.roles[ACTIVE])
    found = any(
        QColor(drawn.pixel(px, py)).red() > 230
        and abs(QColor(drawn.pixel(px, py)).green() - glow.green()) < 40
        and QColor(drawn.pixel(px, py)).blue() < 80
        for px in range(0, drawn.width(), 2)
        for py in range(0, drawn.height(), 2)
    )
    assert found
    scene.overlay_presenter.show(None)
    assert scene.node_item(mm).role is None and shown(scene, MarkerItem) == shown(scene, TitleItem) == []
    assert not scene.edge_item(edge).highlighted


def test_overlay_ignores_unknown_nodes_and_edges(setup):
    g, stack, scene, view = setup
    scene.overlay_presenter.show(
        SceneOverlay(
            node_roles={"nope": ACTIVE},
            node_badges={"nope": "x"},
            edge_labels={("a", "b", 0): "x"},
            marker=(("a", "b", 0), 0.5),
        )
    )
    assert shown(scene, MarkerItem) == []


def test_clean_render_hides_selection_and_restores_it(setup):
    g, stack, scene, view = setup
    item = scene.node_item(g.find("x"))
    item.setSelected(True)
    with scene.clean_render():
        assert not item.isSelected() and scene.clean_mode
    assert item.isSelected() and not scene.clean_mode


def test_clean_render_failing_while_getting_ready_leaves_the_window_as_it_was(setup, monkeypatch):
    """A failure getting ready to draw for an export leaves the selection and the window's look as they were."""
    g, stack, scene, view = setup
    item = scene.node_item(g.find("x"))
    item.setSelected(True)

    restyle = scene.overlay_presenter.drawn_for_export_changed
    calls = []

    def fail_once():  # (getting ready fails; putting things back works)
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("drawing failed")
        restyle()

    monkeypatch.setattr(scene.overlay_presenter, "drawn_for_export_changed", fail_once)
    with pytest.raises(RuntimeError), scene.clean_render():
        pass
    monkeypatch.undo()
    assert item.isSelected() and not scene.clean_mode


def test_scene_rect_grows_with_the_graph(setup):
    g, stack, scene, view = setup
    n = g.add_node("op", "sin", pos=(9000, 7000))
    assert scene.sceneRect().contains(scene.node_item(n).sceneBoundingRect())


def test_theme_switch(setup):
    from graphviz_app.ui.canvas.theme import DARK, LIGHT

    g, stack, scene, view = setup
    scene.apply_theme(DARK)
    assert scene.backgroundBrush().color() == DARK.canvas
    scene.apply_theme(LIGHT)
    assert scene.backgroundBrush().color() == LIGHT.canvas
