"""Gradient check: each variable's analytic gradient against central finite differences."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from ...core import conventions as cv
from ...core.engine import GradCheck


class GradCheckDialog(QDialog):
    COLUMNS = ("variable", "analytic (backward)", "numeric (finite differences)", "max relative error", "")

    def __init__(self, result: GradCheck, output_label: str, parent=None):
        super().__init__(parent)
        self.result = result
        self.setWindowTitle("Gradient check")
        layout = QVBoxLayout(self)
        verdict = "passed ✓" if result.passed else "failed ✗"
        self.summary_label = QLabel(
            f"∂{cv.display_name(output_label)}/∂variable from the backward pass compared with central differences: "
            f"{verdict}\nlargest relative error {result.max_rel_error:.2e} (tolerance {result.tolerance:.0e})"
        )
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.table = QTableWidget(len(result.entries), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        for row, entry in enumerate(result.entries):
            ok = entry.rel_error <= result.tolerance
            cells = (cv.display_name(entry.label), cv.short(entry.analytic, 5), cv.short(entry.numeric, 5),
                     f"{entry.rel_error:.2e}", "✓ pass" if ok else "✗ fail")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 4:
                    item.setForeground(Qt.darkGreen if ok else Qt.red)
                self.table.setItem(row, col, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        if not result.entries:
            layout.addWidget(QLabel("The graph has no variables to check."))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(720, 140 + 30 * max(len(result.entries), 1))

    def row_texts(self, row: int) -> list[str]:
        return [self.table.item(row, c).text() for c in range(self.table.columnCount())]
