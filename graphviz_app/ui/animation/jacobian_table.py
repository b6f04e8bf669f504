"""A matrix shown as a table: labelled rows and columns, a blue-white-red colour scale centred at 0.

Only the cells in view are computed (by blocks), so a Jacobian of any size scrolls smoothly.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...core import conventions as cv

NEGATIVE = np.array([33, 102, 172])  # blue
ZERO = np.array([247, 247, 247])  # white
POSITIVE = np.array([178, 24, 43])  # red


def diverging_color(value: float, scale: float) -> QColor:
    """Blue for negative, white at 0, red for positive; |value| = scale is the full colour."""
    if scale <= 0 or not np.isfinite(value):
        return QColor(*ZERO)
    t = max(-1.0, min(1.0, value / scale))
    end = POSITIVE if t > 0 else NEGATIVE
    rgb = ZERO + (end - ZERO) * abs(t)
    return QColor(*(int(round(c)) for c in rgb))


# Every cell paints its own background (the colour scale, white at 0) in light and dark palettes
# alike, so its text is chosen against that background, not the palette: dark ink on the light
# cells, white on the saturated ones. Headers and the area around the cells follow the palette.
WHITE = QColor("white")
INK = QColor("#202020")
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
        self.texts = [[cv.fmt_number(float(v)) for v in row] for row in values]
        self.colors: dict[tuple[int, int], QColor] = {}


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
        self._shape = (0, 0)
        self._blocks: OrderedDict[tuple[int, int], _Block] = OrderedDict()
        self.set_presented(presented)

    def set_presented(self, presented: cv.Windowed | None) -> None:
        self.beginResetModel()
        self.presented = presented
        self._shape = tuple(presented.shape) if presented is not None else (0, 0)
        self._blocks.clear()
        self.block_rows, self.block_cols = self.BLOCKS[getattr(presented, "computed_by", "")]
        self.scale = 0.0
        self._sample = np.zeros(0)
        if presented is not None and self._shape[0] * self._shape[1]:
            self._sample = np.asarray(presented.sample(), dtype=float).ravel()
            finite = np.abs(self._sample[np.isfinite(self._sample)])
            self.scale = float(finite.max(initial=0.0))
        self.endResetModel()

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
            block, r, c = self._block(index.row(), index.column())
            color = block.colors.get((r, c))
            if color is None:
                color = block.colors[(r, c)] = diverging_color(float(block.values[r, c]), self.scale)
            return color
        if role == FOREGROUND:
            value = self.value(index.row(), index.column())
            return WHITE if self.scale and abs(value) > 0.6 * self.scale else INK
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
        texts = [cv.fmt_number(float(v)) for v in distinct] if distinct.size <= MAX_DISTINCT else []
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
        self.setHorizontalHeader(_Header(Qt.Horizontal, self))
        self.setVerticalHeader(_Header(Qt.Vertical, self))
        self.matrix_model = MatrixModel(presented, self)
        self.setModel(self.matrix_model)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.NoSelection)
        self.setFocusPolicy(Qt.NoFocus)
        font = QFont()  # the UI font: its digits are tabular too, and narrower than a monospace font's
        font.setPointSizeF(max(font.pointSizeF() - 0.5, 7))
        self.setFont(font)
        self._metrics = QFontMetrics(font)
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
        self._fit()
