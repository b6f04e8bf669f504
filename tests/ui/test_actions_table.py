"""One table of actions: unique shortcuts, a help line each, and Help → Mouse and Keyboard lists them all."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from graphviz_app.ui import actions_table as table
from graphviz_app.ui import menu_layout
from graphviz_app.ui.window_menus import gestures_html

NATIVE = QKeySequence.SequenceFormat.NativeText


def test_no_two_actions_share_a_shortcut():
    owners: dict[str, list[str]] = {}
    for spec in table.ACTIONS:
        for key in spec.shortcuts:
            owners.setdefault(QKeySequence(key).toString(), []).append(spec.id)
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_every_action_has_a_help_line_and_a_known_placement():
    in_menus = {e for _key, _title, entries in menu_layout.MENUS for e in entries}
    right_click = {e for entries in menu_layout.CONTEXT_MENUS.values() for e in entries}
    for spec in table.ACTIONS:
        assert spec.help.strip() and "\n" not in spec.help, spec.id
        assert spec.id in in_menus | right_click, f"{spec.id} is in no menu"
    for spec in table.CONTEXT_ACTIONS:
        assert spec.help.strip() and "\n" not in spec.help, spec.id
        assert not spec.shortcuts and f"@{spec.id}" in right_click, spec.id
    for entry in [*menu_layout.TOOLBAR, *right_click]:
        assert entry == "-" or entry[1:] in table.CONTEXT_BY_ID or entry in table.BY_ID, entry


def test_the_window_has_every_action_of_the_table_with_its_shortcuts(window):
    for spec in table.ACTIONS:
        action = window.action(spec.id)
        assert [s.toString() for s in action.shortcuts()] == [QKeySequence(k).toString() for k in spec.shortcuts]
        assert action.statusTip() == spec.help
    assert window.action("redo").shortcuts() == [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]


def _shown_gestures(window, qtbot) -> str:
    window.action("gestures").trigger()
    dialog = next(d for d in window.findChildren(QDialog) if d.isVisible() and d.windowTitle() == "Mouse and Keyboard")
    qtbot.waitExposed(dialog)
    text = dialog.text()
    dialog.close()
    return text


def test_mouse_and_keyboard_lists_every_shortcut_and_gesture(window, qtbot):
    text = _shown_gestures(window, qtbot)
    for spec in table.ACTIONS:
        assert spec.text.replace("&", "") in text, spec.id
        for key in spec.shortcuts:
            assert QKeySequence(key).toString(NATIVE) in text, (spec.id, key)
    for what, how in menu_layout.GESTURES:
        assert what in text and how in text
    for named in ("F5", "F6", "Space", "Left", "Right", "Up", "Down", "Ctrl+Y", "Ctrl+Shift+Z", "Set the output"):
        assert named in text, named


def test_mouse_and_keyboard_is_built_from_the_table():
    html = gestures_html()
    assert html.count("<tr>") == len(table.ACTIONS) + len(menu_layout.GESTURES) + len(table.CONTEXT_ACTIONS)


def test_undo_and_redo_say_what_they_undo(window, qtbot):
    from PySide6.QtCore import QPointF

    assert not window.action("undo").isEnabled()
    window.view.editor.add_node_at("variable", None, QPointF(0, 0))
    undo = window.action("undo")
    assert undo.isEnabled() and undo.text().startswith("&Undo ") and undo.toolTip().endswith("(Ctrl+Z)")
    undo.trigger()
    assert len(window.graph) == 0 and window.action("redo").isEnabled() and not undo.isEnabled()
    window.action("redo").trigger()
    assert len(window.graph) == 1


def test_playback_keys_are_enabled_only_while_an_animation_runs(window):
    playback = (table.ANIMATING, table.STEPPING, table.LATER_STEP, table.EARLIER_STEP)
    ids = [s.id for s in table.ACTIONS if s.enabled_when in playback]
    assert {"play", "step_forward", "step_back", "first_step", "last_step", "stop"} <= set(ids)
    assert not any(window.action(i).isEnabled() for i in ids)


def test_context_menus_show_the_tables_entries_with_their_shortcuts(window):
    from PySide6.QtCore import QPointF

    window.view.editor.add_node_at("variable", None, QPointF(0, 0))
    nid = window.graph.node_ids()[0]
    menu = window.canvas_menus.build(window.scene.node_item(nid), QPointF(0, 0))
    by_text = {a.text(): a for a in menu.actions() if not a.isSeparator()}
    assert by_text["Rena&me"].shortcut().toString() == "F2"
    assert by_text["Rena&me"].statusTip() == table.BY_ID["rename"].help
    assert "Make It a &Constant" in by_text and "Make It a Va&riable" not in by_text
    by_text["Set as &Output"].trigger()
    assert window.graph.output == nid


def test_the_timeline_buttons_name_the_keys_of_the_tables_playback_actions(window):
    timeline = window.animation.timeline
    buttons = {
        "first_step": timeline.first_button,
        "step_back": timeline.back_button,
        "step_forward": timeline.forward_button,
        "last_step": timeline.last_button,
    }
    for action_id, button in buttons.items():
        spec = table.BY_ID[action_id]
        key = QKeySequence(spec.shortcuts[0]).toString(NATIVE)
        assert button.toolTip() == f"{spec.text.replace('&', '')} ({key})", action_id
        assert button.toolTip() == window.action(action_id).toolTip()
    assert timeline.first_button.toolTip() == "First Step (Home)"
    play_key = QKeySequence(table.BY_ID["play"].shortcuts[0]).toString(NATIVE)
    assert timeline.play_button.toolTip() == f"Play ({play_key})" == "Play (Space)"  # "Pause (Space)" while playing


def test_the_canvas_leaves_the_tables_playback_keys_to_the_animation(window, qtbot):
    """Over the focused canvas, with a card selected (arrows would move it, Space would pan),
    each playback row's own shortcut reaches its action while an animation runs."""
    from ui.canvas_helpers import open_at_actual_size

    from graphviz_app.core.graph import Graph
    from graphviz_app.ui.canvas.view import ANIMATION_KEYS

    keys = {QKeySequence(k)[0].key() for a in table.PLAYBACK for k in table.BY_ID[a].shortcuts}
    assert keys == ANIMATION_KEYS
    g = Graph()
    x = g.add_node("variable", name="x", value=0.5, pos=(0, 0))
    s = g.add_node("op", "sin", pos=(200, 0))
    g.connect(x, s, 0)
    open_at_actual_size(window, g, "playback")
    window.action("backward").trigger()
    assert window.animation.controller.active
    window.scene.select_nodes([x])
    window.view.setFocus()
    fired = []
    for action_id in table.PLAYBACK:
        window.action(action_id).triggered.connect(lambda *_, a=action_id: fired.append(a))
    controller = window.animation.controller
    for action_id in table.PLAYBACK:
        spec = table.BY_ID[action_id]
        assert spec.enabled_when in (table.STEPPING, table.LATER_STEP, table.EARLIER_STEP)
        controller.pause()  # (a step with somewhere to go: forward from the first, back from the last)
        controller.seek(0 if spec.enabled_when == table.LATER_STEP else controller.count - 1)
        sequence = QKeySequence(spec.shortcuts[0])[0]
        qtbot.keyClick(window.view, sequence.key(), sequence.keyboardModifiers())
        assert fired[-1:] == [action_id]
    assert fired == list(table.PLAYBACK)
    assert g.node(x).pos == (0, 0)  # no arrow moved the card
