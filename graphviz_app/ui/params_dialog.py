"""Edit an op's parameters (pow's exponent p): one number field per parameter the op declares
(OpDef.defaults), checked as typed; OK waits for numbers it can use."""
from __future__ import annotations

import math

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLayout, QLineEdit, QVBoxLayout

from ..core.naming import display_label
from ..core.ops import get_op
from . import tones
from .tones import ToneLabel


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


class ParamsDialog(QDialog):
    def __init__(self, graph, node_id: str, parent=None):
        super().__init__(parent)
        node = graph.node(node_id)
        self.op = get_op(node.op)
        current = self.op.params_with_defaults(node.params)
        self.setWindowTitle(f"Parameters of {display_label(graph, node_id)}")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # grows to show a problem in full
        layout.addWidget(QLabel(f"{self.op.name}: {self.op.description}", self))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key, default in self.op.defaults.items():
            edit = QLineEdit(_number(current[key]), self)
            edit.setPlaceholderText(f"default {_number(default)}")
            edit.textChanged.connect(self._check)
            form.addRow(f"{key} =", edit)
            self.edits[key] = edit
        layout.addLayout(form)
        self.problem = ToneLabel("", tones.error, self)
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    def params(self) -> dict[str, float] | None:
        """The parameters typed (None while one is not a finite number)."""
        out = {}
        for key, edit in self.edits.items():
            try:
                value = float(edit.text().strip().replace("−", "-"))
            except ValueError:
                return None
            if not math.isfinite(value):
                return None
            out[key] = value
        return out

    def _check(self, *_args) -> None:
        bad = [key for key, edit in self.edits.items() if self._bad(edit.text())]
        self.problem.setText(f"{', '.join(bad)}: type a number, such as 3 or -0.5" if bad else "")
        self.problem.setVisible(bool(bad))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not bad)

    @staticmethod
    def _bad(text: str) -> bool:
        try:
            return not math.isfinite(float(text.strip().replace("−", "-")))
        except ValueError:
            return True

    def accept(self) -> None:
        if self.params() is not None:  # (Enter with a bad number does nothing)
            super().accept()
