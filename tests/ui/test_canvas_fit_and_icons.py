"""Opening a document shows the whole graph; the toolbar icons are distinct."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from ui.expression_helpers import answer_expression

from graphviz_app.core.graph import Graph
from graphviz_app.core.naming import display_labels
from graphviz_app.resources_path import example_files
from graphviz_app.ui.app import dark_palette
from graphviz_app.ui.canvas.framing import FIT_MARGIN, READABLE_ZOOM
from graphviz_app.ui.document_files import DocumentFiles
from graphviz_app.ui.main_window import MainWindow


@pytest.fixture
def make_window(qtbot, monkeypatch):
    monkeypatch.setattr(DocumentFiles, "show_error", lambda self, title, message: None)

    def make(show=True):
        w = MainWindow()
        qtbot.addWidget(w)
        w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
        if show:
            w.resize(1400, 900)
            w.show()
            qtbot.waitExposed(w)
        return w

    return make


def visible_scene_rect(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def assert_whole_graph_fits(window):
    """Opened readably: the whole graph if it fits at a readable zoom, else that zoom on its inputs."""
    view = window.view
    graph_rect = window.scene.items_bounding_rect()
    shown = visible_scene_rect(view)
    if not shown.contains(graph_rect):
        assert view.zoom() == pytest.approx(READABLE_ZOOM), (graph_rect, shown)
        assert shown.left() < graph_rect.left()  # its left end, where its inputs are and reading starts
        assert shown.top() < graph_rect.top() or shown.height() < graph_rect.height()
        return
    assert view.zoom() >= READABLE_ZOOM - 1e-9 or filled_fraction(graph_rect, shown) > 0.75
    assert view.zoom() <= 1.0 + 1e-9
    # centred, not in a corner
    assert abs(shown.center().x() - graph_rect.center().x()) < 0.1 * shown.width()
    assert abs(shown.center().y() - graph_rect.center().y()) < 0.1 * shown.height()
    # and as large as the viewport allows (up to 100 %): it fills one of the two directions
    assert view.zoom() == pytest.approx(1.0) or filled_fraction(graph_rect, shown) > 0.75


def filled_fraction(graph_rect, shown) -> float:
    return max(graph_rect.width() / shown.width(), graph_rect.height() / shown.height())


def test_a_large_graph_opens_readable_on_its_inputs_and_fits_on_request(make_window, tmp_path):
    from graphviz_app.core import fileformat
    from graphviz_app.core.autolayout import apply_layout
    from graphviz_app.core.sample_graphs import scalar_chains

    g = scalar_chains(40, lambda i: 0.1 * i, lambda i: ("sin", "tanh"))
    apply_layout(g)
    path = tmp_path / "large.json"
    fileformat.save(g, path)
    window = make_window()
    assert window.files.open_path(path, ask=False)
    view = window.view
    assert view.zoom() == pytest.approx(READABLE_ZOOM)  # card texts readable
    shown = visible_scene_rect(view)
    inputs = [window.scene.node_item(n.id).sceneBoundingRect() for n in window.graph.nodes() if n.is_input]
    in_view = [rect for rect in inputs if shown.contains(rect)]
    assert in_view and min(r.left() for r in in_view) == min(r.left() for r in inputs)  # the first inputs
    output = window.scene.node_item(window.graph.output).sceneBoundingRect()
    assert not shown.contains(output) and not shown.contains(window.scene.items_bounding_rect())
    status = window.statusBar().currentMessage()  # the user is told how to see it whole
    assert status.endswith(" inputs in view: Zoom to Fit (Ctrl+1) shows it whole.")
    window.action("zoom_in").trigger()  # a zoom that still does not show it all
    assert window.statusBar().currentMessage() == status
    window.action("zoom_fit").trigger()  # zoom to fit is one key away (Ctrl+1)
    assert visible_scene_rect(view).contains(window.scene.items_bounding_rect())
    assert view.zoom() < READABLE_ZOOM
    said = window.statusBar().currentMessage()  # the hint has done its work: what opening said stays, alone
    assert status.startswith(said + ". Its inputs in view: ")
    assert said.startswith("Opened ") and "Zoom to Fit" not in said
    window.action("zoom_reset").trigger()  # Actual Size: part is out of view again
    assert window.statusBar().currentMessage() == said  # (the hint is not said twice)


def title_pixels(view) -> float:
    """How high a card's title (9 pt bold, as the cards draw it) is on screen, in pixels."""
    from PySide6.QtGui import QFontInfo

    from graphviz_app.ui.canvas.theme import ui_font

    return QFontInfo(ui_font(9.0, bold=True)).pixelSize() * view.zoom()


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_every_example_opens_fitted_with_readable_card_titles(make_window, qtbot, path):
    """In the main window at a normal size, docks shown, opened as File → Examples does: fitted at
    once, and the titles readable, still so once the window has handled the resizes that follow."""
    window = make_window()
    assert window.files.open_example(path)
    assert_whole_graph_fits(window)
    qtbot.wait(50)
    assert title_pixels(window.view) >= 8.4 - 1e-6, (path.stem, window.view.zoom())  # (bold: read at a glance)
    assert title_pixels(window.view) == pytest.approx(12.0 * READABLE_ZOOM) or window.view.zoom() > READABLE_ZOOM


def test_a_graph_just_wider_than_the_view_at_the_readable_zoom_shows_whole(make_window, qtbot):
    """Only the fit margin would not fit at the readable zoom: the graph shows whole, not cut."""
    window = make_window()
    path = next(p for p in example_files() if p.stem.startswith("09"))
    assert window.files.open_example(path)
    needed = window.scene.items_bounding_rect().width() * READABLE_ZOOM
    view = window.view
    for _ in range(8):  # (the Inspector's side may widen with the window: until the canvas keeps that width)
        window.resize(window.width() + round(needed + 12) - view.viewport().width(), window.height())
        qtbot.wait(30)
        if abs(view.viewport().width() - round(needed + 12)) <= 2:
            break
    assert abs(view.viewport().width() - round(needed + 12)) <= 2
    assert view.viewport().width() < needed + 2 * FIT_MARGIN  # (the tight case)
    assert window.files.open_example(path)
    assert view.zoom() == pytest.approx(READABLE_ZOOM)
    assert visible_scene_rect(view).contains(window.scene.items_bounding_rect())


def test_opened_before_the_window_is_shown_fits_once_it_has_its_size(make_window, qtbot, tmp_path):
    """The command-line file is opened before the window manager gives the window its final size."""
    window = make_window(show=False)
    assert window.files.open_example(example_files()[-1])
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    assert_whole_graph_fits(window)
    window.resize(1800, 1100)  # maximised later: still fitted, since the user has not zoomed yet
    QApplication.processEvents()
    assert_whole_graph_fits(window)


def cards_in_view(window) -> set[str]:
    """The names of the cards shown whole in the view."""
    shown, names = visible_scene_rect(window.view), display_labels(window.graph)
    return {names[i] for i, card in window.scene.node_items().items() if shown.contains(card.sceneBoundingRect())}


def open_at_size(make_window, qtbot, size, opened):
    window = make_window()
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    QApplication.processEvents()
    opened(window)
    qtbot.wait(50)  # (the resizes that follow an open)
    return window


@pytest.mark.parametrize("size", [(900, 600), (1280, 800)])
def test_a_graph_too_wide_to_read_whole_opens_on_its_inputs(make_window, qtbot, size):
    """A forward reading starts at the inputs (Backward's animation pans to the output itself):
    they are what a graph too wide for the view shows, at a readable zoom, with a hint that fits."""
    path = next(p for p in example_files() if p.stem.startswith("05"))
    window = open_at_size(make_window, qtbot, size, lambda w: w.files.open_example(path))
    assert {"Φ", "θ", "y"} <= cards_in_view(window)
    assert window.view.zoom() >= READABLE_ZOOM - 1e-9
    bar = window.statusBar()
    status = bar.findChild(QLabel, "outputLabel")  # the status bar's own text, on its right
    assert bar.fontMetrics().horizontalAdvance(bar.currentMessage()) + status.width() < bar.width()


@pytest.mark.parametrize("size", [(900, 600), (1280, 800)])
def test_a_new_graph_from_an_expression_opens_on_its_inputs(make_window, qtbot, monkeypatch, size):
    answer_expression(monkeypatch, "sum((y - Phi @ theta)**2)")
    window = open_at_size(make_window, qtbot, size, lambda w: w.files.new_from_expression())
    assert {"Φ", "θ", "y"} <= cards_in_view(window)  # (the cards name them in Greek)
    assert window.view.zoom() >= READABLE_ZOOM - 1e-9


def test_small_graph_is_not_blown_up_beyond_100_percent(make_window):
    window = make_window()
    g = Graph()
    g.add_node("variable", name="x", value=1.0, pos=(0, 0))
    window.open_graph(g, title="tiny")
    assert window.view.zoom() == pytest.approx(1.0)
    assert visible_scene_rect(window.view).contains(window.scene.items_bounding_rect())


def test_zoom_to_fit_frames_a_collapsed_group_not_the_cards_it_hides(window, qtbot):
    from graphviz_app.core.autolayout import apply_layout
    from graphviz_app.core.sample_graphs import branching_chains

    graph = branching_chains(40, 11)  # 1000 cards, far wider than the view
    apply_layout(graph)
    window.open_graph(graph, title="large")
    view = window.view
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(view, Qt.Key.Key_A, ctrl)
    qtbot.keyClick(view, Qt.Key.Key_G, ctrl)
    qtbot.keyClick(view, Qt.Key.Key_G, ctrl | Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view, Qt.Key.Key_1, ctrl)
    (group,) = window.graph.groups
    card = window.scene.groups.card_item(group.id).sceneBoundingRect()
    shown = visible_scene_rect(view)
    # the one card shown, at actual size in the middle (not a speck in the hidden cards' extent)
    assert view.zoom() == pytest.approx(1.0)
    assert shown.contains(card)
    assert abs(shown.center().x() - card.center().x()) < 0.1 * shown.width()
    assert abs(shown.center().y() - card.center().y()) < 0.1 * shown.height()


def test_new_from_expression_and_recovery_fit(make_window, monkeypatch):
    window = make_window()
    answer_expression(monkeypatch, "sum(sigmoid(W @ x + b)) + sin(y) * cos(y) + exp(y)")
    window.files.new_from_expression()
    assert len(window.graph) > 5
    assert_whole_graph_fits(window)


def test_user_zoom_cancels_the_pending_fit(make_window, qtbot):
    window = make_window()
    window.files.open_example(example_files()[0])
    view = window.view
    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(view.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    zoomed = view.zoom()
    window.resize(1000, 700)
    QApplication.processEvents()
    assert view.zoom() == pytest.approx(zoomed)  # the user's zoom is kept


def _pixels(icon) -> bytes:
    image = icon.pixmap(24, 24).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return bytes(image.constBits())


def test_toolbar_icons_are_distinct_and_export_is_not_a_second_save(make_window):
    window = make_window()
    bar = window.toolbar
    with_icons = [a for a in bar.actions() if not a.isSeparator() and not a.icon().isNull()]
    export = window.action("export")
    assert export in with_icons and window.action("save") in with_icons
    pictures = [_pixels(a.icon()) for a in with_icons]
    assert len(set(pictures)) == len(pictures), [a.text() for a in with_icons]
    # export sits with the file actions, right after Save
    items = bar.actions()
    assert items.index(export) == items.index(window.action("save")) + 1
    # toolbar buttons name their shortcut
    assert "Ctrl+S" in window.action("save").toolTip()
    assert "Ctrl+O" in window.action("open").toolTip()


def test_icons_follow_the_palette(make_window):
    window = make_window()
    light = _pixels(window.action("open").icon())
    window.setPalette(dark_palette())
    window.apply_theme()
    dark = _pixels(window.action("open").icon())
    assert light != dark
    # drawn in a light ink on the dark toolbar: the brightest opaque pixel is bright
    image = window.action("open").icon().pixmap(24, 24).toImage()
    brightest = max(
        image.pixelColor(x, y).lightness()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    )
    assert brightest > 180
