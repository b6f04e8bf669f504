"""Very large PNGs, rendered in horizontal bands and streamed to the file.

A 1000-node diagram at 4× is over half a gigapixel: more than one QImage can
hold. Each band is drawn by the same scene.render at the same scale (shifted by
a whole number of pixels, so bands join without seams) and compressed at once,
so memory stays at one band whatever the picture's size.
"""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from .formats import ExportError
from .render import BASE_DPI, HINTS, background, background_color, clean_scene, font_dpi, pixel_size, set_dpi

if TYPE_CHECKING:
    from ..ui.canvas.scene import GraphScene

BAND_BYTES = 64 * 1024 * 1024  # one band's pixels
MAX_PIXELS = 4_000_000_000  # streamed, so only time and disk bound it; PNG allows 2³¹−1 per side


def _chunk(handle, kind: bytes, data: bytes) -> None:
    handle.write(struct.pack(">I", len(data)) + kind + data)
    handle.write(struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


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
    fill = Qt.GlobalColor.transparent if transparent else background_color(scene)
    compressor = zlib.compressobj(6)
    with open(path, "wb") as handle, clean_scene(scene), background(scene, transparent):
        handle.write(b"\x89PNG\r\n\x1a\n")
        _chunk(handle, b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
        per_meter = round(BASE_DPI * scale / 0.0254)
        _chunk(handle, b"pHYs", struct.pack(">IIB", per_meter, per_meter, 1))
        for top in range(0, height, rows):
            band_height = min(rows, height - top)
            band = QImage(width, band_height, QImage.Format.Format_ARGB32_Premultiplied)
            if band.isNull():
                raise ExportError(f"not enough memory for a {width}-pixel-wide image: use a smaller scale")
            set_dpi(band, font_dpi())
            band.fill(fill)
            painter = QPainter(band)
            try:
                painter.setRenderHints(HINTS)
                target = QRectF(0, 0, source.width() * scale, band_height)
                part = QRectF(source.left(), source.top() + top / scale, source.width(), band_height / scale)
                scene.render(painter, target, part, Qt.AspectRatioMode.IgnoreAspectRatio)
            finally:
                painter.end()
            rgba = band.convertToFormat(QImage.Format.Format_RGBA8888)
            pixels = np.frombuffer(rgba.constBits(), np.uint8, rgba.bytesPerLine() * band_height)
            pixels = pixels.reshape(band_height, rgba.bytesPerLine())[:, : 4 * width]
            lines = np.zeros((band_height, 4 * width + 1), np.uint8)  # filter byte 0 before each row
            lines[:, 1:] = pixels
            data = compressor.compress(lines.tobytes())
            if data:
                _chunk(handle, b"IDAT", data)
        _chunk(handle, b"IDAT", compressor.flush())
        _chunk(handle, b"IEND", b"")
    return width, height
