"""Very large PNGs, rendered in horizontal bands and streamed to the file.

A 1000-node diagram at 4× is over half a gigapixel: more than one QImage can
hold. Each band is drawn by the same scene.render at the same scale (shifted by
a whole number of pixels, so bands join without seams) and compressed at once,
so memory stays at one band whatever the picture's size.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from .formats import ExportError
from .pngfile import LEVEL, chunk, converted, filtered, header, pixel_rows
from .render import BASE_DPI, HINTS, background, blank_image, clean_scene, fill_color, pixel_size

if TYPE_CHECKING:
    from ..ui.canvas.scene import GraphScene

BAND_BYTES = 64 * 1024 * 1024  # one band's pixels
MAX_PIXELS = 4_000_000_000  # streamed, so only time and disk bound it; PNG allows 2³¹−1 per side


def write_banded_png(
    scene: GraphScene,
    source: QRectF,
    path: str,
    scale: float,
    *,
    transparent: bool = False,
    band_rows: int | None = None,
) -> tuple[int, int]:
    size = pixel_size(source, scale, limit=MAX_PIXELS)
    width, height = size.width(), size.height()
    rows = band_rows or max(16, BAND_BYTES // (4 * width))
    fill = fill_color(scene, transparent)
    opaque = fill.alpha() == 255  # (an RGB PNG, as blank_image draws it)
    compressor = zlib.compressobj(LEVEL)
    above = None  # (the row before the band: its Up filter starts from it)
    with open(path, "wb") as handle, clean_scene(scene), background(scene, transparent):
        handle.write(header(width, height, not opaque, round(BASE_DPI * scale / 0.0254)))
        for top in range(0, height, rows):
            band_height = min(rows, height - top)
            band = blank_image(width, band_height, fill)
            if band.isNull():
                raise ExportError(f"not enough memory for a {width}-pixel-wide image: use a smaller scale")
            painter = QPainter(band)
            try:
                painter.setRenderHints(HINTS)
                target = QRectF(0, 0, source.width() * scale, band_height)
                part = QRectF(source.left(), source.top() + top / scale, source.width(), band_height / scale)
                scene.render(painter, target, part, Qt.AspectRatioMode.IgnoreAspectRatio)
            finally:
                painter.end()
            pixels = converted(band)
            drawn = pixel_rows(pixels)
            data = compressor.compress(filtered(drawn, above))
            above = drawn[-1].copy()
            if data:
                handle.write(chunk(b"IDAT", data))
        handle.write(chunk(b"IDAT", compressor.flush()) + chunk(b"IEND", b""))
    return width, height
