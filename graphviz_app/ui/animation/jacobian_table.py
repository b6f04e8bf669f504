"""A matrix shown as a table: labelled rows and columns, a blue-white-red colour scale centred at 0."""

from __future__ import annotations

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
MAX_CACHED = 20000  # cells whose text and colours are prepared at once; larger matrices on demand


class MatrixModel(QAbstractTableModel):
    """Texts and colours are prepared once per matrix: views ask for them many times per paint."""

    def __init__(self, presented: cv.Presented | None = None, parent=None):
        super().__init__(parent)
        self.presented = presented
        self.scale = 0.0
        self._texts: list[list[str]] | None = None
        self._colors: dict[tuple[int, int], QColor] = {}
        self.set_presented(presented)

    def set_presented(self, presented: cv.Presented | None) -> None:
        self.beginResetModel()
        self.presented = presented
        m = presented.matrix if presented is not None else np.zeros((0, 0))
        finite = m[np.isfinite(m)]
        self.scale = float(np.abs(finite).max(initial=0.0))
        self._texts = [[cv.fmt_number(float(v)) for v in row] for row in m] if m.size <= MAX_CACHED else None
        self._colors = {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if self.presented is None or parent.isValid() else self.presented.matrix.shape[0]

    def columnCount(self, parent=QModelIndex()):
        return 0 if self.presented is None or parent.isValid() else self.presented.matrix.shape[1]

    def cell_text(self, row: int, col: int) -> str:
        if self._texts is not None:
            return self._texts[row][col]
        return cv.fmt_number(float(self.presented.matrix[row, col]))

    def data(self, index, role=Qt.DisplayRole):
        if self.presented is None or not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.DisplayRole:
            return self.cell_text(r, c)
        if role == Qt.BackgroundRole:
            color = self._colors.get((r, c))
            if color is None:
                color = self._colors[(r, c)] = diverging_color(float(self.presented.matrix[r, c]), self.scale)
            return color
        if role == Qt.ForegroundRole:
            value = float(self.presented.matrix[r, c])
            return WHITE if self.scale and abs(value) > 0.6 * self.scale else INK
        if role == Qt.TextAlignmentRole:
            return ALIGN
        if role == Qt.ToolTipRole:
            p = self.presented
            return f"row {p.row_labels[r]}, column {p.col_labels[c]}: {float(p.matrix[r, c])!r}"
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.ToolTipRole and self.presented is not None:  # which entry: ∂matmul/∂W₁₂
            return self.presented.header_tip(orientation == Qt.Horizontal, section) or None
        if role != Qt.DisplayRole or self.presented is None:
            return None
        labels = self.presented.col_labels if orientation == Qt.Horizontal else self.presented.row_labels
        return labels[section] if section < len(labels) else None

    def text(self, row: int, col: int) -> str:
        return self.cell_text(row, col)


class JacobianTable(QTableView):
    """A compact table as tall as its rows (up to a maximum height), columns sized to their texts.

    Column widths are measured once per matrix from the texts: the header's
    ResizeToContents mode would ask the model for every cell on every layout.
    """

    MAX_HEIGHT = 260
    MAX_MEASURED = 400  # columns measured exactly; the rest get the widest measured width

    def __init__(self, presented: cv.Presented | None = None, parent=None):
        super().__init__(parent)
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

    def set_presented(self, presented: cv.Presented | None) -> None:
        self.matrix_model.set_presented(presented)
        self._measure()
        self._fit()

    def shape(self) -> tuple[int, int]:
        return self.matrix_model.rowCount(), self.matrix_model.columnCount()

    def _measure(self) -> None:
        model, header = self.matrix_model, self.horizontalHeader()
        rows, cols = model.rowCount(), model.columnCount()
        if not cols:
            return
        adv = self._metrics.horizontalAdvance
        labels = model.presented.col_labels
        widest = 30
        for c in range(min(cols, self.MAX_MEASURED)):
            texts = [model.cell_text(r, c) for r in range(min(rows, 200))]
            width = max([adv(t) for t in texts] + [adv(labels[c]) if c < len(labels) else 0]) + 10
            widest = max(widest, width)
            header.resizeSection(c, width)
        if cols > self.MAX_MEASURED:
            header.setDefaultSectionSize(widest)
            for c in range(self.MAX_MEASURED, cols):
                header.resizeSection(c, widest)

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
