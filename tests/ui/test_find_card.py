"""Edit → Find Card… (Ctrl+F): type part of a card's name (cos13 finds cos₁₃, theta finds θ), ↑↓
and Enter pick; the card is selected alone and brought into view at a zoom where it reads, and the
status bar says "Found …". A node hidden in a collapsed group selects the group's card and says so;
a name no card has says "No card named …"; Esc closes and changes nothing."""

import numpy as np
from group_graphs import product_plus_exp
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import activate

from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.graph import Graph
from graphviz_app.core.naming import display_labels
from graphviz_app.core.sample_graphs import scalar_chains
from graphviz_app.ui.canvas.framing import READABLE_ZOOM, shown_rect
from graphviz_app.ui.card_chooser import CardChooserPopup
from graphviz_app.ui.key_text import key_text


def _open_graph(window, qtbot, graph):
    window.open_graph(graph, None, "find")
    window.view.zoom_to_fit()
    activate(qtbot, window)
    window.view.setFocus()
    return window.graph


def _chains():
    """40 chains x → cos → sin, summed: cos₁ … cos₄₀, far too many to read at zoom to fit."""
    g = scalar_chains(40, lambda i: 0.1 * i, lambda i: ["cos", "sin"])
    apply_layout(g)
    return g


def _id(graph, label: str) -> str:
    return next(nid for nid, shown in display_labels(graph).items() if shown == label)


def _find(window, qtbot, typed: str = "") -> CardChooserPopup:
    """Ctrl+F, then `typed` in its search field."""
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), CardChooserPopup), timeout=3000)
    popup = QApplication.activePopupWidget()
    if typed:
        qtbot.keyClicks(popup.search_edit, typed)
    return popup


def _choose(popup, qtbot) -> None:
    """Enter: the card chosen, the popup closed."""
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    _closed(qtbot)


def _titles(popup) -> list[str]:
    return [c.title for c in popup.visible_choices()]


def _closed(qtbot) -> None:
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=3000)


def _in_view(window, item) -> bool:
    return shown_rect(window.view).contains(item.sceneBoundingRect())


def test_edit_menu_has_find_card_on_its_own_shortcut(window):
    action = window.action("find_card")
    assert action.shortcut() == QKeySequence("Ctrl+F") and key_text("find_card") == action.shortcut().toString(
        QKeySequence.SequenceFormat.NativeText
    )
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert action in edit.actions()


def test_typing_digits_finds_the_subscripted_card_and_enter_selects_and_shows_it(window, qtbot):
    g = _open_graph(window, qtbot, _chains())
    target = window.scene.node_item(_id(g, "cos₁₃"))
    assert window.view.zoom() < READABLE_ZOOM and not target.isSelected()
    popup = _find(window, qtbot)
    assert len(popup.visible_choices()) > 9  # every card, by name
    qtbot.keyClicks(popup.search_edit, "COS13")  # case aside, digits for the subscript
    assert _titles(popup) == ["cos₁₃"]
    _choose(popup, qtbot)
    assert window.scene.selected_node_ids() == [_id(g, "cos₁₃")]
    assert window.statusBar().currentMessage() == "Found cos₁₃"
    assert window.view.zoom() >= READABLE_ZOOM and _in_view(window, target)
    assert window.view.hasFocus()  # (the keys go on to the canvas: F2 renames it)


def test_arrow_keys_pick_among_the_matches_in_name_order(window, qtbot):
    g = _open_graph(window, qtbot, _chains())
    popup = _find(window, qtbot, "sin2")
    titles = _titles(popup)
    assert titles[:3] == ["sin₂", "sin₂₀", "sin₂₁"]  # the exact name first, then x2 before x10's kin
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Down)
    _choose(popup, qtbot)
    assert window.scene.selected_node_ids() == [_id(g, "sin₂₀")]
    assert _in_view(window, window.scene.node_item(_id(g, "sin₂₀")))


def test_a_name_as_written_finds_its_greek_card(window, qtbot):
    g = _chains()
    theta = g.add_node("variable", name="theta", value=np.array([1.0, 2.0]), pos=(-4000, 3000))
    _open_graph(window, qtbot, g)
    popup = _find(window, qtbot, "theta")
    assert _titles(popup) == ["θ"]
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Enter)
    _closed(qtbot)
    assert window.scene.selected_node_ids() == [theta]
    assert _in_view(window, window.scene.node_item(theta))
    assert window.statusBar().currentMessage() == "Found θ"


def test_a_name_no_card_has_says_so_and_selects_nothing(window, qtbot):
    g = _open_graph(window, qtbot, _chains())
    window.scene.select_nodes([_id(g, "cos₁")])
    popup = _find(window, qtbot, "zeta")
    assert popup.visible_choices() == [] and popup.message() == "No card named “zeta”"
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == "No card named “zeta”"
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Escape)
    _closed(qtbot)
    assert window.scene.selected_node_ids() == [_id(g, "cos₁")]


def test_esc_closes_and_leaves_selection_and_view_as_they_were(window, qtbot):
    g = _open_graph(window, qtbot, _chains())
    window.scene.select_nodes([_id(g, "cos₁")])
    zoom, shown = window.view.zoom(), shown_rect(window.view)
    popup = _find(window, qtbot, "cos2")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Escape)
    _closed(qtbot)
    assert window.scene.selected_node_ids() == [_id(g, "cos₁")]
    assert window.view.zoom() == zoom and shown_rect(window.view) == shown


def test_a_card_inside_a_collapsed_group_selects_the_groups_card_and_says_so(window, qtbot):
    g = _open_graph(window, qtbot, product_plus_exp())
    group = next(iter(g.groups))
    popup = _find(window, qtbot, "sin")
    assert _titles(popup) == ["sin"]
    assert "inside prod" in popup.visible_choices()[0].detail
    _choose(popup, qtbot)
    card = window.scene.groups.card_item(group.id)
    assert window.scene.selectedItems() == [card] and _in_view(window, card)
    assert window.statusBar().currentMessage() == (
        f"Found sin inside the collapsed group prod: its card is selected ({key_text('collapse_group')} expands it)"
    )


def test_a_group_is_found_by_its_name(window, qtbot):
    g = _open_graph(window, qtbot, product_plus_exp())
    group = next(iter(g.groups))
    popup = _find(window, qtbot, "prod")
    assert _titles(popup) == ["prod"]
    _choose(popup, qtbot)
    assert window.scene.selectedItems() == [window.scene.groups.card_item(group.id)]
    assert window.statusBar().currentMessage() == "Found prod"


def test_an_empty_graph_says_there_is_nothing_to_find(window, qtbot):
    _open_graph(window, qtbot, Graph())
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "no cards" in window.statusBar().currentMessage(), timeout=3000)
    assert QApplication.activePopupWidget() is None


def _nested() -> Graph:
    """product_plus_exp with an expanded group "outer" around the collapsed "prod" and exp: most
    of outer's nodes are hidden in prod, yet outer is drawn as its frame."""
    g = product_plus_exp()
    prod = next(iter(g.groups))
    exp = next(n.id for n in g.nodes() if n.op == "exp")
    g.groups.add([*prod.nodes, exp], "outer")
    return g


def test_an_expanded_group_holding_a_collapsed_one_is_found_as_its_own_frame(window, qtbot):
    g = _open_graph(window, qtbot, _nested())
    outer = g.groups.find("outer")
    popup = _find(window, qtbot, "outer")
    assert _titles(popup) == ["outer"]
    _choose(popup, qtbot)
    assert window.scene.selectedItems() == [window.scene.groups.frame_item(outer.id)]
    assert window.statusBar().currentMessage() == "Found outer"


def test_a_group_inside_a_collapsed_group_selects_the_outer_card(window, qtbot):
    nested = _nested()
    nested.groups.set_collapsed(nested.groups.find("outer").id, True)
    g = _open_graph(window, qtbot, nested)
    outer = g.groups.find("outer")
    popup = _find(window, qtbot, "prod")
    _choose(popup, qtbot)
    assert window.scene.selectedItems() == [window.scene.groups.card_item(outer.id)]
    assert window.statusBar().currentMessage() == (
        f"Found prod inside the collapsed group outer: its card is selected ({key_text('collapse_group')} expands it)"
    )
    popup = _find(window, qtbot, "outer")
    _choose(popup, qtbot)
    assert window.scene.selectedItems() == [window.scene.groups.card_item(outer.id)]
    assert window.statusBar().currentMessage() == "Found outer"
