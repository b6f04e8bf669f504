"""Gradient check: each variable's analytic gradient against central finite differences."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core import number_text
from ...core.gradient_check import GradCheck
from .. import tones


class GradCheckDialog(QDialog):
    # the verdict first: long gradients must not push the pass/fail mark out of sight
    COLUMNS = ("variable", "check", "max relative error", "analytic (backward)", "numeric (finite differences)")
    MARK_COLUMN = 1

    def __init__(self, result: GradCheck, output_label: str, parent=None, names: dict[str, str] | None = None):
        """`output_label` and `names` (node id -> its card's name) name nodes as the cards do."""
        super().__init__(parent)
        names = names or {}
        self.result = result
        self.setWindowTitle("Gradient check")
        layout = QVBoxLayout(self)
        # green / red from the palette, again at a light / dark switch (no style sheet: it would
        # keep the palette of the moment it was polished)
        self.verdict_label = tones.ToneLabel(
            "✓ Gradient check passed" if result.passed else "✗ Gradient check failed",
            tones.ok if result.passed else tones.error,
        )
        self.verdict_label.setObjectName("gradcheckVerdict")
        font = QFont()
        font.setPointSizeF(14)
        font.setWeight(QFont.Weight.Bold)
        self.verdict_label.setFont(font)
        layout.addWidget(self.verdict_label)
        verdict = "passed ✓" if result.passed else "failed ✗"
        out = output_label
        variables = [names.get(e.node, e.label) for e in result.entries]
        symbols = [f"∂{out}/∂{v}" for v in variables]
        shown = ", ".join(symbols[:4]) + (f" and {len(symbols) - 4} more" if len(symbols) > 4 else "")
        self.summary_label = QLabel(
            f"{shown or f'∂{out}'} from the backward pass compared with central differences: {verdict}.\n"
            f"The largest relative error is {result.max_rel_error:.2e} (tolerance {result.tolerance:.0e})."
        )
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.table = QTableWidget(len(result.entries), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self._marks: list[tuple[QTableWidgetItem, bool]] = []
        for row, entry in enumerate(result.entries):
            ok = entry.rel_error <= result.tolerance
            sampled = (
                f" ({entry.checked} of {entry.total} entries, chosen at random)" if entry.checked < entry.total else ""
            )
            cells = (
                variables[row] + sampled,
                "✓ pass" if ok else "✗ fail",
                f"{entry.rel_error:.2e}",
                number_text.short(entry.analytic, 3),
                number_text.short(entry.numeric, 3),
            )
            tips = (
                symbols[row],
                cells[1],
                cells[2],
                number_text.short(entry.analytic, 12),
                number_text.short(entry.numeric, 12),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tips[col])
                if col == self.MARK_COLUMN:
                    self._marks.append((item, ok))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        self._colour_marks()
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

    def _colour_marks(self) -> None:
        """The pass / fail marks sit on the table's base colour: green and red readable on it.
        The dialog's palette, not the table's: the dialog hears of a change before its children."""
        palette, base = self.palette(), tones.Role.Base
        for item, ok in self._marks:
            colour = tones.ok(palette, base) if ok else tones.error(palette, base)
            if item.foreground().color() != colour:
                item.setForeground(QBrush(colour))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_marks"):
            self._colour_marks()
        super().changeEvent(event)

    def row_texts(self, row: int) -> list[str]:
        return [self.table.item(row, c).text() for c in range(self.table.columnCount())]

    def mark(self, row: int) -> str:
        return self.table.item(row, self.MARK_COLUMN).text()
