"""Models for the train tests (CLI and window): a small classifier (a tanh layer, then softmax
cross-entropy over 3 classes) saved through the Python API, and a sum of many variables."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import graphviz_app as ga


def classifier_file(folder: Path, constants: tuple[str, ...] = ("X", "Y")) -> Path:
    """softmax_xent(tanh(X @ W1 + b1) @ W2 + b2, Y), batch 8, 5 → 4 → 3; its loss starts at 1.665."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(8, 5))
    W1, b1 = rng.normal(size=(5, 4)) * 0.5, rng.normal(size=4) * 0.1
    W2, b2 = rng.normal(size=(4, 3)) * 0.5, np.zeros(3)
    Y = np.eye(3)[rng.integers(0, 3, 8)]

    def mlp(X, W1, b1, W2, b2, Y):
        return ga.softmax_xent(np.tanh(X @ W1 + b1) @ W2 + b2, Y)

    path = folder / "mlp.json"
    ga.trace(mlp, X=X, W1=W1, b1=b1, W2=W2, b2=b2, Y=Y, constants=constants).save(str(path))
    return path


def many_variables_file(path: Path, count: int) -> Path:
    """loss = (w0 + w1 + … )²: `count` trainable variables named w0, w1, …, saved at path."""
    from graphviz_app.core import fileformat
    from graphviz_app.core.graph import Graph

    g = Graph()
    total = g.add_node("variable", name="w0", value=1.0)
    for i in range(1, count):
        w = g.add_node("variable", name=f"w{i}", value=1.0)
        s = g.add_node("op", "add")
        g.connect(total, s, 0)
        g.connect(w, s, 1)
        total = s
    loss = g.add_node("op", "square", name="loss")
    g.connect(total, loss, 0)
    g.set_output(loss)
    fileformat.save(g, path)
    return path
