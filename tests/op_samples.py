"""Valid random inputs for every op, used by the op and property tests."""

from __future__ import annotations

import numpy as np

POSITIVE = {"log", "sqrt"}
AWAY_FROM_ZERO = {"abs", "relu"}  # kinks at 0: keep finite differences away from them


def sample_inputs(op_name: str, rng: np.random.Generator, n: int = 3, m: int = 2) -> list[np.ndarray]:
    """Inputs of shapes the op accepts, in its smooth domain."""

    def r(*shape):
        return rng.normal(size=shape)

    if op_name in POSITIVE:
        return [rng.uniform(0.5, 2.0, size=(n, m))]
    if op_name in AWAY_FROM_ZERO:
        x = rng.uniform(0.2, 1.5, size=(n,)) * rng.choice([-1.0, 1.0], size=(n,))
        return [x]
    if op_name == "tan":
        return [rng.uniform(-1.0, 1.0, size=(n,))]
    if op_name == "pow":
        return [rng.uniform(0.5, 2.0, size=(n,))]
    if op_name in ("add", "sub", "mul"):
        return [r(n, m), r(n, m)]
    if op_name == "div":
        return [r(n), rng.uniform(0.5, 2.0, size=(n,)) * rng.choice([-1.0, 1.0], size=(n,))]
    if op_name == "matmul":
        return [r(n, m), r(m)]
    if op_name in ("dot",):
        return [r(n), r(n)]
    if op_name == "outer":
        return [r(n), r(m)]
    if op_name == "transpose":
        return [r(n, m)]
    if op_name == "softmax":
        return [r(n)]
    if op_name == "sqerr":
        return [r(n), r(n)]
    if op_name == "softmax_xent":
        target = np.zeros(n)
        target[rng.integers(n)] = 1.0
        return [r(n), target]
    return [r(n, m)]  # every other unary op and the reductions


def matmul_cases(rng: np.random.Generator) -> list[list[np.ndarray]]:
    """All four combinations of matrix and vector operands."""
    return [
        [rng.normal(size=(3, 2)), rng.normal(size=(2, 4))],
        [rng.normal(size=(3, 2)), rng.normal(size=(2,))],
        [rng.normal(size=(3,)), rng.normal(size=(3, 4))],
        [rng.normal(size=(3,)), rng.normal(size=(3,))],
    ]


def broadcast_cases(rng: np.random.Generator) -> list[list[np.ndarray]]:
    """A scalar with a tensor, both ways round."""
    return [
        [np.asarray(rng.uniform(0.5, 2.0)), rng.uniform(0.5, 2.0, size=(3,))],
        [rng.uniform(0.5, 2.0, size=(2, 3)), np.asarray(rng.uniform(0.5, 2.0))],
        [np.asarray(1.3), np.asarray(0.7)],
    ]
