"""Copy, paste and duplicate on the canvas: pastes never stack on each other, names take the next number."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication
from ui.canvas_helpers import two_nodes

from graphviz_app.ui.clipboard import FORMAT, MIME_TYPE


def test_pasting_twice_at_one_spot_never_stacks_copies_on_each_other(window):
    g, x, s = two_nodes(window)
    window.scene.select_nodes([x, s])
    assert window.view.editor.copy()
    for _ in range(3):
        window.view.editor.paste(QPointF(500, 300))
    places = [tuple(n.pos) for n in g.nodes()]
    assert len(places) == 8 and len(set(places)) == 8


def test_duplicating_a_numbered_name_takes_the_next_number(window):
    g, x, s = two_nodes(window)
    g.rename(x, "y_2")
    window.scene.select_nodes([x])
    window.view.editor.duplicate()
    window.scene.select_nodes([x])
    window.view.editor.duplicate()
    assert sorted(n.name for n in g.nodes() if n.name) == ["y_2", "y_3", "y_4"]


def test_the_edit_keys_on_the_canvas_are_one_undo_step_each(window, qtbot):
    from PySide6.QtCore import Qt
    from ui.canvas_helpers import activate

    g, x, s = two_nodes(window)
    activate(qtbot, window)
    window.view.setFocus()
    stack, ctrl = window.undo_stack, Qt.KeyboardModifier.ControlModifier
    window.scene.select_nodes([s])
    qtbot.keyClick(window.view, Qt.Key.Key_D, ctrl)  # duplicate: the copy is selected
    assert len(g) == 3 and stack.count() == 1 and window.scene.selected_node_ids() != [s]
    qtbot.keyClick(window.view, Qt.Key.Key_X, ctrl)  # cut the copy
    assert len(g) == 2 and stack.count() == 2
    qtbot.keyClick(window.view, Qt.Key.Key_V, ctrl)  # and paste it back, selected
    assert len(g) == 3 and stack.count() == 3 and len(window.scene.selected_node_ids()) == 1
    qtbot.keyClick(window.view, Qt.Key.Key_L, ctrl)  # auto layout
    assert stack.count() == 4 and stack.undoText() == "Auto Layout"
    qtbot.keyClick(window.view, Qt.Key.Key_L, ctrl)  # already arranged: no empty step
    assert stack.count() == 4
    for _ in range(4):
        stack.undo()
    assert sorted(n.id for n in g.nodes()) == sorted([x, s]) and g.node(s).pos == (200.0, 0.0)


def _variable(name, x=0):
    return {"id": name, "kind": "variable", "op": None, "name": name, "value": 1.0, "pos": [x, 0], "params": {}}


def _op(node_id, op="sin", x=100, name=None, params=None):
    return {"id": node_id, "kind": "op", "op": op, "name": name, "value": None, "pos": [x, 0], "params": params or {}}


# a fragment edited by hand, and the message the status bar gives for it
BAD_FRAGMENTS = {
    "an edge into a port the op has not": (
        [_variable("a"), _op("s")],
        [["a", "s", 3]],
        "cannot paste: sin has no input port 3",
    ),
    "an edge into a variable": (
        [_variable("a"), _variable("b", 100)],
        [["a", "b", 0]],
        'cannot paste: variable "b" has no inputs',
    ),
    "two edges in a loop": (
        [_op("s", x=0), _op("c", "cos")],
        [["s", "c", 0], ["c", "s", 0]],
        "cannot paste: connecting cos to sin would close a cycle",
    ),
    "two edges into one port": (
        [_variable("a"), _variable("b", 50), _op("s")],
        [["a", "s", 0], ["b", "s", 0]],
        "cannot paste: two edges go into port 0 of sin",
    ),
    "an edge from a node not copied": (
        [_variable("a"), _op("s")],
        [["z", "s", 0]],
        "cannot paste: an edge names a node that was not copied",
    ),
    "a name that is a number": (
        [{**_variable("a"), "name": 5}],
        [],
        "cannot paste: a copied node's name is 5, not text",
    ),
    "a parameter that is not a number": (
        [_op("p", "pow", params={"p": "abc"})],
        [],
        'cannot paste: pow: parameter "p" must be a finite number, found "abc"',
    ),
    "an unknown parameter": (
        [_op("p", "pow", params={"zzz": 1})],
        [],
        'cannot paste: pow has an unknown parameter "zzz" (known for pow: p)',
    ),
    "an unknown op": (
        [_op("p", "frobnicate")],
        [],
        'cannot paste: unknown op "frobnicate"',
    ),
    "a position at infinity": (
        [{**_variable("a"), "pos": [float("inf"), 0]}],
        [],
        'cannot paste: the copied node "a": "pos" must be two numbers [x, y], found [Infinity, 0]',
    ),
    "a position far beyond what a file holds, in a group": (
        [_variable("a"), _op("s", x=1e300)],
        [["a", "s", 0]],
        'cannot paste: a copied node: "pos" [1e+300, 0] is too far out: x and y must lie within ±10,000,000',
        [{"id": "g", "name": "G", "nodes": ["a", "s"], "collapsed": False}],
    ),
    "trainable that is not true or false": (
        [{**_variable("a"), "trainable": "no"}],
        [],
        'cannot paste: "trainable" of variable "a" must be true or false, found "no"',
    ),
    "a name longer than the editor takes": (
        [{**_variable("a"), "name": "x" * 100_000}],
        [],
        'cannot paste: a copied node is named "xxxxxxxxxxxxxxxxxxxxxxx…": a name is at most 100 characters long '
        "(this one has 100,000)",
    ),
    # the names Rename and the API refuse (naming.node_name_problem: one rule every way in)
    "a name with a space": (
        [{**_variable("a"), "name": "a b"}],
        [],
        'cannot paste: a copied node is named "a b": a name cannot hold space: use letters, digits and _ '
        "(θ, x₁ and y_hat are fine)",
    ),
    "a name with =": (
        [{**_variable("a"), "name": "x=1"}],
        [],
        'cannot paste: a copied node is named "x=1": a name cannot hold =: use letters, digits and _ '
        "(θ, x₁ and y_hat are fine)",
    ),
    "a name starting with a digit": (
        [{**_variable("a"), "name": "1x"}],
        [],
        'cannot paste: a copied node is named "1x": a name cannot start with a digit',
    ),
    "a group name longer than the editor takes": (
        [_variable("a")],
        [],
        'cannot paste: the copied group "GGGGGGGGGGGGGGGGGGGGGGG…": a name is at most 100 characters long '
        "(this one has 5,000)",
        [{"id": "g", "name": "G" * 5000, "nodes": ["a"], "collapsed": False}],
    ),
    "a value on an op": (
        [{**_op("s", name="s"), "value": [1, 2]}],
        [],
        """cannot paste: sin "s" has a value, but an operation's value is worked out from its inputs""",
    ),
    "a group naming a node not copied": (
        [_variable("a")],
        [],
        'cannot paste: group "G" names a node that was not copied',
        [{"id": "g", "name": "G", "nodes": ["a", "z"], "collapsed": False}],
    ),
    "a node that is not an object": (
        [_variable("a"), 5],
        [],
        "cannot paste: the clipboard does not hold a graph fragment",
    ),
}


@pytest.mark.parametrize("problem", list(BAD_FRAGMENTS))
def test_a_bad_fragment_is_refused_with_a_message_and_leaves_the_graph_and_undo_alone(window, qtbot, problem):
    nodes, edges, message, *groups = BAD_FRAGMENTS[problem]
    g, x, s = two_nodes(window)
    before = (sorted(g.node_ids()), sorted(g.edges()), sorted(n.name or "" for n in g.nodes()))
    fragment = {"format": FORMAT, "nodes": nodes, "edges": edges, "groups": groups[0] if groups else []}
    messages = _paste_with_ctrl_v(window, qtbot, json.dumps(fragment))
    assert (sorted(g.node_ids()), sorted(g.edges()), sorted(n.name or "" for n in g.nodes())) == before
    assert window.undo_stack.count() == 0
    assert messages[-1] == message


def test_a_copy_of_a_node_named_as_an_operation_takes_the_next_name_of_its_series(window, qtbot):
    """(a file may name a variable sin; a new node never takes an operation's name)"""
    g, x, s = two_nodes(window)
    mime = QMimeData()
    fragment = {"format": FORMAT, "nodes": [_variable("sin"), _op("s", name="sin")], "edges": [], "groups": []}
    mime.setData(MIME_TYPE, json.dumps(fragment).encode("utf-8"))
    QApplication.clipboard().setMimeData(mime)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert sorted(n.name for n in g.nodes() if n.name) == ["sin", "sin_2", "x"]  # (the sin op keeps its own)
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert sorted(g.node_ids()) == sorted([x, s])


def _canvas_menu_entries(window, qtbot) -> dict[str, bool]:
    """The entries of the empty canvas's right-click menu and whether each is enabled."""
    view, shown = window.view, {}

    def read() -> None:
        menu = QApplication.activePopupWidget()
        shown.update({a.text(): a.isEnabled() for a in menu.actions() if not a.isSeparator()})
        menu.close()

    point = view.mapFromScene(QPointF(0, -400))
    QTimer.singleShot(50, read)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, view.mapToGlobal(point), Qt.KeyboardModifier(0))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(lambda: bool(shown) and QApplication.activePopupWidget() is None, timeout=3000)
    return shown


def _edit_menu_paste(window) -> bool:
    (paste,) = [a for a in window.menus["edit"].actions() if a.text() == "&Paste"]
    return paste.isEnabled()


def _paste_with_ctrl_v(window, qtbot, fragment_text: str) -> list[str]:
    """Puts a (perhaps hand-edited) fragment on the clipboard and presses Ctrl+V on the canvas;
    returns the status messages said meanwhile."""
    mime = QMimeData()
    mime.setData(MIME_TYPE, fragment_text.encode("utf-8"))
    QApplication.clipboard().setMimeData(mime)
    messages = []
    window.scene.statusMessage.connect(messages.append)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    return messages


def _set_clipboard(text=None, fragment=None) -> None:
    mime = QMimeData()
    if fragment is not None:
        mime.setData(MIME_TYPE, json.dumps(fragment).encode("utf-8"))
    if text is not None:
        mime.setText(text)
    QApplication.clipboard().setMimeData(mime)
    QApplication.processEvents()


def test_paste_is_enabled_only_while_the_clipboard_holds_copied_nodes(window, qtbot):
    g, x, s = two_nodes(window)
    QApplication.clipboard().clear()
    QApplication.processEvents()
    assert not _edit_menu_paste(window) and _canvas_menu_entries(window, qtbot)["&Paste"] is False
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # (does nothing)
    assert len(g) == 2 and window.undo_stack.count() == 0
    _set_clipboard(text="some words from another program")
    assert not _edit_menu_paste(window)
    window.scene.select_nodes([x])
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert _edit_menu_paste(window) and _canvas_menu_entries(window, qtbot)["&Paste"] is True
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(g) == 3
    fragment = {"format": FORMAT, "nodes": [_variable("a")], "edges": [], "groups": []}
    _set_clipboard(text=json.dumps(fragment))  # (a fragment as text, from a file or a chat: Paste takes it)
    assert _edit_menu_paste(window)
    _set_clipboard(text='{"format": "something else"}')
    assert not _edit_menu_paste(window)


@pytest.mark.parametrize(
    "value, entry",
    [("1e400", "the number 1e400 is too large"), ("[1, -1E+999]", "the number -1E+999 at [1] is too large")],
)
def test_a_pasted_number_no_float_can_hold_is_refused_naming_the_node_not_read_as_infinity(window, qtbot, value, entry):
    g, x, s = two_nodes(window)
    fragment = {"format": FORMAT, "nodes": [{**_variable("a"), "value": 0.5}], "edges": [], "groups": []}
    text = json.dumps(fragment).replace('"value": 0.5', '"value": ' + value)  # (as a hand-edited fragment says it)
    messages = _paste_with_ctrl_v(window, qtbot, text)
    assert sorted(g.node_ids()) == sorted([x, s]) and window.undo_stack.count() == 0
    assert messages[-1] == f'cannot paste: variable "a" has a bad value: {entry}: numbers must lie within ±1.8e308'


def test_pasted_nan_and_infinity_are_kept_as_a_file_keeps_them(window, qtbot):
    g, x, s = two_nodes(window)
    fragment = {"format": FORMAT, "nodes": [{**_variable("a"), "value": [float("nan"), "Infinity"]}], "edges": []}
    _set_clipboard(fragment=fragment)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = g.node(g.find("a")).value
    assert np.isnan(pasted[0]) and pasted[1] == np.inf
