"""`graphviz-app train`: gradient descent on a diagram, without a window.

With --json it prints the contract {"losses": [steps + 1 numbers], "values": {name: final value},
"stopped": null, "broadcasts": [...]} (names as written in the file; "broadcasts": grad's warnings of
a column against a vector made n×n, X @ w − y, also on stderr); otherwise a short table. -o saves the trained diagram
and says "wrote OUT.json" as export does (on stderr with --json: stdout is the JSON). Every number comes from
core.train. A run that core.train stops (the loss diverged, or became nan) is a user error: its
message on stderr, exit status 2, nothing saved; --json still prints what was done on stdout,
"stopped" saying why (TRAIN_EPILOG says so to the user).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from .core import train_defaults as defaults
from .core.errors import UserError

OPTIMIZER_KEYS = defaults.OPTIMIZER_KEYS  # (a module without numpy: --help stays fast)
TRAIN_EPILOG = """\
Variables marked "trainable": false in the file never train.

exit status:
  0  every step was done: the report on stdout (with --json its JSON, "stopped": null)
  2  a user error (a bad file or option): one error: line on stderr, nothing on
     stdout, with --json too
  2  the run stopped early (a loss that grows far above its best: the learning rate
     is too large; or nan): one error: line on stderr naming the step, nothing
     saved (-o not written); nothing on stdout, except with --json the JSON of the
     steps done on stdout, its "stopped" saying why (unlike grad's status 2: a
     script reads "stopped" before the numbers)
  130  interrupted (Ctrl+C), as the shell reports a command stopped by Ctrl+C: the
     report of the steps done on stdout as at the end (with --json "stopped" says
     "Interrupted at step K of N"), -o OUT.json written with the values reached,
     and one error: line on stderr saying so

A run longer than a second prints its progress on stderr ("step K of N: loss …")
every few seconds.

example:
  graphviz-app train resources/examples/05_linear_model.json --steps 200 --optimizer momentum --json"""
PROGRESS_FIRST, PROGRESS_EVERY = 1.0, 5.0  # seconds: a long run shows it is alive, a short one stays quiet
LOSS_ROWS = 10  # the table shows about this many losses, evenly spread, the first and last always


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The `train` subcommand on the main parser."""
    train = sub.add_parser(
        "train",
        prog="graphviz-app train",
        help="minimise a diagram's scalar output by gradient descent on its trainable variables",
        description="Run N steps of gradient descent (SGD, SGD with momentum 0.9 or Adam, as PyTorch "
        "defines them) on the trainable variables of FILE.json, minimising its scalar output, and print "
        "the loss per step and the final values.",
        epilog=TRAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    train.add_argument("file", metavar="FILE.json", help="a diagram saved by graphviz-app")
    train.add_argument(
        "--steps",
        default=str(defaults.STEPS),
        metavar="N",
        help=f"number of steps, a positive whole number; default {defaults.STEPS}",
    )
    train.add_argument(
        "--lr",
        default=f"{defaults.LEARNING_RATE:g}",
        metavar="ETA",
        help=f"learning rate, a finite positive number; default {defaults.LEARNING_RATE:g}",
    )
    train.add_argument(
        "--optimizer",
        default=defaults.OPTIMIZER,
        metavar="{" + ",".join(OPTIMIZER_KEYS) + "}",
        help="sgd (θ ← θ − ηg), momentum (torch.optim.SGD, momentum 0.9) or adam (PyTorch's defaults); "
        f"default {defaults.OPTIMIZER}",
    )
    train.add_argument(
        "--output",
        metavar="NODE",
        help="the loss node, by name (as its card shows it); default: the diagram's output, else the only node that feeds nothing",
    )
    train.add_argument(
        "--json",
        action="store_true",
        help='print {"losses": [...], "values": {...}, "stopped": null or why the run stopped, '
        '"broadcasts": [grad\'s warnings of shapes broadcast to n×n]} as JSON',
    )
    choice = train.add_mutually_exclusive_group()
    choice.add_argument(
        "--train",
        metavar="NAME,...",
        help="the variables to train, by name (as their cards show them), separated by commas; default: every "
        "trainable variable but data names (X, Y, y next to an X, targets, labels, inputs), as Run → Train… starts",
    )
    choice.add_argument(
        "--train-all",
        action="store_true",
        help="train every trainable variable, data names too",
    )
    train.add_argument("-o", dest="out", metavar="OUT.json", help="save the trained diagram to OUT.json")


def run_train(args: argparse.Namespace) -> int:
    steps = parse_steps(args.steps)
    lr = parse_lr(args.lr)
    if args.optimizer not in OPTIMIZER_KEYS:
        raise UserError(f'--optimizer "{args.optimizer}": choose one of {", ".join(OPTIMIZER_KEYS)}')
    out = trained_file(args.out) if args.out else None  # (refused before any training)
    from .core import fileformat, train
    from .core.file_lines import said_of_file
    from .core.output_choice import command_line_output

    graph = fileformat.load(args.file)
    output = command_line_output(graph, args.output)
    variables = chosen_variables(graph, args.train, args.train_all)
    with said_of_file(args.file):  # (a diagram that does not evaluate: "d.json: line 10: matmul₂: …")
        result = train.train(
            graph,
            steps=steps,
            lr=lr,
            optimizer=args.optimizer,
            output=output,
            variables=variables,
            interruptible=True,
            on_loss=ProgressLine(steps),
            keep_iterates=False,  # (the report reads the losses and the values at both ends)
        )
    for message in result.broadcasts:  # (as grad warns: the loss trained is not the one meant)
        print(f"warning: {message}", file=sys.stderr)
    if result.interrupted:
        return report_interrupted(graph, result, out, args.json)
    if result.stopped is not None:
        if args.json:  # (what was done, for a script to look at; stdout, apart from the error line)
            print(json.dumps(json_report(graph, result), ensure_ascii=False))
        unsaved = f"; {out} was not written" if out else ""
        raise UserError(result.stopped[:1].lower() + result.stopped[1:] + unsaved)
    if out:  # saved before anything is printed: a failed save leaves only the error line
        try:
            fileformat.save(train.trained_copy(graph, result), out)
        except OSError as exc:
            from .core.file_access import cannot_save

            raise UserError(cannot_save(exc, out)) from None
    print(json.dumps(json_report(graph, result), ensure_ascii=False) if args.json else format_report(result))
    if out:  # as export says it: on stdout, after the report (on stderr with --json: stdout is the JSON)
        print(f"wrote {out}", file=sys.stderr if args.json else sys.stdout)
    return 0


class ProgressLine:
    """on_loss for a long run: "step K of N: loss L" on stderr, the first after PROGRESS_FIRST
    seconds, then every PROGRESS_EVERY (stdout stays the report, printed at the end)."""

    def __init__(self, steps: int) -> None:
        import time

        self.clock = time.monotonic
        self.steps = steps
        self.due = self.clock() + PROGRESS_FIRST
        self.first = True

    def __call__(self, k: int, loss: float) -> None:
        if self.clock() < self.due:
            return
        from .core.terminal_table import number

        hint = " (Ctrl+C stops here, keeping the steps done)" if self.first else ""
        print(f"step {k} of {self.steps}: loss {number(loss)}{hint}", file=sys.stderr, flush=True)
        self.first = False
        self.due = self.clock() + PROGRESS_EVERY


def report_interrupted(graph, result, out: Path | None, as_json: bool) -> int:
    """Ctrl+C during the steps: the report of the steps done, as at the end, and -o written with
    the values reached (atomically, as at the end); exit status 130, the shell's code for Ctrl+C,
    as export gives (a script tells "stopped by hand" from a user error, 2)."""
    from .core import fileformat, train

    where = f"interrupted at step {result.steps} of {result.steps_asked}"
    result.stopped = f"Interrupted at step {result.steps} of {result.steps_asked} (Ctrl+C)"
    saved, wrote = "", False
    if out:
        try:
            fileformat.save(train.trained_copy(graph, result), out)
            saved, wrote = f"; {out} holds the values after step {result.steps}", True
        except OSError as exc:
            from .core.file_access import cannot_save

            saved = f"; {cannot_save(exc, out)}"
    print(json.dumps(json_report(graph, result), ensure_ascii=False) if as_json else format_report(result))
    if wrote:
        print(f"wrote {out}", file=sys.stderr if as_json else sys.stdout)
    print(f"error: {where}{saved}", file=sys.stderr)
    return 130


def trained_file(name: str):
    """The file -o names, checked as g.save checks its name (x -> x.json; x.png refused, saying
    what to write), and its folder: a mistake is told before the training, not after it."""
    from .export.formats import check_folder, diagram_named

    def then_draw(fmt: str) -> str:
        return f"then graphviz-app export {Path(name).with_suffix('.json')} -o {name}"

    path = diagram_named(name, "train -o", then_draw)
    if os.path.isdir(path):
        raise UserError(
            f'cannot save "{path}": it is a folder; name the file to write in it, e.g. {path / "trained.json"}'
        )
    try:
        check_folder(path, "save")  # (missing, a file on the way, no permission: in g.save's words)
    except UserError as exc:
        raise UserError(f'cannot save "{path}": {exc.message}') from None
    return path


def chosen_variables(graph, names: str | None, train_all: bool) -> list[str] | None:
    """The variables to train: those --train names, all with --train-all (None), else the default of
    Run → Train… (core.data_names), with a note on stderr naming the variables left as data."""
    from .core.data_names import RULE, default_training
    from .core.naming import display_label

    if train_all:
        return None
    if names is not None:
        picked = [name.strip() for name in names.split(",") if name.strip()]
        if not picked:
            raise UserError(f'--train must name at least one variable, got "{names}"')
        return [_variable(graph, name) for name in picked]
    trained, data = default_training(graph)
    if not data:
        return None
    shown = ", ".join(display_label(graph, v) for v in data)
    if not trained:
        raise UserError(
            f"every trainable variable ({shown}) is data by convention; "
            f"name the ones to train with --train NAME,... or train them all with --train-all"
        )
    print(
        f"note: {shown} left as data, not trained ({RULE}); --train NAME,... chooses the variables, "
        "--train-all trains them all",
        file=sys.stderr,
    )
    return trained


def _variable(graph, name: str) -> str:
    """The id of the trainable variable --train names, or a UserError naming the option and the name."""
    from .core.errors import GraphError
    from .core.train import find_variable

    try:
        return find_variable(graph, name)
    except GraphError as exc:
        raise UserError(f"--train {name}: {exc.message}") from None


def parse_steps(text: str) -> int:
    from .core.train import MAX_STEPS

    try:
        steps = int(text.strip())
    except ValueError:
        raise UserError(f'--steps must be a positive whole number, got "{text}"') from None
    if not 1 <= steps <= MAX_STEPS:
        raise UserError(f"--steps must be a whole number from 1 to {MAX_STEPS}, got {steps}")
    return steps


def parse_lr(text: str) -> float:
    from .core.train import read_learning_rate

    lr = read_learning_rate(text)
    if lr is None:
        raise UserError(
            f'--lr must be a finite positive number (such as {defaults.LEARNING_RATE_EXAMPLES}), got "{text}"'
        )
    return lr


def json_report(graph, result) -> dict[str, Any]:
    """The --json contract: the losses before each step and after the last, the final values by
    name (as written in the file: the keys `grad --json` uses), and why the run stopped early
    (null: it did every step; else the losses and values end at the stop)."""
    from .core.naming import json_key
    from .core.values import to_report_value

    return {
        "losses": to_report_value(result.losses),
        "values": {json_key(graph, v): to_report_value(result.final_values[v]) for v in result.variables},
        "stopped": result.stopped,
        "broadcasts": result.broadcasts,  # a column against a vector made n×n (X @ w − y), as grad's
    }


def format_report(result) -> str:
    from .core.optim import OPTIMIZERS
    from .core.shape_text import shape_text
    from .core.terminal_table import ValueCells, number, table

    loss_name = result.labels[result.output]
    cut = f" (interrupted at step {result.steps} of {result.steps_asked})" if result.interrupted else ""
    lines = [
        f"{OPTIMIZERS[result.optimizer].title}, learning rate {number(result.lr)}, {result.steps} steps{cut}: "
        f"{loss_name} {number(result.losses[0])} → {number(result.losses[-1])}",
        "",
    ]
    rows = [("step", loss_name)] + [(str(k), number(result.losses[k])) for k in _shown_steps(result.steps)]
    lines += table(rows) + [""]
    cells = ValueCells("graphviz-app train --json prints the final values in full")
    rows = [("variable", "shape", "start", "final")]
    for v in result.variables:
        final = result.final_values[v]
        rows.append((result.labels[v], shape_text(final.shape), cells(result.values[0][v]), cells(final)))
    lines += table(rows) + cells.note()
    return "\n".join(lines)


def _shown_steps(steps: int) -> list[int]:
    if steps <= LOSS_ROWS:
        return list(range(steps + 1))
    return sorted({round(i * steps / LOSS_ROWS) for i in range(LOSS_ROWS + 1)})
