"""Dialog to edit the value (and name, kind) of a variable or constant.

It only collects what the user typed; the main window turns the result into an
undo command, so the dialog never changes the model itself. OK also applies text
typed into the Text field and not applied yet, unless the grid was edited after it; a text
that cannot be used is said under the field as it is typed, and OK waits.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.entry_names import display_name
from ..core.errors import ValueParseError
from ..core.graph import Node
from ..core.values import underflow_note
from . import tones
from .canvas.labels import shape_text
from .catalog import CATEGORY_COLORS, CONSTANT_COLOR, INPUTS
from .tones import ToneLabel
from .value_editor_notes import MODES, read_text, switch_cells
from .value_grid import MAX_SIZE, ValueGrid

DISTRIBUTIONS = (("uniform", "Uniform in [−1, 1]"), ("normal", "Normal N(0, 1)"))
KIND_TEXT = {"variable": "Variable (gradient is computed)", "constant": "Constant (no gradient)"}
# a segmented control coloured from the palette (set again when the palette changes)
MODE_STYLE = """
QToolButton { border: 1px solid palette(mid); border-left: none; padding: 3px 14px;
              background: palette(button); color: palette(button-text); }
QToolButton[segment="first"] { border-left: 1px solid palette(mid);
                               border-top-left-radius: 4px; border-bottom-left-radius: 4px; }
QToolButton[segment="last"] { border-top-right-radius: 4px; border-bottom-right-radius: 4px; }
QToolButton:hover { background: palette(light); }
QToolButton:focus { border-color: palette(highlight); }
QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border-color: palette(highlight); font-weight: 600; }
"""


def random_values(shape: tuple[int, ...], distribution: str, seed: int) -> np.ndarray:
    """Reproducible random numbers, rounded to 3 decimals so they read well in the grid."""
    rng = np.random.default_rng(seed)
    raw = rng.uniform(-1.0, 1.0, shape) if distribution == "uniform" else rng.standard_normal(shape)
    return np.round(raw, 3) + 0.0  # + 0.0 turns -0.0 into 0.0


def _shape_words(shape: tuple[int, ...]) -> str:
    """A shape as the shape note says it: "a scalar (ℝ)", else as the cards write it (ℝ³ˣ²)."""
    return "a scalar (ℝ)" if shape == () else shape_text(shape)


class ValueEditorDialog(QDialog):
    """`exec()` -> Accepted; then `value()`, `name()`, `kind()` hold what the user chose."""

    def __init__(
        self,
        parent: QWidget | None,
        node: Node,
        taken_names: set[str] | None = None,
        name_check: Callable[[str], str | None] | None = None,
        title: str | None = None,
    ) -> None:
        """`name_check(name)` says why a name cannot be taken (None: it can; core.naming.name_problem);
        without it, only `taken_names` are refused. title: the node as its card names it."""
        super().__init__(parent)
        self._node = node
        taken = set(taken_names or ()) - {node.name}
        self._name_check = name_check or (
            lambda name: f"the name “{name}” is already used by another node" if name in taken else None
        )
        # as its card names it (theta -> θ); an unnamed input: its kind, never its id
        self._title = title or (display_name(node.name) if node.name else node.kind)
        self.setWindowTitle(f"Edit {node.kind} “{self._title}”")
        self.setMinimumWidth(460)
        value = np.zeros(()) if node.value is None else np.asarray(node.value, dtype=float)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.Ok)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 12)
        outer.setSpacing(10)
        outer.addWidget(self._build_header())
        outer.addLayout(self._build_identity())
        outer.addWidget(self._build_shape_row())
        self._notice = ""  # why the last grid paste was not used; shown until the next edit
        self._text_pending = False  # the Text field was edited since it was last applied
        self._applied_text: str | None = ""  # the text the grid holds as applied (None: edited since)
        # ((text, matrix mode), value, why not, note): the Text field read as the mode asks
        self._reading: tuple = (None, None, "", "")
        # what the last Apply text or change of mode did to the grid, said until the next edit: the
        # text read as another shape than the mode asks, numbers a change of mode added or dropped
        self._grid_note = ""
        self._shown_mode = ""  # the mode the grid and the size controls show
        self.grid = ValueGrid(self)
        self.grid.validity_changed.connect(self._update_state)
        self.grid.edited.connect(self._grid_edited)
        self.grid.paste_failed.connect(self._paste_failed)
        self.grid.grown.connect(self._follow_grid)
        outer.addWidget(self.grid, 1)
        self.summary_label = ToneLabel("", tones.muted, self)
        self.message_label = _bold(ToneLabel("", tones.error, self))
        self.message_label.setObjectName("valueMessage")
        self.message_label.setWordWrap(True)
        # what OK would do to the shape, said before it is done ("This changes x from ℝ³ to a scalar")
        self.shape_note = ToneLabel("", tones.muted, self)
        self.shape_note.setObjectName("shapeNote")
        self.shape_note.setWordWrap(True)
        outer.addWidget(self.shape_note)
        status = QHBoxLayout()
        status.addWidget(self.message_label, 1)
        status.addWidget(self.summary_label, 0, Qt.AlignRight | Qt.AlignTop)
        outer.addLayout(status)
        outer.addWidget(self._build_tools())

        outer.addWidget(self.buttons)

        self._restyle()
        self._load(value)
        self.resize(520, 560)
        self._keyboard_given = False  # the grid takes the keyboard when the dialog first shows

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._keyboard_given:  # (Qt focuses the first button in the tab order otherwise)
            self._keyboard_given = True
            self.grid.take_keyboard()

    # ---------------------------------------------------------------- layout
    def _build_header(self) -> QWidget:
        color = CONSTANT_COLOR if self._node.kind == "constant" else CATEGORY_COLORS[INPUTS]
        title = QLabel(
            f"<span style='font-size:13pt; font-weight:600'>{self._title}</span>"
            f"&nbsp;&nbsp;<span style='color:{color}; font-weight:600'>{self._node.kind}</span>",
            self,
        )
        title.setTextFormat(Qt.RichText)
        return title

    def _build_identity(self) -> QFormLayout:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)
        form.setHorizontalSpacing(10)
        self.name_edit = QLineEdit(self._node.name or "", self)
        self.name_edit.setPlaceholderText("no name: the card shows its kind")
        self.name_edit.setToolTip("Shown on the node and in formulas; leave empty for none")
        self.name_edit.textChanged.connect(lambda _text: self._update_state())
        form.addRow("Name", self.name_edit)
        self.kind_combo = QComboBox(self)
        for kind, text in KIND_TEXT.items():
            self.kind_combo.addItem(text, kind)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(self._node.kind)))
        form.addRow("Kind", self.kind_combo)
        return form

    def _build_shape_row(self) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        self.mode_buttons: dict[str, QToolButton] = {}
        for i, mode in enumerate(MODES):
            button = QToolButton(box)
            button.setText(mode.capitalize())
            button.setCheckable(True)
            button.setMinimumWidth(70)
            button.setToolButtonStyle(Qt.ToolButtonTextOnly)
            button.setProperty("segment", "first" if i == 0 else "last" if i == len(MODES) - 1 else "middle")
            self.mode_group.addButton(button, i)
            self.mode_buttons[mode] = button
            row.addWidget(button)
        self.mode_group.idClicked.connect(lambda i: self.set_mode(MODES[i]))
        row.addSpacing(18)
        self.rows_label = QLabel("Rows", box)
        # as wide as its widest text from the start: a new text waits for the next layout pass,
        # and until then "Length" was drawn in the width of "Rows" ("Lengt")
        metrics = self.rows_label.fontMetrics()
        self.rows_label.setMinimumWidth(max(metrics.horizontalAdvance(t) for t in ("Rows", "Length")) + 2)
        row.addWidget(self.rows_label)
        row.addSpacing(6)
        self.rows_spin = QSpinBox(box)
        self.rows_spin.setRange(1, MAX_SIZE)
        row.addWidget(self.rows_spin)
        self.times_label = QLabel("  ×  ", box)
        row.addWidget(self.times_label)
        self.cols_label = QLabel("Columns", box)
        row.addWidget(self.cols_label)
        row.addSpacing(6)
        self.cols_spin = QSpinBox(box)
        self.cols_spin.setRange(1, MAX_SIZE)
        row.addWidget(self.cols_spin)
        row.addStretch(1)
        self.rows_spin.valueChanged.connect(lambda _v: self._size_changed())
        self.cols_spin.valueChanged.connect(lambda _v: self._size_changed())
        self.mode_box = box  # styled by _restyle
        return box

    def _build_tools(self) -> QWidget:
        group = QGroupBox("Fill", self)
        grid = QGridLayout(group)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.addWidget(QLabel("Random", group), 0, 0, Qt.AlignRight | Qt.AlignVCenter)
        self.distribution_combo = QComboBox(group)
        for key, text in DISTRIBUTIONS:
            self.distribution_combo.addItem(text, key)
        grid.addWidget(self.distribution_combo, 0, 1)
        seed_box = QHBoxLayout()
        seed_box.setSpacing(6)
        seed_box.addWidget(QLabel("Seed", group))
        self.seed_spin = QSpinBox(group)
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setValue(0)
        self.seed_spin.setMinimumWidth(80)
        self.seed_spin.setToolTip("The same seed always gives the same numbers")
        seed_box.addWidget(self.seed_spin)
        grid.addLayout(seed_box, 0, 2)
        self.random_button = QPushButton("Fill random", group)
        self.random_button.setAutoDefault(False)
        self.random_button.clicked.connect(self.fill_random)
        grid.addWidget(self.random_button, 0, 3)

        grid.addWidget(QLabel("Text", group), 1, 0, Qt.AlignRight | Qt.AlignVCenter)
        self.paste_edit = QLineEdit(group)
        self.paste_edit.setPlaceholderText("2.5   or   1 2 3   or   1 2; 3 4   or   [[1, 2], [3, 4]]")
        self.paste_edit.setToolTip(
            "A number, a vector or a matrix: rows of numbers split by spaces, commas or tabs "
            "(a spreadsheet's copy), rows ended by ; or a new line (1 2; 3 4), or JSON [[1, 2], [3, 4]]"
        )
        self.paste_edit.setClearButtonEnabled(True)
        self.paste_edit.installEventFilter(self)
        self.paste_edit.textChanged.connect(self._text_changed)
        grid.addWidget(self.paste_edit, 1, 1, 1, 2)
        self.paste_button = QPushButton("Apply text", group)
        self.paste_button.setAutoDefault(False)
        self.paste_button.clicked.connect(self.apply_paste)
        grid.addWidget(self.paste_button, 1, 3)

        self.zeros_button = QPushButton("Zeros", group)
        self.zeros_button.setAutoDefault(False)
        self.zeros_button.setToolTip("Set every entry to 0")
        self.zeros_button.clicked.connect(self.fill_zeros)
        grid.addWidget(self.zeros_button, 2, 3)
        self.text_message = _bold(ToneLabel("", tones.error, group))  # under the Text field: why its text was not used
        self.text_message.setObjectName("textMessage")
        self.text_message.setWordWrap(True)
        grid.addWidget(self.text_message, 2, 1, 1, 2, Qt.AlignTop)
        return group

    # ------------------------------------------------------------ behaviour
    def mode(self) -> str:
        return MODES[max(0, self.mode_group.checkedId())]

    def set_mode(self, mode: str) -> None:
        """Scalar 1×1, vector n×1 (a column), matrix rows×columns, made of the numbers the grid
        holds (switch_cells); the note says any number added or dropped."""
        self.mode_buttons[mode].setChecked(True)
        if mode == self._shown_mode:
            return
        cells, self._grid_note = switch_cells(self.grid.cell_texts(), mode)
        self._show_size(mode, len(cells), len(cells[0]))
        self.grid.column_value = mode != "matrix"
        self.grid.set_texts(cells)
        self._update_state()

    def set_size(self, rows: int, cols: int = 1) -> None:
        self.rows_spin.setValue(rows)
        self.cols_spin.setValue(cols)

    def _grid_size(self) -> tuple[int, int]:
        mode = self.mode()
        if mode == "scalar":
            return 1, 1
        if mode == "vector":
            return self.rows_spin.value(), 1
        return self.rows_spin.value(), self.cols_spin.value()

    def _size_changed(self) -> None:
        """Rows, length or columns set by the user: cells inside both sizes are kept, new ones are 0."""
        self._grid_note = ""  # (what a change of mode did is no longer what the grid shows)
        self.grid.resize_keep(*self._grid_size())

    def _follow_grid(self, rows: int, cols: int) -> None:
        """A paste grew the grid: the mode and sizes show its new size (the grid keeps its cells)."""
        mode = "matrix" if cols > 1 or self.mode() == "matrix" else "vector" if rows > 1 else self.mode()
        self.mode_buttons[mode].setChecked(True)
        self._show_size(mode, rows, cols)
        self.grid.column_value = mode != "matrix"
        self._update_state()

    def _load(self, value: np.ndarray) -> None:
        """Show an array: its number of dimensions picks the mode, its shape the size."""
        mode = MODES[value.ndim]
        self.mode_buttons[mode].setChecked(True)
        rows = value.shape[0] if value.ndim >= 1 else 1
        cols = value.shape[1] if value.ndim == 2 else 1
        self._show_size(mode, rows, cols)
        self.grid.column_value = mode != "matrix"
        self.grid.set_matrix(value.reshape(rows, cols))
        self._update_state()

    def _show_size(self, mode: str, rows: int, cols: int) -> None:
        """Size controls for a grid already that size (they must not resize it again)."""
        self._shown_mode = mode
        for spin, n in ((self.rows_spin, rows), (self.cols_spin, cols)):
            spin.blockSignals(True)
            spin.setMaximum(max(MAX_SIZE, n))
            spin.setValue(n)
            spin.blockSignals(False)
        self.rows_spin.setEnabled(mode != "scalar")
        self.rows_label.setEnabled(mode != "scalar")
        self.rows_label.setText("Length" if mode == "vector" else "Rows")
        for widget in (self.cols_spin, self.cols_label, self.times_label):
            widget.setVisible(mode == "matrix")

    def fill_random(self) -> None:
        distribution = self.distribution_combo.currentData()
        self.grid.set_matrix(random_values(self._grid_size(), distribution, self.seed_spin.value()))

    def fill_zeros(self) -> None:
        self.grid.set_matrix(np.zeros(self._grid_size()))

    def apply_paste(self) -> bool:
        """Read the text field into the grid: what the grid's paste reads (a number, rows of
        numbers 1 2; 3 4, a spreadsheet's tab-separated rows) or JSON [[1, 2], [3, 4]]."""
        value, refusal, note = self._text_reading()
        if value is None:
            self.text_message.setText(refusal)
            return False
        self._load(value)
        self._text_pending = False
        self._applied_text = self.paste_edit.text()
        self._grid_note = note
        self.text_message.clear()
        self._update_state()
        return True

    def _text_reading(self) -> tuple[np.ndarray | None, str, str]:
        """The one reader of the Text field (as typed, by Apply text and by OK): its value, or
        why it is not used, and a note when it cannot be what the mode asks. Kept until the text
        or the mode changes. In Matrix mode rows of numbers are a matrix (0.5; -1 is 2×1)."""
        key = (self.paste_edit.text(), self.mode())
        if self._reading[0] != key:
            self._reading = (key, *read_text(*key))
        return self._reading[1:]

    def _text_changed(self, text: str) -> None:
        self._text_pending = bool(text.strip())  # an emptied field holds nothing to apply
        self._grid_note = ""
        # what OK would say of the text, said as it is typed (an empty field: nothing)
        self.text_message.setText(self._text_reading()[1] if self._text_pending else "")
        self._update_state()

    def _grid_edited(self) -> None:
        # the newest edit wins: text typed before a change to the grid is not applied by OK,
        # so what was said against that text no longer holds either
        self._text_pending = False
        self._applied_text = None  # (the field no longer shows what the grid holds)
        self._grid_note = ""
        self.text_message.clear()
        self._notice = ""
        self._update_state()

    def _paste_failed(self, message: str) -> None:
        self._notice = f"Clipboard not used: {message}"
        self._update_state()

    def _update_state(self, *_args) -> None:
        problems = []
        if not self.grid.is_valid:
            problems.append(self.grid.message())
        name = self.name_edit.text().strip()
        # (a name kept as it is passes: an older file may hold one today's rule would refuse)
        problem = self._name_check(name) if name and name != self._node.name else None
        if problem:
            problems.append(f"Name: {problem}")
        self.message_label.setText("  ".join(problems + ([self._notice] if self._notice else [])))
        # text OK would apply but cannot: said under the Text field (not twice), and OK waits
        text_refused = self._text_pending and self._text_reading()[0] is None
        self.ok_button.setEnabled(not problems and not text_refused)
        rows, cols = self._grid_size()
        shape = {"scalar": (), "vector": (rows,), "matrix": (rows, cols)}[self.mode()]
        # as the cards write it (ℝ³ˣ²): one notation
        self.summary_label.setText(f"{shape_text(shape)} · {rows * cols} number{'s' if rows * cols > 1 else ''}")
        self._show_shape_note(shape, self.ok_button.isEnabled())

    def _show_shape_note(self, shape: tuple[int, ...], ok: bool) -> None:
        """Say so when OK would change the node's shape (the text typed, if any, is what OK applies):
        it may be meant, so it is not refused, but it is never done silently. While OK waits (a text
        or a cell to fix, said in red), what it would do is not said: the fix may change it."""
        text_value, _why_not, read_as = self._text_reading() if self._text_pending else (None, "", "")
        if text_value is not None:  # (a text that cannot be used says so under the field)
            shape = text_value.shape
        before = None if self._node.value is None else np.shape(self._node.value)
        notes = [read_as or self._grid_note] if read_as or self._grid_note else []
        if ok and before is not None and shape != before:
            notes.append(f"OK changes {self._title} from {_shape_words(before)} to {_shape_words(shape)}.")
        tiny = underflow_note(self._text_read())  # 1e-400 becomes 0: never silently (1e400 is refused)
        if tiny:
            notes.append(f"{tiny[0].upper()}{tiny[1:]}.")
        self.shape_note.setText("\n".join(notes))
        self.shape_note.setVisible(bool(notes))

    def _text_read(self) -> str:
        """The text OK reads: the Text field's when it is to be applied, else the grid's cells."""
        if self._text_pending:
            return self.paste_edit.text()
        grid = self.grid
        items = (grid.item(r, c) for r in range(grid.rowCount()) for c in range(grid.columnCount()))
        return " ".join(item.text() for item in items if item is not None)

    # --------------------------------------------------------------- results
    def value(self) -> np.ndarray:
        """The edited value: float ndarray of 0, 1 or 2 dims; ValueParseError if a cell is bad."""
        try:
            matrix = self.grid.matrix()
        except ValueError as exc:
            raise ValueParseError(str(exc)) from None
        mode = self.mode()
        if mode == "scalar":
            return np.array(matrix[0, 0])
        if mode == "vector":
            return matrix[:, 0].copy()
        return matrix

    def name(self) -> str | None:
        return self.name_edit.text().strip() or None

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def accept(self) -> None:
        self.grid.commit_editing()  # (typed, then OK clicked: what was typed counts)
        if not self.ok_button.isEnabled():
            return
        if self._text_pending and not self.apply_paste():
            self.paste_edit.setFocus()  # the message under the field says why; nothing is applied
            return
        if self.ok_button.isEnabled():
            super().accept()

    def _restyle(self) -> None:
        # Qt reads palette(...) in a style sheet once, when it is set: a new palette
        # (light <-> dark while the dialog is open) needs the sheet set again (the labels
        # are ToneLabels: they follow by themselves)
        self.mode_box.setStyleSheet(MODE_STYLE)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "mode_box"):  # not while built
            self._restyle()
        super().changeEvent(event)

    def eventFilter(self, watched, event) -> bool:
        # Enter in the text field applies the text it shows (it must not also press OK), even
        # text a grid edit set aside since: Enter there means that text; once the field shows
        # nothing left to apply, Enter is OK, the default button (as in New from Expression)
        if (
            watched is self.paste_edit
            and event.type() == QEvent.KeyPress
            and event.key() in (Qt.Key_Return, Qt.Key_Enter)
        ):
            text = self.paste_edit.text()
            if self._text_pending or (text.strip() and text != self._applied_text):
                self._text_pending = True  # (refused, it holds OK back as freshly typed text does)
                self.apply_paste()
                self._update_state()
            else:
                self.accept()
            return True
        return super().eventFilter(watched, event)


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
