"""`graphviz-app export FILE.json -o OUT ...`: the editor's picture, without a window.

Loads the diagram into the same `GraphScene` the editor uses and renders it
with `export.save`, so the file is what the canvas would show. Runs on a
machine without a display (Qt's offscreen platform is chosen automatically).
"""

from __future__ import annotations

import argparse
import math
import os
import sys

from ..core import conventions as cv
from ..core.errors import UserError
from ..core.output_choice import command_line_output
from .backward import backward_trace, check_step, frames_text, warn_undefined
from .formats import (
    ANIMATION_FORMATS,
    FORMATS,
    RASTER_FORMATS,
    RASTER_SCALE,
    READABLE_SCALE,
    THEMES,
    ExportError,
    check_frame_ms,
    check_scale,
    default_scale,
    fitted_picture_note,
    format_for,
    large_picture_note,
    named_for,
    small_picture_note,
    too_large_to_view,
    typed_file_name,
    unviewable_refusal,
)
from .reading import read_diagram

DESCRIPTION = """\
Render a diagram to PNG, SVG or PDF, optionally at a step of the backward pass
(backpropagation), or the whole backward pass as an animation; or write it as
LaTeX (.tex: the chain rule with numbers at --step K, or every step) or as
Graphviz DOT (.dot).

The format comes from --format or from OUT's suffix (.png .svg .pdf .gif .apng .tex .dot).
Resolution: --scale 1, 2, 4 (pixels per canvas unit; 1 = 96 dpi) or --dpi. PNG, GIF and
APNG default to 2 (192 dpi), as the Export dialog and the Python API's to_png, to_gif and
animate; SVG and PDF to 1 (printed at the diagram's size).
Too large for most viewers at 2, a picture is drawn at a --scale that fits (a note says which); --scale 2 forces 2.
Too large even at --scale 0.5 (48 dpi, below which text is too small to read), it is refused:
export SVG or PDF (an animation: one step, --step K). One drawn below 48 dpi is written with a note that its text is too small to read.
--step K draws the canvas as the animation shows backward step K, numbered as the
pictures title it ("step K / N", from 1 to N). Every step of a diagram is drawn on the
same canvas (the frame of --all-steps), so a deck of one picture per step does not jump
(beyond 30000 steps × nodes, measuring every step would take long: each keeps its own).
--all-steps writes every backward step: into OUT as an animation for gif or apng
(gif and apng always hold every step), or for png as numbered frames next to OUT:
-o out.png gives out_000.png, the diagram at rest (no step), then out_001.png,
out_002.png, ... one per step, all the same size and place: a deck goes from the plain
diagram to step 1 without a jump. (A picture without --step or --all-steps is cropped to
the diagram alone, so it is smaller than the steps' canvas: use OUT_000.png in a deck.)
Collapsed groups: the steps are shown as the window steps with →, a collapsed group's
steps at once, titled with the steps it stands for ("steps 4–6 / 12"). --step K still
counts every step: a K inside a collapsed group draws the group's picture ("steps 4–6 / 12"
for --step 4, 5 or 6). The frames of --all-steps are one per such picture, in order, so
with collapsed groups frame numbers count pictures, not steps (out_005.png may be "step 8 / 12").
LaTeX at --step K writes the steps that picture shows (a collapsed group's: "steps 4–6 of 12").
With --format, OUT must be a name of that format (a name without suffix gets it).
"""

EPILOG = """\
examples:
  graphviz-app export model.json -o model.png
  graphviz-app export model.json -o model.svg --step 3
  graphviz-app export model.json -o backprop.gif
  graphviz-app export model.json -o step.png --all-steps   # writes step_000.png, step_001.png, … (a folder named in -o must exist)
  graphviz-app export model.json -o chain.tex --step 2 --layout denominator
  graphviz-app export model.json -o model.dot
  graphviz-app export model.json --format dot -o - | dot -Tpdf -o model.pdf

-o - writes to stdout, for the text formats only (dot, tex, svg; --format names
which): png, gif, apng and pdf are refused, as bytes on a terminal are no use.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", metavar="FILE.json", help="a diagram saved by graphviz-app")
    parser.add_argument(
        "-o", "--out", metavar="OUT", help="the file to write (required); - writes dot, tex or svg to stdout"
    )
    parser.add_argument(
        "--format", metavar="FORMAT", help=f"one of {', '.join(FORMATS)}, tex, dot (default: OUT's suffix)"
    )
    steps = parser.add_mutually_exclusive_group()
    steps.add_argument(
        "--step",
        type=int,
        metavar="K",
        help='show backward step K as the animation does (1 to N, as titled "step K / N"; a step inside a '
        'collapsed group shows the group, titled "steps 4–6 / N")',
    )
    steps.add_argument(
        "--all-steps",
        action="store_true",
        help="every backward step: a gif/apng animation, or numbered png frames OUT_000.png (the diagram "
        "at rest, on the steps' canvas), OUT_001.png ... (one per picture: a collapsed group is one)",
    )
    parser.add_argument(
        "--output",
        metavar="NODE",
        help="the output whose backward pass --step shows, by name (as its card shows it; a picture without a step "
        "marks it as the output); default: the diagram's output, else the only node that feeds nothing",
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--scale",
        type=float,
        metavar="S",
        help=f"pixels per canvas unit: 1, 2, 4, ... (default {RASTER_SCALE:g} for png, gif, apng; 1 for svg, pdf)",
    )
    size.add_argument("--dpi", type=float, metavar="D", help="resolution in dots per inch (96 = scale 1)")
    parser.add_argument("--transparent", action="store_true", help="no background (png, svg, pdf, apng; gif: 1-bit)")
    parser.add_argument(
        "--convention",
        "--layout",
        dest="convention",
        choices=cv.CONVENTIONS,
        default=cv.NUMERATOR,
        help="how gradients are written: numerator layout (rows, default) or denominator layout",
    )
    parser.add_argument(
        "--theme",
        choices=THEMES,
        help="the canvas colours to draw with (default light; the editor follows the desktop)",
    )
    parser.add_argument(
        "--frame-ms",
        type=int,
        metavar="MS",
        help="time each step is shown in a gif/apng animation (default 1200)",
    )


def run(args: argparse.Namespace) -> int:
    """Exit status 0, or 2 after one `error: ...` line on stderr."""
    try:
        for line in export_from_args(args):
            print(line)
        return 0
    except UserError as exc:
        message = exc.message
    except OSError as exc:  # e.g. the disk filled up while writing (the partial file is already removed)
        reason = exc.strerror or str(exc)
        message = f'cannot write "{exc.filename}": {reason}' if exc.filename else f"cannot write: {reason}"
    except MemoryError:
        message = "not enough memory for this export: use a smaller --scale, or export SVG or PDF"
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written", file=sys.stderr)
        return 130
    print("error: " + " ".join(message.split()), file=sys.stderr)
    return 2


def _scale(args, fmt: str) -> float:
    if args.dpi is not None:
        if not (args.dpi > 0 and math.isfinite(args.dpi)):
            raise ExportError(f"--dpi must be a positive number, not {args.dpi:g}")
        return args.dpi / 96.0
    return default_scale(fmt) if args.scale is None else check_scale(args.scale, "--scale")


def export_from_args(args) -> list[str]:
    """Check everything that can be checked before Qt starts, then render. Returns lines to print."""
    if not args.out:
        raise ExportError("export needs -o OUT, the file to write (-o - writes dot, tex or svg to stdout)")
    from .text_formats import STDOUT, export_text, stdout_format, text_format

    if args.out == STDOUT:  # (never a file named "-" or "-.dot")
        fmt = stdout_format(args.format)
        if fmt in ("tex", "dot"):
            return export_text(args, fmt)
        return svg_to_stdout(args)
    args.out = typed_file_name(args.out, "diagram.png")  # ("y.png " is y.png; "  " names no file)
    fmt = text_format(args.out, args.format) or format_for(args.out, args.format)
    if args.format:  # the name must say what is asked (x -> x.svg; x.png with svg is refused)
        args.out = str(named_for(args.out, fmt))
    if fmt in ("tex", "dot"):  # LaTeX and Graphviz: text, no Qt
        return export_text(args, fmt)  # (it refuses --frame-ms: text has no pictures)
    if args.frame_ms is not None and fmt not in ANIMATION_FORMATS:  # (a flag that changes nothing is said so)
        _frame_ms_note(args.out)
    scale = _scale(args, fmt)
    if fmt in ANIMATION_FORMATS and args.step is not None:
        raise ExportError(f"{fmt} is an animation of every step; for one step use png, svg or pdf")
    all_steps = args.all_steps or fmt in ANIMATION_FORMATS
    if all_steps and fmt not in ANIMATION_FORMATS + ("png",):
        raise ExportError(f"--all-steps writes gif, apng or numbered png frames, not {fmt}")
    from .frames import FRAME_MS

    frame_ms = FRAME_MS if args.frame_ms is None else check_frame_ms(args.frame_ms, "--frame-ms")  # (None: not given)
    graph = read_diagram(args.file, args.out)
    trace = None
    if args.step is not None or all_steps:
        trace = backward_trace(graph, args.output, args.file)
        index = check_step(len(trace), args.step, args.file)  # (step K as titled "step K / N")
    elif args.output is not None:  # a still: the node named is drawn as the output (a misspelt name is refused)
        graph.set_output(command_line_output(graph, args.output))
    warn_undefined(graph, trace, args.file)

    ensure_qt_app()
    from ..ui.canvas.drawing_scene import drawing_scene
    from .save import ExportSettings, export_backward_step, export_backward_steps, export_still

    settings = ExportSettings(
        fmt=fmt, scale=scale, transparent=args.transparent, frame_ms=frame_ms, theme=args.theme or "light"
    )
    with drawing_scene(graph) as scene:  # (destroyed once drawn, on this thread)
        if fmt in RASTER_FORMATS and args.scale is None and args.dpi is None:
            settings.scale = scale = _fitting_scale(
                scene, settings, args.out, still=not all_steps and args.step is None, animation=all_steps
            )
        if all_steps:
            written = export_backward_steps(scene, graph, trace, args.convention, args.out, settings)
            frames = frames_text(graph, trace)  # (a collapsed group's steps are one frame)
            if fmt == "png":
                said = f"wrote {written[0]} … {written[-1]}: the diagram at rest, then {frames}"
            else:
                said = f"wrote {written[0]}: {frames}"
        elif args.step is not None:  # (the stop showing it, on the canvas every stop shares: its frame of --all-steps)
            written = export_backward_step(scene, graph, trace, index, args.convention, args.out, settings)
            said = f"wrote {written[0]}"
        else:
            written = export_still(scene, args.out, settings)
            said = f"wrote {written[0]}"
    if fmt in RASTER_FORMATS:  # (the size read back from the file: what a viewer will be asked to open)
        size, dpi = picture_size(written[-1]), args.dpi is not None
        for note in (
            large_picture_note(written[-1], *size, scale, dpi),
            small_picture_note(written[-1], *size, scale, dpi),
        ):
            if note:
                print(note, file=sys.stderr)
    return [said]


def svg_to_stdout(args) -> list[str]:
    """export -o - --format svg: the still (or --step K) drawn into a private file, then copied to stdout."""
    import tempfile
    from pathlib import Path

    from .text_formats import write_stdout

    if args.frame_ms is not None:  # (said of stdout here: the private file is no name of the user's)
        _frame_ms_note("stdout (svg)")
        args.frame_ms = None
    with tempfile.TemporaryDirectory(prefix="graphviz-app-") as folder:
        args.out = str(Path(folder) / "stdout.svg")
        export_from_args(args)
        text = Path(args.out).read_text(encoding="utf-8")
    write_stdout(text)
    return []


def _frame_ms_note(out: str) -> None:
    print(f"note: --frame-ms times the frames of a gif or apng animation; {out} is not one", file=sys.stderr)


def _fitting_scale(scene, settings, out: str, still: bool, animation: bool = False) -> float:
    """The default scale, or when its picture would be too large for most viewers the largest that
    fits (viewable.viewable_resolution, as the Export dialog's), said on stderr before drawing;
    refused (ExportError) when not even READABLE_SCALE fits, saying what to export instead
    (animation: of every step, GIF, APNG or frames). Measured, never drawn: a still's region; a
    step's or an animation's canvas is at least the diagram at rest (its lower bound)."""
    from .render import export_rect, vector_size
    from .save import still_rect
    from .viewable import viewable_resolution

    rect = still_rect(scene, settings) if still else export_rect(scene, margin=settings.margin)
    size = vector_size(rect, settings.scale)
    if not too_large_to_view(size.width(), size.height()):
        return settings.scale
    smaller = viewable_resolution(rect.width(), rect.height(), settings.scale)
    fits = vector_size(rect, READABLE_SCALE if smaller is None else smaller)
    if smaller is None:  # no scale fits: refused before drawing (--scale draws it)
        raise ExportError(
            unviewable_refusal(
                out, (size.width(), size.height()), settings.scale, (fits.width(), fits.height()), animation
            )
        )
    fitted = (smaller, (fits.width(), fits.height()))
    print(fitted_picture_note(out, (size.width(), size.height()), settings.scale, fitted, still), file=sys.stderr)
    return smaller


def picture_size(path) -> tuple[int, int]:
    """Width and height from a PNG file's header (IHDR, always first), or a GIF's (its screen)."""
    with open(path, "rb") as handle:
        header = handle.read(24)
    if header.startswith(b"GIF"):
        return int.from_bytes(header[6:8], "little"), int.from_bytes(header[8:10], "little")
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def ensure_qt_app():
    """The QApplication, created offscreen when there is no display to show windows on."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # Export opens no window. On X11/Wayland systems offscreen is chosen even with a display:
        # a stale DISPLAY (an ended ssh -X session) would make Qt abort, and the same file
        # comes out whatever the screen. QT_QPA_PLATFORM, when set, is respected.
        if sys.platform not in ("win32", "darwin") and "QT_QPA_PLATFORM" not in os.environ:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication([sys.argv[0] if sys.argv and sys.argv[0] else "graphviz-app"])
    return app
