"""The resolution at which the picture of a diagram too large for most image viewers is one they
open: the Export dialog starts at it, `graphviz-app export` draws at it (without --scale or --dpi)."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from .formats import too_large_to_view, viewable_scale
from .render import vector_size


def viewable_resolution(width: float, height: float, scale: float = 1.0) -> float | None:
    """The largest scale (formats.viewable_scale: in steps of 0.25, not below READABLE_SCALE) at
    which the picture of a width × height diagram is one most viewers open, measured from its
    pixels at `scale`, rounded as the renderer rounds them; None when not even READABLE_SCALE
    makes it one."""
    at = vector_size(QRectF(0, 0, width, height), scale)
    fit = viewable_scale(at.width(), at.height(), scale)
    return None if too_large_to_view(*vector_size(QRectF(0, 0, width, height), fit).toTuple()) else fit
