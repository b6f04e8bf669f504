"""Gradient check: each variable's analytic gradient against central finite differences."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from ...core import conventions as cv
from ...core.engine import GradCheck


class GradCheckDialog(QDialog):
    # the verdict first: long gradients must not push the pass/fail mark out of sight
    COLUMNS = ("variable", "check", "max relative error", "analytic (backward)", "numeric (finite differences)")
    MARK_COLUMN = 1

    def __init__(self, result: GradCheck, output_label: str, parent=None):
        super().__init__(parent)
        self.result = result
        self.setWindowTitle("Gradient check")
        layout = QVBoxLayout(self)
        self.verdict_label = QLabel("✓ Gradient check passed" if result.passed else "✗ Gradient check failed")
        self.verdict_label.setObjectName("gradcheckVerdict")
        colour = "#1b7a2f" if result.passed else "#b00020"
        self.verdict_label.setStyleSheet(f"QLabel {{ color: {colour}; font-size: 14pt; font-weight: 700; }}")
        layout.addWidget(self.verdict_label)
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
            cells = (cv.display_name(entry.label), "✓ pass" if ok else "✗ fail", f"{entry.rel_error:.2e}",
                     cv.short(entry.analytic, 3), cv.short(entry.numeric, 3))
            tips = (cells[0], cells[1], cells[2], cv.short(entry.analytic, 12), cv.short(entry.numeric, 12))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tips[col])
                if col == self.MARK_COLUMN:
                    item.setForeground(Qt.darkGreen if ok else Qt.red)
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table)
        if not result.entries:
            layout.addWidget(QLabel("The graph has no variables to check."))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(760, 170 + 30 * max(len(result.entries), 1))

    def row_texts(self, row: int) -> list[str]:
        return [self.table.item(row, c).text() for c in range(self.table.columnCount())]

    def mark(self, row: int) -> str:
        return self.table.item(row, self.MARK_COLUMN).text()
