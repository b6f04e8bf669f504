"""File → New from Expression answered as a user would: the expression (and shapes) typed into
the dialog's fields, then OK clicked; a refused answer leaves the dialog open, so Cancel follows."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from graphviz_app.ui.expression_dialog import ExpressionDialog


def answer_expression(monkeypatch, text: str, shapes: str = "", problems: list | None = None) -> None:
    """The next New from Expression dialog gets text and shapes typed and OK clicked; what it
    then says is wrong (empty: nothing) is appended to problems."""

    def typed_and_ok(dialog: ExpressionDialog) -> int:
        QTest.keyClicks(dialog.expression, text)
        QTest.keyClicks(dialog.shapes, shapes)
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        if problems is not None:
            problems.append(dialog.problem_label.text() if dialog.problem_label.isVisibleTo(dialog) else "")
        if dialog.result() != QDialog.DialogCode.Accepted:
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(ExpressionDialog, "exec", typed_and_ok)
