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
        usable = []
        for nid in candidates:
            value = values.get(nid)
            name = names.get(nid, nid)
            if value is not None:
                item = QListWidgetItem(f"{name}    {shape_text(value.shape)}")
                item.setToolTip(f"{name}: {shape_text(value.shape)}")
                usable.append(self.list.count())
            else:
                # greyed: a node without a value has nothing to differentiate; the tooltip says why
                item = QListWidgetItem(f"{name}    no value: cannot be the output yet")
                problem = evaluation.problem(nid) if evaluation is not None else None
                item.setToolTip(
                    f"{name} has no value, so Backward cannot start from it" + (f": {problem}" if problem else ".")
                )
                item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable))
            item.setData(Qt.ItemDataRole.UserRole, nid)
            self.list.addItem(item)
        if usable:
            self.list.setCurrentRow(usable[0])
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        if not usable:
            none = QLabel("None of them has a value yet: fix the problem on its card first (hover a row to see it).")
            none.setObjectName("outputNone")
            none.setWordWrap(True)
            layout.addWidget(none)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set as Output")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(usable))
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
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None  # (a greyed row is never chosen, even if made current by hand)
        return item.data(Qt.ItemDataRole.UserRole)

    def usable(self) -> list[bool]:
        """Per row: whether it can be chosen (greyed rows have no value)."""
        return [bool(self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled) for i in range(self.list.count())]

    def tips(self) -> list[str]:
        return [self.list.item(i).toolTip() for i in range(self.list.count())]

    def names(self) -> list[str]:
        """What the list shows, one entry per candidate."""
        return [self.list.item(i).text() for i in range(self.list.count())]
