"""Qt pieces shared by the palette and the quick-add popup: how a catalog entry
is drawn (a coloured symbol badge, the name, the description), the drag data.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..core.ops import is_op
from .catalog import CATEGORY_COLORS, FALLBACK_COLOR, MIME_TYPE, CatalogEntry

ENTRY_ROLE = Qt.UserRole + 1  # the CatalogEntry of a row
HEADER_ROLE = Qt.UserRole + 2  # the category name of a group header row
COUNT_ROLE = Qt.UserRole + 3  # how many entries of a group are visible

ROW_HEIGHT = 38
HEADER_HEIGHT = 28
BADGE_WIDTH = 56
BADGE_HEIGHT = 24
TEXT_LEFT = 8 + BADGE_WIDTH + 10  # where an entry's name starts: after the badge
TEXT_RIGHT = 6
HEADER_TEXT_LEFT = 10 + 9 + 8  # where a group's title starts: after its colour dot


def node_mime_data(kind: str, op: str | None) -> QMimeData:
    """What a palette drag carries: JSON {"kind": ..., "op": ...} under MIME_TYPE."""
    mime = QMimeData()
    mime.setData(MIME_TYPE, QByteArray(json.dumps({"kind": kind, "op": op}).encode("utf-8")))
    return mime


def read_node_mime(mime: QMimeData) -> tuple[str, str | None] | None:
    """The (kind, op) of a palette drag, or None if the data is not ours, is malformed or names
    an op the registry has not (a drag from another program or another version)."""
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(mime.data(MIME_TYPE)).decode("utf-8"))
        kind, op = payload["kind"], payload.get("op")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if kind not in ("variable", "constant", "op") or (kind == "op") != isinstance(op, str):
        return None
    if kind == "op" and not is_op(op):
        return None
    return kind, op


def paint_badge(
    painter: QPainter,
    rect: QRectF,
    entry: CatalogEntry,
    font: QFont,
    on_highlight: bool = False,
    palette: QPalette | None = None,
) -> None:
    """The symbol in a rounded, lightly tinted box of the entry's colour (its glyph lighter than
    the colour on a dark background, darker on a light one: readable on the tint)."""
    color = QColor(entry.color)
    fill = QColor(color).lighter(185) if on_highlight else QColor(color)
    if not on_highlight:
        fill.setAlpha(38)  # a tint over the row; opaque on a highlighted row to stay readable
    painter.setPen(QPen(color, 1.4))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect.adjusted(0.7, 0.7, -0.7, -0.7), 6, 6)
    badge_font = QFont(font)
    badge_font.setBold(True)
    # long symbols ("softmax") shrink to fit the badge instead of being cut
    point = badge_font.pointSizeF() if badge_font.pointSizeF() > 0 else 9.0
    while point > 7 and QFontMetrics(badge_font).horizontalAdvance(entry.symbol) > rect.width() - 8:
        point -= 0.5
        badge_font.setPointSizeF(point)
    painter.setFont(badge_font)
    dark = palette is not None and palette.color(QPalette.Base).lightness() < 128
    painter.setPen(color.lighter(160) if dark and not on_highlight else color.darker(135))
    painter.drawText(rect, Qt.AlignCenter, entry.symbol)


def _title_font(font: QFont) -> QFont:
    title = QFont(font)
    title.setBold(True)
    return title


def _small_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(7.0, (font.pointSizeF() if font.pointSizeF() > 0 else 9.0) - 1.0))
    return small


def _header_font(font: QFont) -> QFont:
    header = _small_font(font)
    header.setBold(True)
    header.setCapitalization(QFont.AllUppercase)
    header.setLetterSpacing(QFont.PercentageSpacing, 106)
    return header


def entry_width(entry: CatalogEntry, font: QFont) -> int:
    """The least row width that shows the entry's badge and its whole name (the description is
    elided: the tooltip has it)."""
    return TEXT_LEFT + QFontMetrics(_title_font(font)).horizontalAdvance(entry.title) + TEXT_RIGHT


def header_width(category: str, count: int, font: QFont) -> int:
    """The least row width that shows a group's title and its count side by side."""
    metrics = QFontMetrics(_header_font(font))
    title = metrics.horizontalAdvance(category.upper())
    return HEADER_TEXT_LEFT + title + 12 + metrics.horizontalAdvance(str(count)) + 10


def description_lines(entry: CatalogEntry, font: QFont, width: int, most: int = 1) -> list[str]:
    """The description in at most `most` lines of `width` px, broken between words; the last
    line ends in "…" when the rest does not fit (the tooltip has it whole)."""
    # measured once per text, font, screen resolution, width and line count: a window's palette
    # asks ~100 times as it is laid out, every window again, and each row's paint asks too
    screen = QGuiApplication.primaryScreen()
    key = (entry.description, font.key(), screen.logicalDotsPerInch() if screen else 0.0, width, most)
    lines = _MEASURED_LINES.get(key)
    if lines is None:
        if len(_MEASURED_LINES) >= 4096:  # (widths dragged through for long: start again)
            _MEASURED_LINES.clear()
        lines = _MEASURED_LINES[key] = tuple(_break_lines(entry.description, font, width, most))
    return list(lines)


_MEASURED_LINES: dict[tuple, tuple[str, ...]] = {}


def _break_lines(description: str, font: QFont, width: int, most: int) -> list[str]:
    metrics = QFontMetrics(_small_font(font))
    words, lines = _words(description), []
    while words and len(lines) < most - 1:
        taken = 1
        while taken < len(words) and metrics.horizontalAdvance(" ".join(words[: taken + 1])) <= width:
            taken += 1
        if metrics.horizontalAdvance(" ".join(words[:taken])) > width:
            break  # (one word wider than the line: elided below)
        lines.append(" ".join(words[:taken]))
        words = words[taken:]
    if words:
        lines.append(metrics.elidedText(" ".join(words), Qt.ElideRight, width))
    return lines


def _words(text: str) -> list[str]:
    """The description's words, a one-letter word kept with the word before it by a no-break space
    ("ln u", "exponent p": a symbol never stands alone on a line)."""
    words: list[str] = []
    for word in text.split(" "):
        if len(word) == 1 and words and word.isalpha():
            words[-1] += "\u00a0" + word
        elif word:
            words.append(word)
    return words


def entry_height(entry: CatalogEntry, font: QFont, row_width: int, most: int) -> int:
    """A row's height: one line of description more for each line it takes beyond the first."""
    lines = description_lines(entry, font, max(10, row_width - TEXT_LEFT - TEXT_RIGHT), most)
    return ROW_HEIGHT + (len(lines) - 1) * QFontMetrics(_small_font(font)).height()


def paint_entry(
    painter: QPainter,
    rect: QRect,
    entry: CatalogEntry,
    palette: QPalette,
    font: QFont,
    selected: bool,
    lines: int = 1,
) -> None:
    """Badge, name (bold) and the description in at most `lines` lines, elided to the row width."""
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing)
    badge = QRectF(rect.left() + 8, rect.center().y() - BADGE_HEIGHT / 2 + 0.5, BADGE_WIDTH, BADGE_HEIGHT)
    paint_badge(painter, badge, entry, font, selected, palette)
    text_left = rect.left() + TEXT_LEFT
    text_width = max(10, rect.right() - text_left - TEXT_RIGHT)
    title_font = _title_font(font)
    detail_font = _small_font(font)
    text_color = palette.color(QPalette.HighlightedText if selected else QPalette.Text)
    detail_color = QColor(text_color)
    detail_color.setAlpha(150)
    title_h = QFontMetrics(title_font).height()
    detail_h = QFontMetrics(detail_font).height()
    details = description_lines(entry, font, text_width, lines)
    top = rect.center().y() - (title_h + detail_h * len(details)) // 2
    painter.setFont(title_font)
    painter.setPen(text_color)
    # the palette is never narrower than a whole name (PaletteTree.minimumSizeHint); should a
    # name still not fit (a larger font), it ends in "…", never cut mid-letter: the tooltip has it
    title = QFontMetrics(title_font).elidedText(entry.title, Qt.ElideRight, text_width)
    painter.drawText(QRect(text_left, top, text_width, title_h), Qt.AlignLeft | Qt.AlignVCenter, title)
    painter.setFont(detail_font)
    painter.setPen(detail_color)
    for i, detail in enumerate(details):
        box = QRect(text_left, top + title_h + i * detail_h, text_width, detail_h)
        painter.drawText(box, Qt.AlignLeft | Qt.AlignVCenter, detail)
    painter.restore()


def paint_header(painter: QPainter, rect: QRect, category: str, count: int, palette: QPalette, font: QFont) -> None:
    """A group title: colour dot, the category in small capitals, the number of entries."""
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing)
    color = QColor(CATEGORY_COLORS.get(category, FALLBACK_COLOR))
    painter.setPen(Qt.NoPen)
    painter.setBrush(color)
    dot = QRectF(rect.left() + 10, rect.center().y() - 4, 9, 9)
    painter.drawRoundedRect(dot, 2.5, 2.5)
    header_font = _header_font(font)
    painter.setFont(header_font)
    text_color = QColor(palette.color(QPalette.Text))
    text_color.setAlpha(170)
    painter.setPen(text_color)
    metrics = QFontMetrics(header_font)
    number = str(count)
    text_left = rect.left() + HEADER_TEXT_LEFT
    text_width = max(10, rect.right() - 10 - metrics.horizontalAdvance(number) - 12 - text_left)
    title = metrics.elidedText(category.upper(), Qt.ElideRight, text_width)  # as entries: "…", never a cut
    painter.drawText(QRect(text_left, rect.top(), text_width, rect.height()), Qt.AlignLeft | Qt.AlignVCenter, title)
    painter.drawText(rect.adjusted(0, 0, -10, 0), Qt.AlignRight | Qt.AlignVCenter, number)
    line = QColor(text_color)
    line.setAlpha(40)
    painter.setPen(QPen(line, 1))
    painter.drawLine(rect.left() + 8, rect.bottom(), rect.right() - 8, rect.bottom())
    painter.restore()


class EntryDelegate(QStyledItemDelegate):
    """Draws catalog rows (ENTRY_ROLE) and group headers (HEADER_ROLE); a description takes up to
    `lines` lines of the view's width (the palette: 2; the quick-add list, of fixed rows: 1)."""

    def __init__(self, parent=None, lines: int = 1):
        super().__init__(parent)
        self.lines = lines

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        category = index.data(HEADER_ROLE)
        if category:
            paint_header(painter, option.rect, category, index.data(COUNT_ROLE) or 0, option.palette, option.font)
            return
        entry = index.data(ENTRY_ROLE)
        if entry is None:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else QApplication.style()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        style.drawPrimitive(QStyle.PE_PanelItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.State_Selected)
        paint_entry(painter, option.rect, entry, option.palette, option.font, selected, self.lines)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.data(HEADER_ROLE):
            return QSize(200, HEADER_HEIGHT)
        entry, view = index.data(ENTRY_ROLE), self.parent()
        if entry is None or self.lines == 1 or not hasattr(view, "viewport"):
            return QSize(200, ROW_HEIGHT)
        return QSize(200, entry_height(entry, option.font, view.viewport().width(), self.lines))


def drag_pixmap(entry: CatalogEntry, font: QFont, palette: QPalette) -> QPixmap:
    """A small card of the entry shown under the cursor while dragging."""
    width = BADGE_WIDTH + 26 + QFontMetrics(font).horizontalAdvance(entry.title) + 16
    ratio = QApplication.instance().devicePixelRatio() if QApplication.instance() else 1.0
    pixmap = QPixmap(int(width * ratio), int(34 * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QPen(QColor(entry.color), 1.2))
    base = QColor(palette.color(QPalette.Base))
    base.setAlpha(235)
    painter.setBrush(base)
    painter.drawRoundedRect(QRectF(0.6, 0.6, width - 1.2, 32.8), 8, 8)
    paint_badge(painter, QRectF(6, 5, BADGE_WIDTH, BADGE_HEIGHT), entry, font, palette=palette)
    title_font = QFont(font)
    title_font.setBold(True)
    painter.setFont(title_font)
    painter.setPen(palette.color(QPalette.Text))
    painter.drawText(
        QRect(BADGE_WIDTH + 14, 0, int(width) - BADGE_WIDTH - 14, 34), Qt.AlignLeft | Qt.AlignVCenter, entry.title
    )
    painter.end()
    return pixmap
