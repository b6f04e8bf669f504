"""The Inspector dock: everything the chain rule does at one node, with shapes.

It shows the active step's node while an animation runs, or the node the
user selected. The content comes from inspector_content (plain data); this
file only lays it out.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core import conventions as cv
from ...core import engine
from ...core.errors import UserError
from . import inspector_content as ic
from .controller import BACKWARD, FORWARD, AnimationController
from .formula_view import FormulaView, monospace_font
from .jacobian_table import JacobianTable


def _label(text: str = "", *, bold: bool = False, mono: bool = False, muted: bool = False, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)  # a narrow dock wraps long shape equations instead of widening the panel
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    label.setTextFormat(Qt.PlainText)
    if mono:
        label.setFont(monospace_font())
    style = []
    if bold:
        style.append("font-weight: 600")
    if muted:
        style.append("color: #666")
    if style:
        label.setStyleSheet("QLabel { " + "; ".join(style) + " }")
    if name:
        label.setObjectName(name)
    if not text:
        label.hide()  # never setVisible(True) on a parentless widget: it would open as a window
    return label


class InputBox(QGroupBox):
    """One input of the node: local Jacobian, product with its shape equation, accumulation, formula."""

    def __init__(self, section: ic.InputSection, parent=None):
        super().__init__(section.title, parent)
        self.section = section
        layout = QVBoxLayout(self)
        layout.setSpacing(3)
        self.jacobian_label = _label(section.jacobian_title, bold=True)
        layout.addWidget(self.jacobian_label)
        self.note_label = _label(section.jacobian_note, muted=True)
        layout.addWidget(self.note_label)
        self.table = JacobianTable(section.jacobian) if section.jacobian is not None else None
        if self.table is not None:
            layout.addWidget(self.table)
        self.structure_label = _label(f"structure: {section.structure}", mono=True)
        layout.addWidget(self.structure_label)
        self.formula_view = FormulaView(section.formula, latex=section.formula_latex)
        layout.addWidget(self.formula_view)
        self.product_label = _label(section.product_title, bold=True)
        layout.addWidget(self.product_label)
        self.equation_label = _label(f"shapes:  {section.equation}", mono=True, name="shapeEquation")
        layout.addWidget(self.equation_label)
        self.product_table = JacobianTable(section.product)
        layout.addWidget(self.product_table)
        self.accumulated_label = _label(section.accumulated_title, bold=True)
        layout.addWidget(self.accumulated_label)
        self.accumulated_table = JacobianTable(section.accumulated) if section.accumulated is not None else None
        if self.accumulated_table is not None:
            layout.addWidget(self.accumulated_table)


class InspectorPanel(QWidget):
    """The dock's content; rebuilt for each node shown."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.content: ic.InspectorContent | None = None
        self.boxes: list[InputBox] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self.title_label = _label("Nothing to inspect", bold=True)
        self.title_label.setStyleSheet("QLabel { font-weight: 700; font-size: 13pt; }")
        self.subtitle_label = _label(muted=True)
        self.value_label = _label(mono=True, name="valueLabel")
        self.note_label = _label(muted=True)
        self.incoming_label = _label(bold=True)
        self.incoming_table = JacobianTable()
        self.incoming_table.setVisible(False)
        self.sum_label = _label(mono=True, name="sumRule")
        for w in (self.title_label, self.subtitle_label, self.value_label, self.note_label,
                  self.incoming_label, self.incoming_table, self.sum_label):
            self._layout.addWidget(w)
        self._boxes_at = self._layout.count()
        self.formula_views: list[FormulaView] = []
        self._layout.addStretch(1)

    def show_content(self, content: ic.InspectorContent | None) -> None:
        self.content = content
        for box in self.boxes + self.formula_views:
            self._layout.removeWidget(box)
            box.hide()  # out of sight now; deleted at the next event-loop turn
            box.deleteLater()
        self.boxes, self.formula_views = [], []
        if content is None:
            self.title_label.setText("Nothing to inspect")
            for w in (self.subtitle_label, self.value_label, self.note_label, self.incoming_label,
                      self.incoming_table, self.sum_label):
                w.setVisible(False)
            self.note_label.setText("Select a node, or run Backward (F6) to follow the chain rule step by step.")
            self.note_label.setVisible(True)
            return
        self.title_label.setText(content.title)
        self._set(self.subtitle_label, content.subtitle)
        self._set(self.value_label, content.value_text)
        self._set(self.note_label, content.note)
        self._set(self.incoming_label, content.incoming_title)
        self.incoming_table.set_presented(content.incoming)
        self.incoming_table.setVisible(content.incoming is not None)
        self._set(self.sum_label, "Sum rule (one contribution per path):\n" + "\n".join(content.sum_rule)
                  if content.sum_rule else "")
        at = self._boxes_at
        for section in content.inputs:
            box = InputBox(section, self)
            self._layout.insertWidget(at, box)
            self.boxes.append(box)
            at += 1
        for i, text in enumerate(content.formulas):
            latex = content.formulas_latex[i] if i < len(content.formulas_latex) else ""
            view = FormulaView(text, self, latex=latex)
            self._layout.insertWidget(at, view)
            self.formula_views.append(view)
            at += 1

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def texts(self) -> str:
        """Every text shown, one per line (for tests and accessibility)."""
        parts = []
        for label in self.findChildren(QLabel):
            if label.isVisibleTo(self) and label.text():
                parts.append(label.text())
        return "\n".join(parts)


class InspectorDock(QDockWidget):
    def __init__(self, controller: AnimationController, parent=None):
        super().__init__("Inspector", parent)
        self.setObjectName("inspectorDock")
        self.controller = controller
        self.graph = None  # the window's graph, for selected nodes outside an animation
        self.evaluation = None  # latest evaluation from the scene
        self.node: str | None = None
        self.panel = InspectorPanel()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(self.panel)
        self.setWidget(scroll)
        self.setMinimumWidth(340)
        controller.stepChanged.connect(self._on_step)
        controller.started.connect(lambda _m: self._on_step(controller.k))
        controller.conventionChanged.connect(lambda _c: self.refresh())
        controller.ended.connect(lambda _m: self.refresh())

    def _on_step(self, _k: int) -> None:
        self.show_node(self.controller.active_node())

    def on_selected(self, node_id) -> None:
        self.show_node(node_id)

    def on_evaluated(self, evaluation) -> None:
        self.evaluation = evaluation
        if not self.controller.active:
            self.refresh()

    def show_node(self, node_id: str | None) -> None:
        self.node = node_id
        self.refresh()

    def refresh(self) -> None:
        self.panel.show_content(self.build_content())
        # Lay the new content out now, not at the next event-loop turn: a step taken from
        # the keyboard (or a grab for export) must never show half-placed, overlapping boxes.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.panel.layout().activate()
        self.widget().setWidgetResizable(True)  # re-fits the panel to its new height at once

    def build_content(self) -> ic.InspectorContent | None:
        c = self.controller
        graph = c.graph if c.active else self.graph
        node = self.node
        if graph is None or node is None or node not in graph:
            return None
        if c.active and c.mode == BACKWARD:
            return ic.backward_content(graph, c.trace, node, c.k, c.convention)
        if c.active and c.mode == FORWARD:
            return ic.forward_content(graph, c.trace, node, c.k, c.convention)
        evaluation = c.evaluation if c.active else self.evaluation
        if evaluation is None or node not in evaluation.order:
            try:
                evaluation = engine.evaluate(graph)
            except UserError:  # a cycle: the scene already reports it
                evaluation = None
        content = ic.value_content(graph, node, evaluation)
        content.subtitle = cv.convention_name(c.convention)
        return content
