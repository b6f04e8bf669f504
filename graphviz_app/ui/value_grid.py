"""A table of numbers that checks every cell as it is typed (used by the value editor).

Ctrl+C copies the selected cells as tab-separated rows; Ctrl+V pastes such rows (or
`[[1, 2], [3, 4]]`, `1 2; 3 4`: core.table_text reads them) from the current cell.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTableWidgetSelectionRange,
    QWidget,
)

from ..core.errors import ValueParseError
from ..core.table_text import parse_block, parse_cell
from ..core.values import format_number

BAD_CELL = QColor("#fde2e1")
BAD_TEXT = QColor("#b42318")
MAX_SIZE = 64  # rows or columns; a bigger value is better pasted as text or loaded from a file
COLUMN_WIDTH = 78  # a column's width until a number needs more
MAX_COLUMN_WIDTH = 260  # a longer text ends in … and its cell's tooltip shows it whole
CELL_PADDING = 14  # (the cell's margins around its text)


def shown_text(text: str) -> str:
    """A cell's text as drawn: with the minus sign the cards use (−0.1, 1e−300); typing and
    copying keep the text as typed (both signs are read)."""
    return text.replace("-", "−")


class _CellDelegate(QStyledItemDelegate):
    def displayText(self, value, locale) -> str:
        return shown_text(str(value))


class ValueGrid(QTableWidget):
    """rows × columns of numbers; `validity_changed(ok, message)` after every edit."""

    validity_changed = Signal(bool, str)
    edited = Signal()  # the user typed into a cell or pasted
    paste_failed = Signal(str)
    grown = Signal(int, int)  # a paste made the grid this big: the owner's size controls follow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(1, 1, parent)
        self._bad: dict[tuple[int, int], str] = {}
        self.max_size = MAX_SIZE  # a paste grows the grid up to this (or its present size)
        self.column_value = True  # a scalar or vector: a pasted row goes down the column
        self.setEditTriggers(
            QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed | QAbstractItemView.AnyKeyPressed
        )
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.horizontalHeader().setDefaultSectionSize(COLUMN_WIDTH)
        self.horizontalHeader().setMinimumSectionSize(48)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.setAlternatingRowColors(True)
        self.setCornerButtonEnabled(False)
        font = QFont(self.font())
        font.setStyleHint(QFont.Monospace)
        font.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
        self.setFont(font)
        self.setItemDelegate(_CellDelegate(self))
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

    def take_keyboard(self) -> None:
        """The first cell current, selected and focused: typing replaces it at once (the edit
        triggers open its editor on the first key), Enter commits it."""
        if self.rowCount() and self.columnCount():
            self.setCurrentCell(0, 0)
            self.clearSelection()
            self.setRangeSelected(QTableWidgetSelectionRange(0, 0, 0, 0), True)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def commit_editing(self) -> None:
        """A cell being typed into keeps what was typed (OK clicked before Enter)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        for editor in self.viewport().findChildren(QWidget):
            if editor.isVisible() and editor.parentWidget() is self.viewport():
                self.commitData(editor)
                self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                return

    # ------------------------------------------------------------ numbers
    def set_matrix(self, matrix: np.ndarray) -> None:
        """Show a 2-D array (the grid takes its size)."""
        matrix = np.atleast_2d(np.asarray(matrix, dtype=float))
        self._show([[format_number(float(x)) for x in row] for row in matrix], matrix.shape[1], checked=False)

    def cell_texts(self) -> list[list[str]]:
        """Every cell's text as typed, row by row (a bad cell too)."""
        return [[self._text(r, c) for c in range(self.columnCount())] for r in range(self.rowCount())]

    def set_texts(self, rows: list[list[str]]) -> None:
        """Show cells as texts, kept as typed (a bad one is marked as when typed); the grid takes their size."""
        self._show(rows, len(rows[0]), checked=True)

    def _show(self, rows: list[list[str]], columns: int, checked: bool) -> None:
        """The cells' texts, row by row, in `columns` columns (the grid takes their size); checked:
        each is read, and a bad one marked (set_matrix's numbers are written as they read)."""
        self.blockSignals(True)
        self.setRowCount(len(rows))
        self.setColumnCount(columns)
        self._bad.clear()
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.setItem(r, c, self._new_item(text))
                if checked:
                    try:
                        parse_cell(text)
                    except ValueError as exc:
                        self._bad[(r, c)] = str(exc)
        self.blockSignals(False)
        for c in range(self.columnCount()):
            self.setColumnWidth(c, COLUMN_WIDTH)
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

    # ------------------------------------------------------- copy, paste
    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_text(QGuiApplication.clipboard().text())
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        else:
            super().keyPressEvent(event)

    def copy_selection(self) -> None:
        """The selected cells (else the current one) as tab-separated rows, as spreadsheets copy."""
        cells = {(i.row(), i.column()) for i in self.selectedIndexes()} or {(self.currentRow(), self.currentColumn())}
        cells = {(r, c) for r, c in cells if r >= 0 and c >= 0}
        if not cells:
            return
        rows = range(min(r for r, _ in cells), max(r for r, _ in cells) + 1)
        cols = range(min(c for _, c in cells), max(c for _, c in cells) + 1)
        text = "\n".join("\t".join(self._text(r, c) if (r, c) in cells else "" for c in cols) for r in rows)
        QGuiApplication.clipboard().setText(text)

    def paste_text(self, text: str) -> bool:
        """Fill from the current cell; False (and `paste_failed`) if the text is not numbers.

        The grid grows to hold the whole block and never shrinks, as a spreadsheet does:
        pasted numbers are never dropped, and cells outside the block keep theirs. One
        number fills every selected cell.
        """
        rows_max, cols_max = max(self.max_size, self.rowCount()), max(self.max_size, self.columnCount())
        try:
            block = parse_block(text, max(rows_max, cols_max))
        except ValueParseError as exc:
            self.paste_failed.emit(exc.message)
            return False
        row, col = max(0, self.currentRow()), max(0, self.currentColumn())
        if self.column_value and col == 0 and block.shape[0] == 1:
            block = block.T  # "1, 2, 3" into a vector is the vector, as the Text field reads it
        if block.size == 1 and len(self.selectedIndexes()) > 1:
            self._set_cells({(i.row(), i.column()): float(block[0, 0]) for i in self.selectedIndexes()})
            return True
        need_rows, need_cols = row + block.shape[0], col + block.shape[1]
        if need_rows > rows_max or need_cols > cols_max:
            self.paste_failed.emit(
                f"the {block.shape[0]}×{block.shape[1]} block from row {row + 1}, column {col + 1} "
                f"needs {need_rows}×{need_cols} cells; at most {rows_max}×{cols_max} here"
            )
            return False
        if need_rows > self.rowCount() or need_cols > self.columnCount():
            self.resize_keep(max(need_rows, self.rowCount()), max(need_cols, self.columnCount()))
            self.grown.emit(self.rowCount(), self.columnCount())
        self._set_cells({(row + r, col + c): float(x) for (r, c), x in np.ndenumerate(block)})
        self.setCurrentCell(row, col)  # the pasted block ends up selected, ready to copy again
        self.clearSelection()
        self.setRangeSelected(QTableWidgetSelectionRange(row, col, need_rows - 1, need_cols - 1), True)
        return True

    def _set_cells(self, numbers: dict[tuple[int, int], float]) -> None:
        self.blockSignals(True)
        for (r, c), x in numbers.items():
            self.setItem(r, c, self._new_item(format_number(x)))
            self._bad.pop((r, c), None)
        self.blockSignals(False)
        for r, c in numbers:
            self._paint(r, c)
        self._report()
        self.edited.emit()

    def _text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item else ""

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
        self.edited.emit()

    def _paint(self, row: int, col: int) -> None:
        item = self.item(row, col)
        if item is None:
            return
        self.blockSignals(True)
        bad = (row, col) in self._bad
        item.setBackground(QBrush(BAD_CELL) if bad else QBrush())
        item.setForeground(QBrush(BAD_TEXT) if bad else QBrush())
        shown = shown_text(item.text().strip())
        needed = self.fontMetrics().horizontalAdvance(shown) + CELL_PADDING
        if needed > self.columnWidth(col):  # a long number widens its column (never narrows it)
            self.setColumnWidth(col, min(needed, MAX_COLUMN_WIDTH))
        cut = needed > self.columnWidth(col)
        item.setToolTip(self._bad.get((row, col), shown if cut else ""))
        self.blockSignals(False)

    def _paint_all(self) -> None:
        for r in range(self.rowCount()):
            for c in range(self.columnCount()):
                self._paint(r, c)

    def _report(self) -> None:
        self.validity_changed.emit(self.is_valid, self.message())
