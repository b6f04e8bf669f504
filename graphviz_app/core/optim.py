"""Optimizers, exactly as PyTorch defines them (torch.optim.SGD and torch.optim.Adam, defaults).

Each one turns the current values and their gradients into the next values, keeping its own
state (momentum buffers, moment estimates) between steps; it never changes the arrays it is given.
The order of floating-point operations follows PyTorch's own implementation, so the numbers agree
with it to the last digits, not only mathematically.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

Arrays = Mapping[str, np.ndarray]


class Optimizer:
    """One step: next values from values and gradients (both keyed by variable id)."""

    name = ""  # the key used by `graphviz-app train --optimizer`

    def __init__(self, lr: float) -> None:
        self.lr = float(lr)

    def step(self, values: Arrays, grads: Arrays) -> dict[str, np.ndarray]:
        raise NotImplementedError


class SGD(Optimizer):
    """θ ← θ − ηg"""

    name = "sgd"

    def step(self, values: Arrays, grads: Arrays) -> dict[str, np.ndarray]:
        return {k: values[k] - self.lr * grads[k] for k in values}


class Momentum(Optimizer):
    """torch.optim.SGD(momentum=μ), no dampening: v ← μv + g, θ ← θ − ηv, v starting at 0."""

    name = "momentum"

    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = float(momentum)
        self.velocity: dict[str, np.ndarray] = {}

    def step(self, values: Arrays, grads: Arrays) -> dict[str, np.ndarray]:
        out = {}
        for k, theta in values.items():
            prev = self.velocity.get(k)
            # PyTorch's first step copies g into the buffer: the same as μ·0 + g
            v = np.array(grads[k], dtype=float) if prev is None else self.momentum * prev + grads[k]
            self.velocity[k] = v
            out[k] = theta - self.lr * v
        return out


class Adam(Optimizer):
    """torch.optim.Adam with its defaults: β = (0.9, 0.999), ε = 1e-8, bias-corrected, t from 1.

    m ← β₁m + (1−β₁)g,  s ← β₂s + (1−β₂)g²,  θ ← θ − η·(m/(1−β₁ᵗ)) / (√(s/(1−β₂ᵗ)) + ε)
    """

    name = "adam"

    def __init__(self, lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.beta1, self.beta2 = (float(b) for b in betas)
        self.eps = float(eps)
        self.t = 0
        self.m: dict[str, np.ndarray] = {}
        self.s: dict[str, np.ndarray] = {}

    def step(self, values: Arrays, grads: Arrays) -> dict[str, np.ndarray]:
        self.t += 1
        correction1 = 1 - self.beta1**self.t
        correction2 = 1 - self.beta2**self.t
        step_size = self.lr / correction1
        out = {}
        for k, theta in values.items():
            g = np.asarray(grads[k], dtype=float)
            m = self.m.get(k, np.zeros_like(g))
            s = self.s.get(k, np.zeros_like(g))
            m = m + (g - m) * (1 - self.beta1)  # PyTorch: exp_avg.lerp_(grad, 1 - beta1)
            s = s * self.beta2 + (1 - self.beta2) * (g * g)  # exp_avg_sq.mul_(beta2).addcmul_(g, g, 1 - beta2)
            self.m[k], self.s[k] = m, s
            denom = np.sqrt(s) / math.sqrt(correction2) + self.eps
            out[k] = theta - step_size * (m / denom)
        return out


@dataclass(frozen=True)
class OptimizerInfo:
    name: str  # command-line key
    title: str  # what a menu or a report shows
    factory: type[Optimizer]


OPTIMIZERS: dict[str, OptimizerInfo] = {
    "sgd": OptimizerInfo("sgd", "SGD", SGD),
    "momentum": OptimizerInfo("momentum", "SGD with momentum 0.9", Momentum),
    "adam": OptimizerInfo("adam", "Adam", Adam),
}


def make_optimizer(name: str, lr: float) -> Optimizer:
    """An optimizer by its key (sgd, momentum, adam); KeyError for another name."""
    return OPTIMIZERS[name].factory(lr)
