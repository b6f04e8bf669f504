"""Rename a node: the name is checked as it is typed (core.naming.name_problem), and OK waits
for a good one, so a refused name never closes the dialog and loses what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from ..core.naming import display_label, name_problem
from .checked_dialog import CheckedDialog


class RenameDialog(CheckedDialog):
    def __init__(self, graph, node_id: str, parent=None):
        super().__init__(parent)
        self.graph, self.node_id = graph, node_id
        self.setWindowTitle("Rename")
        self.body.addWidget(QLabel(f"New name for {display_label(graph, node_id)} (empty: no name):", self))
        self.edit = QLineEdit(graph.node(node_id).name or "", self)
        self.edit.selectAll()
        self.edit.setMinimumWidth(280)
        self.body.addWidget(self.edit)
        self.finish()
        self.problem_label.setObjectName("renameProblem")
        self.edit.textChanged.connect(self.check)

    def name(self) -> str:
        return self.edit.text().strip()

    def problem(self) -> str | None:
        return name_problem(self.graph, self.node_id, self.edit.text())
