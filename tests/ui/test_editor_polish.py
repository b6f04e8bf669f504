"""What a polished editor does beyond the words of the issue: pastes that never hide each other,
Delete only on the canvas, grid steps with snapping, an output card that does not look selected,
names as the cards show them, examples under their own names."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QFileDialog

from graphviz_app.core.graph import Graph
from graphviz_app.resources_path import example_files
from graphviz_app.ui.canvas.theme import DARK, LIGHT
from graphviz_app.ui.commands import AddNodeCommand


def _two_nodes(window):
    g = window.graph
    g.replace_with(Graph())
    x = g.add_node("variable", name="x", value=1.0, pos=(0, 0))
    s = g.add_node("op", "sin", pos=(200, 0))
    g.connect(x, s, 0)
    window.undo_stack.clear()
    return g, x, s


def test_pasting_twice_at_one_spot_never_stacks_copies_on_each_other(window):
    g, x, s = _two_nodes(window)
    window.scene.select_nodes([x, s])
    assert window.view.copy()
    for _ in range(3):
        window.view.paste(QPointF(500, 300))
    places = [tuple(n.pos) for n in g.nodes()]
    assert len(places) == 8 and len(set(places)) == 8


def test_delete_acts_only_while_the_canvas_has_the_focus(window, qtbot):
    g, x, s = _two_nodes(window)
    window.scene.select_nodes([x])
    tree = window.palette_dock.tree
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    qtbot.keyClick(tree, Qt.Key.Key_Backspace)
    assert x in g  # the palette's list had the focus
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert x not in g and window.undo_stack.undoText() == "Delete x"
    window.undo_stack.undo()
    window.scene.select_nodes([s])
    window.action("delete").trigger()  # the menu item works whatever has the focus
    assert s not in g


def test_arrow_keys_step_a_grid_cell_and_land_on_the_grid_with_snapping_on(window, qtbot):
    g, x, s = _two_nodes(window)
    g.move(x, (3.0, 7.0))
    window.scene.select_nodes([x])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert g.node(x).pos == (13.0, 7.0)  # half a cell without snapping
    window.action("snap").setChecked(True)
    try:
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        assert g.node(x).pos == (40.0, 0.0)  # a cell on, onto the grid
        qtbot.keyClick(window.view, Qt.Key.Key_Down)
        assert g.node(x).pos == (40.0, 20.0)
        qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
        assert g.node(x).pos == (39.0, 20.0)  # Shift: one unit, off the grid on purpose
    finally:
        window.action("snap").setChecked(False)


@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_the_output_card_does_not_look_selected(theme):
    assert theme.output != theme.selection and theme.output != theme.hover


def test_unnamed_cards_are_numbered_as_the_messages_name_them(window, qtbot):
    g, x, s = _two_nodes(window)
    window.undo_stack.push(AddNodeCommand(g, "op", "sin", pos=(200, 200)))
    second = next(n for n in g.node_ids() if n not in (x, s))
    scene = window.scene
    qtbot.waitUntil(lambda: scene.node_item(s).title == "sin₁")
    assert scene.node_item(second).title == "sin₂"
    assert "sin₂: input u is not connected" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: scene.node_item(s).title == "sin")


def test_duplicating_a_numbered_name_takes_the_next_number(window):
    g, x, s = _two_nodes(window)
    g.rename(x, "y_2")
    window.scene.select_nodes([x])
    window.view.duplicate()
    window.scene.select_nodes([x])
    window.view.duplicate()
    assert sorted(n.name for n in g.nodes() if n.name) == ["y_2", "y_3", "y_4"]


def test_examples_have_titles_and_save_as_offers_the_examples_file_name(window, monkeypatch):
    titles = [a.text() for a in window.examples_menu.actions()]
    assert "Linear model: ‖y − Φθ‖²" in titles and not any("_" in t for t in titles)
    example = next(p for p in example_files() if p.name == "05_linear_model.json")
    assert window.open_example(example)
    assert "Linear model" in window.shown_title() and "Linear model" in window.statusBar().currentMessage()
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _w, _t, start, _f: (offered.append(start), ("", ""))[1])
    assert not window.save_as()
    assert offered and offered[0].endswith("05_linear_model.json")


def test_a_bad_file_is_named_once_in_its_message(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "show_error", lambda title, message: shown.append(message))
    bad = tmp_path / "trunc.json"
    bad.write_text('{"format": "graphviz_app", "nodes": [', "utf-8")
    assert not window.open_path(bad, ask=False)
    assert shown and shown[0].count("trunc.json") == 1 and "line 1" in shown[0]


def _right_docks(window):
    from PySide6.QtWidgets import QDockWidget

    return [
        d for d in window.findChildren(QDockWidget) if window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea
    ]


@pytest.mark.parametrize("stacked", [False, True])
def test_the_canvas_keeps_room_when_the_window_narrows_beside_wide_docks(window, qtbot, stacked):
    right = _right_docks(window)
    if stacked:  # the Inspector above the Chain rule, not tabbed
        window.splitDockWidget(right[0], right[1], Qt.Orientation.Vertical)
        for dock in right:
            dock.show()
    window.resize(1800, 900)
    qtbot.wait(30)
    window.resizeDocks([window.palette_dock], [230], Qt.Orientation.Horizontal)  # (whatever a test before left)
    window.resizeDocks(right, [700] * len(right), Qt.Orientation.Horizontal)  # (as the chain rule tab widens itself)
    qtbot.wait(30)
    assert window.view.width() >= 0.45 * 1800 - 40  # room enough: the docks are left as they are
    assert max(d.width() for d in right) >= 650  # (700 asked)
    window.resize(1000, 800)
    qtbot.waitUntil(lambda: window.view.width() >= 0.44 * window.width(), timeout=2000)
    palette = window.palette_dock
    assert palette.width() > palette.minimumSizeHint().width() + 40  # the widest side gave the room
    # and a saved state made for a wider window is narrowed the same way when restored
    window.resize(1800, 900)
    qtbot.wait(30)
    window.resizeDocks(right, [700] * len(right), Qt.Orientation.Horizontal)
    qtbot.wait(30)
    window.settings.setValue("window/state", window.saveState())
    window.resize(1000, 800)
    qtbot.wait(30)
    window._restore_state()
    qtbot.waitUntil(lambda: window.view.width() >= 0.44 * window.width(), timeout=2000)


def _card_pixels(scene, item):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    rect = item.sceneBoundingRect().adjusted(-4, -4, 4, 4)
    image = QImage(int(rect.width() * 2), int(rect.height() * 2), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]


def _near(pixels, colour) -> int:
    return sum(
        abs(p.red() - colour.red()) + abs(p.green() - colour.green()) + abs(p.blue() - colour.blue()) < 40
        for p in pixels
        if p.alpha() > 200
    )


def test_the_drawn_output_card_is_told_apart_from_a_selected_one(window, qtbot):
    g, x, s = _two_nodes(window)
    g.set_output(s)
    scene = window.scene
    scene.evaluator.refresh()
    item = scene.node_item(s)
    theme = scene.theme
    output = _card_pixels(scene, item)
    scene.select_nodes([s])
    selected = _card_pixels(scene, item)
    assert _near(output, theme.selection) * 4 < _near(selected, theme.selection)  # no blue outline unselected
    assert _near(output, theme.output) > 200  # the ink outline and the OUTPUT chip
