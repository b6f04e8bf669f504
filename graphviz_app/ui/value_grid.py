"""A table of numbers that checks every cell as it is typed (used by the value editor)."""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

BAD_CELL = QColor("#fde2e1")
BAD_TEXT = QColor("#b42318")


def format_number(x: float) -> str:
    """Shortest text that reads back as the same float: 2 not 2.0, 0.1 not 0.1000000001."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def parse_cell(text: str) -> float:
    """One cell's text -> float; ValueError with a message for the user."""
    cleaned = text.strip().replace("−", "-").replace("\u2009", "").replace(" ", "")
    if not cleaned:
        raise ValueError("is empty")
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a number") from None


class ValueGrid(QTableWidget):
    """rows × columns of numbers; `validity_changed(ok, message)` after every edit."""

    validity_changed = Signal(bool, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(1, 1, parent)
        self._bad: dict[tuple[int, int], str] = {}
        self.setEditTriggers(
            QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed | QAbstractItemView.AnyKeyPressed | QAbstractItemView.SelectedClicked
        )
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.horizontalHeader().setDefaultSectionSize(78)
        self.horizontalHeader().setMinimumSectionSize(48)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.setAlternatingRowColors(True)
        self.setCornerButtonEnabled(False)
        font = QFont(self.font())
        font.setStyleHint(QFont.Monospace)
        font.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
        self.setFont(font)
        self.cellChanged.connect(self._check_cell)
        self._fill_empty()

    # -------------------------------------------------------------- shape
    def resize_keep(self, rows: int, cols: int) -> None:
        """New size; entries inside both sizes are kept, new cells are 0."""
        self.blockSignals(True)
        self.setRowCount(rows)
        self.setColumnCount(cols)
        self.blockSignals(False)
        self._bad = {cell: msg for cell, msg in self._bad.items() if cell[0] < rows and cell[1] < cols}
        self._fill_empty()
        self._report()

    def _fill_empty(self) -> None:
        self.blockSignals(True)
        for r in range(self.rowCount()):
            for c in range(self.columnCount()):
                if self.item(r, c) is None:
                    self.setItem(r, c, self._new_item("0"))
        self.blockSignals(False)

    @staticmethod
    def _new_item(text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        return item

    # ------------------------------------------------------------ numbers
    def set_matrix(self, matrix: np.ndarray) -> None:
        """Show a 2-D array (the grid takes its size)."""
        matrix = np.atleast_2d(np.asarray(matrix, dtype=float))
        self.blockSignals(True)
        self.setRowCount(matrix.shape[0])
        self.setColumnCount(matrix.shape[1])
        for (r, c), x in np.ndenumerate(matrix):
            self.setItem(r, c, self._new_item(format_number(float(x))))
        self.blockSignals(False)
        self._bad.clear()
        self._paint_all()
        self._report()

    def matrix(self) -> np.ndarray:
        """The numbers as a rows × columns array; ValueError naming the first bad cell."""
        out = np.zeros((self.rowCount(), self.columnCount()))
        for r in range(self.rowCount()):
            for c in range(self.columnCount()):
                item = self.item(r, c)
                try:
                    out[r, c] = parse_cell(item.text() if item else "")
                except ValueError as exc:
                    raise ValueError(f"row {r + 1}, column {c + 1}: {exc}") from None
        return out

    @property
    def is_valid(self) -> bool:
        return not self._bad

    def message(self) -> str:
        if not self._bad:
            return ""
        (r, c), msg = min(self._bad.items())
        more = len(self._bad) - 1
        tail = f" (and {more} more cell{'s' if more > 1 else ''})" if more else ""
        return f"Row {r + 1}, column {c + 1}: {msg}{tail}"

    # ---------------------------------------------------------- validation
    def _check_cell(self, row: int, col: int) -> None:
        item = self.item(row, col)
        try:
            parse_cell(item.text() if item else "")
            self._bad.pop((row, col), None)
        except ValueError as exc:
            self._bad[(row, col)] = str(exc)
        self._paint(row, col)
        self._report()

    def _paint(self, row: int, col: int) -> None:
        item = self.item(row, col)
        if item is None:
            return
        self.blockSignals(True)
        bad = (row, col) in self._bad
        item.setBackground(QBrush(BAD_CELL) if bad else QBrush())
        item.setForeground(QBrush(BAD_TEXT) if bad else QBrush())
        item.setToolTip(self._bad.get((row, col), ""))
        self.blockSignals(False)

    def _paint_all(self) -> None:
        for r in range(self.rowCount()):
            for c in range(self.columnCount()):
                self._paint(r, c)

    def _report(self) -> None:
        self.validity_changed.emit(self.is_valid, self.message())
