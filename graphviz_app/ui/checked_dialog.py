"""A small dialog whose OK waits for good input: `problem()` says what is wrong (None: nothing),
checked as the user types and again at OK; the problem shows in full above the buttons, in a
colour that follows a light / dark switch."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLayout, QVBoxLayout

from . import tones
from .tones import ToneLabel


class CheckedDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.body = QVBoxLayout(self)
        self.body.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # grows to show a problem in full

    def problem(self) -> str | None:
        """Why OK cannot be pressed now (the subclass says)."""
        return None

    def finish(self) -> None:
        """Adds the problem line and the buttons under what the subclass put in `body`."""
        self.problem_label = ToneLabel("", tones.error, self)
        self.problem_label.setObjectName("dialogProblem")
        self.problem_label.setWordWrap(True)
        self.body.addWidget(self.problem_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body.addWidget(self.buttons)
        self.check()

    def check(self, *_args) -> None:
        problem = self.problem()
        self.problem_label.setText(problem or "")
        self.problem_label.setVisible(problem is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def accept(self) -> None:
        if self.problem() is None:  # (Enter while a problem shows does nothing)
            super().accept()
