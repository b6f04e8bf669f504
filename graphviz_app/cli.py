"""Command line: `graphviz-app [FILE]`, `graphviz-app grad|train|export ...`.

User mistakes print one `error: ...` line on stderr and exit with 2, never a
traceback. `grad` imports only numpy and the core (no Qt, no sympy) so it
starts fast; the GUI and export import Qt only when they are asked for.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import __version__

SUBCOMMANDS = ("grad", "train", "export")


class UsageError(Exception):
    """A bad command line (argparse's own complaints included)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and exit; we want one line
        raise UsageError(f"{message} (see {self.prog} --help)")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(argv)
    except SystemExit as exc:  # --help and --version exit through argparse
        return exc.code if isinstance(exc.code, int) else 0
    except UsageError as exc:
        return _fail(str(exc))
    except BrokenPipeError:  # the reader went away (grad … | head): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # (Python's own flush at exit)
        return 0
    except OSError as exc:  # (reading the diagram: grad and the editor's FILE; export says its own)
        from .core.file_access import cannot_read

        return _fail(cannot_read(exc))
    except MemoryError:
        return _fail("not enough memory for this diagram")
    except KeyboardInterrupt:  # Ctrl+C while reading or writing (train reports its own steps): no traceback
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        from .core.errors import UserError

        if isinstance(exc, UserError):
            return _fail(exc.message)
        raise


def _fail(message: str) -> int:
    print("error: " + terminal_safe(" ".join(message.split())), file=sys.stderr)
    return 2


def terminal_safe(text: str) -> str:
    """text with each control character (a NUL byte, an escape) written as its code, \\x00: never
    sent raw to a terminal, where it could hide text or act on the terminal."""
    import unicodedata

    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in text)


def _check_text(option: str, value: str | None) -> None:
    """Text that is not a file name must be UTF-8: Python keeps a byte it cannot decode as a lone
    surrogate, which would fail much later (printing, saving). File names may be any bytes."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        what = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        shown = value.encode("utf-8", "surrogateescape" if 0xDC80 <= code <= 0xDCFF else "backslashreplace")
        raise UsageError(
            f"{option} {shown.decode('utf-8', 'backslashreplace')}: not valid UTF-8 text ({what} at position "
            f"{exc.start + 1})"
        ) from None


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] not in SUBCOMMANDS and not argv[0].startswith("-"):
        path = argv[0]
        if not os.path.lexists(path) and not os.path.splitext(path)[1]:  # a mistyped command, most likely
            raise UsageError(
                f'no such file or command: "{path}" (the commands are {", ".join(SUBCOMMANDS)}; '
                "see graphviz-app --help)"
            )
        if len(argv) > 1:
            raise UsageError(f"unexpected arguments after the file: {' '.join(argv[1:])} (see graphviz-app --help)")
        from .core.file_access import check_file

        check_file(path)  # a missing, unreadable, special or oversized file: one line, no window
        return _run_gui(path)
    parser = build_parser(with_export=bool(argv) and argv[0] == "export")
    args, extra = parser.parse_known_args(argv)
    if extra:  # argparse reports these on the top parser; point at the subcommand's own help
        prog = f"graphviz-app {args.command}" if args.command else "graphviz-app"
        raise UsageError(f"unrecognized arguments: {' '.join(extra)} (see {prog} --help)")
    if args.command is None:
        return _run_gui(None)
    if args.command == "grad":
        from .gradcmd import run_grad

        _check_text("--expr", args.expr)
        _check_text("--output", args.output)
        for item in args.sets:
            _check_text("--set", item)

        return run_grad(args)
    if args.command == "train":
        from .traincmd import run_train

        return run_train(args)
    from graphviz_app.export.command import run

    return run(args)


def _run_gui(path: str | None) -> int:
    from graphviz_app.ui.app import run_app

    return run_app(path)


GRAD_EPILOG = """\
exit status:
  0  the output's value and the gradients are numbers (a warning: line on stderr
     may still tell of a node in between that became nan or infinite)
  1  the output's value or a gradient is nan or infinite: the report is printed
     all the same, a warning: line on stderr says where each began
  2  a user error (a bad file, expression, --set or option): one error: line on
     stderr, nothing on stdout, with --json too

example:
  graphviz-app grad --expr "sin(x**2)" --set x=1.2 --json"""


def build_parser(with_export: bool = False) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="graphviz-app",
        description="Build composition graphs of scalars, vectors and matrices and watch the chain rule "
        "(backpropagation) step by step.",
        usage="graphviz-app [FILE.json] | graphviz-app {grad,train,export} ... | graphviz-app --help",
        epilog="Without arguments the editor opens; with FILE.json it opens that diagram.",
    )
    parser.add_argument("--version", action="version", version=f"graphviz-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="{grad,train,export}")
    grad = sub.add_parser(
        "grad",
        prog="graphviz-app grad",
        help="evaluate a diagram or an expression and print its gradients and Jacobians",
        description="Evaluate FILE.json (or --expr) and print the output value, the gradient (or full\n"
        "Jacobian) with respect to every variable, and every node's value, gradient and local Jacobians.",
        epilog=GRAD_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grad.add_argument("file", nargs="?", metavar="FILE.json", help="a diagram saved by graphviz-app")
    grad.add_argument(
        "--expr",
        metavar="EXPR",
        help='an expression instead of a file, e.g. "sum((y - Phi @ theta)**2)"; '
        'write --expr="-x*y" when it starts with a minus sign',
    )
    grad.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="the value of a variable, as the value editor reads it: x=1.5, x=nan, x=-inf, v=[1,2], "
        'A=[[1,0],[0,1]], A="1 0; 0 1" (repeatable)',
    )
    grad.add_argument(
        "--output",
        metavar="NODE",
        help="the output node, by name (as its card shows it, or matmul1 for matmul₁); default: the diagram's output, else the only node that feeds nothing",
    )
    grad.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    from .traincmd import add_parser as add_train_parser

    add_train_parser(sub)
    export = sub.add_parser(
        "export",
        prog="graphviz-app export",
        help="render a diagram to PNG, SVG, PDF, GIF or APNG, or write it as LaTeX or DOT",
        add_help=with_export,
    )
    if with_export:
        try:
            from graphviz_app.export.command import add_arguments
        except ImportError as exc:
            raise UsageError(f"export is not available: {exc}") from None
        add_arguments(export)
    return parser
