"""Writing exports to disk: one function for a still picture, one for a whole animation.

Both the File → Export… dialog and `graphviz-app export` call these, so the two
produce identical files. Writes are atomic (see `formats.atomic_outputs`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.graph import Graph
from ..core.trace import BackwardTrace
from . import frames as fr
from .backward import backward_stops, stop_of
from .bigpng import write_banded_png
from .formats import (
    ANIMATION_FORMATS,
    STILL_FORMATS,
    ExportError,
    atomic_outputs,
    check_folder,
    check_theme,
    frame_paths,
)
from .render import BASE_DPI, MARGIN, export_rect, render_image, render_pdf, render_svg
from .selection import only_selection

BIG_PNG_PIXELS = 64_000_000  # above this a PNG is drawn and written in bands
# steps × nodes up to which a still is drawn on the canvas all steps share: each step is laid out
# to measure it (about 0.1 ms a node: 1000 steps of 1000 nodes would take two minutes, this ~3 s);
# beyond it a still keeps its own region
SHARED_CANVAS_WORK = 30_000


def shares_canvas(steps: int, graph) -> bool:
    """Are `steps` steps of `graph` few enough to measure all, for the canvas they share?"""
    return steps * max(len(graph), 1) <= SHARED_CANVAS_WORK


@dataclass
class ExportSettings:
    fmt: str  # png | svg | pdf | gif | apng
    scale: float = 1.0  # pixels per scene unit (1 = 96 dpi)
    transparent: bool = False
    selection: bool = False  # the selected items' region instead of the whole diagram
    margin: float = MARGIN
    frame_ms: int = fr.FRAME_MS
    theme: str = ""  # light | dark | "" (the scene's own colours, as the canvas shows them)

    def __post_init__(self) -> None:
        if self.theme:
            check_theme(self.theme)

    @property
    def dpi(self) -> float:
        return self.scale * BASE_DPI


@contextlib.contextmanager
def themed(scene, theme: str) -> Iterator[None]:
    """While inside, the scene is drawn in the theme asked for (light or dark); afterwards in its own."""
    from ..ui.canvas.theme import DARK, LIGHT

    wanted = {"light": LIGHT, "dark": DARK}.get(theme)
    before = scene.theme
    if wanted is None or wanted is before:
        yield
        return
    scene.apply_theme(wanted)
    try:
        yield
    finally:
        scene.apply_theme(before)


def _pixels(source, scale: float) -> float:
    return source.width() * scale * source.height() * scale


def _title(scene) -> str:
    overlay = scene.overlay_presenter.overlay
    return overlay.title if overlay is not None and overlay.title else ""


def still_rect(scene, settings: ExportSettings, steps: list | None = None, canvas=None):
    """The region a still shows: the diagram as shown now; at a step of an animation (steps: the
    overlay of each of its steps) the canvas all of them share, so every step's picture has one size
    and place, the same as its frame in an export of every step. The selection: its own region.
    canvas: the steps' union_rect, when already measured."""
    source = export_rect(scene, settings.selection, settings.margin)
    if steps and not settings.selection and shares_canvas(len(steps), scene.graph):
        source = source.united(canvas if canvas is not None else fr.union_rect(scene, steps, settings.margin))
    return source


def export_still(
    scene, path: str | Path, settings: ExportSettings, steps: list | None = None, canvas=None
) -> list[Path]:
    """The scene as shown now (current overlay included, at rest: no marker on its way) to one PNG,
    SVG or PDF file. steps: the overlays of the animation's steps, whose common canvas it is drawn on
    (canvas: their union_rect, when already measured)."""
    if settings.fmt not in STILL_FORMATS:
        raise ExportError(f"{settings.fmt.upper()} is an animation format: export all steps instead")
    path = Path(path)
    check_folder(path)  # before any rendering: a wrong folder fails at once
    with fr.at_rest(scene), only_selection(scene, settings.selection), themed(scene, settings.theme):
        return _write_still(scene, path, settings, still_rect(scene, settings, steps, canvas))


def export_backward_step(
    scene, graph: Graph, trace: BackwardTrace, index: int, convention: str, path: str | Path, settings: ExportSettings
) -> list[Path]:
    """Trace step `index` as a still, as the window's stepping shows it (inside a collapsed group:
    the group's stop, "steps 4–6 / 12"), on the canvas every stop shares: its frame of
    export_backward_steps. The command line's --step and the Python API's step= draw it so."""
    place = stop_of(graph, trace, index).place
    steps = None
    with fr.overlay_kept(scene):
        if shares_canvas(len(backward_stops(graph, trace)), graph):
            steps = fr.backward_overlays(graph, trace, convention)
            scene.overlay_presenter.show(steps[place])
        else:  # (a large pass: the stop's own region, see SHARED_CANVAS_WORK)
            scene.overlay_presenter.show(fr.backward_overlays(graph, trace, convention, only=place)[0])
        return export_still(scene, path, settings, steps)


def _write_still(scene, path: Path, settings: ExportSettings, source) -> list[Path]:
    with atomic_outputs([path]) as (temp,):
        if settings.fmt == "png" and _pixels(source, settings.scale) > BIG_PNG_PIXELS:
            write_banded_png(scene, source, temp, settings.scale, transparent=settings.transparent)
        elif settings.fmt == "png":
            fr.save_png(render_image(scene, source, settings.scale, transparent=settings.transparent), temp)
        elif settings.fmt == "svg":
            render_svg(scene, source, temp, settings.scale, transparent=settings.transparent, title=_title(scene))
        else:
            render_pdf(scene, source, temp, settings.scale, transparent=settings.transparent, title=_title(scene))
    return [path]


def export_steps(scene, overlays, path: str | Path, settings: ExportSettings, canvas=None) -> list[Path]:
    """One frame per overlay: GIF or APNG animation in path, or numbered PNGs: path_000.png the
    diagram at rest (no step), on the canvas the steps share, so a deck does not jump at step 1;
    then path_001.png, ... one per overlay. canvas: the overlays' union_rect, when already measured."""
    if settings.fmt not in ANIMATION_FORMATS + ("png",):
        raise ExportError(f"all steps can be exported as gif, apng or numbered png frames, not {settings.fmt}")
    if settings.selection:
        raise ExportError("an animation shows the whole diagram; the selection cannot be exported as steps")
    if not overlays:
        raise ExportError("the animation has no steps")
    path = Path(path)
    check_folder(path)
    overlays = [None, *overlays] if settings.fmt == "png" else list(overlays)  # (None: at rest)
    fr.check_animation_size(scene, len(overlays), settings.scale, settings.margin)
    with themed(scene, settings.theme):
        images = fr.render_frames(
            scene, overlays, settings.scale, transparent=settings.transparent, margin=settings.margin, canvas=canvas
        )
    if settings.fmt == "png":
        targets = frame_paths(path, len(images) - 1)
        with atomic_outputs(targets) as temps:
            for image, temp in zip(images, temps):
                fr.save_png(image, temp)
        return targets
    with atomic_outputs([path]) as (temp,):
        if settings.fmt == "gif":
            fr.save_gif(images, temp, settings.frame_ms, transparent=settings.transparent)
        else:
            fr.save_apng(images, temp, settings.frame_ms)
    return [path]


def export_backward_steps(
    scene, graph: Graph, trace: BackwardTrace, convention: str, path: str | Path, settings: ExportSettings
) -> list[Path]:
    """Every step of a backward trace, drawn as the animation draws it, stepping as the window
    steps (a collapsed group's steps are one frame, titled "steps 4–6 / 12")."""
    if settings.fmt in ANIMATION_FORMATS + ("png",) and not settings.selection and len(trace):
        frames = len(backward_stops(graph, trace))
        fr.check_animation_size(scene, frames, settings.scale, settings.margin)  # before the overlays
    return export_steps(scene, fr.backward_overlays(graph, trace, convention), path, settings)
