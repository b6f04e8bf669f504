"""Edit an op's parameters (pow's exponent p): one number field per parameter the op declares
(OpDef.defaults), checked as typed; OK waits for numbers it can use."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from ..core.naming import display_label
from ..core.ops import get_op
from ..core.values import format_number
from .checked_dialog import CheckedDialog
from .value_grid import parse_cell


class ParamsDialog(CheckedDialog):
    def __init__(self, graph, node_id: str, parent=None):
        super().__init__(parent)
        node = graph.node(node_id)
        self.op = get_op(node.op)
        current = self.op.params_with_defaults(node.params)
        self.setWindowTitle(f"Parameters of {display_label(graph, node_id)}")
        self.body.addWidget(QLabel(f"{self.op.name}: {self.op.description}", self))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key, default in self.op.defaults.items():
            edit = QLineEdit(format_number(float(current[key])), self)
            edit.setPlaceholderText(f"default {format_number(float(default))}")
            edit.textChanged.connect(self.check)
            form.addRow(f"{key} =", edit)
            self.edits[key] = edit
        self.body.addLayout(form)
        self.finish()

    def _read(self) -> tuple[dict[str, float], list[str]]:
        """The numbers typed, and the fields that hold no finite number."""
        values, bad = {}, []
        for key, edit in self.edits.items():
            try:
                values[key] = parse_cell(edit.text())
            except ValueError:
                bad.append(key)
                continue
            if not math.isfinite(values[key]):
                bad.append(key)
        return values, bad

    def params(self) -> dict[str, float] | None:
        """The parameters typed (None while one is not a finite number)."""
        values, bad = self._read()
        return None if bad else values

    def problem(self) -> str | None:
        bad = self._read()[1]
        return f"{', '.join(bad)}: type a number, such as 3 or -0.5" if bad else None
