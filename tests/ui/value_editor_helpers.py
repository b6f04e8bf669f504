"""Driving the value editor in tests: a document holding theta, the real modal dialog, typing and pasting into its grid."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from graphviz_app.core.graph import Graph
from graphviz_app.ui.canvas import node_actions
from graphviz_app.ui.value_editor import ValueEditorDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def with_theta(window, value):
    g = Graph()
    g.add_node("variable", name="theta", value=value, pos=(0, 0))
    window.graph.replace_with(g)
    window.undo_stack.clear()
    return window.graph.find("theta")


def edit(window, node_id, drive):
    """Open the real dialog (modal) and let `drive(dialog)` use it; it is closed if left open."""

    def run():
        dialog = QApplication.activeModalWidget()
        try:
            drive(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)
    node_actions.edit_value(window, window.scene, node_id)


def make_dialog(qtbot, value):
    graph = Graph()
    dialog = ValueEditorDialog(None, graph.node(graph.add_node("variable", name="x", value=value)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_cell(qtbot, grid, row, col, text):
    grid.setFocus()
    grid.setCurrentCell(row, col)
    qtbot.keyClicks(grid, text[0])
    (editor,) = [w for w in grid.viewport().findChildren(QLineEdit) if w.isVisible()]
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()


def paste(qtbot, grid, text, row=0, col=0):
    QApplication.clipboard().setText(text)
    grid.setFocus()
    grid.setCurrentCell(row, col)
    qtbot.keyClick(grid, Qt.Key_V, CTRL)
