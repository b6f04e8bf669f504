"""Gradient descent on a diagram, written down as plain data.

`train` runs an optimizer on a private copy of the graph and returns, for every iterate, the
loss, the values of the trainable variables and their gradients. The command line prints it;
the window steps through it. Neither computes anything of its own, and the caller's graph is
changed only by `apply_values` (or copied with `trained_copy`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np

from . import engine
from .errors import GraphError, UserError
from .graph import Graph
from .naming import display_label, suggestion
from .number_text import fmt_number
from .optim import OPTIMIZERS, make_optimizer
from .output_choice import require_scalar, resolve_output
from .train_defaults import LEARNING_RATE_EXAMPLES
from .train_memory import check_record_fits

MAX_STEPS = 100_000  # every iterate is kept; beyond this the record would not fit a desktop's memory
# A loss more than this many times its size (the larger of the starting and the best loss) above
# its best has left the descent: healthy runs on the bundled examples overshoot by at most about
# 25 times (Adam at a rate of 0.3), while a rate past the stable one grows the loss geometrically.
DIVERGENCE = 1000.0
# A run whose last loss is above its starting one by more than MEANINGFUL of its size (the larger
# of the starting and the best loss) has made the model worse: whatever happened on the way, it
# did not train, and is reported as a stop. DIVERGENCE alone misses such runs: a cross-entropy
# grows only linearly in its logits, so plain SGD at a rate 100 times too large ended 88 times
# above its start, jumping about below 1000 times it for all its steps. Runs that overshoot and
# come back, or are noisy on the way down, end below their start and are not touched.
# A variable whose largest entry grows to more than this many times its size where the loss last
# fell clearly (at least 1), while the loss falls no further than that, has run away: a bounded
# loss (sin, tanh) hides a blown-up run from DIVERGENCE, whether it grows in one jump or steadily.
# Measured from there, not the start: a variable starting at 0 may rightly travel to 3e6, as the
# loss keeps falling on the way (and the reference travels with it).
RUNAWAY = 1000.0
# The loss falls clearly when it drops below the reference's by more than this fraction of it: a
# periodic loss (sin, cos) drifting outward keeps setting bests lower by 1e-6, which would carry
# the reference along with the runaway and skip the check.
MEANINGFUL = 1e-3
# A run stopped by a rate too large suggests a rate tried first: lr/10, lr/100, … (at most
# TRIAL_RATES of them), each for twice the steps the run took to fail, TRIAL_STEPS to TRIAL_MOST
# (and never more than asked); the first whose trial ends without a stop and lower than it began
# is named. Cheap: a rate too large mostly fails its trial within a few steps; at most
# TRIAL_RATES × TRIAL_MOST steps, and only after a failed run.
TRIAL_RATES = 8
TRIAL_STEPS = 20
TRIAL_MOST = 200
LISTED = 12  # a message names at most this many trainable variables (a big model has hundreds)


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
    # values[k]: variable id -> value after k steps; gradients[k]: ∂loss/∂variable at values[k]. With
    # train(keep_iterates=False) only the first, the last and the runaway check's reference are kept
    # (the others are None): the command line reports losses and the values at both ends
    values: list[dict[str, np.ndarray] | None]
    gradients: list[dict[str, np.ndarray] | None]
    stopped: str | None = None  # why training stopped, or ended worse: a sentence to show as it is
    interrupted: bool = False  # Ctrl+C ended the run (train(interruptible=True)): the iterates are those done
    # a column against a vector broadcast to n×n (X @ w − y: the loss is not the one meant), as
    # `grad` warns it (Evaluation.notes at the starting values; training changes values, not shapes)
    broadcasts: list[str] = field(default_factory=list)

    @property
    def steps(self) -> int:
        """Steps actually done."""
        return len(self.values) - 1

    @property
    def final_values(self) -> dict[str, np.ndarray]:
        return self.values[-1]


def read_learning_rate(text: str) -> float | None:
    """The learning rate typed (the window's field, --lr), read as every number typed is
    (values.read_number: 1e-3, −0.5, 1 000); None unless it is a finite positive number."""
    from .values import read_number

    try:
        lr = read_number(text)
    except UserError:
        return None
    return lr if math.isfinite(lr) and lr > 0 else None


def check_settings(optimizer: str, lr: float, steps: int) -> None:
    """UserError naming the first setting that cannot be used."""
    if optimizer not in OPTIMIZERS:
        raise UserError(f'unknown optimizer "{optimizer}" (choose {", ".join(OPTIMIZERS)})')
    if isinstance(steps, bool) or not isinstance(steps, Integral) or not 1 <= steps <= MAX_STEPS:
        raise UserError(f"the number of steps must be a whole number from 1 to {MAX_STEPS:,}, got {steps!r}")
    if isinstance(lr, bool) or not isinstance(lr, Real) or not (math.isfinite(lr) and lr > 0):
        raise UserError(
            f"the learning rate must be a finite positive number (such as {LEARNING_RATE_EXAMPLES}), got {lr!r}"
        )


def trainable_variables(graph: Graph) -> list[str]:
    """Ids of the variables training changes, in the graph's order."""
    return [n.id for n in graph.nodes() if n.is_trainable]


def find_variable(graph: Graph, key: str) -> str:
    """The id of the trainable variable `key` means (an id, or a name as naming.find_node reads
    it); else a GraphError saying what it is, or that no variable is so named, offering only the
    trainable variables: the close one ("did you mean"), else the list (the ops and constants
    cannot train, so naming them would not help)."""
    variables = trainable_variables(graph)
    try:
        nid = graph.node_id(key)
    except GraphError:
        nid = None
    if nid in variables:
        return nid
    labels = [display_label(graph, v) for v in variables]
    listing = ", ".join(labels[:LISTED]) + (f", … ({len(labels)} in all)" if len(labels) > LISTED else "")
    offer = suggestion(graph, key, variables) or f" (trainable: {listing})"
    if nid is None:
        raise GraphError(f'no variable is named "{key}"{offer}')
    node = graph.node(nid)
    what = {"constant": "a constant, not a trainable variable", "variable": "a variable marked not trainable"}
    what = what.get(node.kind, "an op's result, not a trainable variable")
    raise GraphError(f'"{display_label(graph, nid)}" is {what}{offer}', nid)


def check_start(
    graph: Graph,
    output: str | None = None,
    evaluation: engine.Evaluation | None = None,
    variables: Iterable[str] | None = None,
) -> str:
    """The output's id when `train` can start, as far as one evaluation tells (the window's Train
    dialog asks before OK); else the UserError `train` would raise: no output chosen, no trainable
    variable or none feeding the output, an output that is not a scalar, does not evaluate or is
    not finite. (A gradient that is not finite at the start shows only once training runs.)
    evaluation: the graph's current one, to reuse; variables: as `train` takes them."""
    out = resolve_output(graph, output)
    _check_variables(graph, out, variables)
    ev = evaluation if evaluation is not None else engine.evaluate(graph)
    require_scalar(graph, out, ev.require(out).shape, "training")
    label = display_label(graph, out)
    loss, problem = _loss(ev, out, label)
    if problem is not None or not math.isfinite(loss):
        problem = problem or f'the loss "{label}" is {loss}'
        raise UserError(f"cannot train: at the starting values {problem}", out)
    return out


def train(
    graph: Graph,
    *,
    steps: int,
    lr: float,
    optimizer: str = "sgd",
    output: str | None = None,
    progress: Callable[[int], None] | None = None,
    variables: Iterable[str] | None = None,
    interruptible: bool = False,
    on_loss: Callable[[int, float], None] | None = None,
    keep_iterates: bool = True,
) -> TrainResult:
    """Minimise the scalar output over the trainable variables. output: a node's id or name;
    default: the graph's output, else its only end node (core.output_choice). variables: the ids
    or names of the trainable variables to change (default: all of them; the others stay as they
    are, as frozen ones do).

    Raises UserError when training cannot start: a bad setting, no output or a non-scalar one,
    no trainable variable feeding it, a diagram that does not evaluate, a loss or gradient that is
    not finite at the start. Training that goes wrong later stops early, keeping the iterates made:
    a loss that diverges (grows DIVERGENCE times its size above its best, or becomes infinite, or
    ends the run above its start: the model got worse), a
    variable that runs away (RUNAWAY times its size where the loss last fell clearly, while the loss
    gets no better, or not finite), or a loss or gradient
    that becomes nan; `stopped` then says at which step, what happened and what
    to do ("Stopped at step 4 of 100: the loss "L" grew from 0.85 to 1.2e+03; …"), or for a run
    that ended worse, what it did ("Ran 5 steps and made the model worse: the loss "L" ended at …").
    `progress(k)`, when given, is called after step k (a window's progress bar; it may raise to
    abandon the run). interruptible: Ctrl+C (KeyboardInterrupt) during the steps ends the run,
    keeping the iterates done, with `interrupted` set (the command line's train; elsewhere it
    propagates as usual). `on_loss(k, loss)`, when given, is called as each loss is recorded (the
    command line's progress line). keep_iterates: keep every iterate's values and gradients (the
    window plays them back; the steps must then fit train_memory.RECORD_BYTES), else only those at both ends.
    """
    check_settings(optimizer, lr, steps)  # (before float(lr) below: "fast" is a bad rate, not a ValueError)
    result = TrainResult(optimizer, float(lr), int(steps), "", [], {}, [], [], [])
    try:
        return _run(graph, steps, lr, optimizer, output, progress, variables, True, result, on_loss, keep_iterates)
    except KeyboardInterrupt:
        done = min(len(result.losses), len(result.values), len(result.gradients))  # (a step half recorded)
        if not interruptible or done == 0:  # (done 0: before the starting values were evaluated, nothing to keep)
            raise
        del result.losses[done:], result.values[done:], result.gradients[done:]
        result.interrupted = True
        return result


def _run(
    graph: Graph,
    steps: int,
    lr: float,
    optimizer: str,
    output: str | None,
    progress: Callable[[int], None] | None,
    variables: Iterable[str] | None,
    advise: bool,
    result: TrainResult | None = None,
    on_loss: Callable[[int, float], None] | None = None,
    keep_iterates: bool = True,
) -> TrainResult:
    """train(), its settings checked (check_settings); advise: whether a stop for a rate too large
    tries smaller rates to suggest one (False for those trials themselves). result: filled in place
    when given (what an interrupted run keeps)."""
    work = graph.copy()
    out = resolve_output(work, output)
    variables = _check_variables(work, out, variables)
    if keep_iterates:
        check_record_fits(work, variables, steps)
    labels = {n: display_label(work, n) for n in [out, *variables]}
    opt = make_optimizer(optimizer, lr)
    if result is None:
        result = TrainResult(optimizer, float(lr), int(steps), out, variables, labels, [], [], [])
    else:
        result.output, result.variables, result.labels = out, variables, labels
    current = {v: work.node(v).value.copy() for v in variables}
    for k in range(steps + 1):
        ev = engine.evaluate(work)
        if k == 0:  # a diagram that does not evaluate: its own message (require), naming the node
            require_scalar(work, out, ev.require(out).shape, "training")
            result.broadcasts = list(ev.notes.values())
        loss, problem = _loss(ev, out, labels[out])
        if k == 0 and (problem is not None or not math.isfinite(loss)):
            problem = problem or f'the loss "{labels[out]}" is {loss}'
            raise UserError(f"cannot train: at the starting values {problem}", out)
        if problem is None and math.isfinite(loss):  # (nan and inf are not kept: no curve could draw them)
            grads = engine.gradients(work, out, evaluation=ev)
            grads = {v: np.asarray(grads[v]) if v in grads else np.zeros(current[v].shape) for v in variables}
            result.losses.append(loss)
            result.values.append(current)
            result.gradients.append(grads)
            if on_loss is not None:
                on_loss(k, loss)
        if k == 0:
            bad = _bad_gradient(result.gradients[0], variables)
            if bad is not None:
                raise UserError(f"cannot train: at the starting values {_gradient_problem(labels, out, bad)}", out)
            best, reference = loss, 0
        else:
            fell = _fell_clearly(result, loss, reference)
            stop = _stop(
                result, k, loss, problem, best, reference, fell, lambda k=k: _rate_to_try(graph, result, k, advise)
            )
            if stop is not None:
                result.stopped = stop
                break
            best = min(best, loss)  # (kept running: the record may hold 100,000 iterates)
            earlier = reference
            if fell:
                reference = k
            if not keep_iterates:  # (what the stop rules read next: the first, the reference and this one)
                for j in {k - 1, earlier} - {0, reference, k}:
                    result.values[j] = result.gradients[j] = None
        if k == steps:
            break
        with np.errstate(all="ignore"):  # (an overflow is reported by the runaway check, in words)
            current = opt.step(current, grads)
        for v, value in current.items():
            work.set_value(v, value)
        if progress is not None:
            progress(k + 1)
    return result


def _stop(
    result: TrainResult,
    k: int,
    loss: float,
    problem: str | None,
    best: float,
    reference: int,
    fell: bool,
    rate_to_try: Callable[[], str],
) -> str | None:
    """Why training stops at iterate k (None: it goes on). best: the lowest loss before k;
    reference: the iterate the runaway check measures from; fell: whether the loss fell clearly
    below it (see MEANINGFUL); rate_to_try: the
    advice's "try …", worked out only when a stop needs it (it runs trials)."""
    name = result.labels[result.output]
    steps, lr = result.steps_asked, result.lr
    if problem is not None:  # (the output no longer evaluates)
        return f"Stopped at step {k} of {steps}: {problem}; a smaller learning rate may help ({rate_to_try()})"
    if math.isnan(loss):
        return (
            f'Stopped at step {k} of {steps}: the loss "{name}" became nan (not a number); '
            f"a smaller learning rate may help ({rate_to_try()})"
        )

    def too_large() -> str:  # (only for a stop: the advice runs trial trainings)
        return f"the learning rate {fmt_number(lr)} is too large for this diagram ({rate_to_try()})"

    if loss == -math.inf:
        return (
            f'Stopped at step {k} of {steps}: the loss "{name}" fell to -inf: it has no lowest value, so descent '
            "never ends (minimise a loss that is bounded below, such as a sum of squares)"
        )
    size = max(abs(result.losses[0]), abs(best))
    if loss - best > DIVERGENCE * size:  # (+inf too)
        return f'Stopped at step {k} of {steps}: the loss "{name}" grew from {fmt_number(best)} to {fmt_number(loss)}; {too_large()}'
    start = result.losses[0]
    if k == steps and loss - start > MEANINGFUL * size:
        lowest = f" (its lowest was {fmt_number(best)})" if best < start else ""
        return (  # (it ran to the end: no "Stopped at", which would read as cut off)
            f'Ran {steps} steps and made the model worse: the loss "{name}" ended at {fmt_number(loss)}, above '
            f"its start {fmt_number(start)}{lowest}; {too_large()}"
        )
    runaway = _runaway_variable(result, k, improved=fell, reference=reference)
    if runaway is not None:
        return f"Stopped at step {k} of {steps}: {runaway}; {too_large()}"
    bad = _bad_gradient(result.gradients[k], result.variables)
    if bad is not None:  # (it would make the next step's values nan)
        problem = _gradient_problem(result.labels, result.output, bad)
        return (
            f"Stopped at step {k + 1} of {steps}: at the values after step {k} {problem}; "
            f"a smaller learning rate may help ({rate_to_try()})"
        )
    return None


def _rate_to_try(graph: Graph, result: TrainResult, k: int, trials: bool) -> str:
    """ "try 5": the largest of lr/10, lr/100, … (TRIAL_RATES of them) whose trial run from the
    same start, with the same optimizer, stops for nothing and lowers the loss; "try a rate below
    0.05" when none does (trials False: lr/10, untried)."""
    lr = result.lr
    if not trials:
        return f"try {fmt_number(lr / 10)}"
    trial_steps = min(result.steps_asked, max(TRIAL_STEPS, 2 * k), TRIAL_MOST)
    for i in range(1, TRIAL_RATES + 1):
        rate = float(fmt_number(lr / 10**i).replace("−", "-"))  # (the rate as the advice writes it)
        trial = _run(graph, trial_steps, rate, result.optimizer, result.output, None, result.variables, advise=False)
        if trial.stopped is None and trial.losses[-1] < trial.losses[0]:
            return f"try {fmt_number(rate)}"
    return f"try a rate below {fmt_number(rate)}"


def _fell_clearly(result: TrainResult, loss: float, reference: int) -> bool:
    """Whether the loss fell clearly below the reference iterate's (see MEANINGFUL)."""
    return loss < result.losses[reference] - MEANINGFUL * abs(result.losses[reference])


def _runaway_variable(result: TrainResult, k: int, improved: bool, reference: int) -> str | None:
    """What happened to the first variable that ran away at iterate k (None: none did)."""
    at_best = result.values[reference]
    for v in result.variables:
        now = np.asarray(result.values[k][v], dtype=float)
        entry = "" if now.ndim == 0 else "an entry of "
        if not np.isfinite(now).all():
            return f'{entry}the variable "{result.labels[v]}" is not finite any more'
        if improved:  # (a variable runs away only while the loss gets no lower)
            continue
        before, peak = _largest(at_best[v]), _largest(now)
        if abs(peak) > RUNAWAY * max(1.0, abs(before)):
            loss = result.labels[result.output]
            return (
                f'{entry}the variable "{result.labels[v]}" grew from {fmt_number(before)} (where the loss "{loss}" last '
                f"fell clearly) to {fmt_number(peak)} while the loss got no lower"
            )
    return None


def _largest(value: np.ndarray) -> float:
    """The entry of largest size, with its sign (0 for an empty array)."""
    flat = np.asarray(value, dtype=float).ravel()
    return float(flat[np.argmax(np.abs(flat))]) if flat.size else 0.0


def _bad_gradient(grads: Mapping[str, np.ndarray], variables: list[str]) -> str | None:
    return next((v for v in variables if not np.isfinite(grads[v]).all()), None)


def _gradient_problem(labels: Mapping[str, str], out: str, bad: str) -> str:
    return f'the gradient of "{labels[out]}" with respect to "{labels[bad]}" is not finite'


def _check_variables(graph: Graph, out: str, chosen: Iterable[str] | None = None) -> list[str]:
    """The ids of the variables to train, in the graph's order (chosen: ids or names; None: all)."""
    variables = trainable_variables(graph)
    if not variables:
        raise GraphError(
            "the diagram has no trainable variable (constants never train; a variable marked not trainable neither)"
        )
    if chosen is not None:
        picked = set()
        for key in chosen:
            picked.add(find_variable(graph, key))
        if not picked:
            raise GraphError("no variable is chosen to train")
        variables = [v for v in variables if v in picked]
    feeding = graph.ancestors(out)
    if not any(v in feeding for v in variables):
        names = ", ".join(f'"{display_label(graph, v)}"' for v in variables)
        which = "trainable" if chosen is None else "chosen"
        raise GraphError(f'no {which} variable feeds the output "{display_label(graph, out)}" ({which}: {names})')
    return variables


def _loss(ev: engine.Evaluation, out: str, label: str) -> tuple[float, str | None]:
    """The loss at the current values (it may be nan or infinite), or why the output has no value."""
    problem = ev.problem(out)
    if problem is not None:
        return math.nan, problem
    return float(ev.values[out]), None


def apply_values(graph: Graph, values: Mapping[str, np.ndarray]) -> None:
    """Put values (variable id -> value, e.g. result.final_values) into a graph, one set_value each."""
    for node_id, value in values.items():
        graph.set_value(node_id, value)


def trained_copy(graph: Graph, result: TrainResult, step: int | None = None) -> Graph:
    """A copy of the graph holding the values after `step` steps (default: the last)."""
    copy = graph.copy()
    apply_values(copy, result.values[result.steps if step is None else step])
    return copy
