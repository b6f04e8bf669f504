"""Shared helpers of the canvas tests: a canonical dump of a graph, a graph shown in a view, a
card's rect, and real mouse gestures."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QUndoStack
from PySide6.QtWidgets import QApplication

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas.node_item import card_scene_rect


def dump(graph: Graph) -> dict:
    """Everything that defines a graph, in a form that compares exactly."""
    nodes = {}
    for node in graph.nodes():
        nodes[node.id] = (
            node.kind,
            node.op,
            node.name,
            None if node.value is None else (node.value.shape, node.value.tolist()),
            (float(node.pos[0]), float(node.pos[1])),
            tuple(sorted(node.params.items())),
        )
    return {"nodes": nodes, "edges": sorted(tuple(e) for e in graph.edges()), "output": graph.output}


def node_card_rect(scene, nid: str):
    """The rect of node nid's card in scene coordinates, as the canvas itself takes it
    (node_item.card_scene_rect: the card, without the room for its glow and flag)."""
    return card_scene_rect(scene.node_item(nid))


def shown_view(qtbot, graph: Graph, size: tuple[int, int], centre: tuple[float, float], evaluate: bool = True):
    """A GraphScene of graph (evaluated) in a GraphView of that size, shown, centred on a scene point."""
    from graphviz_app.ui.canvas.scene import GraphScene
    from graphviz_app.ui.canvas.view import GraphView

    scene = GraphScene(graph, QUndoStack())
    scene.undo_stack.setParent(scene)
    if evaluate:
        scene.evaluator.refresh()
    view = GraphView(scene)
    scene.setParent(view)  # (destroyed with the view, on the GUI thread: not by a collection)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.centerOn(*centre)
    return scene, view


def settle_zoom(qtbot, view) -> None:
    """Wait for a zoom gesture to settle, then paint the view (at rest, sharp, edges restyled)."""
    qtbot.waitUntil(lambda: not view.zooming(), timeout=3000)
    view.viewport().repaint()


def send_mouse(view, kind, pos: QPoint, button, buttons, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    viewport = view.viewport()
    local = QPointF(pos)
    event = QMouseEvent(kind, local, QPointF(viewport.mapToGlobal(pos)), button, buttons, modifiers)
    QApplication.sendEvent(viewport, event)


def drag(view, start_scene: QPointF, end_scene: QPointF, steps: int = 5, button=Qt.MouseButton.LeftButton) -> None:
    """Press at one scene point, move in steps with the button held, release at the other."""
    a = view.mapFromScene(start_scene)
    b = view.mapFromScene(end_scene)
    send_mouse(view, QEvent.Type.MouseButtonPress, a, button, button)
    for i in range(1, steps + 1):
        p = QPoint(round(a.x() + (b.x() - a.x()) * i / steps), round(a.y() + (b.y() - a.y()) * i / steps))
        send_mouse(view, QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, button)
    send_mouse(view, QEvent.Type.MouseButtonRelease, b, button, Qt.MouseButton.NoButton)


def click(view, scene_pos: QPointF, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    p = view.mapFromScene(scene_pos)
    left = Qt.MouseButton.LeftButton
    send_mouse(view, QEvent.Type.MouseButtonPress, p, left, left, modifiers)
    send_mouse(view, QEvent.Type.MouseButtonRelease, p, left, Qt.MouseButton.NoButton, modifiers)


def double_click(view, scene_pos: QPointF) -> None:
    """A double-click as the system delivers it: press, release, double-click, release."""
    p = view.mapFromScene(scene_pos)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send_mouse(view, QEvent.Type.MouseButtonPress, p, left, left)
    send_mouse(view, QEvent.Type.MouseButtonRelease, p, left, none)
    send_mouse(view, QEvent.Type.MouseButtonDblClick, p, left, left)
    send_mouse(view, QEvent.Type.MouseButtonRelease, p, left, none)


def collapse_by_title(window, name: str) -> None:
    """Double-click the group's frame title, as a user collapses it."""
    group = window.graph.groups.find(name)
    frame = window.scene.groups.frame_item(group.id)
    r = frame.title_rect()
    window.view.ensureVisible(frame.mapRectToScene(r))
    double_click(window.view, frame.mapToScene(QPointF(r.left() + 30, r.center().y())))
    QApplication.processEvents()
    assert window.graph.groups.get(group.id).collapsed


def open_at_actual_size(window, graph: Graph, title: str) -> None:
    """graph as the window's document, at 100 % centred on the scene's origin, drawn."""
    window.open_graph(graph, None, title)
    window.view.zoom_reset()
    window.view.centerOn(0, 0)
    QApplication.processEvents()


def node_of(window, op: str) -> str:
    """The id of the (first) node running op."""
    return next(n.id for n in window.graph.nodes() if n.op == op)


def count_cards_drawn(monkeypatch) -> list:
    """The cards painted from now on (into their caches, or for an export)."""
    drawn = []
    from graphviz_app.ui.canvas.node_item import NodeItem

    original = NodeItem.paint
    monkeypatch.setattr(NodeItem, "paint", lambda self, *args: (drawn.append(self), original(self, *args))[1])
    return drawn


def when_modal(dialog_type, act, timeout: float = 5.0):
    """Run act(dialog) once a modal dialog of dialog_type shows (exec() waits for it meanwhile).
    If act fails, the dialog is rejected, so the test does not hang, and the error is kept: call
    the function returned, after the exec(), to raise it. Gives up looking after `timeout` s."""
    import time

    from PySide6.QtCore import QTimer

    errors: list[BaseException] = []
    deadline = time.monotonic() + timeout

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, dialog_type):
            if time.monotonic() < deadline:
                QTimer.singleShot(10, poll)
            return
        try:
            act(dialog)
        except BaseException as exc:  # (kept for the test, which raises it)
            errors.append(exc)
            dialog.reject()

    QTimer.singleShot(0, poll)

    def check() -> None:
        if errors:
            raise errors[0]

    return check


def two_nodes(window):
    g = window.graph
    g.replace_with(Graph())
    x = g.add_node("variable", name="x", value=1.0, pos=(0, 0))
    s = g.add_node("op", "sin", pos=(200, 0))
    g.connect(x, s, 0)
    window.undo_stack.clear()
    return g, x, s


def activate(qtbot, window) -> None:
    """Make `window` the active window and wait until it is: the window's shortcuts (F6, Ctrl+0)
    only reach an active window, and on a loaded machine activation arrives late."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def window_of_size(qtbot, size: tuple[int, int]):
    """A main window shown at size and active (its shortcuts reach it), its unsaved-work question
    answered "discard"."""
    from PySide6.QtWidgets import QMessageBox

    from graphviz_app.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    return w


def first_start_window(qtbot, size: tuple[int, int]):
    """The main window as first started at this size (below 1200 px the palette is a tab of the
    Inspector's column), shown, its layout settled, its unsaved-work question answered "discard"."""
    w = window_of_size(qtbot, size)
    qtbot.wait(50)  # (its layout settled)
    return w


def type_name(window, qtbot, old: str, new: str) -> str:
    """F2 on the card named old and new typed into its name editor (not yet committed): its id."""
    node = window.graph.find(old)
    window.scene.clearSelection()
    window.scene.node_item(node).setSelected(True)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.view.title_editor.editing, timeout=3000)
    qtbot.keyClicks(window.view, new)  # replaces the selected name
    return node


def sample_graph() -> Graph:
    """x ℝ² → L = ‖x‖², L the output: the smallest graph with a backward pass."""
    g = Graph()
    x = g.add_node("variable", name="x", value=[1.0, 2.0], pos=(0, 0))
    s = g.add_node("op", "sqnorm", name="L", pos=(240, 0))
    g.connect(x, s, 0)
    g.set_output(s)
    return g
