"""The Export dialog's size note: how many pixels a picture will have, and when a picture is too
large for most viewers, which of the dialog's own resolutions makes it one they open. A picture too
large is said so in the words of `graphviz-app export` (formats.TOO_LARGE_WORDS), the dialog
adding only the advice of its own buttons."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize

from ..ui.key_text import key_text
from .dialog_choices import capital
from .formats import READABLE_DPI, READABLE_SCALE, SMALL_TEXT_WORDS, TOO_LARGE_WORDS, too_large_to_view
from .render import BASE_DPI, vector_size
from .viewable import viewable_resolution

SCALES = [(1.0, "1× (96 dpi)"), (2.0, "2× (192 dpi)"), (4.0, "4× (384 dpi)")]


def pixels_words(width: float, height: float, exact: bool, scale: float, animation: bool = False) -> str:
    """ "800 × 600 pixels" for a width × height diagram drawn at `scale` ("at least" when the size is
    a lower bound), with the advice above when it is too large to view (animation: a picture of
    every step, which has no SVG form), or that its text is too small to read below READABLE_DPI
    (as `graphviz-app export`'s note, formats.small_picture_note)."""
    size = _pixels(width, height, scale)
    pixels = f"{'' if exact else 'at least '}{size.width():,} × {size.height():,} pixels"
    if too_large_to_view(size.width(), size.height()):
        megapixels = size.width() * size.height() / 1e6
        pixels += f" ({megapixels:,.0f} megapixels), {TOO_LARGE_WORDS}. {_viewable(width, height, animation)}"
    elif scale < READABLE_SCALE:
        pixels += f". {capital(SMALL_TEXT_WORDS)}."
    return pixels


def resolution_words(scale: float) -> str:
    """A resolution as the dialog names it: "1× (96 dpi)" for a preset, else "24 dpi"."""
    return next((label for value, label in SCALES if value == scale), f"{round(scale * BASE_DPI)} dpi")


def too_large_at(width: float, height: float, scale: float) -> bool:
    """Is the picture of a width × height diagram at scale too large for most viewers?"""
    return too_large_to_view(*_pixels(width, height, scale).toTuple())


def chosen_instead_words(width: float, height: float, exact: bool, asked: float, chosen: float) -> str:
    """Why the dialog starts at `chosen` rather than `asked` (the resolution remembered, or the
    default): "2× (192 dpi) would be 5,680 × 70,080 pixels, too large for most image viewers and
    browsers (…): 24 dpi chosen" ("at least" when the size is a lower bound)."""
    size = _pixels(width, height, asked)
    least = "" if exact else "at least "
    return (
        f"{resolution_words(asked)} would be {least}{size.width():,} × {size.height():,} pixels, {TOO_LARGE_WORDS}: "
        f"{resolution_words(chosen)} chosen"
    )


def refused_words(width: float, height: float, exact: bool, asked: float, animation: bool = False) -> str:
    """Why the dialog offers no picture at `asked` (the resolution it starts at) when not even
    READABLE_DPI (below which text is too small to read) makes one most viewers open: the sizes,
    and what to do instead (animation: every step, which has no SVG or PDF form: one step as SVG)."""
    size = _pixels(width, height, asked)
    lowest = _pixels(width, height, READABLE_SCALE)
    least = "" if exact else "at least "
    return (
        f"{resolution_words(asked)} would be {least}{size.width():,} × {size.height():,} pixels, and even "
        f"{READABLE_DPI} dpi {least}{lowest.width():,} × {lowest.height():,}, {TOO_LARGE_WORDS}. "
        + (
            "An animation has no SVG or PDF form: export one step as SVG or PDF while Backward "
            f"({key_text('backward')}) shows it, or choose a resolution to draw the frames anyway."
            if animation
            else "Export SVG or PDF, which have no pixels, or choose a resolution to draw it anyway."
        )
    )


def _viewable(width: float, height: float, animation: bool = False) -> str:
    """Which resolution of the dialog's own makes the picture of a width × height diagram one most
    viewers open (viewable_resolution), as a preset or a custom dpi; else only SVG or PDF (of one
    step, for an animation). A sentence."""
    vector = "one step as SVG or PDF has no pixels." if animation else "SVG or PDF have no pixels."
    scale = viewable_resolution(width, height)
    if scale is None:
        return f"Even {READABLE_DPI} dpi would be too large; {vector}"
    fits = _pixels(width, height, scale)
    preset = resolution_words(scale) if scale in dict(SCALES) else f"Custom {resolution_words(scale)}"
    return f"{preset} keeps it to about {fits.width():,} × {fits.height():,}; {vector}"


def _pixels(width: float, height: float, scale: float) -> QSize:
    """The picture's pixels of a width × height diagram at scale, rounded as the renderer does."""
    return vector_size(QRectF(0, 0, width, height), scale)
