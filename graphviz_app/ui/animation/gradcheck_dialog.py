"""Gradient check: each variable's analytic gradient against central finite differences."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core import number_text
from ...core.gradient_check import GradCheck, GradCheckEntry, Verdict, gradcheck
from ...core.graph import Graph
from ...core.shape_text import jacobian_text, shape_text
from .. import tones

TIP_ENTRIES = 400  # a tooltip shows a gradient whole up to this many entries; Copy Values copies any
VALUE_LEAST = 140  # a value column cut to fit a small screen keeps this many pixels (then the table scrolls)


# each verdict's heading and its colour (a tones function: read again at a light / dark switch)
_HEADINGS = {
    Verdict.NOT_POSSIBLE: ("⚠ Gradient check not possible", tones.error),
    Verdict.CANCELLED: ("– Gradient check cancelled", tones.muted),
    Verdict.INCONCLUSIVE: ("– Gradient check inconclusive", tones.muted),
    Verdict.PASSED: ("✓ Gradient check passed", tones.ok),
    Verdict.FAILED: ("✗ Gradient check failed", tones.error),
}
# the verdict in the summary's sentence (the mark never alone on a line)
_SAID = {
    Verdict.CANCELLED: "cancelled, no error so far",
    Verdict.INCONCLUSIVE: "inconclusive",
    Verdict.PASSED: "passed\u00a0✓",
    Verdict.FAILED: "failed\u00a0✗",
}


class GradCheckDialog(QDialog):
    # the verdict first: long gradients must not push the pass/fail mark out of sight
    COLUMNS = (
        "variable",
        "shape",
        "check",
        "relative error",
        "analytic (backward)",
        "numeric (finite differences)",
    )
    MARK_COLUMN = 2
    ERROR_TIP = (
        "|analytic − numeric| ÷ the largest of |analytic|, |numeric| and the resolution, at the worst entry. "
        "The resolution is the smallest gradient central differences can check to the tolerance here "
        "(their estimated error ÷ the tolerance): an entry below it is too small to check"
    )

    def __init__(
        self,
        result: GradCheck,
        output_label: str,
        parent=None,
        names: dict[str, str] | None = None,
        undefined: list[str] | None = None,
    ):
        """`output_label` and `names` (node id -> its card's name) name nodes as the cards do;
        `undefined`: where a value became nan or inf, and why (as F6 says it), if anywhere."""
        super().__init__(parent)
        names = names or {}
        self.result = result
        self.output_label = output_label
        self.setWindowTitle("Gradient Check")
        layout = QVBoxLayout(self)
        verdict = result.verdict
        # green / red from the palette, again at a light / dark switch (no style sheet: it would
        # keep the palette of the moment it was polished)
        heading, tone = _HEADINGS[verdict]
        self.verdict_label = tones.ToneLabel(heading, tone)
        self.verdict_label.setObjectName("gradcheckVerdict")
        font = QFont()
        font.setPointSizeF(14)
        font.setWeight(QFont.Weight.Bold)
        self.verdict_label.setFont(font)
        layout.addWidget(self.verdict_label)
        out = output_label
        variables = [names.get(e.node, e.label) for e in result.entries]
        symbols = [f"∂{out}/∂{v}" for v in variables]
        shown = ", ".join(symbols[:4]) + (f" and {len(symbols) - 4} more" if len(symbols) > 4 else "")
        if verdict is Verdict.NOT_POSSIBLE:
            summary = _unchecked_text(shown or f"∂{out}", undefined or [])
        else:
            summary = "\n".join(
                filter(
                    None,
                    (
                        f"{shown or f'∂{out}'} from the backward pass compared with central differences: "
                        f"{_SAID[verdict]}.",
                        _extent_text(result),
                        f"The largest relative error is {number_text.fmt_number(result.max_rel_error)} "
                        f"(tolerance {number_text.fmt_number(result.tolerance)}).",
                        _too_small_text(result),
                    ),
                )
            )
        self.summary_label = QLabel(summary)
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        # the window may show ∂L/∂W in numerator layout (transposed): say which this table uses
        self.layout_label = QLabel(_layout_note(result, out, variables))
        self.layout_label.setWordWrap(True)
        layout.addWidget(self.layout_label)
        self.names = variables
        self.table = QTableWidget(len(result.entries), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setWordWrap(False)  # a number on one line; its column is as wide as it needs
        self._marks: list[tuple[QTableWidgetItem, bool]] = []
        for row, entry in enumerate(result.entries):
            ok = entry.rel_error <= result.tolerance
            sampled = _sample(entry)
            checked = np.isfinite(entry.rel_error)
            small = ok and entry.too_small == entry.checked
            cells = (  # (short: the notes on a variable are said under the table, the values keep the room)
                variables[row],
                shape_text(entry.shape),
                _mark_text(entry, ok, checked),
                number_text.fmt_number(entry.rel_error),
                number_text.short(entry.analytic, 3),
                number_text.short(entry.numeric, 3),
            )
            tips = (
                symbols[row] + (f", {sampled}" if sampled else ""),
                _shape_tip(result, out, variables[row], entry),
                _mark_tip(entry, ok, checked, result.tolerance),
                self.ERROR_TIP,
                whole(entry.analytic),
                whole(entry.numeric),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tips[col])
                if col == self.MARK_COLUMN:
                    self._marks.append((item, None if small else ok))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        self._colour_marks()
        self.table.horizontalHeaderItem(3).setToolTip(self.ERROR_TIP)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(False)  # (stretched, the last column could get less than its numbers need)
        layout.addWidget(self.table)
        # a variable sampled, or with entries too small to check: said here, not in its cells
        self.notes_label = QLabel(_notes_text(result, variables))
        self.notes_label.setObjectName("gradcheckNotes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setVisible(bool(self.notes_label.text()))
        layout.addWidget(self.notes_label)
        if not result.entries:
            layout.addWidget(QLabel("The graph has no variables to check."))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.copy_button = QPushButton("Copy Values")
        self.copy_button.setToolTip("Copy every variable's analytic and numeric gradient, in full, as text")
        self.copy_button.setEnabled(bool(result.entries))
        self.copy_button.clicked.connect(self.copy_values)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self._fit_to_content()

    def _fit_to_content(self) -> None:
        """As wide as the columns' texts and as high as every row, up to most of the screen (then
        the table scrolls): nothing cut, nothing wrapped, at any screen size."""
        table, header = self.table, self.table.horizontalHeader()
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        columns = sum(max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) for c in range(table.columnCount()))
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        frame = 2 * table.frameWidth()
        screen = (self.parentWidget() or self).screen().availableGeometry()
        margins = self.layout().contentsMargins()
        most_width = int(screen.width() * 0.9) - margins.left() - margins.right()
        most_height = int(screen.height() * 0.85)
        columns = self._share_value_columns(columns, most_width - frame)
        width = min(columns + frame, most_width)
        table_height = header.sizeHint().height() + rows + frame
        if columns + frame > width:  # a horizontal scroll bar takes a row's place
            table_height += table.horizontalScrollBar().sizeHint().height()
        table.setMinimumHeight(min(table_height, int(screen.height() * 0.3)))
        in_layout = max(table.sizeHint().height(), table.minimumHeight())  # (what the layout gave it)
        others = self.layout().totalHeightForWidth(width + margins.left() + margins.right()) - in_layout
        if others + table_height > most_height:  # the rows scroll: room for the vertical bar
            width = min(width + table.verticalScrollBar().sizeHint().width(), most_width)
        table.setMinimumWidth(min(width, 760))  # (can shrink on a small screen; the table then scrolls)
        dialog_width = width + margins.left() + margins.right()
        height = min(others + table_height, most_height)
        self.resize(dialog_width, height)

    def _share_value_columns(self, columns: int, room: int) -> int:
        """When the columns are wider than the room the screen leaves, the two value columns (the
        widest, and the values are shortened already) share what the others leave, each cut with
        "…" (its tooltip and Copy Values give it whole), down to VALUE_LEAST: both stay in sight
        instead of the numeric one scrolling off. The columns' total width after."""
        if columns <= room:
            return columns
        table, header = self.table, self.table.horizontalHeader()
        values = range(len(self.COLUMNS) - 2, len(self.COLUMNS))
        others = sum(table.columnWidth(c) for c in range(table.columnCount()) if c not in values)
        share = max((room - others) // 2, VALUE_LEAST)
        for c in values:
            if table.columnWidth(c) > share:
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)  # (the user may widen it)
                table.setColumnWidth(c, share)
                item = table.horizontalHeaderItem(c)  # its title on two lines, "(finite differences)" in sight
                item.setToolTip(item.text())
                item.setText(item.text().replace(" (", "\n("))
        return others + sum(table.columnWidth(c) for c in values)

    def _colour_marks(self) -> None:
        """The pass / fail marks sit on the table's base colour: green and red readable on it.
        The dialog's palette, not the table's: the dialog hears of a change before its children."""
        palette, base = self.palette(), tones.Role.Base
        for item, ok in self._marks:
            if ok is None:  # too small to check: neither a pass nor a fail
                continue
            colour = tones.ok(palette, base) if ok else tones.error(palette, base)
            if item.foreground().color() != colour:
                item.setForeground(QBrush(colour))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_marks"):
            self._colour_marks()
        super().changeEvent(event)

    def values_text(self) -> str:
        """Every gradient whole: what Copy Values puts on the clipboard."""
        out = self.output_label
        parts = []
        for name, entry in zip(self.names, self.result.entries):
            shape = ", ".join(filter(None, (_gradient_shape(self.result, entry), _sample(entry))))
            parts.append(
                f"∂{out}/∂{name} ({shape}), analytic (backward):\n{full_text(entry.analytic)}\n"
                f"∂{out}/∂{name}, numeric (finite differences):\n{full_text(entry.numeric)}"
            )
        return "\n\n".join(parts) + "\n"

    def copy_values(self) -> None:
        QGuiApplication.clipboard().setText(self.values_text())

    def row_texts(self, row: int) -> list[str]:
        return [self.table.item(row, c).text() for c in range(self.table.columnCount())]

    def mark(self, row: int) -> str:
        return self.table.item(row, self.MARK_COLUMN).text()


def _sample(entry: GradCheckEntry) -> str:
    """Said once, under the table (and in the name's tooltip and Copy Values): the values columns
    hold those entries only."""
    return f"checked {entry.checked} of {entry.total} entries" if entry.checked < entry.total else ""


def _notes_text(result: GradCheck, variables: list[str]) -> str:
    """What the table's cells leave out, a sentence per variable concerned: how many of its entries
    were compared (a sample), how many of those were too small to check ("W1: checked 30 of 100352
    entries, 2 of them too small to check.")."""
    notes = []
    for name, entry in zip(variables, result.entries):
        small = entry.too_small if 0 < entry.too_small < entry.checked else 0  # (all: the check cell says it)
        said = [_sample(entry)] if _sample(entry) else []
        if small:
            said.append(f"{small} of {'them' if said else f'the {entry.checked} entries'} too small to check")
        if said:
            notes.append(f"{name}: {', '.join(said)}.")
    return " ".join(notes)


def _mark_text(entry: GradCheckEntry, ok: bool, checked: bool) -> str:
    if not checked:
        return "⚠ not checked"
    if not ok:
        return "✗ fail"
    if entry.too_small == entry.checked:
        return "– too small to check"
    return "✓ pass"  # (some entries too small to check: the note under the table says how many)


def _mark_tip(entry: GradCheckEntry, ok: bool, checked: bool, tolerance: float) -> str:
    if not checked:
        return "A value or gradient here is nan or inf: there is nothing to compare"
    resolution = number_text.fmt_number(entry.floor)
    if not ok:
        return (
            f"The gradients differ by more than the tolerance ({number_text.fmt_number(tolerance)}) "
            f"and by more than central differences' error here"
        )
    if entry.too_small:
        return (
            f"{entry.too_small} of the {entry.checked} entries compared are below the resolution "
            f"(about {resolution}): their gradients agree as closely as central differences can tell, "
            "which is not to the tolerance"
        )
    return f"Every entry compared agrees to the tolerance ({number_text.fmt_number(tolerance)})"


def _extent_text(result: GradCheck) -> str:
    """How much was compared, when not everything: a sample (the check's budget), or a cancel."""
    if result.checked == result.total_entries and not result.cancelled:
        return ""
    checked = sum(1 for e in result.entries if e.checked)
    where = f" in {checked} of {result.variables} variables" if checked < result.variables else ""
    why = "cancelled" if result.cancelled else "entries chosen at random, shared among the variables"
    return f"Checked {result.checked} of {result.total_entries} entries{where} ({why})."


def _too_small_text(result: GradCheck) -> str:
    if not result.too_small:
        return ""
    resolution = number_text.fmt_number(max(e.floor for e in result.entries if e.too_small))
    return (
        f"{result.too_small} of the {result.checked} entries are too small to check: their gradients are "
        f"below what central differences resolve here (about {resolution}), so they are not counted as passed."
    )


def run_check(graph: Graph, output: str, output_label: str, parent) -> GradCheck:
    """The check with a progress dialog and Cancel, driven from the GUI thread between entries (an
    entry is about 14 evaluations of the graph): the window repaints but takes no edits, and a
    cancel keeps every entry compared by then."""
    progress = QProgressDialog("Checking gradients against central differences…", "Cancel", 0, 0, parent)
    progress.setWindowTitle("Gradient Check")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumWidth(420)  # (a long name's label would otherwise be cut)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    window = parent.window() if parent is not None else None
    focus = window.focusWidget() if window is not None else None
    # The window disabled for the check, not only blocked by the modal dialog: a key that reached
    # it anyway (a shortcut matched before modality took hold) changed the graph being checked.
    # Disabled, no action's shortcut fires (all are placed on the window, its canvas or its menus)
    # and the canvas, docks and menus take no input. Qt keeps each child's own enabled state, so
    # enabling the window again restores exactly what the window's code set, meanwhile included.
    disabled = window is not None and window.isEnabled()
    if disabled:
        window.setEnabled(False)
        progress.setEnabled(True)  # (a dialog is a window of its own: enabled while its parent is not)
    # shown and active at once, not after a delay: each entry's setValue handles events
    progress.setMinimumDuration(0)
    progress.show()
    progress.activateWindow()

    def step(done: int, total: int, name: str) -> bool:
        progress.setMaximum(total)
        progress.setLabelText(f"Comparing ∂{output_label}/∂{name} with central differences…\nEntry {done} of {total}.")
        progress.setValue(done)  # (a modal progress dialog handles events here: Cancel, repaints)
        return not progress.wasCanceled()

    try:
        progress.setValue(0)
        return gradcheck(graph, output, progress=step)
    finally:
        progress.close()
        progress.setWindowModality(Qt.WindowModality.NonModal)  # (closed: no longer the modal widget)
        progress.deleteLater()
        if disabled:
            window.setEnabled(True)
        if window is not None:  # the keys back to the window, the focus where it was
            window.activateWindow()
            if focus is not None:
                focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)


def _unchecked_text(symbols: str, undefined: list[str]) -> str:
    """Why nothing could be compared: the first place a number stopped being one, as F6 says it."""
    if undefined:
        more = f" (and {len(undefined) - 1} more)" if len(undefined) > 1 else ""
        cause = f"⚠ {undefined[0]}{more}."
    else:
        cause = "⚠ A gradient is nan or inf at these values (a derivative that is not finite there)."
    return (
        f"{cause}\nThe check cannot compare {symbols} with central differences while numbers are nan or inf: "
        "this says nothing about the backward pass. Change the value and check again."
    )


def _layout_note(result: GradCheck, out: str, variables: list[str]) -> str:
    """The shape rule, said with the graph's own names (the first variable's as the example)."""
    tail = " Hover a value to see it whole; Copy Values copies every gradient."
    if not variables:
        return tail.strip()
    v = variables[0]
    if not result.output_shape:
        return (
            f"Gradients are shown in each variable's own shape (∂{out}/∂{v} has {v}'s shape), "
            f"whatever layout the window uses.{tail}"
        )
    example = f"∂{out}/∂{v} is {_gradient_shape(result, result.entries[0])}"
    return (
        f"{out} ∈ {shape_text(result.output_shape)} is not a scalar: each row is a full Jacobian, "
        f"{out}'s entries × the variable's shape ({example}), whatever layout the window uses.{tail}"
    )


def _gradient_shape(result: GradCheck, entry: GradCheckEntry) -> str:
    """∂out/∂W: W's shape for a scalar output, else the Jacobian's (out's entries × W's shape)."""
    if not result.output_shape:
        return shape_text(entry.shape)
    return jacobian_text(result.output_shape, entry.shape)


def _shape_tip(result: GradCheck, out: str, name: str, entry: GradCheckEntry) -> str:
    if not result.output_shape:
        return f"{name} ∈ {shape_text(entry.shape)}: ∂{out}/∂{name} has the same shape"
    return (
        f"{name} ∈ {shape_text(entry.shape)}: ∂{out}/∂{name} is the Jacobian, "
        f"{out}'s entries × {name}'s shape: {_gradient_shape(result, entry)}"
    )


def full_text(value: np.ndarray) -> str:
    """Every entry, at full precision (numpy's layout: rows on lines of their own)."""
    return np.array2string(np.asarray(value, dtype=float), threshold=np.iinfo(np.int64).max, max_line_width=100)


def whole(value: np.ndarray) -> str:
    if np.size(value) > TIP_ENTRIES:
        return f"{number_text.short(value, 12)}\n({np.size(value)} entries: Copy Values copies them all)"
    return full_text(value)
