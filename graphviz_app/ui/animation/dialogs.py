"""Small dialogs asked before an animation: the seed of a vector output, the tangent of forward mode."""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from ...core import conventions as cv
from ...core.errors import UserError
from ...core.ops import fmt_shape
from ...core.values import parse_value
from .. import tones

JACOBIAN = "jacobian"


def parse_shaped(text: str, shape: tuple[int, ...], what: str) -> np.ndarray:
    """JSON numbers of the given shape; a flat list of the right length is reshaped."""
    value = parse_value(text)
    if value.shape != shape and value.size == cv.size(shape) and value.ndim <= 1:
        value = value.reshape(shape)
    if value.shape != shape:
        wanted = "a number" if not shape else "×".join(str(s) for s in shape) + " numbers"
        raise UserError(f"{what} needs {wanted}; got shape {fmt_shape(value.shape)}")
    return value


def _json(value: np.ndarray) -> str:
    return json.dumps(np.asarray(value).tolist())


class _CheckedDialog(QDialog):
    """OK is refused while the subclass's `chosen()` raises UserError: the problem shows in red above the buttons."""

    def _finish(self, layout: QVBoxLayout) -> None:
        # red readable on the dialog's background in a light or a dark palette, and after a switch
        self.error_label = tones.ToneLabel("", tones.error)
        self.error_label.setObjectName("dialogError")
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.chosen()
        except UserError as exc:
            self.error_label.setText(str(exc))
            return
        super().accept()


def jacobians_text(output: str, variables: list[str]) -> str:
    """The Jacobians a full-Jacobian pass gives, named as the cards, and what it costs:
    "∂y/∂W and ∂y/∂a (one backward pass per entry of y)"; past three variables the first two
    and their number: "∂y/∂W, ∂y/∂a, … (5 variables; one backward pass per entry of y)"."""
    parts = [f"∂{output}/∂{name}" for name in variables]
    cost = f"one backward pass per entry of {output}"
    if not parts:
        return f"of {output} with respect to every variable ({cost})"
    if len(parts) == 1:
        return f"{parts[0]} ({cost})"
    if len(parts) <= 3:
        return ", ".join(parts[:-1]) + f" and {parts[-1]} ({cost})"
    return f"{parts[0]}, {parts[1]}, … ({len(parts)} variables; {cost})"


class SeedDialog(_CheckedDialog):
    """A vector output: differentiate ⟨s, y⟩ for a seed s, or the full Jacobian of y with respect
    to each variable it depends on (`variables`: their names, as their cards show them)."""

    def __init__(self, output_label: str, shape: tuple[int, ...], parent=None, variables: list[str] = ()):
        super().__init__(parent)
        self.shape = shape
        self.setWindowTitle("Backward from a non-scalar output")
        layout = QVBoxLayout(self)
        name = output_label
        layout.addWidget(QLabel(f'The output "{name}" has shape {fmt_shape(shape)}, not a scalar.'))
        self.jacobian_radio = QRadioButton(f"Full Jacobian {jacobians_text(name, list(variables))}")
        self.seed_radio = QRadioButton(f"Seed s: differentiate L = ⟨s, {name}⟩")
        group = QButtonGroup(self)
        group.addButton(self.jacobian_radio)
        group.addButton(self.seed_radio)
        self.jacobian_radio.setChecked(True)
        layout.addWidget(self.jacobian_radio)
        layout.addWidget(self.seed_radio)
        self.seed_edit = QLineEdit(_json(np.ones(shape)))
        self.seed_edit.textEdited.connect(lambda _t: self.seed_radio.setChecked(True))
        layout.addWidget(self.seed_edit)
        self._finish(layout)

    def seed(self):
        """ "jacobian" or the seed array; raises UserError for a bad seed."""
        if self.jacobian_radio.isChecked():
            return JACOBIAN
        return parse_shaped(self.seed_edit.text(), self.shape, "the seed")

    chosen = seed


class TangentDialog(_CheckedDialog):
    """Forward mode: the direction v, one tangent per variable (default: ones on the first)."""

    def __init__(self, variables: list[tuple[str, str, tuple[int, ...]]], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Forward mode: choose a direction")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tangent of each variable (the direction v of the Jacobian-vector product):"))
        form = QFormLayout()
        self.edits: dict[str, tuple[QLineEdit, tuple[int, ...], str]] = {}
        for i, (node_id, label, shape) in enumerate(variables):
            edit = QLineEdit(_json(np.ones(shape) if i == 0 else np.zeros(shape)))
            form.addRow(f"{label} ∈ {fmt_shape(shape)}", edit)  # (as its card writes it)
            self.edits[node_id] = (edit, shape, label)
        layout.addLayout(form)
        self._finish(layout)

    def tangents(self) -> dict[str, np.ndarray]:
        return {
            nid: parse_shaped(edit.text(), shape, f'the tangent of "{label}"')
            for nid, (edit, shape, label) in self.edits.items()
        }

    chosen = tangents
