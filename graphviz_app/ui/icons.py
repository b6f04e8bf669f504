"""Toolbar and menu icons drawn with QPainter in the palette's text colour.

Drawn rather than loaded so that every icon is distinct, crisp at any size and
readable in both the light and the dark palette (the style's stock pixmaps are
neither: Fusion has one floppy for "save" and "export", and grey arrows that
vanish on a dark toolbar). `apply_icons` is called again when the palette changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

SIZES = (16, 24)  # drawn at twice the size; Qt scales for larger buttons
ACCENT = QColor("#3d7be0")

Draw = Callable[[QPainter, QColor, QColor], None]


# every drawing works on a 24 × 24 canvas; the painter is scaled to the pixmap size
def _pen(colour: QColor, width: float = 1.8) -> QPen:
    return QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)


def _sign(p: QPainter, colour: QColor, width: float, x: float, y: float, half: float, plus: bool) -> None:
    """A plus (or a minus) centred on (x, y), its arms `half` long."""
    p.setPen(_pen(colour, width))
    if plus:
        p.drawLine(QPointF(x, y - half), QPointF(x, y + half))
    p.drawLine(QPointF(x - half, y), QPointF(x + half, y))


def _closed_path(corners: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath()
    path.moveTo(*corners[0])
    for corner in corners[1:]:
        path.lineTo(*corner)
    path.closeSubpath()
    return path


def _outline(p: QPainter, ink: QColor, corners: list[tuple[float, float]]) -> None:
    """A closed outline through the corners, in the ink's 1.6 pen, not filled."""
    p.setPen(_pen(ink, 1.6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(_closed_path(corners))


def _solid(p: QPainter, colour: QColor, corners: list[tuple[float, float]]) -> None:
    """A filled shape through the corners, without an outline."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawPath(_closed_path(corners))


def _page(p: QPainter, ink: QColor) -> None:
    _outline(p, ink, [(6, 3), (14, 3), (19, 8), (19, 21), (6, 21)])
    p.drawPolyline([QPointF(14, 3), QPointF(14, 8), QPointF(19, 8)])


def draw_new(p: QPainter, ink: QColor, accent: QColor) -> None:
    _page(p, ink)
    _sign(p, accent, 2.0, 12.5, 14.5, 3.5, plus=True)


def draw_open(p: QPainter, ink: QColor, accent: QColor) -> None:
    back = QPainterPath()
    back.moveTo(3, 19)
    back.lineTo(3, 5)
    back.lineTo(9, 5)
    back.lineTo(11, 7)
    back.lineTo(19, 7)
    back.lineTo(19, 10)
    p.setPen(_pen(ink, 1.6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(back)
    front = QPainterPath()
    front.moveTo(3, 19)
    front.lineTo(6.5, 10.5)
    front.lineTo(22, 10.5)
    front.lineTo(18.5, 19)
    front.closeSubpath()
    fill = QColor(accent)
    fill.setAlpha(90)
    p.setBrush(fill)
    p.drawPath(front)


def draw_save(p: QPainter, ink: QColor, accent: QColor) -> None:
    _outline(p, ink, [(4, 4), (17, 4), (20, 7), (20, 20), (4, 20)])
    p.drawRect(QRectF(8, 4, 7, 5))
    fill = QColor(accent)
    fill.setAlpha(110)
    p.setBrush(fill)
    p.drawRoundedRect(QRectF(7, 13, 10, 7), 1, 1)


def draw_save_as(p: QPainter, ink: QColor, accent: QColor) -> None:
    draw_save(p, ink, accent)
    p.setPen(_pen(accent, 2.2))
    p.drawLine(QPointF(15, 22), QPointF(22, 15))


def _curved_arrow(p: QPainter, colour: QColor, mirrored: bool) -> None:
    if mirrored:
        p.translate(24, 0)
        p.scale(-1, 1)
    path = QPainterPath()
    path.moveTo(19, 19)
    path.cubicTo(19, 11, 15, 8.5, 6, 8.5)
    p.setPen(_pen(colour, 2.0))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    p.drawPolyline([QPointF(10, 4.5), QPointF(5.5, 8.5), QPointF(10, 12.5)])


def draw_undo(p: QPainter, ink: QColor, accent: QColor) -> None:
    _curved_arrow(p, ink, False)


def draw_redo(p: QPainter, ink: QColor, accent: QColor) -> None:
    _curved_arrow(p, ink, True)


def _magnifier(p: QPainter, ink: QColor) -> None:
    p.setPen(_pen(ink, 1.8))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(10, 10), 6.5, 6.5)
    p.setPen(_pen(ink, 2.6))
    p.drawLine(QPointF(15, 15), QPointF(20.5, 20.5))


def draw_zoom_in(p: QPainter, ink: QColor, accent: QColor) -> None:
    _magnifier(p, ink)
    _sign(p, accent, 1.8, 10, 10, 3, plus=True)


def draw_zoom_out(p: QPainter, ink: QColor, accent: QColor) -> None:
    _magnifier(p, ink)
    _sign(p, accent, 1.8, 10, 10, 3, plus=False)


def draw_zoom_fit(p: QPainter, ink: QColor, accent: QColor) -> None:
    p.setPen(_pen(ink, 1.8))
    for x, y, dx, dy in ((3, 3, 1, 1), (21, 3, -1, 1), (3, 21, 1, -1), (21, 21, -1, -1)):
        p.drawPolyline([QPointF(x, y + 5 * dy), QPointF(x, y), QPointF(x + 5 * dx, y)])
    fill = QColor(accent)
    fill.setAlpha(120)
    p.setPen(_pen(accent, 1.4))
    p.setBrush(fill)
    p.drawRoundedRect(QRectF(8, 9, 8, 6), 1.2, 1.2)


def draw_layout(p: QPainter, ink: QColor, accent: QColor) -> None:
    """Three columns of nodes joined left to right: the layered layout."""
    p.setPen(_pen(ink, 1.4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    for a, b in (((5, 7), (12, 12)), ((5, 17), (12, 12)), ((12, 12), (19, 6)), ((12, 12), (19, 18))):
        path = QPainterPath(QPointF(*a))
        path.cubicTo(QPointF((a[0] + b[0]) / 2, a[1]), QPointF((a[0] + b[0]) / 2, b[1]), QPointF(*b))
        p.drawPath(path)
    p.setBrush(accent)
    p.setPen(Qt.PenStyle.NoPen)
    for x, y in ((5, 7), (5, 17), (12, 12), (19, 6), (19, 18)):
        p.drawRoundedRect(QRectF(x - 2.6, y - 2.2, 5.2, 4.4), 1.2, 1.2)


def draw_export(p: QPainter, ink: QColor, accent: QColor) -> None:
    """A picture frame with an arrow leaving it."""
    p.setPen(_pen(ink, 1.6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolyline([QPointF(13, 5), QPointF(3, 5), QPointF(3, 20), QPointF(18, 20), QPointF(18, 12)])
    _solid(p, ink, [(5, 18), (9, 12.5), (12, 16), (13.5, 14.5), (16, 18)])  # a landscape
    p.setPen(_pen(accent, 2.0))
    p.drawLine(QPointF(12, 12), QPointF(21, 3))
    p.drawPolyline([QPointF(15, 3), QPointF(21, 3), QPointF(21, 9)])


def draw_copy_image(p: QPainter, ink: QColor, accent: QColor) -> None:
    p.setPen(_pen(ink, 1.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolyline([QPointF(4, 16), QPointF(4, 4), QPointF(16, 4)])
    p.drawRoundedRect(QRectF(8, 8, 13, 13), 1.5, 1.5)
    _solid(p, accent, [(10, 19), (13.5, 14), (16, 17), (17.5, 15.5), (19.5, 19)])


def _two_nodes(p: QPainter, ink: QColor, top: float = 8.5) -> None:
    """A producer on the left and a consumer on the right: what the run actions travel between."""
    p.setPen(_pen(ink, 1.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(2, top, 6, 7), 1.5, 1.5)
    p.drawRoundedRect(QRectF(16, top, 6, 7), 1.5, 1.5)


def _arrow(p: QPainter, colour: QColor, y: float, left: float, right: float, to_right: bool) -> None:
    p.setPen(_pen(colour, 2.0))
    p.drawLine(QPointF(left, y), QPointF(right, y))
    tip, back = (right, right - 3.5) if to_right else (left, left + 3.5)
    p.drawPolyline([QPointF(back, y - 3.2), QPointF(tip, y), QPointF(back, y + 3.2)])


def draw_forward_values(p: QPainter, ink: QColor, accent: QColor) -> None:
    """Values flow from producer to consumer; the consumer fills with its value."""
    _two_nodes(p, ink)
    _arrow(p, accent, 12, 9.5, 14.5, True)
    fill = QColor(accent)
    fill.setAlpha(110)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(fill)
    p.drawRoundedRect(QRectF(17, 9.5, 4, 5), 1, 1)


def draw_backward(p: QPainter, ink: QColor, accent: QColor) -> None:
    """The gradient returns from the consumer to the producer along a curve over the edge."""
    _two_nodes(p, ink, top=12.5)
    p.setPen(_pen(ink, 1.4))
    p.drawLine(QPointF(8.5, 16), QPointF(15.5, 16))
    path = QPainterPath(QPointF(19, 10.5))
    path.cubicTo(QPointF(17.5, 3), QPointF(6.5, 3), QPointF(5, 10))
    p.setPen(_pen(accent, 2.2))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    p.drawPolyline([QPointF(2, 7.2), QPointF(5, 10.3), QPointF(8.2, 7.6)])


def draw_forward_mode(p: QPainter, ink: QColor, accent: QColor) -> None:
    """A tangent (a direction) carried forward: double chevrons from producer to consumer."""
    _two_nodes(p, ink)
    p.setPen(_pen(accent, 2.0))
    p.setBrush(Qt.BrushStyle.NoBrush)
    for x in (9.5, 13):
        p.drawPolyline([QPointF(x, 8.5), QPointF(x + 3, 12), QPointF(x, 15.5)])


def draw_gradcheck(p: QPainter, ink: QColor, accent: QColor) -> None:
    """A tick over a ruler: the gradients agree with finite differences."""
    p.setPen(_pen(ink, 1.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawLine(QPointF(3, 20), QPointF(21, 20))
    for i, x in enumerate((3, 7.5, 12, 16.5, 21)):
        p.drawLine(QPointF(x, 20), QPointF(x, 17 if i % 2 == 0 else 18.3))
    p.setPen(_pen(accent, 2.6))
    p.drawPolyline([QPointF(5, 9), QPointF(10, 14), QPointF(19.5, 3.5)])


def _triangle(p: QPainter, colour: QColor, left: float, right: float, to_right: bool = True) -> None:
    """A solid play triangle between x = left and x = right, pointing right (or left)."""
    tip, base = (right, left) if to_right else (left, right)
    _solid(p, colour, [(base, 5.5), (tip, 12), (base, 18.5)])


def _bar(p: QPainter, colour: QColor, x: float, width: float = 2.6) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawRoundedRect(QRectF(x, 5.5, width, 13), 0.8, 0.8)


# the transports' actions (the timeline's, the Training dock's buttons): the style's media pixmaps are grey
# on any palette and vanish on a dark toolbar
def draw_play(p: QPainter, ink: QColor, accent: QColor) -> None:
    _solid(p, ink, [(7, 4.5), (19.5, 12), (7, 19.5)])


def draw_pause(p: QPainter, ink: QColor, accent: QColor) -> None:
    _bar(p, ink, 6.5, 4)
    _bar(p, ink, 13.5, 4)


def draw_step_forward(p: QPainter, ink: QColor, accent: QColor) -> None:
    _triangle(p, ink, 3.5, 12)
    _triangle(p, ink, 12, 20.5)


def draw_step_back(p: QPainter, ink: QColor, accent: QColor) -> None:
    _triangle(p, ink, 3.5, 12, to_right=False)
    _triangle(p, ink, 12, 20.5, to_right=False)


def draw_last(p: QPainter, ink: QColor, accent: QColor) -> None:
    _triangle(p, ink, 5, 16)
    _bar(p, ink, 16.5)


def draw_first(p: QPainter, ink: QColor, accent: QColor) -> None:
    _bar(p, ink, 4.9)
    _triangle(p, ink, 8, 19, to_right=False)


DRAWINGS: dict[str, Draw] = {
    "play": draw_play,
    "pause": draw_pause,
    "step_forward": draw_step_forward,
    "step_back": draw_step_back,
    "first": draw_first,
    "last": draw_last,
    "new": draw_new,
    "open": draw_open,
    "save": draw_save,
    "save_as": draw_save_as,
    "undo": draw_undo,
    "redo": draw_redo,
    "zoom_in": draw_zoom_in,
    "zoom_out": draw_zoom_out,
    "zoom_fit": draw_zoom_fit,
    "layout": draw_layout,
    "export": draw_export,
    "copy_image": draw_copy_image,
    "forward_values": draw_forward_values,
    "backward": draw_backward,
    "forward_mode": draw_forward_mode,
    "gradcheck": draw_gradcheck,
}


def _pixmap(draw: Draw, size: int, ink: QColor, accent: QColor, ratio: float) -> QPixmap:
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 24.0, size / 24.0)
    draw(painter, ink, accent)
    painter.end()
    return pixmap


_drawn: dict[tuple[str, int, int], QIcon] = {}  # (name, ink, faded ink): each window, toolbar and Play asks again


def make_icon(name: str, palette: QPalette | None = None) -> QIcon:
    """The icon called `name` (a key of DRAWINGS) in the colours of `palette` (drawn once per colours)."""
    palette = palette or QApplication.palette()
    ink = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    faded = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    key = (name, ink.rgba(), faded.rgba())
    if key not in _drawn:
        _drawn[key] = _draw_icon(DRAWINGS[name], ink, faded)
    return QIcon(_drawn[key])


def _draw_icon(draw: Draw, ink: QColor, faded: QColor) -> QIcon:
    dark = ink.lightness() > 128
    accent = QColor("#6aa8ff") if dark else ACCENT
    faded_accent = QColor(faded)
    icon = QIcon()
    ratio = 2.0  # sharp on high-density screens; Qt scales down for ordinary ones
    for size in SIZES:
        icon.addPixmap(_pixmap(draw, size, ink, accent, ratio), QIcon.Mode.Normal)
        icon.addPixmap(_pixmap(draw, size, faded, faded_accent, ratio), QIcon.Mode.Disabled)
    return icon
