"""In the window, a node cannot take an operation's name (a variable renamed sin): the card keeps
its name and the status bar says why; File → New from Expression refuses an operation used as a
variable; a file holding such a name opens, and its card shows it."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsProxyWidget, QLineEdit
from ui.canvas_helpers import open_at_actual_size
from ui.expression_helpers import answer_expression

from graphviz_app.core.graph import Graph


def _editors(scene):
    return [
        i.widget()
        for i in scene.items()
        if isinstance(i, QGraphicsProxyWidget) and i.isVisible() and isinstance(i.widget(), QLineEdit)
    ]


def test_f2_refuses_an_operations_name_for_a_variable(window, qtbot):
    g = Graph()
    x = g.add_node("variable", name="theta", value=1.0)
    open_at_actual_size(window, g, "names")
    window.scene.select_nodes([x])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: len(_editors(window.scene)) == 1, timeout=3000)
    qtbot.keyClicks(window.view, "sum")
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    message = window.statusBar().currentMessage()
    assert (
        message
        == "θ keeps its name: sum is an operation's name (formulas and expressions would read it as the operation)"
    )
    assert window.graph.node(x).name == "theta" and window.undo_stack.count() == 0
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    window.undo_stack.setClean()


def test_new_from_expression_refuses_an_operation_as_a_variable(window, monkeypatch):
    problems = []
    answer_expression(monkeypatch, "sin * x", problems=problems)
    window.files.new_from_expression()
    assert problems == [
        'Cannot read the expression: column 1: "sin" is an operation, not a variable name: call it, as in sin(x)'
    ]
    assert len(window.graph) == 0


def test_a_file_naming_a_variable_sum_opens_and_its_card_says_sum(window, qtbot, tmp_path):
    doc = {
        "format": "graphviz_app",
        "version": 1,
        "output": "c",
        "nodes": [
            {"id": "a", "kind": "variable", "op": None, "name": "sum", "value": 2.0, "pos": [0, 0]},
            {"id": "c", "kind": "op", "op": "sum", "name": None, "value": None, "pos": [300, 0]},
        ],
        "edges": [{"from": "a", "to": "c", "port": 0}],
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc))
    window.files.open_path(str(path))
    qtbot.waitUntil(lambda: len(window.graph) == 2, timeout=5000)
    titles = {window.scene.node_item(n).title for n in window.graph.node_ids()}
    assert titles == {"sum", "sum₁"}
