"""Every step of a backward trace as frames: animated GIF, APNG, numbered PNGs.

Each frame is the canvas scene with the step's overlay (the animation's own
`backward_overlay`), rendered through `render.render_image`, one per stop of the
window's stepping (a collapsed group is one step); all frames share one region, the
union of every step's bounding rect, so they have one size (a still at a step, too).
The scene's own overlay is put back afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QRectF
from PySide6.QtGui import QImage

from ..core.graph import Graph
from ..core.trace import BackwardTrace
from ..ui.overlay import SceneOverlay
from .backward import window_stepping
from .formats import ExportError
from .render import MARGIN, clean_scene, content_rect, export_rect, padded, pixel_size, render_image

FRAME_MS = 1200  # how long each step stays on screen in GIF / APNG
MAX_ANIMATION_PIXELS = 400_000_000  # all frames are held in memory while the file is encoded


def backward_overlays(
    graph: Graph, trace: BackwardTrace, convention: str, only: int | None = None, overlay_at=None
) -> list[SceneOverlay]:
    """One overlay per stop (backward_stops), titled as the window titles it ("steps 4–6 / 12");
    only: just the overlay of that stop (its index); overlay_at: step k's overlay when one is
    already built (the running animation's), else it is built here."""
    from ..ui.animation.group_steps import group_stop_overlay
    from ..ui.animation.overlay_builder import backward_overlay

    if len(trace) == 0:
        raise ExportError("the backward pass has no steps")
    if overlay_at is None:
        overlay_at = lambda k: backward_overlay(graph, trace, k, convention)  # noqa: E731
    groups = window_stepping(graph, trace)
    stops = groups.stops(len(trace))
    return [
        group_stop_overlay(groups, overlay_at(k), trace, k, convention)
        for k in (stops if only is None else stops[only : only + 1])
    ]


@contextlib.contextmanager
def at_rest(scene) -> Iterator[None]:
    """The step shown as it ends: a gradient marker still travelling along a wire (right after →)
    is left out, as the command line, which never animates, draws it."""
    overlay = scene.overlay_presenter.overlay
    if overlay is None or overlay.marker is None:
        yield
        return
    with overlay_kept(scene):
        scene.overlay_presenter.show(replace(overlay, marker=None))
        yield


@contextlib.contextmanager
def overlay_kept(scene) -> Iterator[None]:
    """Whatever overlays are shown meanwhile, the scene ends with the one it had."""
    before = scene.overlay_presenter.overlay
    try:
        yield
    finally:
        scene.overlay_presenter.show(before)


def union_rect(scene, overlays: list[SceneOverlay | None], margin: float = MARGIN) -> QRectF:
    """The canvas every step of an animation shares: each step's export rect, united (an overlay
    None: the diagram at rest)."""
    if not overlays:
        return QRectF()
    rect = QRectF()
    with overlay_kept(scene), clean_scene(scene):  # (made clean once: each step is measured alone)
        for overlay in overlays:
            scene.overlay_presenter.show(overlay)
            rect = rect.united(content_rect(scene))
    return padded(rect, margin)


def check_animation_size(scene, frames: int, scale: float = 1.0, margin: float = MARGIN) -> None:
    """Refuse, before any step is drawn or even built, an animation too large to hold: every
    frame is at least the size of the diagram as the scene shows it now."""
    size = pixel_size(export_rect(scene, margin=margin), scale)
    _check_total(size.width(), size.height(), frames, "at least ")


def _check_total(width: int, height: int, frames: int, least: str = "") -> None:
    total = width * height * frames
    if total > MAX_ANIMATION_PIXELS:
        raise ExportError(
            f"{frames} frames of {least}{width}×{height} pixels are too much for one animation "
            f"({total / 1e6:,.0f} megapixels, limit {MAX_ANIMATION_PIXELS / 1e6:,.0f}): "
            "use a smaller scale, or export single steps (one PNG, SVG or PDF per step)"
        )


def render_frames(
    scene,
    overlays: list[SceneOverlay | None],
    scale: float = 1.0,
    *,
    transparent: bool = False,
    margin: float = MARGIN,
    canvas: QRectF | None = None,
) -> list[QImage]:
    """One image per overlay (None: the diagram at rest, no step shown), all of the same size.
    canvas: their union_rect, when already measured."""
    source = canvas if canvas is not None else union_rect(scene, overlays, margin)
    size = pixel_size(source, scale)
    _check_total(size.width(), size.height(), len(overlays))
    frames = []
    with overlay_kept(scene):
        for overlay in overlays:
            scene.overlay_presenter.show(overlay)
            frames.append(render_image(scene, source, scale, transparent=transparent))
    return frames


def to_pil(image: QImage) -> Image.Image:
    """A Pillow RGBA copy of a QImage (straight, not premultiplied, alpha)."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    width, height = rgba.width(), rgba.height()
    data = bytes(rgba.constBits())[: rgba.bytesPerLine() * height]
    return Image.frombuffer("RGBA", (width, height), data, "raw", "RGBA", rgba.bytesPerLine(), 1).copy()


def _dpi(image: QImage) -> tuple[float, float]:
    return (image.dotsPerMeterX() * 0.0254, image.dotsPerMeterY() * 0.0254)


def save_gif(frames: list[QImage], path: str, frame_ms: int = FRAME_MS, *, transparent: bool = False) -> None:
    """An endlessly looping GIF. GIF has 256 colours and 1-bit transparency: APNG looks better."""
    images = []
    for frame in frames:
        rgba = to_pil(frame)
        if transparent:
            # fully transparent pixels become the palette's transparent entry; the rest is opaque
            alpha = rgba.getchannel("A").point(lambda a: 255 if a >= 128 else 0)
            paletted = rgba.convert("RGB").quantize(255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            paletted.paste(255, mask=Image.eval(alpha, lambda a: 255 - a))
            paletted.info["transparency"] = 255
            images.append(paletted)
        else:
            images.append(rgba.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE))
    first, rest = images[0], images[1:]
    options = {"transparency": 255, "disposal": 2} if transparent else {}
    first.save(
        path, format="GIF", save_all=True, append_images=rest, duration=frame_ms, loop=0, optimize=False, **options
    )


def save_apng(frames: list[QImage], path: str, frame_ms: int = FRAME_MS) -> None:
    """An endlessly looping animated PNG: full colour, smooth transparency."""
    images = [to_pil(frame) for frame in frames]
    images[0].save(
        path,
        format="PNG",
        save_all=True,
        append_images=images[1:],
        duration=frame_ms,
        loop=0,
        disposal=1,
        blend=0,
        dpi=_dpi(frames[0]),
    )


def save_png(frame: QImage, path: str) -> None:
    """Encoded in memory, written by Python: a full disk is an OSError with its reason (Qt's
    writer would only say no, after libpng printed its own complaint)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not frame.save(buffer, "PNG"):
        raise ExportError(f"cannot encode a {frame.width()}×{frame.height()} PNG")
    with open(path, "wb") as handle:
        handle.write(bytes(buffer.data()))
