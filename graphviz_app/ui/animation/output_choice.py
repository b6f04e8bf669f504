"""F6 on a graph without an output and several candidates (core.output_choice): a short list
of them, named as their cards name them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from ...core.engine import Evaluation
from ...core.graph import Graph
from ...core.naming import display_labels
from ..canvas.labels import shape_text


class OutputChoiceDialog(QDialog):
    """Which node is the output? A list of the candidates; Enter or a double-click takes one."""

    def __init__(self, graph: Graph, candidates: list[str], evaluation: Evaluation | None, parent=None):
        super().__init__(parent)
        self.setObjectName("outputChoice")
        self.setWindowTitle("Choose the output")
        names = display_labels(graph)
        layout = QVBoxLayout(self)
        text = QLabel("Backward differentiates one node, the output. Several nodes feed nothing: which one?")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.list = QListWidget(self)
        self.list.setObjectName("outputList")
        values = evaluation.values if evaluation is not None else {}
        for nid in candidates:
            value = values.get(nid)
            shape = shape_text(value.shape) if value is not None else "no value"
            item = QListWidgetItem(f"{names.get(nid, nid)}    {shape}")
            item.setData(Qt.ItemDataRole.UserRole, nid)
            item.setToolTip(f"{names.get(nid, nid)}: {shape}")
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set as Output")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.setFocus()
        rows = min(len(candidates), 8)
        self.resize(360, 130 + rows * self.list.sizeHintForRow(0))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.activateWindow()  # the keyboard goes to the list at once: arrows, then Enter
        self.list.setFocus()

    def choice(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def names(self) -> list[str]:
        """What the list shows, one entry per candidate."""
        return [self.list.item(i).text() for i in range(self.list.count())]
