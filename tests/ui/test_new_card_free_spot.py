"""A new card never lands on another: quick add (Tab with nothing selected, a double-click on the
empty canvas) and the palette put it on the nearest free spot in view."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import double_click
from ui.quick_add_helpers import card, keys_only, overlapping, shown, tab_add


@pytest.fixture
def window(window, qtbot):
    yield from keys_only(window, qtbot)


def test_tab_with_nothing_selected_puts_each_node_on_a_free_spot_in_view(window, qtbot):
    added = []
    for typed in ("variable", "variable", "constant", "variable"):
        added.append(tab_add(window, qtbot, typed))
        qtbot.keyClick(window.view, Qt.Key.Key_Escape)  # Esc clears the selection: the next one is fed by nothing
        assert window.scene.selected_node_ids() == []
    assert len(window.graph) == 4 and window.graph.edges() == []
    assert overlapping(window) == []
    for nid in added:
        assert shown(window).contains(card(window, nid))
    # the first lands where the view's centre is, the others beside it
    assert card(window, added[0]).contains(window.view.mapToScene(window.view.viewport().rect().center()))


def test_a_palette_entry_added_twice_never_lands_on_the_first(window, qtbot):
    search = window.palette_dock.filter_edit
    qtbot.keyClicks(search, "tanh")
    for _ in range(3):
        search.setFocus()
        qtbot.keyClick(search, Qt.Key.Key_Return)  # adds the best match at the view's centre
    assert len(window.graph) == 3 and overlapping(window) == []
    for nid in window.graph.node_ids():
        assert shown(window).contains(card(window, nid))


def test_double_click_on_the_empty_canvas_beside_a_card_adds_off_it(window, qtbot):
    x = tab_add(window, qtbot, "variable")
    double_click(window.view, card(window, x).bottomRight() + QPointF(20, 10))  # just off its corner
    popup = QApplication.activePopupWidget()
    qtbot.keyClicks(popup.search_edit, "exp")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    assert len(window.graph) == 2 and overlapping(window) == []
