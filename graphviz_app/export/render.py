"""Render a region of the canvas scene: to a QImage at any scale, to SVG, to PDF.

Always the scene the editor shows, with its current animation overlay, drawn
inside `scene.clean_render()` so selection handles and hover never appear.
Text and lines are drawn by a scaled painter at the target resolution: a
4× PNG is sharp, never an enlarged bitmap.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QGraphicsItem

from .formats import ExportError

if TYPE_CHECKING:  # (every export renders the canvas's scene: the editor's, or one made for it)
    from ..ui.canvas.scene import GraphScene

MARGIN = 24.0  # scene units of empty space around the diagram
BASE_DPI = 96.0  # scale 1 = one pixel per scene unit = 96 dpi
MAX_PIXELS = 200_000_000  # ~800 MB as RGBA: beyond this, ask for a smaller scale or SVG/PDF
MAX_SIDE = 2**31 - 1  # Qt sizes are int: the most any picture, vector ones too, can span
MAX_EXTENT = 1e8  # scene units a diagram may span (the file format keeps positions within ±1e7)
HINTS = (
    QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing | QPainter.RenderHint.SmoothPixmapTransform
)


def bring_up_to_date(scene: GraphScene) -> None:
    """Shapes, value previews and edge labels as the canvas shows them.

    GraphScene evaluates the model on the next event-loop turn after a change;
    the export command has no event loop and the dialog may run right after an
    edit, so the pending evaluation is done now (reading `evaluation` does it).
    """
    scene.evaluator.evaluation  # noqa: B018 - the property evaluates when a change is pending


@contextlib.contextmanager
def clean_scene(scene: GraphScene) -> Iterator[None]:
    """The scene as it should be exported: no selection or hover, items painted afresh.

    Item caches are switched off while rendering, so no cached bitmap is scaled
    up into a high-resolution export.
    """
    bring_up_to_date(scene)
    with scene.clean_render():
        cached = [
            (item, item.cacheMode()) for item in scene.items() if item.cacheMode() != QGraphicsItem.CacheMode.NoCache
        ]
        for item, _ in cached:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        try:
            yield
        finally:
            for item, mode in cached:
                item.setCacheMode(mode)


@contextlib.contextmanager
def background(scene: GraphScene, transparent: bool) -> Iterator[None]:
    """With a transparent export the scene paints no background brush."""
    if not transparent:
        yield
        return
    old = scene.backgroundBrush()
    scene.setBackgroundBrush(Qt.BrushStyle.NoBrush)
    try:
        yield
    finally:
        scene.setBackgroundBrush(old)


def background_color(scene: GraphScene) -> QColor:
    """The solid background: the scene's own colour, white when it has none."""
    brush = scene.backgroundBrush()
    if brush.style() != Qt.BrushStyle.NoBrush and brush.color().alpha() > 0:
        return QColor(brush.color())
    return QColor(Qt.GlobalColor.white)


def content_rect(scene: GraphScene, selection: bool = False) -> QRectF:
    """The diagram's bounding rect (overlay included), or that of what a selection picture draws."""
    if selection:
        from .selection import selection_rect

        rect = selection_rect(scene)
        if rect.isEmpty():
            raise ExportError("nothing is selected: select nodes to export, or export the whole diagram")
        return rect
    rect = scene.items_bounding_rect()
    if rect.isEmpty():
        raise ExportError("the diagram is empty: there is nothing to export")
    return rect


def export_rect(scene: GraphScene, selection: bool = False, margin: float = MARGIN) -> QRectF:
    """content_rect plus the margin, snapped outwards to whole scene units."""
    if selection:  # measured before clean_render, which hides the selection
        rect = content_rect(scene, True)
    else:
        with clean_scene(scene):
            rect = content_rect(scene, False)
    return padded(rect, margin)


def padded(rect: QRectF, margin: float = MARGIN) -> QRectF:
    """rect plus the margin, snapped outwards to whole scene units (refused when out of reach)."""
    rect = rect.adjusted(-margin, -margin, margin, margin)
    corners = (rect.left(), rect.top(), rect.right(), rect.bottom())
    if not all(math.isfinite(c) and abs(c) <= MAX_EXTENT for c in corners):
        raise ExportError(
            f"the diagram reaches too far to be drawn (to {max(corners, key=abs):.3g}): "
            f"move its nodes within ±{MAX_EXTENT:,.0f} of the centre"
        )
    left, top = math.floor(rect.left()), math.floor(rect.top())
    right, bottom = math.ceil(rect.right()), math.ceil(rect.bottom())
    return QRectF(left, top, right - left, bottom - top)


def font_dpi() -> float:
    """The resolution fonts are laid out at on screen: exports use it too, so text keeps
    its size relative to the nodes (a 4× image has 4× larger text, not 16×)."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else BASE_DPI
    return dpi if dpi > 0 else BASE_DPI


def set_dpi(image: QImage, dpi: float) -> None:
    dots_per_meter = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)


def pixel_size(source: QRectF, scale: float, limit: int | None = None) -> QSize:
    """The picture's size in pixels; a raster picture beyond limit (MAX_PIXELS) is refused with advice."""
    limit = MAX_PIXELS if limit is None else limit
    width, height = _size(source, scale)
    if width * height > limit:
        raise ExportError(
            f"the image would be {width:,}×{height:,} pixels ({width * height / 1e6:,.0f} megapixels, "
            f"limit {limit / 1e6:,.0f}): use a smaller scale or export SVG or PDF"
        )
    return QSize(width, height)


def vector_size(source: QRectF, scale: float) -> QSize:
    """The size an SVG says it has: no pixel limit (nothing is held as pixels), only Qt's int."""
    return QSize(*_size(source, scale))


def _size(source: QRectF, scale: float) -> tuple[int, int]:
    if not (scale > 0 and math.isfinite(scale)):
        raise ExportError(f"the scale must be a positive number, not {scale}")
    width = max(1, math.ceil(source.width() * scale - 1e-6))
    height = max(1, math.ceil(source.height() * scale - 1e-6))
    if max(width, height) > MAX_SIDE:
        raise ExportError(
            f"the picture would be {width}×{height} units, more than any picture can span: use a smaller scale"
        )
    return width, height


def fill_color(scene: GraphScene, transparent: bool) -> QColor:
    """What a picture of the scene starts filled with: transparent, or the canvas's background."""
    return QColor(Qt.GlobalColor.transparent) if transparent else background_color(scene)


def blank_image(width: int, height: int, fill: QColor) -> QImage:
    """An image to draw the scene on, filled, with the dpi the painter lays text out at (it then
    scales it). With an opaque fill it has no alpha channel (the same pixels): its PNG is RGB, a
    tenth smaller and a fifth faster to write than RGBA with every pixel opaque. Null when there is
    no memory for it (the caller says so)."""
    opaque = fill.alpha() == 255
    image = QImage(width, height, QImage.Format.Format_RGB32 if opaque else QImage.Format.Format_ARGB32_Premultiplied)
    if not image.isNull():
        set_dpi(image, font_dpi())
        image.fill(fill)
    return image


def render_image(scene: GraphScene, source: QRectF, scale: float = 1.0, *, transparent: bool = False) -> QImage:
    """source (scene coordinates) drawn at scale pixels per scene unit; dpi metadata set to match
    (RGB on an opaque background: blank_image)."""
    size = pixel_size(source, scale)
    image = blank_image(size.width(), size.height(), fill_color(scene, transparent))
    if image.isNull():
        raise ExportError(f"not enough memory for a {size.width()}×{size.height()} image: use a smaller scale")
    painter = QPainter(image)
    try:
        painter.setRenderHints(HINTS)
        target = QRectF(0, 0, source.width() * scale, source.height() * scale)
        with clean_scene(scene), background(scene, transparent):
            scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        painter.end()
    set_dpi(image, BASE_DPI * scale)  # the file then says how large to print it
    return image


def render_svg(
    scene: GraphScene, source: QRectF, path: str, scale: float = 1.0, *, transparent: bool = False, title: str = ""
) -> None:
    """A vector SVG of source; text stays text (searchable, selectable).

    Drawn into memory, then written by Python: a full disk is an OSError naming the reason,
    and the text is made well-formed XML whatever the labels hold.
    """
    from PySide6.QtSvg import QSvgGenerator  # part of PySide6-Essentials

    size = vector_size(source, scale)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setResolution(round(font_dpi()))
    generator.setTitle(title or "graphviz_app diagram")
    generator.setDescription("Exported by graphviz_app")
    _paint_vector(scene, source, generator, QRectF(0, 0, source.width() * scale, source.height() * scale), transparent)
    del generator  # ends the document
    from .svgfonts import fix_font_families

    text = bytes(buffer.data()).decode("utf-8", "replace")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(xml_text(fix_font_families(text)))


# characters XML 1.0 cannot hold at all, not even escaped: a label holding one would make the SVG unreadable
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """text without the characters XML forbids (each becomes U+FFFD, the replacement character)."""
    return _NOT_XML.sub("\ufffd", text)


def render_pdf(
    scene: GraphScene, source: QRectF, path: str, scale: float = 1.0, *, transparent: bool = False, title: str = ""
) -> None:
    """A one-page vector PDF whose page is the diagram's size (96 scene units = 1 inch at scale 1)."""
    points = QSizeF(source.width() * scale * 72 / BASE_DPI, source.height() * scale * 72 / BASE_DPI)
    buffer = QBuffer()  # drawn into memory, written by Python (see render_svg)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator("graphviz_app")
    writer.setTitle(title or "graphviz_app diagram")
    layout = QPageLayout(
        QPageSize(points, QPageSize.Unit.Point, "diagram", QPageSize.SizeMatchPolicy.ExactMatch),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Point,
    )
    layout.setMode(QPageLayout.Mode.FullPageMode)
    writer.setResolution(round(font_dpi()))  # text in points keeps its size relative to the nodes
    if not writer.setPageLayout(layout):
        raise ExportError(f"cannot make a PDF page of {points.width():.0f}×{points.height():.0f} points")
    target = QRectF(0, 0, writer.width(), writer.height())
    _paint_vector(scene, source, writer, target, transparent)
    del writer  # ends the document
    with open(path, "wb") as handle:
        handle.write(bytes(buffer.data()))


def _paint_vector(scene, source: QRectF, device, target: QRectF, transparent: bool) -> None:
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("cannot start drawing the vector picture")
    try:
        painter.setRenderHints(HINTS)
        if not transparent:
            painter.fillRect(target, background_color(scene))
        with clean_scene(scene), background(scene, transparent):
            scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        painter.end()
