"""A matrix shown as a table: labelled rows and columns, a blue-red colour scale centred at 0
whose zero is the table's own base colour (white in a light palette, a dark neutral in a dark one).

Only the cells in view are computed (by blocks), so a Jacobian of any size scrolls smoothly.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...core import conventions as cv
from ...core import number_text
from .. import tones


@dataclass(frozen=True)
class HeatScale:
    """The colours of the scale: zero, and the full colour of each sign (|value| = the scale)."""

    zero: tuple[int, int, int]
    negative: tuple[int, int, int]
    positive: tuple[int, int, int]


# the ends: deep blue and red on a light base; on a dark base ones that stand out from it yet stay
# dark enough (luminance < 0.16) for light text on every cell, so a dark table never glares
LIGHT_ENDS = ((33, 102, 172), (178, 24, 43))
DARK_ENDS = ((40, 105, 200), (200, 55, 60))
LIGHT_SCALE = HeatScale((255, 255, 255), *LIGHT_ENDS)


def heat_scale(palette: QPalette) -> HeatScale:
    """The scale for a table in this palette: zero is its base colour, the ends suit its lightness."""
    base = palette.color(QPalette.ColorRole.Base)
    ends = DARK_ENDS if tones.is_dark(palette, QPalette.ColorRole.Base) else LIGHT_ENDS
    return HeatScale((base.red(), base.green(), base.blue()), *ends)


TINT = 0.15  # the least tint of an entry that is not zero: a Jacobian's zeros (its structure) show


def diverging_color(value: float, scale: float, heat: HeatScale = LIGHT_SCALE) -> QColor:
    """Blue for negative, the zero colour at exactly 0, red for positive; |value| = scale is the
    full colour, and the smallest entry that is not zero is tinted by TINT."""
    if scale <= 0 or not np.isfinite(value) or value == 0:
        return QColor(*heat.zero)
    t = min(1.0, abs(value) / scale)
    zero = np.array(heat.zero, dtype=float)
    end = np.array(heat.positive if value > 0 else heat.negative, dtype=float)
    rgb = zero + (end - zero) * (TINT + (1 - TINT) * t)
    return QColor(*(int(round(c)) for c in rgb))


# Every cell paints its own background (the colour scale), so its text is chosen against that
# background: black or white, whichever reads better on it (one of them always has a contrast
# of at least 4.58, WCAG AA). Headers follow the palette.
LIGHT_INK = QColor("white")
INK = QColor("black")


def ink_on(background: QColor) -> QColor:
    return max((INK, LIGHT_INK), key=lambda ink: tones.contrast(ink, background))


ALIGN = int(Qt.AlignRight | Qt.AlignVCenter)
# Roles as plain ints: a view asks data() and headerData() thousands of times per paint, and
# comparing with Qt's enum members costs microseconds each.
DISPLAY, TOOLTIP, BACKGROUND, FOREGROUND, ALIGNMENT = (
    int(r) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.BackgroundRole, Qt.ForegroundRole, Qt.TextAlignmentRole)
)
# The widest text fmt_number writes for an ordinary number (4 significant digits): the columns of
# a matrix too large to read whole are sized for it, without looking at the entries.
TYPICAL_NUMBER = "−0.0001234"
MAX_DISTINCT = 400  # sampled values whose texts are measured for the column width


class _Block:
    """One block of entries fetched together: their texts are written at once, colours on first use."""

    __slots__ = ("values", "texts", "colors")

    def __init__(self, values: np.ndarray):
        self.values = values
        self.texts = [[number_text.fmt_number(float(v)) for v in row] for row in values]
        self.colors: dict[tuple[int, int], tuple[QColor, QColor]] = {}  # (background, ink)


class MatrixModel(QAbstractTableModel):
    """Any presented matrix (cv.Presented, or cv.PresentedEntries computed on demand), shown by blocks.

    A view asks only for the cells it paints; they are fetched a block at a time
    (one window of the matrix) and the last MAX_BLOCKS blocks are kept, so a 25,000 × 100,000
    Jacobian costs what is on screen. The colour scale comes from a sample of the entries.
    """

    # (rows, columns) of a block: few along the axis whose every line costs a VJP (a row of the
    # numerator layout, a column of the denominator's), many along the free one
    BLOCKS = {"rows": (6, 64), "columns": (64, 6), "": (32, 32)}
    MAX_BLOCKS = 48

    def __init__(self, presented: cv.Windowed | None = None, parent=None):
        super().__init__(parent)
        self.presented = presented
        self.scale = 0.0
        self.heat = LIGHT_SCALE
        self._shape = (0, 0)
        self._blocks: OrderedDict[tuple[int, int], _Block] = OrderedDict()
        self.set_presented(presented)

    def set_presented(self, presented: cv.Windowed | None) -> None:
        self.beginResetModel()
        self.presented = presented
        self._shape = tuple(presented.shape) if presented is not None else (0, 0)
        self._blocks.clear()
        self.block_rows, self.block_cols = self.BLOCKS[presented.computed_by if presented is not None else ""]
        self.scale = 0.0
        self._sample = np.zeros(0)
        if presented is not None and self._shape[0] * self._shape[1]:
            self._sample = np.asarray(presented.sample(), dtype=float).ravel()
            finite = np.abs(self._sample[np.isfinite(self._sample)])
            self.scale = float(finite.max(initial=0.0))
        self.endResetModel()

    def set_heat_scale(self, heat: HeatScale) -> None:
        """Colours for another palette: the cells are painted again with them."""
        if heat == self.heat:
            return
        self.heat = heat
        for block in self._blocks.values():
            block.colors.clear()
        if self._shape[0] and self._shape[1]:
            last = self.index(self._shape[0] - 1, self._shape[1] - 1)
            self.dataChanged.emit(self.index(0, 0), last, [BACKGROUND, FOREGROUND])

    def _colors(self, row: int, col: int) -> tuple[QColor, QColor]:
        block, r, c = self._block(row, col)
        colors = block.colors.get((r, c))
        if colors is None:
            background = diverging_color(float(block.values[r, c]), self.scale, self.heat)
            colors = block.colors[(r, c)] = (background, ink_on(background))
        return colors

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._shape[0]

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._shape[1]

    def _block(self, row: int, col: int) -> tuple[_Block, int, int]:
        key = (row // self.block_rows, col // self.block_cols)
        block = self._blocks.get(key)
        if block is None:
            r0, c0 = key[0] * self.block_rows, key[1] * self.block_cols
            rows = slice(r0, min(r0 + self.block_rows, self._shape[0]))
            cols = slice(c0, min(c0 + self.block_cols, self._shape[1]))
            block = self._blocks[key] = _Block(np.asarray(self.presented.window(rows, cols), dtype=float))
            if len(self._blocks) > self.MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(key)
        return block, row % self.block_rows, col % self.block_cols

    def value(self, row: int, col: int) -> float:
        block, r, c = self._block(row, col)
        return float(block.values[r, c])

    def text(self, row: int, col: int) -> str:
        block, r, c = self._block(row, col)
        return block.texts[r][c]

    def data(self, index, role=DISPLAY):
        role = int(role)
        if self.presented is None or not index.isValid():
            return None
        if role == DISPLAY:
            return self.text(index.row(), index.column())
        if role == BACKGROUND:
            return self._colors(index.row(), index.column())[0]
        if role == FOREGROUND:
            return self._colors(index.row(), index.column())[1]
        if role == ALIGNMENT:
            return ALIGN
        if role == TOOLTIP:
            p, r, c = self.presented, index.row(), index.column()
            return f"row {p.row_labels[r]}, column {p.col_labels[c]}: {self.value(r, c)!r}"
        return None

    def headerData(self, section, orientation, role=DISPLAY):
        role = int(role)
        if self.presented is None or (role != DISPLAY and role != TOOLTIP):
            return None
        horizontal = orientation == Qt.Horizontal
        labels = self.presented.col_labels if horizontal else self.presented.row_labels
        if not 0 <= section < len(labels):
            return None
        if role == DISPLAY:
            return labels[section]
        return self.presented.col_tip(section) if horizontal else self.presented.row_tip(section)

    def widest_texts(self) -> tuple[str, str]:
        """(a number text, a column label) as wide as the widest the table shows, found without
        formatting every entry: the longest text of the sampled values (every value of a small
        matrix) when they are few distinct ones, never less than TYPICAL_NUMBER for a matrix
        larger than its sample; the longest of a few column labels (the last carry the largest indices)."""
        rows, cols = self._shape
        whole = self._sample.size == rows * cols
        distinct = np.unique(self._sample if whole else self._sample[:: max(1, self._sample.size // 4000)])
        texts = [number_text.fmt_number(float(v)) for v in distinct] if distinct.size <= MAX_DISTINCT else []
        if not whole or not texts:
            texts.append(TYPICAL_NUMBER)
        labels = self.presented.col_labels
        picks = [*range(min(cols, 8)), *range(max(cols - 8, 8), cols)]
        return max(texts, key=len), max((labels[j] for j in picks), key=len, default="")


class _Header(QHeaderView):
    """A header whose size hint looks at a few sections (the first and last ones), not at
    QHeaderView's 200: a table's layout asks for it often, and each section costs several
    headerData calls."""

    SAMPLED = 3

    def __init__(self, orientation, parent=None):
        super().__init__(orientation, parent)
        self._hint: QSize | None = None
        self.setSectionResizeMode(QHeaderView.Fixed)

    def reset_hint(self) -> None:
        self._hint = None
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        if self._hint is None:
            count = self.count()
            picks = {*range(min(count, self.SAMPLED)), *range(max(count - self.SAMPLED, 0), count)}
            sizes = [self.sectionSizeFromContents(i) for i in sorted(picks)]
            self._hint = QSize(max((s.width() for s in sizes), default=0), max((s.height() for s in sizes), default=0))
        return QSize(self._hint)


class JacobianTable(QTableView):
    """A compact table as tall as its rows (up to a maximum height), every column as wide as the
    widest text it can hold: two font measures per matrix, whatever its size (measuring every
    cell took most of a second for a few 900 × 900 matrices)."""

    MAX_HEIGHT = 260

    def __init__(self, presented: cv.Windowed | None = None, parent=None):
        super().__init__(parent)
        # the font first: the headers measure their labels (and keep the measure) with it
        font = QFont()  # the UI font: its digits are tabular too, and narrower than a monospace font's
        font.setPointSizeF(max(font.pointSizeF() - 0.5, 7))
        self.setFont(font)
        self._metrics = QFontMetrics(font)
        self.setHorizontalHeader(_Header(Qt.Horizontal, self))
        self.setVerticalHeader(_Header(Qt.Vertical, self))
        self.matrix_model = MatrixModel(presented, self)
        self.matrix_model.set_heat_scale(heat_scale(self.palette()))
        self.setModel(self.matrix_model)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.NoSelection)
        self.setFocusPolicy(Qt.NoFocus)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.verticalHeader().setDefaultSectionSize(self._metrics.height() + 6)
        self.horizontalHeader().setMinimumSectionSize(30)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self._measure()
        self._fit()

    def set_presented(self, presented: cv.Windowed | None) -> None:
        self.matrix_model.set_presented(presented)
        self._measure()
        self.horizontalHeader().reset_hint()
        self.verticalHeader().reset_hint()
        self.updateGeometries()  # the row header's width follows the new labels now
        self.horizontalScrollBar().setValue(0)  # a new matrix starts at its first entry
        self.verticalScrollBar().setValue(0)
        self._fit()

    def shape(self) -> tuple[int, int]:
        return self.matrix_model.rowCount(), self.matrix_model.columnCount()

    def _measure(self) -> None:
        if not self.matrix_model.columnCount():
            return
        number, label = self.matrix_model.widest_texts()
        header = QFontMetrics(self.horizontalHeader().font())
        width = max(self._metrics.horizontalAdvance(number), header.horizontalAdvance(label)) + 12
        self.horizontalHeader().setDefaultSectionSize(max(width, 30))

    def _content_width(self) -> int:
        header = self.verticalHeader().sizeHint().width() if self.verticalHeader().isVisible() else 0
        return header + self.horizontalHeader().length() + 2 * self.frameWidth()

    def _fit(self) -> None:
        """Exactly as tall as its rows (plus a scroll bar when the columns do not fit), up to MAX_HEIGHT."""
        rows = self.matrix_model.rowCount()
        row_h = self.verticalHeader().defaultSectionSize()
        header = self.horizontalHeader().sizeHint().height()
        height = header + rows * row_h + 2 * self.frameWidth()
        if self._content_width() > max(self.width(), 1) and self.isVisible():
            height += self.horizontalScrollBar().sizeHint().height()
        height = min(height, self.MAX_HEIGHT)
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(self._content_width() + 2, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self._content_width(), 120), self.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.matrix_model.set_heat_scale(heat_scale(self.palette()))  # (the palette of its dock by now)
        self._fit()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark while the program runs
            self.matrix_model.set_heat_scale(heat_scale(self.palette()))
        super().changeEvent(event)
