"""A matrix shown as a table: labelled rows and columns, a blue-white-red colour scale centred at 0."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont
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


class MatrixModel(QAbstractTableModel):
    def __init__(self, presented: cv.Presented | None = None, parent=None):
        super().__init__(parent)
        self.presented = presented
        self.scale = 0.0
        self.set_presented(presented)

    def set_presented(self, presented: cv.Presented | None) -> None:
        self.beginResetModel()
        self.presented = presented
        m = presented.matrix if presented is not None else np.zeros((0, 0))
        finite = m[np.isfinite(m)]
        self.scale = float(np.abs(finite).max(initial=0.0))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if self.presented is None or parent.isValid() else self.presented.matrix.shape[0]

    def columnCount(self, parent=QModelIndex()):
        return 0 if self.presented is None or parent.isValid() else self.presented.matrix.shape[1]

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or self.presented is None:
            return None
        value = float(self.presented.matrix[index.row(), index.column()])
        if role == Qt.DisplayRole:
            return cv.fmt_number(value)
        if role == Qt.BackgroundRole:
            return diverging_color(value, self.scale)
        if role == Qt.ForegroundRole:
            return QColor("white") if self.scale and abs(value) > 0.6 * self.scale else QColor("#202020")
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ToolTipRole:
            p = self.presented
            return f"row {p.row_labels[index.row()]}, column {p.col_labels[index.column()]}: {value!r}"
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole or self.presented is None:
            return None
        labels = self.presented.col_labels if orientation == Qt.Horizontal else self.presented.row_labels
        return labels[section] if section < len(labels) else None

    def text(self, row: int, col: int) -> str:
        return self.data(self.index(row, col), Qt.DisplayRole)


class JacobianTable(QTableView):
    """A compact table that grows with its content up to a maximum height."""

    MAX_HEIGHT = 260

    def __init__(self, presented: cv.Presented | None = None, parent=None):
        super().__init__(parent)
        self.matrix_model = MatrixModel(presented, self)
        self.setModel(self.matrix_model)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.NoSelection)
        self.setFocusPolicy(Qt.NoFocus)
        font = QFont("monospace")
        font.setStyleHint(QFont.Monospace)
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        self.setFont(font)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.horizontalHeader().setMinimumSectionSize(38)
        self._fit()

    def set_presented(self, presented: cv.Presented | None) -> None:
        self.matrix_model.set_presented(presented)
        self._fit()

    def shape(self) -> tuple[int, int]:
        return self.matrix_model.rowCount(), self.matrix_model.columnCount()

    def _content_width(self) -> int:
        header = self.verticalHeader().sizeHint().width() if self.verticalHeader().isVisible() else 0
        return header + self.horizontalHeader().length() + 2 * self.frameWidth()

    def _fit(self) -> None:
        """Exactly as tall as its rows (plus a scroll bar when the columns do not fit), up to MAX_HEIGHT."""
        self.setSizeAdjustPolicy(QAbstractItemView.AdjustToContents)
        rows = self.matrix_model.rowCount()
        row_h = self.verticalHeader().defaultSectionSize()
        header = self.horizontalHeader().sizeHint().height()
        height = header + rows * row_h + 2 * self.frameWidth()
        if self._content_width() > max(self.width(), 1) and self.isVisible():
            height += self.horizontalScrollBar().sizeHint().height()
        height = min(height, self.MAX_HEIGHT)
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self._content_width(), 120), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit()
