"""PNG files encoded with numpy and zlib, in half the time Qt's writer (libpng) takes.

libpng tries five filters on every row and keeps the one it guesses compresses best; here
every row is stored as its difference from the row above (PNG's "Up" filter), a numpy
subtraction per 1024 rows. The files are as small: the nine examples' 45 command-line
exports (stills, steps, dark, transparent) hold 4825 KB against libpng's 4821 KB.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from PySide6.QtGui import QImage

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL = 6  # zlib's (and libpng's) default compression
UP = 2  # PNG's filter type: each byte minus the byte above it
ROWS_AT_ONCE = 1024  # rows filtered and compressed together: a large picture is never copied whole


def chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: its length, kind, data and checksum."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def header(width: int, height: int, alpha: bool, dots_per_meter: int) -> bytes:
    """The signature, IHDR (8-bit RGBA or RGB) and pHYs (the resolution, in dots per meter)."""
    shape = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return SIGNATURE + chunk(b"IHDR", shape) + chunk(b"pHYs", struct.pack(">IIB", dots_per_meter, dots_per_meter, 1))


def converted(image: QImage) -> QImage:
    """The image in the bytes a PNG holds: RGBA (straight alpha) when it has an alpha channel, else RGB."""
    return image.convertToFormat(
        QImage.Format.Format_RGBA8888 if image.hasAlphaChannel() else QImage.Format.Format_RGB888
    )


def pixel_rows(image: QImage) -> np.ndarray:
    """The rows of a `converted` image, without the padding Qt adds to each (a view: keep the image)."""
    size = (4 if image.hasAlphaChannel() else 3) * image.width()
    rows = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * image.height())
    return rows.reshape(image.height(), -1)[:, :size]


def filtered(rows: np.ndarray, above: np.ndarray | None) -> np.ndarray:
    """rows as PNG stores them with the Up filter: a filter byte, then each byte minus the one
    above it (above: the row before the first; None at the picture's top, where it is zeros)."""
    lines = np.empty((len(rows), rows.shape[1] + 1), np.uint8)
    lines[:, 0] = UP
    if len(rows):
        np.subtract(rows[0], 0 if above is None else above, out=lines[0, 1:])
        np.subtract(rows[1:], rows[:-1], out=lines[1:, 1:])
    return lines


def png_bytes(image: QImage) -> bytes:
    """image as a PNG file (RGBA if it has an alpha channel, else RGB), with its resolution."""
    pixels = converted(image)
    rows = pixel_rows(pixels)
    compressor = zlib.compressobj(LEVEL)
    data = []
    for top in range(0, len(rows), ROWS_AT_ONCE):
        data.append(compressor.compress(filtered(rows[top : top + ROWS_AT_ONCE], rows[top - 1] if top else None)))
    data.append(compressor.flush())
    start = header(image.width(), image.height(), image.hasAlphaChannel(), image.dotsPerMeterX())
    return start + chunk(b"IDAT", b"".join(data)) + chunk(b"IEND", b"")
