"""The empty window says how to start: a hint in the middle of the canvas naming the palette (and
Tab), File → New from Expression… and File → Examples; the right dock opens on the Inspector."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from graphviz_app.resources_path import examples_dir


def _hint(window):
    return window.view.empty_hint


def test_the_empty_canvas_names_the_ways_to_start_in_its_middle(window, qtbot):
    qtbot.waitExposed(window)
    hint = _hint(window)
    assert hint.isVisible()
    text = hint.text()
    assert "palette" in text and "Tab" in text and "New from Expression…" in text and "Examples" in text
    assert "Ctrl+Shift+E" in text  # (New from Expression's own keys, from the table)
    assert_centred(window)


def assert_centred(window):
    hint, viewport = _hint(window), window.view.viewport().geometry()  # (both in the view's coordinates)
    assert viewport.contains(hint.geometry())
    assert abs(hint.geometry().center().x() - viewport.center().x()) <= 2
    assert abs(hint.geometry().center().y() - viewport.center().y()) <= 2


def test_the_hint_goes_with_the_first_node_and_comes_back_when_the_graph_empties(window, qtbot):
    qtbot.waitExposed(window)
    window.view.editor.add_node_at("variable", None, QPointF(0, 0))
    assert not _hint(window).isVisible()
    window.undo_stack.undo()
    assert _hint(window).isVisible()


def test_an_opened_example_shows_no_hint_and_a_new_document_does(window, qtbot):
    qtbot.waitExposed(window)
    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    assert not _hint(window).isVisible()
    window.action("new").trigger()
    qtbot.waitUntil(lambda: len(window.graph) == 0)
    assert _hint(window).isVisible()


def test_the_hint_stays_in_the_middle_when_the_empty_canvas_scrolls(window, qtbot):
    """The view scrolls (a new document after a large one, the scroll bars dragged): the hint
    does not scroll with the grid."""
    qtbot.waitExposed(window)
    bars = window.view.horizontalScrollBar(), window.view.verticalScrollBar()
    for bar in bars:
        bar.setValue(bar.minimum() if bar.value() > bar.minimum() + 200 else bar.maximum())
    qtbot.wait(20)
    assert_centred(window)


def test_clicks_reach_the_canvas_through_the_hint(window, qtbot):
    qtbot.waitExposed(window)
    hint = _hint(window)
    assert hint.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert window.view.childAt(hint.geometry().center()) is window.view.viewport()  # (the mouse finds the canvas)


def test_the_right_dock_opens_on_the_inspector(qtbot):
    from graphviz_app.ui.main_window import MainWindow
    from graphviz_app.ui.settings import app_settings

    app_settings().remove("window")  # a first start: no docks left by an earlier window of this process
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)  # (below 1200 px the palette is a tab of that column, in front)
    window.show()
    qtbot.waitExposed(window)
    assert not window.animation.inspector.visibleRegion().isEmpty()
    assert window.animation.chain.visibleRegion().isEmpty()
