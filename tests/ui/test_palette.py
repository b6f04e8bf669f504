"""The palette dock: filtering, activation, drag data, tooltips."""

import json

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QDrag, QHelpEvent
from PySide6.QtWidgets import QToolTip

from graphviz_app.core.ops import all_ops
from graphviz_app.ui.catalog import MIME_TYPE
from graphviz_app.ui.catalog_view import node_mime_data, read_node_mime
from graphviz_app.ui.palette import PaletteDock, make_drag


@pytest.fixture
def palette(qtbot):
    dock = PaletteDock()
    qtbot.addWidget(dock)
    dock.resize(300, 700)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def titles(dock):
    return [e.title for e in dock.visible_entries()]


def test_lists_every_op_grouped(palette):
    assert len(palette.visible_entries()) == len(all_ops()) + 2
    assert palette.visible_categories() == ["inputs", "elementwise", "linear algebra", "reductions", "losses"]
    assert palette.filter_edit.placeholderText() == "Filter ops…"
    assert palette.filter_edit.isClearButtonEnabled()


def test_typing_in_the_filter_hides_other_entries_and_empty_groups(qtbot, palette):
    qtbot.keyClicks(palette.filter_edit, "soft")
    assert titles(palette) == ["softmax", "softmax_xent"]
    assert palette.visible_categories() == ["reductions", "losses"]
    palette.filter_edit.clear()
    qtbot.keyClicks(palette.filter_edit, "LINEAR ALG")
    assert set(titles(palette)) == {"matmul", "transpose", "dot", "outer"}
    palette.filter_edit.clear()
    qtbot.keyClicks(palette.filter_edit, "cosine")  # description only
    assert titles(palette) == ["cos"]


def test_no_match_shows_a_message(qtbot, palette):
    qtbot.keyClicks(palette.filter_edit, "zzz")
    assert titles(palette) == []
    assert palette.empty_label.isVisible() and not palette.tree.isVisible()
    palette.filter_edit.clear()
    assert palette.tree.isVisible() and not palette.empty_label.isVisible()


def test_double_click_emits_activated(qtbot, palette):
    item = palette.item_for("op", "matmul")
    palette.tree.scrollToItem(item)
    rect = palette.tree.visualItemRect(item)
    with qtbot.waitSignal(palette.activated) as blocker:
        # a real double-click is press, release, then the double-click event
        qtbot.mouseClick(palette.tree.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(palette.tree.viewport(), Qt.LeftButton, pos=rect.center())
    assert blocker.args == ["op", "matmul"]


def test_enter_in_the_filter_adds_the_best_match(qtbot, palette):
    qtbot.keyClicks(palette.filter_edit, "tanh")
    with qtbot.waitSignal(palette.activated) as blocker:
        qtbot.keyClick(palette.filter_edit, Qt.Key_Return)
    assert blocker.args == ["op", "tanh"]


def test_the_highlight_is_the_best_match_and_goes_with_the_filter(qtbot, palette):
    """ "matrix" is in three descriptions: matmul's begins with it ("Matrix product"), so matmul is
    the one Enter adds; clearing the filter leaves nothing highlighted."""
    qtbot.keyClicks(palette.filter_edit, "matrix")
    assert palette.tree.currentItem().data(0, Qt.DisplayRole) == "matmul"
    with qtbot.waitSignal(palette.activated) as got:
        qtbot.keyClick(palette.filter_edit, Qt.Key_Return)
    assert got.args == ["op", "matmul"]
    palette.filter_edit.clear()
    assert palette.tree.currentItem() is None and palette.tree.selectedItems() == []


def test_keyboard_down_then_enter_in_the_list(qtbot, palette):
    qtbot.keyClicks(palette.filter_edit, "inputs")
    qtbot.keyClick(palette.filter_edit, Qt.Key_Down)
    assert palette.tree.currentItem().data(0, Qt.DisplayRole) == "variable"
    qtbot.keyClick(palette.tree, Qt.Key_Down)
    with qtbot.waitSignal(palette.activated) as blocker:
        qtbot.keyClick(palette.tree, Qt.Key_Return)
    assert blocker.args == ["constant", None]


def test_mime_data_round_trip():
    mime = node_mime_data("op", "sin")
    assert mime.hasFormat(MIME_TYPE)
    assert json.loads(bytes(mime.data(MIME_TYPE)).decode()) == {"kind": "op", "op": "sin"}
    assert read_node_mime(mime) == ("op", "sin")
    assert read_node_mime(node_mime_data("variable", None)) == ("variable", None)
    bad = node_mime_data("op", None)
    assert read_node_mime(bad) is None
    bad.setData(MIME_TYPE, b"{not json")
    assert read_node_mime(bad) is None


def test_dragging_an_entry_starts_a_drag_with_our_mime_data(qtbot, palette, monkeypatch):
    started = []

    def fake_exec(drag):
        started.append(drag)
        return Qt.CopyAction

    monkeypatch.setattr(palette.tree, "exec_drag", fake_exec)
    item = palette.item_for("op", "outer")
    palette.tree.scrollToItem(item)
    center = palette.tree.visualItemRect(item).center()
    viewport = palette.tree.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, pos=center)
    for dx in (5, 12, 20, 30, 40):  # move past the drag distance with the button held
        qtbot.mouseMove(viewport, center + QPoint(dx, dx // 2))
    qtbot.mouseRelease(viewport, Qt.LeftButton, pos=center + QPoint(40, 20))
    assert len(started) == 1
    drag = started[0]
    assert isinstance(drag, QDrag)
    assert read_node_mime(drag.mimeData()) == ("op", "outer")
    assert not drag.pixmap().isNull()


def test_make_drag_for_inputs(qtbot, palette):
    entry = palette.item_for("constant", None).data(0, Qt.UserRole + 1)
    drag = make_drag(palette.tree, entry)
    assert json.loads(bytes(drag.mimeData().data(MIME_TYPE))) == {"kind": "constant", "op": None}


def test_tooltips(qtbot, palette, monkeypatch):
    item = palette.item_for("op", "matmul")
    assert "A ℝ²ˣ³, B ℝ³ˣ² → ℝ²ˣ²" in item.data(0, Qt.ToolTipRole)
    shown = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, widget=None: shown.append(text))
    palette.tree.scrollToItem(item)
    pos = palette.tree.visualItemRect(item).center()
    viewport = palette.tree.viewport()
    event = QHelpEvent(QEvent.ToolTip, pos, viewport.mapToGlobal(pos))
    palette.tree.viewportEvent(event)
    assert shown and "Derivative" in shown[0] and "δᵢₖ Bₗⱼ" in shown[0]


def test_screenshot(qtbot, palette, tmp_path):
    qtbot.keyClicks(palette.filter_edit, "a")
    path = tmp_path / "palette.png"
    assert palette.grab().save(str(path))
    assert path.stat().st_size > 1000


@pytest.mark.parametrize(
    "payload",
    [{"kind": "op", "op": "frobnicate"}, {"kind": "op", "op": None}, {"kind": "gizmo"}, "{not json"],
)
def test_a_drag_of_no_node_this_program_makes_is_not_accepted_by_the_canvas(window, qtbot, payload):
    """(a drag from another program, or another version with an op this one has not)"""
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication
    from ui.canvas_helpers import two_nodes

    g, x, s = two_nodes(window)
    before = (sorted(g.node_ids()), sorted(g.edges()))
    mime = QMimeData()
    mime.setData(MIME_TYPE, (payload if isinstance(payload, str) else json.dumps(payload)).encode("utf-8"))
    viewport, actions = window.view.viewport(), Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    edge = window.view.mapFromScene(QPointF(100, 0))  # over the edge x -> sin: an op there would mark it
    enter = QDragEnterEvent(edge, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert not enter.isAccepted()
    for dx in range(0, 30, 10):  # every move, never a refusal raised out of the view
        move = QDragMoveEvent(edge + QPoint(dx, 0), actions, mime, buttons, mods)
        QApplication.sendEvent(viewport, move)
        assert not move.isAccepted()
    drop = QDropEvent(QPointF(edge), actions, mime, Qt.MouseButton.NoButton, mods)
    QApplication.sendEvent(viewport, drop)
    assert not drop.isAccepted()
    assert (sorted(g.node_ids()), sorted(g.edges())) == before and window.undo_stack.count() == 0


def test_the_palette_drag_data_names_only_ops_the_program_has():
    assert read_node_mime(node_mime_data("op", "sin")) == ("op", "sin")
    assert read_node_mime(node_mime_data("op", "frobnicate")) is None
