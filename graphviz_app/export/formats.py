"""Output formats, how they are recognised from a file name, and atomic writing."""

from __future__ import annotations

import contextlib
import math
import numbers
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import UserError
from ..core.file_access import folder_problem, new_file_mode, real_path, why_no_new_file

STILL_FORMATS = ("png", "svg", "pdf")
ANIMATION_FORMATS = ("gif", "apng")
FORMATS = STILL_FORMATS + ANIMATION_FORMATS
# the default resolution of pixels: 2× (192 dpi), sharp on a projector or a high-density screen; one
# value for the Export dialog, `graphviz-app export` and the Python API's to_png / to_gif / animate
RASTER_SCALE = 2.0
MAX_SCALE = 64  # the largest --scale (scale=) taken: 6144 dpi
RASTER_FORMATS = ("png", "gif", "apng")
SUFFIXES = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".gif": "gif", ".apng": "apng"}


# every file graphviz-app writes, by suffix: pictures and animations, then the text exports
KNOWN_SUFFIXES = {**SUFFIXES, ".tex": "tex", ".dot": "dot", ".gv": "dot"}
FORMAT_NAMES = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "gif": "GIF", "apng": "APNG", "tex": "LaTeX", "dot": "DOT"}
OTHER_SUFFIXES = {"apng": (".png",), "dot": (".gv",)}  # an APNG is a PNG file too; .gv is Graphviz's own


class ExportError(UserError):
    """An export that cannot be made: bad options, empty diagram, unwritable file."""


THEMES = ("light", "dark")  # the canvas colours a picture can be drawn in


def check_theme(theme: str) -> str:
    """theme, when it is one of THEMES (the one check: the command line, the dialog, the API)."""
    if theme not in THEMES:
        named = " or ".join(f'"{t}"' for t in THEMES)
        raise ExportError(f'the theme must be {named}, not "{theme}"')
    return theme


FRAME_MS_RANGE = (50, 60_000)  # how long an animation shows each step: long enough to see, short enough to play


# Beyond these a picture is too large for most image viewers and browsers (a side beyond the 16384
# pixels of their largest texture or canvas; or decoded at 4 bytes a pixel, over 400 MB): the
# Export dialog's size note and `graphviz-app export` say so, with a scale that fits.
VIEWABLE_SIDE = 16_384
VIEWABLE_PIXELS = 100_000_000


def too_large_to_view(width: int, height: int) -> bool:
    return max(width, height) > VIEWABLE_SIDE or width * height > VIEWABLE_PIXELS


TOO_LARGE_WORDS = (
    f"too large for most image viewers and browsers (beyond {VIEWABLE_SIDE:,} pixels a side or "
    f"{VIEWABLE_PIXELS // 1_000_000} megapixels)"
)


# The one threshold of a picture too small to read: below 48 dpi (half of 96) a card's 9-point title
# is under 6 pixels tall and its values under 5, a blur. `graphviz-app export` notes a picture drawn
# below it, fits a picture too large for viewers at no scale below it (refusing it when even this
# one is too large), and the Export dialog's size note says the same of a custom dpi below it.
READABLE_SCALE = 0.5
READABLE_DPI = round(READABLE_SCALE * 96)


def viewable_scale(width: int, height: int, scale: float) -> float:
    """The largest scale in steps of 0.25 (at least READABLE_SCALE) whose picture of the same
    diagram most viewers open."""
    fit = scale * min(VIEWABLE_SIDE / max(width, height), (VIEWABLE_PIXELS / (width * height)) ** 0.5)
    return max(READABLE_SCALE, int(fit * 4) / 4)


def resolution_option(scale: float, dpi: bool) -> str:
    """A resolution as the command line is given it, in the user's own unit: "--scale 0.75" or
    (dpi True: they gave --dpi) "--dpi 72"."""
    return f"--dpi {scale * 96:.4g}" if dpi else f"--scale {scale:g}"


def large_picture_note(path: str | os.PathLike, width: int, height: int, scale: float, dpi: bool = False) -> str | None:
    """The command line's note on a picture too large to view (None when it is not): its size, and
    what to write instead (a resolution in the unit the user gave: --dpi when dpi)."""
    if not too_large_to_view(width, height):
        return None
    smaller = viewable_scale(width, height, scale)
    fits = round(width * smaller / scale), round(height * smaller / scale)
    vector = f"SVG (-o {Path(path).with_suffix('.svg').name}) or PDF has no pixels"
    instead = (
        vector
        if too_large_to_view(*fits)
        else f"{resolution_option(smaller, dpi)} keeps it to about {fits[0]:,} × {fits[1]:,}, and {vector}"
    )
    return (
        f"note: {Path(path).name} is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} megapixels), "
        f"{TOO_LARGE_WORDS}: {instead}"
    )


SMALL_TEXT_WORDS = f"below {READABLE_DPI} dpi its text is too small to read"


def small_picture_note(path: str | os.PathLike, width: int, height: int, scale: float, dpi: bool = False) -> str | None:
    """The command line's note on a picture drawn below READABLE_SCALE (None when it is not): its
    text is too small to read, and the resolution that makes it readable (in the user's unit)."""
    if scale >= READABLE_SCALE:
        return None
    at = f"{scale * 96:.3g} dpi" if dpi else f"--scale {scale:g} ({scale * 96:.3g} dpi)"
    return (
        f"note: {Path(path).name} is {width:,} × {height:,} pixels at {at}: {SMALL_TEXT_WORDS}; "
        f"{resolution_option(READABLE_SCALE, dpi)} or more draws it readable"
    )


def unviewable_refusal(
    path: str | os.PathLike, size: tuple[int, int], scale: float, least: tuple[int, int], animation: bool = False
) -> str:
    """Why the command line draws no picture of a diagram too large for most viewers even at
    READABLE_SCALE (size: at the default `scale`; least: at READABLE_SCALE, both lower bounds for
    a step's canvas), and what to write instead: SVG or PDF, which have no pixels; for an animation
    (a GIF, an APNG, the frames of --all-steps), which has no SVG form, one step as SVG."""
    name, svg = Path(path).name, Path(path).with_suffix(".svg").name
    instead = (
        f"an animation has no SVG or PDF form: export one step as SVG (--step K -o {svg}), or --scale S draws "
        "the frames anyway"
        if animation
        else f"export SVG (-o {svg}) or PDF, which have no pixels (--scale S draws the picture anyway)"
    )
    return (
        f"{name} would be {size[0]:,} × {size[1]:,} pixels at the default --scale {scale:g}, and still "
        f"{least[0]:,} × {least[1]:,} at --scale {READABLE_SCALE:g} ({READABLE_DPI} dpi, below which text is too "
        f"small to read), {TOO_LARGE_WORDS}: {instead}"
    )


def fitted_picture_note(path: str | os.PathLike, size: tuple[int, int], scale: float, fitted, exact: bool) -> str:
    """The command line's note on a picture drawn at a smaller scale than the default because at the
    default (scale) it would be size, too large to view (exact False: at least size); fitted: (the
    scale drawn at, its size). Says how to have the default size anyway."""
    (width, height), (smaller, fits) = size, fitted
    least = "" if exact else "at least "
    return (
        f"note: at the default --scale {scale:g}, {Path(path).name} would be {least}{width:,} × {height:,} pixels "
        f"({width * height / 1e6:,.0f} megapixels), {TOO_LARGE_WORDS}: drawn at --scale {smaller:g} "
        f"({'about' if exact else 'at least'} {fits[0]:,} × {fits[1]:,}) instead; --scale {scale:g} draws it at "
        f"{scale:g}× anyway"
    )


def default_scale(fmt: str) -> float:
    """Pixels at RASTER_SCALE; SVG and PDF at 1×, their printed size the diagram's (96 units an inch)."""
    return RASTER_SCALE if fmt in RASTER_FORMATS else 1.0


def check_scale(value, name: str = "scale") -> float:
    """Pixels per canvas unit, checked once for the CLI and the API (name: how the user wrote it,
    --scale or scale)."""
    _check_real(value, name, "a number of pixels per canvas unit (such as 1 or 2)")
    if not 0 < value <= MAX_SCALE:  # (nan too)
        try:
            shown = f"{float(value):g}"
        except OverflowError:  # (an int too large for a float, such as 10**400)
            shown = _integer_words(value)
        raise ExportError(f"{name} must be a number above 0 and at most {MAX_SCALE}, not {shown}")
    return float(value)


def check_frame_ms(value, name: str = "frame_ms") -> int:
    """The time each step of an animation is shown, checked once for the CLI and the API (name: how
    the user wrote it, --frame-ms or frame_ms)."""
    low, high = FRAME_MS_RANGE
    _check_real(value, name, f"a number of milliseconds between {low} and {high}")
    if not low <= value <= high:  # (nan too)
        too_long = isinstance(value, int) and abs(value).bit_length() > 1024  # (beyond a float, as for scale)
        raise ExportError(
            f"{name} must be between {low} and {high}, not {_integer_words(value) if too_long else value}"
        )
    return round(value)


def _check_real(value, name: str, what: str) -> None:
    """Refuses a value that is no real number (True and False neither): "{name} must be {what}, not ..."."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        shown = f'"{value}"' if isinstance(value, str) else value if isinstance(value, bool) else type(value).__name__
        raise ExportError(f"{name} must be {what}, not {shown}")


def _integer_words(value: int) -> str:
    """An int too large to show (str() refuses over 4300 digits) as words: "an integer of 401 digits"."""
    sign = "a negative" if value < 0 else "an"
    return f"{sign} integer of {_digit_count(abs(int(value)))} digits"


def _digit_count(number: int) -> int:
    """The decimal digits of a positive int, counted without str() (which refuses over 4300)."""
    digits = int(number.bit_length() * math.log10(2)) + 1  # (exact or one too many)
    return digits - 1 if number < 10 ** (digits - 1) else digits


def format_for(path: str | os.PathLike, explicit: str | None = None) -> str:
    """The format named explicitly, else the one the file suffix implies."""
    if explicit:
        fmt = explicit.lower().lstrip(".")
        if fmt not in FORMATS:
            raise ExportError(f'unknown format "{explicit}" (expected one of {", ".join(FORMATS)}, tex, dot)')
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES and Path(path).is_dir():
        check_folder(path)  # (says it is a folder, and what to write instead)
    if suffix not in SUFFIXES and str(path).endswith(("/", os.sep)):  # a folder meant, and missing
        raise ExportError(f'the folder "{Path(path).resolve()}" does not exist')
    if suffix not in SUFFIXES:
        shown = suffix or "no suffix"
        raise ExportError(
            f'cannot tell the format of "{Path(path).name}" ({shown}): use --format or one of '
            + ", ".join([*SUFFIXES, ".tex", ".dot"])
        )
    return SUFFIXES[suffix]


def typed_file_name(path: str | os.PathLike, example: str) -> str:
    """The name as typed, by one rule for export files (`export -o`, to_png, ...) and diagram files
    (g.save, Save As, `train -o`): spaces typed after it are dropped ("y.png " -> "y.png", "trail "
    -> "trail"); a name of spaces only ("  ", "runs/ ", "runs/ .png") names no file and is refused, with
    example (diagram.png) as a name to write instead."""
    text = os.fspath(path)
    name = os.path.basename(text)  # (after the last slash: "" when the text names a folder, "runs/")
    if not text.strip() or (name and not Path(name.rstrip()).stem.strip()):
        # (the example in the nearest folder there: "runs/ " with no runs must not offer runs/diagram.png)
        raise ExportError(
            f'"{text}" names no file{" (only spaces)" if text else ""}: name the file to write, '
            f"e.g. {nearest_folder(text) / example}"
        )
    return text.rstrip()


def nearest_folder(text: str) -> Path:
    """The nearest folder above the name typed that is there (the current one at worst): where an
    example name offered instead of a refused one can be written."""
    return next((folder for folder in Path(text).parents if os.path.isdir(folder)), Path("."))


def named_for(path: str | os.PathLike, fmt: str) -> Path:
    """The file to write a fmt export to, one rule for File → Export…, the command line's --format
    and the Python API's to_png, to_svg, ...: a name without a suffix gets fmt's (x -> x.svg), and so
    does a name with a dot of its own ("my.graph" -> "my.graph.png", "v1.2" -> "v1.2.png"); a
    suffix of a kind of file other than fmt's (x.svg, x.txt, x.bmp) is refused, saying what to write
    instead, so no file holds other bytes than its name says. A folder is returned as it is (the
    writer refuses it). Spaces after the name: typed_file_name."""
    path = Path(typed_file_name(path, f"diagram.{fmt}"))
    suffix = path.suffix.lower()
    if path.is_dir() or suffix in accepted_suffixes(fmt):
        return path
    if not names_a_kind_of_file(suffix):
        return path.with_name(f"{path.name}.{fmt}")
    other = KNOWN_SUFFIXES.get(suffix)
    what = f"{_a(FORMAT_NAMES[other])} name" if other else f"a {suffix} name (not a format graphviz-app writes)"
    raise ExportError(f'"{path}" is {what} but {FORMAT_NAMES[fmt]} was asked: write {path.with_suffix("." + fmt)}')


def accepted_suffixes(fmt: str) -> tuple[str, ...]:
    """The suffixes a file of fmt may have (its own first)."""
    return (f".{fmt}", *OTHER_SUFFIXES.get(fmt, ()))


# the kinds of file a name may say it is, beyond those graphviz-app writes: pictures, documents and
# data a person means by a suffix. A short list on purpose: Python's table of types (mimetypes) also
# holds .t, .o, .a, .c and .ms, and "W.t" (the transpose) is a name, not a troff file.
OTHER_KINDS_OF_FILE = frozenset(
    ".jpg .jpeg .webp .bmp .tif .tiff .ico .heic .avif .eps .ps .svgz .emf .wmf "  # pictures
    ".mp4 .mov .webm .avi .mkv .m4v "  # videos
    ".txt .md .rtf .log .html .htm .xml .doc .docx .odt .ppt .pptx .odp .key .csv .tsv .xls .xlsx "  # documents
    ".json .yaml .yml .toml .ini .npy .npz .pkl .pt .pth .onnx .h5 .py .ipynb .zip".split()  # data and code
)


def names_a_kind_of_file(suffix: str) -> bool:
    """Does this suffix say what kind of file it is (.png, .tex, .txt, .bmp), rather than being a
    dot of the name's own ("my.graph", "v1.2", "W.t") or none?"""
    suffix = suffix.lower()
    return suffix in KNOWN_SUFFIXES or suffix in OTHER_KINDS_OF_FILE


def diagram_named(path: str | os.PathLike, writer: str, how_to_draw=None) -> Path:
    """The diagram file (JSON) writer saves to, one rule for g.save and `graphviz-app train -o`:
    x -> x.json, model_lr0.01 -> model_lr0.01.json (a suffix of no kind of file is part of the
    name); x.png, x.bmp (a kind of file's suffix) refused, naming the file to write instead, so that
    no file holds other bytes than its name says. how_to_draw(fmt): where a picture of fmt is made
    (said after the refusal), or None. A folder is returned as it is (the writer refuses it); a name
    typed with a slash at its end ("runs/", "runs/ ") names a folder, never "runs.json". Spaces typed
    after the name are dropped ("trail " -> trail.json, not "trail .json"): typed_file_name."""
    text = os.fspath(path).rstrip()  # ("runs/ " names the folder runs/, as "runs/" does)
    if text.endswith(("/", os.sep)) and not os.path.isdir(text):
        # (one message for both mistakes: the example names a file in a folder that exists, never
        # runs/diagram.json, which would fail in turn for the missing folder)
        raise ExportError(
            f'"{text}" names a folder, which does not exist: create the folder first, or name a file '
            f"in a folder that exists, e.g. {nearest_folder(text) / 'diagram.json'}"
        )
    text = typed_file_name(path, "diagram.json")
    path = Path(text)
    suffix = path.suffix.lower()
    if os.path.isdir(path) or suffix == ".json":
        return path
    if not names_a_kind_of_file(suffix):
        return path.with_name(f"{path.name}.json")
    other = KNOWN_SUFFIXES.get(suffix)
    hint = how_to_draw(other) if other and how_to_draw else None
    raise ExportError(
        f'"{path}" is a name for {FORMAT_NAMES[other] if other else suffix} files, but {writer} writes a '
        f"diagram file (JSON): write {path.with_suffix('.json')}"
        + (f" ({FORMAT_NAMES[other]}: {hint})" if hint else "")
    )


def _a(name: str) -> str:
    return f"an {name}" if name in ("APNG", "SVG") else f"a {name}"  # (as said aloud: an S-V-G)


def frame_paths(path: str | os.PathLike, count: int) -> list[Path]:
    """Numbered frames next to path: out.png -> out_000.png (the diagram at rest, before step 1),
    then one per picture of a step, numbered as their titles ("step 1 / N"): out_001.png, ..."""
    path = Path(path)
    suffix = path.suffix or ".png"
    digits = max(3, len(str(count)))
    return [path.with_name(f"{path.stem}_{i:0{digits}d}{suffix}") for i in range(0, count + 1)]


def check_name(path: str | os.PathLike) -> None:
    """A file name the system can take: no NUL character (which no file name may hold)."""
    if "\0" in os.fspath(path):
        raise ExportError("the file name holds a NUL character, which no file name may hold: type it again")


def check_folder(path: str | os.PathLike, verb: str = "write") -> Path:
    """The output's folder must exist and be writable; say so plainly otherwise (a missing folder
    or a file in the way in file_access.folder_problem's words, verb "write" or "save")."""
    check_name(path)
    if os.path.isdir(path):
        raise ExportError(f'"{path}" is a folder: name the file to write, e.g. {Path(path) / "diagram.png"}')
    problem = folder_problem(path, verb)
    if problem:
        raise ExportError(problem)
    folder = Path(path).resolve().parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f'cannot write to the folder "{folder}" (permission denied)')
    return folder


@contextlib.contextmanager
def atomic_outputs(paths: list[Path]) -> Iterator[list[str]]:
    """Temporary files in the target folders, moved into place only if every write succeeds.

    A failed export therefore leaves neither a partial file nor a half set of frames. An OSError
    while writing becomes an ExportError that names the target file.
    """
    temps: list[str] = []
    try:
        for path in paths:
            folder = check_folder(path)
            try:
                fd, temp = tempfile.mkstemp(prefix=f".{Path(path).name}.", suffix=".part", dir=folder)
            except OSError as exc:
                raise ExportError(f'cannot write to the folder "{folder}": it {why_no_new_file(exc)}') from None
            os.close(fd)
            temps.append(temp)
            os.chmod(temp, new_file_mode())  # mkstemp makes 0600 files; outputs get the usual mode
        try:
            yield temps
        except OSError as exc:  # (the disk filled up, ...): name the file asked for, not the temporary one
            target = next((p for t, p in zip(temps, paths) if exc.filename == t), paths[0])
            raise ExportError(f'cannot write "{target}": {exc.strerror or exc}') from None
        for temp, path in zip(temps, paths):
            if os.path.getsize(temp) == 0:
                raise ExportError(f'nothing was written for "{path}"')
        for temp, path in zip(temps, paths):
            try:
                os.replace(temp, real_path(path))  # (through a symbolic link: the file it names)
            except OSError as exc:
                raise ExportError(f'cannot write "{path}": {exc.strerror or exc}') from None
    finally:
        for temp in temps:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temp)
