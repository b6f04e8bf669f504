"""Editing gestures of the view: quick add (Tab), value editor (double-click), context menus, zoom."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from ui.canvas_helpers import activate, send_mouse

from graphviz_app.core.graph import Graph
from graphviz_app.ui.main_window import MainWindow
from graphviz_app.ui.quick_add import QuickAddPopup


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # closing must not wait for an answer
    g = Graph()
    x = g.add_node("variable", name="x", value=2.0, pos=(-150, 0))
    s = g.add_node("op", "sin", pos=(100, 0))
    g.connect(x, s, 0)
    g.set_output(s)
    w.graph.replace_with(g)
    w.view.zoom_reset()
    w.view.centerOn(0, 0)
    return w


def test_tab_opens_quick_add_and_the_choice_is_added_under_the_cursor(window, qtbot):
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    popup = view.findChild(QuickAddPopup)
    assert popup is not None and popup.isVisible()
    qtbot.keyClicks(popup.search_edit, "tanh")
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Return)
    tanh = [n for n in window.graph.nodes() if n.op == "tanh"]
    assert len(tanh) == 1 and window.undo_stack.undoText() == "Add tanh"
    popup.hide()


def test_double_click_on_a_variable_opens_the_value_editor(window, monkeypatch):
    import graphviz_app.ui.value_editor as value_editor

    class FakeEditor:
        def __init__(self, parent, node, taken=None, name_check=None, title=None):
            self.node = node

        def exec(self):
            return QDialog.DialogCode.Accepted

        def value(self):
            return np.array([1.0, 2.0, 3.0])

        def name(self):
            return "alpha"

        def kind(self):
            return "constant"

    monkeypatch.setattr(value_editor, "ValueEditorDialog", FakeEditor)
    x = window.graph.find("x")
    point = window.view.mapFromScene(window.scene.node_item(x).pos())
    left = Qt.MouseButton.LeftButton
    from PySide6.QtCore import QEvent

    send_mouse(window.view, QEvent.Type.MouseButtonDblClick, point, left, left)
    node = window.graph.node(x)
    assert node.value.tolist() == [1.0, 2.0, 3.0] and node.name == "alpha" and node.kind == "constant"
    assert window.undo_stack.count() == 1  # one step for value, name and kind
    window.undo_stack.undo()
    assert window.graph.node(x).name == "x" and window.graph.node(x).value.shape == ()


def test_context_menus(window):
    scene, g = window.scene, window.graph
    x, s = g.find("x"), g.node_ids()[1]
    menu = window.canvas_menus.build(scene.node_item(x), QPointF(0, 0))
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert {"Rename", "Edit Value…", "Make It a Constant", "Set as Output", "Delete"} <= set(texts)
    next(a for a in menu.actions() if a.text() == "Set as &Output").trigger()
    assert g.output == x
    menu = window.canvas_menus.build(scene.edge_item((x, s, 0)), QPointF(0, 0))
    next(a for a in menu.actions() if a.text() == "&Disconnect").trigger()
    assert g.edges() == []
    menu = window.canvas_menus.build(None, QPointF(0, 120))  # (a free point well inside the view)
    add = next(a for a in menu.actions() if a.text() == "Add &Node").menu()
    next(a for a in add.actions() if a.text() == "Variable").trigger()
    added = [n for n in g.nodes() if n.kind == "variable" and n.name != "x"]
    assert len(added) == 1 and added[0].pos == (0.0, 120.0)


def test_zoom_controls(window, qtbot):
    view = window.view
    view.zoom_reset()
    window.action("zoom_in").trigger()
    assert view.zoom() == pytest.approx(1.2)
    window.action("zoom_out").trigger()
    assert view.zoom() == pytest.approx(1.0)
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(view.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() == pytest.approx(1.2)
    window.action("zoom_fit").trigger()
    rect = window.scene.items_bounding_rect()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(rect)


def test_middle_button_pans(window):
    from PySide6.QtCore import QEvent, QPoint

    view = window.view
    view.zoom_reset()
    before = view.mapToScene(view.viewport().rect().center())
    mid = Qt.MouseButton.MiddleButton
    start = view.viewport().rect().center()
    send_mouse(view, QEvent.Type.MouseButtonPress, start, mid, mid)
    send_mouse(view, QEvent.Type.MouseMove, start + QPoint(-80, -40), Qt.MouseButton.NoButton, mid)
    send_mouse(view, QEvent.Type.MouseButtonRelease, start + QPoint(-80, -40), mid, Qt.MouseButton.NoButton)
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() - before.x() == pytest.approx(80, abs=2) and after.y() - before.y() == pytest.approx(40, abs=2)


def test_a_shown_view_keeps_its_scene_alive_without_other_references(qtbot):
    """Qt's view does not own its scene: collected while shown, it was deleted mid-paint (a crash)."""
    import gc
    import weakref

    from PySide6.QtGui import QUndoStack

    from graphviz_app.core.sample_graphs import scalar_chains
    from graphviz_app.ui.canvas import GraphScene, GraphView

    scene = GraphScene(scalar_chains(2, lambda i: 0.1, lambda _i: ["sin"]), QUndoStack())  # (no Qt parent)
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    kept = weakref.ref(scene)
    del scene
    gc.collect()
    assert kept() is not None and view.scene() is kept()
    view.viewport().repaint()
    view.setScene(None)
    gc.collect()
    assert kept() is None  # let go once the view shows another
