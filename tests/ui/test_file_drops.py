"""A diagram file dragged from a file manager onto the window opens there (asking first about
unsaved changes); anything else is refused while dragged, the status bar naming it. The
palette's drags still add cards (tests/ui/test_drop_inside_view.py)."""

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from ui.canvas_helpers import dump

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph
from graphviz_app.ui.commands.nodes import AddNodeCommand

COPY = Qt.DropAction.CopyAction
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def files_mime(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_over(target, mime) -> bool:
    """A file manager's drag entering and moving over target: whether it is accepted."""
    pos = target.rect().center()
    enter = QDragEnterEvent(pos, COPY, mime, LEFT, NONE)
    QApplication.sendEvent(target, enter)
    move = QDragMoveEvent(pos, COPY, mime, LEFT, NONE)
    QApplication.sendEvent(target, move)
    return enter.isAccepted() and move.isAccepted()


def drop_on(target, mime) -> bool:
    accepted = drag_over(target, mime)
    if accepted:
        QApplication.sendEvent(target, QDropEvent(QPointF(target.rect().center()), COPY, mime, LEFT, NONE))
    return accepted


@pytest.fixture
def diagram(tmp_path):
    g = Graph()
    x = g.add_node("variable", name="speed", value=1.0, pos=(0, 0))
    s = g.add_node("op", "sin", pos=(200, 0))
    g.connect(x, s, 0)
    path = tmp_path / "mine.json"
    fileformat.save(g, path)
    return path


def test_a_diagram_dropped_on_the_canvas_opens(window, qtbot, diagram):
    assert drop_on(window.view.viewport(), files_mime(diagram))
    qtbot.waitUntil(lambda: window.files.path == diagram.resolve(), timeout=3000)
    assert window.graph.find("speed") is not None and window.shown_title().startswith("mine.json")
    assert window.statusBar().currentMessage().startswith(f"Opened {diagram}")


def test_a_diagram_dropped_on_a_dock_opens_too(window, qtbot, diagram):
    assert drop_on(window.palette_dock, files_mime(diagram))
    qtbot.waitUntil(lambda: window.files.path == diagram.resolve(), timeout=3000)


def test_a_drop_over_unsaved_work_asks_first_and_cancel_keeps_it(window, qtbot, diagram):
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "tanh"))
    before = dump(window.graph)
    asked = []
    window.files.ask_unsaved = lambda: (asked.append(1), QMessageBox.StandardButton.Cancel)[1]
    assert drop_on(window.view.viewport(), files_mime(diagram))
    qtbot.waitUntil(lambda: asked == [1], timeout=3000)
    assert dump(window.graph) == before and window.files.path is None
    window.undo_stack.setClean()


@pytest.mark.parametrize(
    ("names", "said"),
    [
        (["picture.png"], "picture.png is not a diagram file (.json)"),
        (["a.json", "b.json"], "Drop one diagram file at a time (2 were dragged)"),
        (["folder"], "folder is a folder"),
    ],
)
def test_anything_else_is_refused_and_the_status_bar_names_it(window, tmp_path, names, said):
    paths = [tmp_path / name for name in names]
    for path in paths:
        path.mkdir() if path.suffix == "" else path.write_bytes(b"\x89PNG\r\n\x1a\n")
    before = dump(window.graph)
    assert not drop_on(window.view.viewport(), files_mime(*paths))
    assert said in window.statusBar().currentMessage()
    assert dump(window.graph) == before


def test_the_palettes_drags_still_add_cards(window, qtbot):
    from graphviz_app.ui.catalog import MIME_TYPE

    mime = QMimeData()
    mime.setData(MIME_TYPE, b'{"kind": "op", "op": "sin"}')
    assert drop_on(window.view.viewport(), mime)
    qtbot.waitUntil(lambda: len(window.graph) == 1, timeout=3000)
    assert window.graph.node(window.graph.node_ids()[0]).op == "sin"
    window.undo_stack.setClean()
