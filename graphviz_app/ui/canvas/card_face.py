"""A card's drawing, recorded once and replayed at every paint.

Drawing a card from Python costs 250-400 µs: half of it is Python working out what to draw
(fonts, elided texts, colours), and much of the rest is Qt laying out text aligned in a
rectangle at every call. A card looks the same until its node, its state or its look changes,
so NodeItem draws it once into a Face (this recorder, which works out every text's place with
font metrics), and each paint replays the list of painter calls, texts as QStaticText (laid
out once per zoom, where drawText in a rectangle lays out at every call).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText

_ALIGN = Qt.AlignmentFlag
_P = QPainter
SHARED_MAX = 20_000  # distinct rectangles, points, colours, fonts and texts kept for sharing
_SHARED: dict[tuple, object] = {}


def _shared(key: tuple, make):
    """One object for equal values across all cards: a thousand cards share their rectangles,
    pens and fonts, so the faces add few objects for Python's cycle collector to walk (a full
    collection takes about 0.7 µs per object, and it comes in the middle of a gesture)."""
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) >= SHARED_MAX:
            _SHARED.clear()  # (faces keep what they use)
        found = _SHARED[key] = make()
    return found


def _colour(colour) -> object:
    """A pen or brush given as a colour, a style, a pen or a plain brush, as a shared object."""
    if isinstance(colour, QColor):
        return _shared(("colour", colour.rgba()), lambda: QColor(colour))
    if isinstance(colour, QBrush) and colour.style() == Qt.BrushStyle.SolidPattern:
        return _shared(("brush", colour.color().rgba()), lambda: QBrush(colour))
    if isinstance(colour, QPen):
        key = (
            "pen",
            colour.color().rgba(),
            colour.widthF(),
            colour.style(),
            colour.capStyle(),
            colour.joinStyle(),
            colour.isCosmetic(),
        )
        return _shared(key, lambda: QPen(colour))
    return colour  # a style (Qt.PenStyle.NoPen, Qt.BrushStyle.NoBrush): a shared enum already, or rarer


def _rect(rect) -> QRectF:
    return _shared(("rect", rect.x(), rect.y(), rect.width(), rect.height()), lambda: QRectF(rect))


def _point(x: float, y: float) -> QPointF:
    return _shared(("point", x, y), lambda: QPointF(x, y))


class Face:
    """Records the painter calls of one card's drawing (the subset NodeItem uses), then replays
    them onto a real painter. Text drawn in a rectangle is placed once, as Qt would place it.
    The calls are kept in one flat tuple (function, argument count, arguments...) of shared
    objects: one new object per face for the cycle collector, not fifty."""

    RenderHint = QPainter.RenderHint
    __slots__ = ("key", "_record", "_calls", "_font", "_font_key", "_metrics")

    def __init__(self, key: tuple = ()) -> None:
        self.key = key  # what the drawing shows (NodeItem._face): recorded again when it differs
        self._record: list | None = []
        self._calls: tuple = ()
        self._font = QFont()
        self._font_key: tuple = ()
        self._metrics: QFontMetricsF | None = None

    def _add(self, function, *args) -> None:
        self._record += (function, len(args), *args)

    # ------------------------------------------------------------- recording
    def setRenderHint(self, hint, on: bool = True) -> None:
        self._add(_P.setRenderHint, hint, on)

    def setPen(self, pen) -> None:
        self._add(_P.setPen, _colour(pen))

    def setBrush(self, brush) -> None:
        self._add(_P.setBrush, _colour(brush))

    def setFont(self, font: QFont) -> None:
        key = (font.key(), *font.families())  # (the key names the first family only)
        self._font = _shared(("font", key), lambda: QFont(font))
        self._font_key = key
        self._metrics = None
        self._add(_P.setFont, self._font)

    def font(self) -> QFont:
        return QFont(self._font)

    def drawRoundedRect(self, rect, rx: float, ry: float) -> None:
        self._add(_P.drawRoundedRect, _rect(rect), rx, ry)

    def drawRect(self, rect) -> None:
        self._add(_P.drawRect, _rect(rect))

    def drawPath(self, path) -> None:
        self._add(_P.drawPath, path)  # (paths are shared by their makers: node_item._header_path)

    def drawLine(self, a: QPointF, b: QPointF) -> None:
        self._add(_P.drawLine, _point(a.x(), a.y()), _point(b.x(), b.y()))

    def drawEllipse(self, centre: QPointF, rx: float, ry: float) -> None:
        self._add(_P.drawEllipse, _point(centre.x(), centre.y()), rx, ry)

    def drawText(self, rect: QRectF, flags, text: str) -> None:
        """One line of text aligned in `rect` (left, right or centred across; top, bottom or
        centred down), placed with the font's metrics as Qt places it."""
        if not text:
            return
        metrics = self._metrics = self._metrics or QFontMetricsF(self._font)
        flags = _ALIGN(flags)
        x = _aligned(
            rect.left(),
            rect.width(),
            metrics.horizontalAdvance(text),
            flags & _ALIGN.AlignRight,
            flags & _ALIGN.AlignHCenter,
        )
        y = _aligned(
            rect.top(),
            rect.height(),
            metrics.ascent() + metrics.descent(),
            flags & _ALIGN.AlignBottom,
            flags & _ALIGN.AlignVCenter,
        )
        self._add(_P.drawStaticText, _point(x, y), _shared(("text", text, self._font_key), lambda: _static(text)))

    def finish(self) -> Face:
        """The drawing is complete: keep it as one tuple."""
        self._calls, self._record = tuple(self._record), None
        self._metrics = self._font = None
        return self

    # ------------------------------------------------------------- replaying
    def play(self, painter: QPainter) -> None:
        calls, i, end = self._calls, 0, len(self._calls)
        while i < end:
            count = calls[i + 1]
            calls[i](painter, *calls[i + 2 : i + 2 + count])
            i += 2 + count


def _aligned(start: float, room: float, size: float, at_end, centred) -> float:
    """Where a text `size` long starts in `room` from `start`: at its end, centred, or at its start."""
    if at_end:
        return start + room - size
    if centred:
        return start + (room - size) / 2
    return start


def _static(text: str) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    return static
