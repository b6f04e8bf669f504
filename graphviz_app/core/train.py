"""Gradient descent on a diagram, written down as plain data.

`train` runs an optimizer on a private copy of the graph and returns, for every iterate, the
loss, the values of the trainable variables and their gradients. The command line prints it;
the window steps through it. Neither computes anything of its own, and the caller's graph is
changed only by `apply_values` (or copied with `trained_copy`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

from . import engine
from .errors import GraphError, UserError
from .graph import Graph
from .naming import display_label
from .optim import OPTIMIZERS, make_optimizer
from .output_choice import require_scalar, resolve_output

MAX_STEPS = 100_000  # every iterate is kept; beyond this the record would not fit a desktop's memory


@dataclass
class TrainResult:
    """One training run. Index k is the iterate after k steps (k = 0: the starting values).

    losses, values and gradients have the same length: steps done + 1.
    """

    optimizer: str  # key of core.optim.OPTIMIZERS
    lr: float
    steps_asked: int
    output: str  # the loss node's id
    variables: list[str]  # ids of the trained variables, in the graph's order
    labels: dict[str, str]  # id -> the name its card shows (output and variables)
    losses: list[float]  # losses[k]: the output's value at values[k]
    values: list[dict[str, np.ndarray]]  # values[k]: variable id -> value after k steps
    gradients: list[dict[str, np.ndarray]]  # gradients[k]: ∂loss/∂variable at values[k]
    stopped: str | None = None  # why training ended before steps_asked (the loss became nan or inf)

    @property
    def steps(self) -> int:
        """Steps actually done."""
        return len(self.values) - 1

    @property
    def final_values(self) -> dict[str, np.ndarray]:
        return self.values[-1]


def check_settings(optimizer: str, lr: float, steps: int) -> None:
    """UserError naming the first setting that cannot be used."""
    if optimizer not in OPTIMIZERS:
        raise UserError(f'unknown optimizer "{optimizer}" (choose {", ".join(OPTIMIZERS)})')
    if isinstance(steps, bool) or not isinstance(steps, Integral) or not 1 <= steps <= MAX_STEPS:
        raise UserError(f"the number of steps must be a whole number from 1 to {MAX_STEPS:,}, got {steps!r}")
    if isinstance(lr, bool) or not isinstance(lr, Real) or not (math.isfinite(lr) and lr > 0):
        raise UserError(f"the learning rate must be a finite positive number, got {lr!r}")


def trainable_variables(graph: Graph) -> list[str]:
    """Ids of the variables training changes, in the graph's order."""
    return [n.id for n in graph.nodes() if n.is_trainable]


def train(
    graph: Graph,
    *,
    steps: int,
    lr: float,
    optimizer: str = "sgd",
    output: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> TrainResult:
    """Minimise the scalar output over the trainable variables. output: a node's id or name;
    default: the graph's output, else its only end node (core.output_choice).

    Raises UserError when training cannot start: a bad setting, no output or a non-scalar one,
    no trainable variable feeding it, a diagram that does not evaluate, a loss or gradient that is
    not finite at the start. A loss or gradient that becomes nan or infinite later ends training
    early: the result keeps the iterates before it and `stopped` says at which step.
    `progress(k)`, when given, is called after step k (a window's progress bar; it may raise to
    abandon the run).
    """
    check_settings(optimizer, lr, steps)
    work = graph.copy()
    out = resolve_output(work, output)
    variables = _check_variables(work, out)
    labels = {n: display_label(work, n) for n in [out, *variables]}
    opt = make_optimizer(optimizer, lr)
    result = TrainResult(optimizer, float(lr), int(steps), out, variables, labels, [], [], [])
    current = {v: work.node(v).value.copy() for v in variables}
    for k in range(steps + 1):
        ev = engine.evaluate(work)
        if k == 0:  # a diagram that does not evaluate: its own message (require), naming the node
            require_scalar(work, out, ev.require(out).shape, "training")
        bad = None
        loss, problem = _loss(ev, out, labels[out])
        if problem is None:
            grads = engine.gradients(work, out, evaluation=ev)
            grads = {v: np.asarray(grads[v]) if v in grads else np.zeros(current[v].shape) for v in variables}
            result.losses.append(loss)
            result.values.append(current)
            result.gradients.append(grads)
            bad = next((v for v in variables if not np.isfinite(grads[v]).all()), None)
            if bad is not None:
                problem = f'the gradient of "{labels[out]}" with respect to "{labels[bad]}" is not finite'
        if problem is not None:
            if k == 0:
                raise UserError(f"cannot train: at the starting values {problem}", out)
            done = k if bad is None else k + 1  # a bad gradient stops the step that would use it
            result.stopped = f"training stopped at step {done} of {steps}: {problem} (a smaller learning rate may help)"
            break
        if k == steps:
            break
        current = opt.step(current, grads)
        for v, value in current.items():
            work.set_value(v, value)
        if progress is not None:
            progress(k + 1)
    return result


def _check_variables(graph: Graph, out: str) -> list[str]:
    variables = trainable_variables(graph)
    if not variables:
        raise GraphError(
            "the diagram has no trainable variable (constants never train; a variable marked not trainable neither)"
        )
    feeding = graph.ancestors(out)
    if not any(v in feeding for v in variables):
        names = ", ".join(f'"{display_label(graph, v)}"' for v in variables)
        raise GraphError(f'no trainable variable feeds the output "{display_label(graph, out)}" (trainable: {names})')
    return variables


def _loss(ev: engine.Evaluation, out: str, label: str) -> tuple[float, str | None]:
    """The loss at the current values, or the problem that stops training."""
    problem = ev.problem(out)
    if problem is not None:
        return math.nan, problem
    loss = float(ev.values[out])
    if not math.isfinite(loss):
        return loss, f'the loss "{label}" is {loss}'
    return loss, None


def apply_values(graph: Graph, values: Mapping[str, np.ndarray]) -> None:
    """Put values (variable id -> value, e.g. result.final_values) into a graph, one set_value each."""
    for node_id, value in values.items():
        graph.set_value(node_id, value)


def trained_copy(graph: Graph, result: TrainResult, step: int | None = None) -> Graph:
    """A copy of the graph holding the values after `step` steps (default: the last)."""
    copy = graph.copy()
    apply_values(copy, result.values[result.steps if step is None else step])
    return copy
