"""Every text a person reads that names a shortcut takes it from the actions table (key_text), so a
key changed in the table changes each text that names it, and macOS shows ⌘ as its menus do."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import graphviz_app
from graphviz_app.ui import actions_table
from graphviz_app.ui.key_text import key_text

PACKAGE = Path(graphviz_app.__file__).parent
# the window's texts: ui/, and the Qt side of export (the Export dialog, Copy Image and their messages)
WINDOW_FILES = sorted(
    [*(PACKAGE / "ui").rglob("*.py"), *(PACKAGE / "export").glob("dialog*.py"), PACKAGE / "export" / "actions.py"]
)
# keys no word of a sentence is spelled like: with a modifier, or a function key ("Esc", "Space",
# "Left" are words too: "Esc cancels" in a popup is the popup's, not the Stop action's)
TABLE_KEYS = sorted(
    {k for spec in actions_table.ACTIONS for k in spec.shortcuts if "+" in k or re.fullmatch(r"F\d+", k)},
    key=len,
    reverse=True,
)
# any table key, standing alone: one search a string instead of one a key (the key named is then looked up)
ANY_TABLE_KEY = re.compile(rf"(?<![\w+])(?:{'|'.join(map(re.escape, TABLE_KEYS))})(?![\w+])")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def hard_coded_keys() -> list[str]:
    """'file:line: key' for every string of the window's files (docstrings and the table aside)
    naming a table key."""
    found = []
    for path in WINDOW_FILES:
        if path.name == "actions_table.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skip:
                continue
            if not ANY_TABLE_KEY.search(node.value):
                continue
            for key in TABLE_KEYS:
                if re.search(rf"(?<![\w+]){re.escape(key)}(?![\w+])", node.value):
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {key}")
                    break
    return found


def test_no_text_types_a_key_the_table_declares():
    assert any(path.name == "dialog.py" and path.parent.name == "export" for path in WINDOW_FILES)
    assert hard_coded_keys() == []


def test_a_key_changed_in_the_table_changes_the_texts_that_name_it(window, qtbot, monkeypatch):
    from dataclasses import replace

    for action, key in (("backward", "F9"), ("paste", "Ctrl+Shift+V")):
        monkeypatch.setitem(actions_table.BY_ID, action, replace(actions_table.BY_ID[action], shortcuts=(key,)))
    assert key_text("backward") == "F9"
    g = window.graph
    x = g.add_node("variable", name="x", value=1.0, pos=(0, 0))
    m = g.add_node("op", "mul", pos=(240, 0))
    g.connect(x, m, 0)
    window.scene.select_nodes([m])
    panel = window.animation.inspector.panel
    qtbot.waitUntil(lambda: "cannot run" in panel.note_label.text(), timeout=3000)
    assert "Backward (F9) cannot run, until input b is connected" in panel.note_label.text()
    window.scene.select_nodes([x])
    window.action("copy").trigger()
    assert window.statusBar().currentMessage() == "Copied 1 node: Ctrl+Shift+V pastes it"
