"""Rename a node: the name is checked as it is typed (core.naming.name_problem), and OK waits
for a good one, so a refused name never closes the dialog and loses what was typed."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QLineEdit, QVBoxLayout

from ..core.naming import display_label, name_problem
from . import tones
from .tones import ToneLabel


class RenameDialog(QDialog):
    def __init__(self, graph, node_id: str, parent=None):
        super().__init__(parent)
        self.graph, self.node_id = graph, node_id
        node = graph.node(node_id)
        self.setWindowTitle("Rename")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # grows to show a problem in full
        prompt = QLabel(f"New name for {display_label(graph, node_id)} (empty: no name):", self)
        layout.addWidget(prompt)
        self.edit = QLineEdit(node.name or "", self)
        self.edit.selectAll()
        self.edit.setMinimumWidth(280)
        layout.addWidget(self.edit)
        self.problem = ToneLabel("", tones.error, self)  # (follows a light / dark switch)
        self.problem.setObjectName("renameProblem")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._check)
        self._check(self.edit.text())

    def name(self) -> str:
        return self.edit.text().strip()

    def _check(self, text: str) -> None:
        problem = name_problem(self.graph, self.node_id, text)
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def accept(self) -> None:
        if name_problem(self.graph, self.node_id, self.edit.text()) is None:  # (Enter with a bad name)
            super().accept()
