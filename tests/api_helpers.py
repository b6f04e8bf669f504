"""Shared by the tests of the Python API: ops a test needs, `graphviz-app grad --json` on a saved graph."""

from __future__ import annotations

import json

import pytest

from graphviz_app import cli
from graphviz_app.core.ops import all_ops


def needs_ops(*names: str):
    """Skip (with the reason) when this build's op registry lacks an op the test traces."""
    missing = [n for n in names if n not in {op.name for op in all_ops()}]
    return pytest.mark.skipif(bool(missing), reason=f"op not in registry: {', '.join(missing)}")


def grad_report(graph, tmp_path, capsys) -> dict:
    """What `graphviz-app grad FILE --json` prints for the graph saved to a file."""
    path = tmp_path / "traced.json"
    graph.save(path)
    capsys.readouterr()
    assert cli.main(["grad", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)
