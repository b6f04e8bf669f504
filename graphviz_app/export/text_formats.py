"""`graphviz-app export FILE -o out.tex | out.dot`: the text exports, written without Qt.

LaTeX (`export.latex`): the chain rule at --step K (inside a collapsed group: the group's steps, as
its picture shows them), or every step, in --layout.
DOT (`export.dot`): the graph for Graphviz.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .formats import FORMATS, ExportError, atomic_outputs
from .reading import read_diagram

TEXT_FORMATS = {".tex": "tex", ".dot": "dot", ".gv": "dot"}
# what only a picture has: pixels, colours, a background, frames (None or False when not given)
PICTURE_OPTIONS = ("--scale", "--dpi", "--transparent", "--theme", "--frame-ms")
STDOUT = "-"  # -o -: the export on stdout, as Unix tools read "-"
STDOUT_FORMATS = ("dot", "tex", "svg")  # text: what a pipe or a terminal can take


def stdout_format(explicit: str | None) -> str:
    """The format -o - writes: --format's, one of the text formats, else an ExportError."""
    choices = ", ".join(STDOUT_FORMATS)
    if not explicit:
        raise ExportError(f"-o - writes to stdout: name the format with --format ({choices})")
    fmt = text_format(None, explicit) or explicit.lower().lstrip(".")
    if fmt not in (*STDOUT_FORMATS, *FORMATS):
        raise ExportError(f'unknown format "{explicit}": -o - writes {choices} to stdout')
    if fmt not in STDOUT_FORMATS:
        raise ExportError(f"-o - writes only text ({choices}) to stdout, not {fmt}: name a file, e.g. -o model.{fmt}")
    return fmt


def write_stdout(text: str) -> None:
    """Text on stdout as UTF-8, whatever the terminal's locale (LaTeX and SVG hold ∂, ℝ, …)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def text_format(out: str | None, explicit: str | None) -> str | None:
    """tex or dot when OUT (or --format) asks for one, else None (a picture)."""
    if explicit:
        fmt = explicit.lower().lstrip(".")
        return {"latex": "tex", "gv": "dot"}.get(fmt, fmt) if fmt in ("tex", "latex", "dot", "gv") else None
    return TEXT_FORMATS.get(Path(out).suffix.lower()) if out else None


def export_text(args, fmt: str) -> list[str]:
    """Check the options, write the file atomically, return the line to print."""
    if args.all_steps:
        raise ExportError(f"--all-steps is for pictures; a {fmt} file holds every step when --step is left out")
    if fmt == "dot" and args.step is not None:
        raise ExportError("--step is for pictures and LaTeX; a dot file holds the graph and its values")
    # given: anything but None (a number, 0 too) or False (--transparent left out)
    given = [getattr(args, option[2:].replace("-", "_"), None) for option in PICTURE_OPTIONS]
    for_pictures = [option for option, value in zip(PICTURE_OPTIONS, given) if value is not None and value is not False]
    if for_pictures:  # (as File → Export… greys them out for LaTeX and DOT)
        *others, last = for_pictures
        named, verb, it = (f"{', '.join(others)} and {last}", "are", "them") if others else (last, "is", "it")
        raise ExportError(f"{named} {verb} for pictures; a {fmt} file is text: leave {it} out")
    graph = read_diagram(args.file, None if args.out == STDOUT else args.out)
    if fmt == "dot":
        from .backward import warn_undefined
        from .dot import graph_dot

        if args.output is not None:  # (a misspelt name is refused, as for pictures)
            from ..core.output_choice import command_line_output

            graph.set_output(command_line_output(graph, args.output))
        warn_undefined(graph, path=args.file)
        text = graph_dot(graph, Path(args.file).stem)
    else:
        from .backward import backward_trace, check_step, stop_of, warn_undefined
        from .latex import backward_latex

        trace = backward_trace(graph, args.output, args.file)
        index = check_step(len(trace), args.step, args.file)  # (every step counts: "step K / N")
        warn_undefined(graph, trace, args.file)
        steps = None if index is None else stop_of(graph, trace, index).steps  # (a collapsed group: its steps)
        text = backward_latex(graph, trace, steps, args.convention)
    if args.out == STDOUT:
        write_stdout(text)
        return []
    write_text(Path(args.out), text)
    return [f"wrote {args.out}"]


def write_text(path: Path, text: str) -> list[Path]:
    """One text export written atomically (the command line's and File → Export's)."""
    with atomic_outputs([path]) as (temp,):
        Path(temp).write_text(text, encoding="utf-8")
    return [path]
