"""The Export dialog's form: its widgets, made and laid out (what to export, the format, the
resolution, the colours, the file, the note and the buttons). They are the dialog's attributes,
by name (dialog.format, dialog.path, dialog.export_button, ...): the dialog (dialog.py) reads the
choices from them and keeps them consistent as they change."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
)

from ..ui import tones
from ..ui.tones import ToneLabel
from .dialog_choices import BACKWARD_PREFIX, STEP_CHOICES, STILL_CHOICES, TEX_STEP
from .dialog_memory import DPI_RANGE
from .dialog_size_note import SCALES
from .formats import RASTER_SCALE


def build_form(
    dialog,
    *,
    has_selection: bool,
    loss_curve_size: tuple[int, int] | None,
    step_count: int,
    backward_pass,
    latex_step: str,
    theme: str,
    path: str,
    step_title: str,
) -> None:
    """The dialog's widgets, each an attribute of it, laid out in it. step_count: the running
    animation's steps (0: none; with backward_pass, the animation formats export the backward
    pass); latex_step: the step shown now, whose LaTeX alone is offered too; path: the file offered."""
    dialog.whole = QRadioButton("Whole diagram")
    dialog.selection = QRadioButton("Selection only")
    dialog.selection.setEnabled(has_selection)
    dialog.whole.setChecked(True)
    region_group = QButtonGroup(dialog)
    region_group.addButton(dialog.whole)
    region_group.addButton(dialog.selection)
    dialog.loss_curve = QRadioButton("Loss curve")
    dialog.loss_curve.setToolTip("The training run's loss per step, as the Training dock plots it (PNG)")
    dialog.loss_curve.setVisible(loss_curve_size is not None)
    region_group.addButton(dialog.loss_curve)
    region = QHBoxLayout()
    region.addWidget(dialog.whole)
    region.addWidget(dialog.selection)
    region.addWidget(dialog.loss_curve)
    region.addStretch(1)

    dialog.format = QComboBox()
    for key, label, _suffix, _ in STILL_CHOICES:
        dialog.format.addItem(label, key)
    if latex_step:  # the backward step shown now: LaTeX of it alone is offered too
        dialog.format.insertItem(dialog.format.findData("tex") + 1, TEX_STEP[1], TEX_STEP[0])
    if step_count or backward_pass is not None:  # the animation running, else the backward pass F6 would show
        for key, label, _suffix, _ in STEP_CHOICES:
            name = label if step_count else BACKWARD_PREFIX + label.split(": ", 1)[1]
            dialog.format.addItem(name, key)
    dialog.format.setToolTip("SVG and PDF are vector formats: sharp at any size")

    dialog.resolution = QComboBox()
    for scale, label in SCALES:
        dialog.resolution.addItem(label, scale)
    dialog.resolution.addItem("Custom dpi", None)
    dialog.resolution.setCurrentIndex(dialog.resolution.findData(RASTER_SCALE))  # (as the CLI and the API)
    dialog.dpi = QSpinBox()
    dialog.dpi.setRange(*DPI_RANGE)
    dialog.dpi.setSuffix(" dpi")
    dialog.dpi.setValue(300)
    resolution = QHBoxLayout()
    resolution.addWidget(dialog.resolution, 1)
    resolution.addWidget(dialog.dpi)

    dialog.transparent = QCheckBox("Transparent background")
    dialog.theme = QComboBox()  # the canvas colours: a light deck or a dark one, whatever the window's look
    dialog.theme.addItem("Light", "light")
    dialog.theme.addItem("Dark", "dark")
    dialog.theme.setToolTip("The colours to draw with (the window's look unless another was chosen last time)")
    dialog.theme.setCurrentIndex(max(dialog.theme.findData(theme), 0))
    look = QHBoxLayout()
    look.addWidget(dialog.theme)
    look.addWidget(dialog.transparent)
    look.addStretch(1)

    dialog.path = QLineEdit(path)
    dialog.path.setMinimumWidth(360)
    browse = QPushButton("Browse…")
    browse.clicked.connect(dialog.browse)
    file_row = QHBoxLayout()
    file_row.addWidget(dialog.path, 1)
    file_row.addWidget(browse)

    dialog.note = QLabel()
    dialog.note.setWordWrap(True)
    dialog.note.setMinimumHeight(2 * dialog.note.fontMetrics().lineSpacing() + 4)  # room for both lines
    dialog.error = ToneLabel("", tones.error)  # (toned from the palette: readable light and dark)
    dialog.error.setWordWrap(True)
    dialog.error.hide()

    form = QFormLayout()
    form.addRow("Export:", region)
    form.addRow("Format:", dialog.format)
    form.addRow("Resolution:", resolution)
    form.addRow("Colours:", look)
    form.addRow("File:", file_row)
    dialog.step_label = QLabel(f"Includes the animation step shown now: {step_title}")
    dialog.step_label.setVisible(bool(step_title))
    form.addRow("", dialog.step_label)

    dialog.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    dialog.export_button = dialog.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
    dialog.export_button.setDefault(True)
    dialog.buttons.accepted.connect(dialog.accept)
    dialog.buttons.rejected.connect(dialog.reject)

    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(dialog.note)
    layout.addWidget(dialog.error)
    layout.addWidget(dialog.buttons)
