"""Issue 17, item 8: the program never switches Python's garbage collector off (it is one
switch for the whole process: every window, thread and library would run without it)."""

from __future__ import annotations

import ast
from pathlib import Path

import graphviz_app

PACKAGE = Path(graphviz_app.__file__).parent


def test_no_module_switches_the_collector_off():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in ("disable", "set_threshold") and getattr(node.func.value, "id", "") == "gc":
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
