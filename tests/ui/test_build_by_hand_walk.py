"""Issue 18, end to end: graphs built as a new user builds them (palette drops, port drags, quick
add from a dropped wire, values typed into the value editor; mouse and keyboard events only, no
names given) read like the bundled examples when stepping backward: the Chain rule tab writes each
path as the product of its factors with the names the cards show, and no internal id appears in
any text the window shows."""

import json
import re

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QTabBar, QWidget
from ui.canvas_helpers import activate, double_click, drag, when_modal

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas.node_item import card_scene_rect
from graphviz_app.ui.canvas.palette_drop import NODE_MIME
from graphviz_app.ui.quick_add import QuickAddPopup
from graphviz_app.ui.value_editor import ValueEditorDialog

LEFT = Qt.MouseButton.LeftButton
INTERNAL_ID = re.compile(r"\bn\d+\b")


# ------------------------------------------------------------------ gestures
def palette_drop(window, kind: str, op: str | None, scene_pos: QPointF) -> str:
    """Drag an entry of the palette onto the canvas; the id of the node it made."""
    before = {n.id for n in window.graph.nodes()}
    mime = QMimeData()
    mime.setData(NODE_MIME, json.dumps({"kind": kind, "op": op}).encode())
    pos = window.view.mapFromScene(scene_pos)
    copy, none = Qt.DropAction.CopyAction, Qt.KeyboardModifier.NoModifier
    viewport = window.view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, copy, mime, LEFT, none))
    QApplication.sendEvent(viewport, QDragMoveEvent(pos, copy, mime, LEFT, none))
    QApplication.sendEvent(viewport, QDropEvent(QPointF(pos), copy, mime, LEFT, none))
    (new,) = [n.id for n in window.graph.nodes() if n.id not in before]
    return new


def wire(window, src: str, dst: str, port: int) -> None:
    """Drag from src's output port to dst's input port."""
    drag(window.view, window.scene.port_pos(src, True), window.scene.port_pos(dst, False, port), steps=8)


def quick_add(window, qtbot, src: str, offset: QPointF, typed: str) -> str:
    """Drop a wire from src's output on the empty canvas, type in quick add, Enter."""
    before = {n.id for n in window.graph.nodes()}
    start = window.scene.port_pos(src, True)
    drag(window.view, start, start + offset, steps=8)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QuickAddPopup), timeout=3000)
    popup = QApplication.activePopupWidget()
    qtbot.keyClicks(popup.search_edit, typed)
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    (new,) = [n.id for n in window.graph.nodes() if n.id not in before]
    return new


def type_keys(dialog: QDialog, qtbot, text: str) -> None:
    """Type as a user does: each key goes where the dialog's keyboard focus is."""
    for ch in text:
        qtbot.keyClick(dialog.focusWidget(), ch)


def edit_value(window, qtbot, node_id: str, act) -> None:
    """Double-click the card's body; act(dialog) while the value editor is open."""
    check = when_modal(ValueEditorDialog, act)
    item = window.scene.node_item(node_id)
    double_click(window.view, card_scene_rect(item).center() + QPointF(0, 10))
    check()


def type_scalar(qtbot, text: str):
    def act(dialog):
        type_keys(dialog, qtbot, text)  # the first cell takes the keyboard at once
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # commits the cell
        qtbot.waitUntil(lambda: dialog.grid.item(0, 0).text() == text, timeout=2000)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # then OK

    return act


def type_array(qtbot, mode: str, rows: int, cells: list[str]):
    """Pick the mode with the mouse, type the size, then the cells (Tab to the next), OK."""

    def act(dialog):
        (button,) = [b for b in dialog.findChildren(QWidget) if getattr(b, "text", None) and b.text() == mode]
        qtbot.mouseClick(button, LEFT)
        dialog.rows_spin.setFocus()
        dialog.rows_spin.selectAll()
        type_keys(dialog, qtbot, str(rows))
        first = dialog.grid.visualItemRect(dialog.grid.item(0, 0)).center()
        qtbot.mouseClick(dialog.grid.viewport(), LEFT, pos=first)
        for cell in cells:
            type_keys(dialog, qtbot, cell)
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.mouseClick(dialog.ok_button, LEFT)

    return act


def open_tab(window, qtbot, title: str) -> None:
    """Click a dock's tab."""
    for bar in window.findChildren(QTabBar):
        for i in range(bar.count()):
            if bar.isVisible() and bar.tabText(i) == title:
                qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(i).center())
                return
    raise AssertionError(f"no tab {title}")


def backward_to_the_end(window, qtbot) -> None:
    activate(qtbot, window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.keyClick(window.view, Qt.Key.Key_End)


# ------------------------------------------------------------------ reading
def shown_texts(window) -> list[str]:
    """Every text the window shows: widgets (and their tooltips), canvas items, the status bar,
    and any dialog it opened."""
    texts = [window.statusBar().currentMessage(), window.windowTitle()]
    widgets = list(window.findChildren(QWidget))
    for top in QApplication.topLevelWidgets():
        if isinstance(top, QDialog) and top.isVisible():
            widgets += [top, *top.findChildren(QWidget)]
    for w in widgets:
        if w.isVisible():
            texts += _texts_of(w, ("toolTip", "text", "toPlainText", "currentText", "windowTitle"))
    for item in window.scene.items():
        if item.isVisible():
            texts += _texts_of(item, ("toolTip", "toPlainText", "text"))
    return [t for t in texts if isinstance(t, str) and t]


def _texts_of(thing, getters) -> list:
    """What each of these methods of a widget or item returns (those it has, taking no argument)."""
    found = []
    for getter in getters:
        f = getattr(thing, getter, None)
        if callable(f):
            try:
                found.append(f())
            except TypeError:
                pass
    return found


def assert_no_internal_id(window) -> None:
    leaks = [t for t in shown_texts(window) if INTERNAL_ID.search(t)]
    assert not leaks, leaks


def fresh(window) -> None:
    window.graph.replace_with(Graph())
    window.undo_stack.clear()
    window.view.centerOn(300, 120)


# ------------------------------------------------------------------ the walks
def test_y_from_two_squares_built_by_hand_reads_as_the_examples(window, qtbot):
    """y = (x1 + x2)² + (x1 − x2)²: the path through add₁ is a product of named factors."""
    fresh(window)
    x1 = palette_drop(window, "variable", None, QPointF(0, 0))
    x2 = palette_drop(window, "variable", None, QPointF(0, 220))
    u1 = palette_drop(window, "op", "add", QPointF(200, -50))
    u2 = palette_drop(window, "op", "sub", QPointF(200, 270))
    s1 = palette_drop(window, "op", "square", QPointF(400, -50))
    s2 = palette_drop(window, "op", "square", QPointF(400, 270))
    y = palette_drop(window, "op", "add", QPointF(600, 110))
    for src, dst, port in [(x1, u1, 0), (x2, u1, 1), (x1, u2, 0), (x2, u2, 1), (u1, s1, 0), (u2, s2, 0)]:
        wire(window, src, dst, port)
    wire(window, s1, y, 0)
    wire(window, s2, y, 1)
    edit_value(window, qtbot, x1, type_scalar(qtbot, "3"))
    edit_value(window, qtbot, x2, type_scalar(qtbot, "2"))
    assert window.graph.node(x1).value == 3.0 and window.graph.node(x2).value == 2.0
    assert window.scene.evaluator.evaluation.errors == {}

    open_tab(window, qtbot, "Chain rule")
    backward_to_the_end(window, qtbot)  # F6 differentiates the one node that feeds nothing
    assert window.animation.controller.trace.output == y
    title = {nid: window.scene.node_item(nid).title for nid in (x1, u1, s1, y)}
    assert title[y] == "add₂" and title[u1] == "add₁" and title[s1] == "square₁"
    assert f'Backward from "{title[y]}"' in window.statusBar().currentMessage()

    chain = window.animation.chain
    chain.variable_box.setCurrentText(title[x1])
    text = " ".join(chain.text.toPlainText().split())  # (as read: the tab wraps lines to its width)
    y_, s_, u_, x_ = title[y], title[s1], title[u1], title[x1]
    assert f"∂{y_}/∂{x_} = ∂{y_}/∂{s_} · ∂{s_}/∂{u_} · ∂{u_}/∂{x_}" in text
    assert f"2({u_}({x_}, " in text  # the square's factor: the unnamed add by its card's name, as what it computes
    assert "[ 12 ]" in text  # ∂y/∂x1 = 4·x1
    assert_no_internal_id(window)

    qtbot.keyClick(window.view, Qt.Key.Key_F7)  # the gradient check dialog names nodes too
    qtbot.waitUntil(lambda: "Gradient check passed" in window.statusBar().currentMessage(), timeout=3000)
    assert_no_internal_id(window)
    window.undo_stack.setClean()


def test_h_of_w_a_built_with_quick_add_writes_every_factor_in_symbols(window, qtbot):
    """h = sum(tanh(W @ a)), W 3×2 and a of length 2 typed in the value editor, the ops added by
    dropping wires: ∂matmul/∂W, which has no short name, is written by its structure."""
    fresh(window)
    w = palette_drop(window, "variable", None, QPointF(0, 0))
    a = palette_drop(window, "variable", None, QPointF(0, 220))
    edit_value(window, qtbot, w, type_array(qtbot, "Matrix", 3, ["1", "2", "3", "4", "5", "6"]))
    edit_value(window, qtbot, a, type_array(qtbot, "Vector", 2, ["0.5", "-0.25"]))
    assert window.graph.node(w).value.tolist() == [[1, 2], [3, 4], [5, 6]]
    assert window.graph.node(a).value.tolist() == [0.5, -0.25]
    m = quick_add(window, qtbot, w, QPointF(110, 60), "matmul")
    wire(window, a, m, 1)
    t = quick_add(window, qtbot, m, QPointF(110, 0), "tanh")
    quick_add(window, qtbot, t, QPointF(110, 0), "sum")
    assert window.scene.evaluator.evaluation.errors == {}

    open_tab(window, qtbot, "Chain rule")
    backward_to_the_end(window, qtbot)
    name = {nid: window.scene.node_item(nid).title for nid in (w, a, m, t)}
    chain = window.animation.chain
    chain.variable_box.setCurrentText(name[w])
    text = " ".join(chain.text.toPlainText().split())  # (as read: the tab wraps lines to its width)
    out = window.scene.node_item(window.animation.controller.trace.output).title
    assert f"∂{out}/∂{name[w]} = ∂{out}/∂{name[t]} · ∂{name[t]}/∂{name[m]} · ∂{name[m]}/∂{name[w]}" in text
    assert f"diag(1 − tanh²({name[m]}({name[w]}, {name[a]})))" in text  # the unnamed matmul as what it computes
    assert f"I ⊗ {name[a]}ᵀ" in text  # the matmul factor by its structure, in a's name
    assert_no_internal_id(window)
    window.undo_stack.setClean()
