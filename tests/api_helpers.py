"""Shared by the tests of the Python API: ops a test needs, `graphviz-app grad --json` on a saved graph."""

from __future__ import annotations

import json

import pytest

from graphviz_app import cli
from graphviz_app.core.ops import all_ops


def missing_ops(*names: str) -> list[str]:
    return [n for n in names if n not in {op.name for op in all_ops()}]


def needs_ops(*names: str):
    """Skip (with the reason) when this build's op registry lacks an op the test traces."""
    missing = missing_ops(*names)
    return pytest.mark.skipif(bool(missing), reason=f"op not in registry: {', '.join(missing)}")


def skip_without_ops(*names: str) -> None:
    """The same inside a fixture or a test."""
    missing = missing_ops(*names)
    if missing:
        pytest.skip(f"op not in registry: {', '.join(missing)}")


def linear_model():
    """The seed's linear model L = ‖y − Φθ‖², traced."""
    import numpy as np

    import graphviz_app as ga

    skip_without_ops("matmul", "sub", "pow", "sum")

    def loss(theta, Phi, y):
        e = y - Phi @ theta
        return np.sum(e**2)

    return ga.trace(loss, theta=np.array([0.5, 0.8]), Phi=np.ones((4, 2)), y=np.arange(4.0), constants=("Phi", "y"))


def grad_report(graph, tmp_path, capsys) -> dict:
    """What `graphviz-app grad FILE --json` prints for the graph saved to a file."""
    path = tmp_path / "traced.json"
    graph.save(path)
    capsys.readouterr()
    assert cli.main(["grad", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)
