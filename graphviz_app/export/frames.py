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

import numpy as np
from PIL import Image
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from ..core.graph import Graph
from ..core.trace import BackwardTrace
from ..ui.overlay import SceneOverlay
from .backward import window_stepping
from .formats import ExportError
from .pngfile import png_bytes
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
    size = (rgba.width(), rgba.height())  # (read in place, copied once: a large frame is not held three times)
    return Image.frombuffer("RGBA", size, rgba.constBits(), "raw", "RGBA", rgba.bytesPerLine(), 1).copy()


def _dpi(image: QImage) -> tuple[float, float]:
    return (image.dotsPerMeterX() * 0.0254, image.dotsPerMeterY() * 0.0254)


def save_gif(frames: list[QImage], path: str, frame_ms: int = FRAME_MS, *, transparent: bool = False) -> None:
    """An endlessly looping GIF. GIF has 256 colours and 1-bit transparency: APNG looks better."""
    images = paletted(frames, transparent)
    first, rest = images[0], images[1:]
    options = {"transparency": TRANSPARENT_INDEX, "disposal": 2} if transparent else {}
    first.save(
        path, format="GIF", save_all=True, append_images=rest, duration=frame_ms, loop=0, optimize=False, **options
    )


TRANSPARENT_INDEX = 255  # a transparent GIF's palette entry for the pixels less than half opaque
GIF_SAMPLE = 500_000  # about how many pixels of the frames the palette is chosen from


def paletted(frames: list[QImage], transparent: bool = False) -> list[Image.Image]:
    """The frames in one palette of at most 256 colours (255 and the transparent entry): the
    colours that differ between steps stay the same in every frame, and one palette costs a quarter
    of one per frame (Pillow's median cut reads every pixel). The palette is the frames' own colours
    when they are few; else Pillow's median cut of a sample of their pixels, which holds every colour
    at least once. Each pixel is drawn in the palette colour nearest to it (Pillow's own mapping to a
    given palette first rounds colours to 6 bits: a white card would turn grey-blue)."""
    pixels, found = _frame_colours(frames, transparent)
    channels = _channels(_palette(pixels, found, 255 if transparent else 256))
    nearest = _nearest_entries(found, channels)
    entries = channels.astype(np.uint8).tobytes().ljust(768 if transparent else 0, b"\0")  # (entry 255 exists)
    images = []
    for rgb, shown in pixels:
        indexes = nearest[rgb]
        if shown is not None:
            indexes[~shown] = TRANSPARENT_INDEX
        image = Image.fromarray(indexes)
        image.putpalette(entries)  # (an L image becomes P)
        images.append(image)
    return images


def _frame_colours(frames: list[QImage], transparent: bool) -> tuple[list, np.ndarray]:
    """Each frame's pixels as colours (one number each: 0xBBGGRR) with, when transparent, which are
    shown (alpha from 128); and every colour shown in some frame, ascending."""
    pixels, colours = [], np.zeros(1 << 24, np.bool_)
    for frame in frames:
        rgba = frame.convertToFormat(QImage.Format.Format_RGBA8888)
        words = np.frombuffer(rgba.constBits(), np.uint32, rgba.bytesPerLine() // 4 * rgba.height())
        words = words.reshape(rgba.height(), -1)[:, : rgba.width()]
        shown = words >> 24 >= 128 if transparent else None
        rgb = words & 0xFFFFFF
        colours[rgb if shown is None else rgb[shown]] = True
        pixels.append((rgb, shown))
    return pixels, np.flatnonzero(colours).astype(np.uint32)


def _palette(pixels: list, found: np.ndarray, most: int) -> np.ndarray:
    """At most `most` colours (0xBBGGRR): those found when they are few, else Pillow's median cut of
    a sample of the pixels and of every colour found."""
    if len(found) <= most:
        return found
    step = max(1, round((sum(rgb.size for rgb, _ in pixels) / GIF_SAMPLE) ** 0.5))
    sample = np.concatenate([rgb[::step, ::step].ravel() for rgb, _ in pixels] + [found]) | 0xFF000000
    sheet = Image.frombuffer("RGBA", (len(sample), 1), sample.tobytes(), "raw", "RGBA", 0, 1).convert("RGB")
    cut = sheet.quantize(most, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = np.frombuffer(bytes(cut.getpalette()), np.uint8).reshape(-1, 3).astype(np.uint32)
    return palette[:, 0] | palette[:, 1] << 8 | palette[:, 2] << 16


def _channels(colours: np.ndarray) -> np.ndarray:
    """Colours (0xBBGGRR) as rows of red, green, blue."""
    return np.stack([colours & 255, colours >> 8 & 255, colours >> 16 & 255], 1).astype(np.int32)


def _nearest_entries(found: np.ndarray, channels: np.ndarray) -> np.ndarray:
    """A table from every colour (0xBBGGRR) to the palette entry nearest to it, filled for the
    colours found."""
    nearest = np.zeros(1 << 24, np.uint8)
    for start in range(0, len(found), 4096):  # (4096 colours × 256 distances at a time)
        part = found[start : start + 4096]
        nearest[part] = ((_channels(part)[:, None, :] - channels[None]) ** 2).sum(2).argmin(1)
    return nearest


def save_apng(frames: list[QImage], path: str, frame_ms: int = FRAME_MS) -> None:
    """An endlessly looping animated PNG: full colour, smooth transparency. Each frame after the
    first holds only the region that differs from the frame before (kept, not cleared: disposal
    0), which replaces those pixels, transparency included (blend 0)."""
    images = [to_pil(frame) for frame in frames]
    images[0].save(
        path,
        format="PNG",
        save_all=True,
        append_images=images[1:],
        duration=frame_ms,
        loop=0,
        disposal=0,
        blend=0,
        dpi=_dpi(frames[0]),
    )


def save_png(frame: QImage, path: str) -> None:
    """Encoded in memory (pngfile: half the time of Qt's writer), written by Python: a full disk
    is an OSError with its reason."""
    if frame.isNull():
        raise ExportError(f"cannot encode a {frame.width()}×{frame.height()} PNG")
    data = png_bytes(frame)
    with open(path, "wb") as handle:
        handle.write(data)
