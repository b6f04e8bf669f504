"""A small classifier (a tanh layer, then softmax cross-entropy over 3 classes), saved through the
Python API: a file for the train tests (CLI and window)."""

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
