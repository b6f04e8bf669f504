"""Quick-add popup: type to search, arrows to move, Enter or a click to choose, Esc to close."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from graphviz_app.core.ops import all_ops
from graphviz_app.ui.quick_add import QuickAddPopup


@pytest.fixture
def popup(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(800, 600)
    host.show()
    popup = QuickAddPopup(host)
    popup.popup_at(host.mapToGlobal(QPoint(100, 80)))
    qtbot.waitExposed(popup)
    yield popup  # yield keeps the host (the popup's parent) alive during the test


def names(popup):
    return [e.title for e in popup.visible_entries()]


def test_opens_with_an_empty_filter_and_everything_listed(popup):
    assert popup.isVisible()
    assert popup.search_edit.text() == ""
    assert len(names(popup)) == len(all_ops()) + 2
    assert popup.current_entry().kind == "variable"


def test_type_then_enter_chooses_the_best_match(qtbot, popup):
    qtbot.keyClicks(popup.search_edit, "mat")
    assert names(popup)[0] == "matmul"
    with qtbot.waitSignal(popup.chosen) as blocker:
        qtbot.keyClick(popup.search_edit, Qt.Key_Return)
    assert blocker.args == ["op", "matmul"]
    assert not popup.isVisible()


def test_arrow_keys_move_the_highlight(qtbot, popup):
    qtbot.keyClicks(popup.search_edit, "soft")
    assert names(popup) == ["softmax", "softmax_xent"]
    qtbot.keyClick(popup.search_edit, Qt.Key_Down)
    assert popup.current_entry().op == "softmax_xent"
    qtbot.keyClick(popup.search_edit, Qt.Key_Down)  # wraps around
    assert popup.current_entry().op == "softmax"
    qtbot.keyClick(popup.search_edit, Qt.Key_Up)
    with qtbot.waitSignal(popup.chosen) as blocker:
        qtbot.keyClick(popup.search_edit, Qt.Key_Enter)
    assert blocker.args == ["op", "softmax_xent"]


def test_inputs_are_chosen_with_op_none(qtbot, popup):
    qtbot.keyClicks(popup.search_edit, "constant")
    with qtbot.waitSignal(popup.chosen) as blocker:
        qtbot.keyClick(popup.search_edit, Qt.Key_Return)
    assert blocker.args == ["constant", None]


def test_escape_closes_without_choosing(qtbot, popup):
    chosen = []
    popup.chosen.connect(lambda kind, op: chosen.append((kind, op)))
    qtbot.keyClicks(popup.search_edit, "sin")
    qtbot.keyClick(popup.search_edit, Qt.Key_Escape)
    assert not popup.isVisible()
    assert chosen == []


def test_no_match_then_enter_does_nothing(qtbot, popup):
    chosen = []
    popup.chosen.connect(lambda kind, op: chosen.append((kind, op)))
    qtbot.keyClicks(popup.search_edit, "qqq")
    assert names(popup) == [] and popup.empty_label.isVisible()
    qtbot.keyClick(popup.search_edit, Qt.Key_Return)
    assert chosen == [] and popup.isVisible()


def test_mouse_click_chooses(qtbot, popup):
    qtbot.keyClicks(popup.search_edit, "tanh")
    item = popup.list.item(0)
    rect = popup.list.visualItemRect(item)
    with qtbot.waitSignal(popup.chosen) as blocker:
        qtbot.mouseClick(popup.list.viewport(), Qt.LeftButton, pos=rect.center())
    assert blocker.args == ["op", "tanh"]
    assert not popup.isVisible()


def test_reopening_clears_the_filter(qtbot, popup):
    qtbot.keyClicks(popup.search_edit, "dot")
    popup.close()
    popup.popup_at(QPoint(10, 10))
    assert popup.search_edit.text() == ""
    assert len(names(popup)) == len(all_ops()) + 2
