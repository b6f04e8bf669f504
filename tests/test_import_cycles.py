"""No import cycles in graphviz_app: every module's imports (also those inside functions) parsed with ast."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import networkx as nx

import graphviz_app

PACKAGE = Path(graphviz_app.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for file in PACKAGE.rglob("*.py"):
        parts = list(file.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = file
    return found


@functools.cache  # (parsed once for both tests; neither changes the graph)
def import_graph() -> nx.DiGraph:
    """module -> each graphviz_app module it imports. `from . import name` counts as importing the
    submodule `name` when there is one (its package is already being imported then)."""
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, file in modules.items():
        package = name if file.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(file.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(base + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                subs = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
                targets = subs if len(subs) == len(node.names) else [base, *subs]
            else:
                continue
            graph.add_edges_from((name, t) for t in targets if t in modules and t != name)
    return graph


def test_the_import_graph_sees_imports_inside_functions():
    graph = import_graph()
    assert graph.has_edge("graphviz_app.cli", "graphviz_app.ui.app")  # imported in a function
    assert graph.has_edge("graphviz_app.ui.main_window", "graphviz_app.ui.actions_table")


def test_no_import_cycles():
    cycles = [c for c in nx.simple_cycles(import_graph())]
    assert cycles == [], "import cycles: " + "; ".join(" → ".join(c + c[:1]) for c in cycles)
