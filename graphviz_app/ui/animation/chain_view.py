"""The "Chain rule" dock: pick a variable, see every path as a product of Jacobians.

The report comes from core.chain; the text layout from chain_text. It uses the
running backward animation's trace, or a backward pass (engine.default_backward) of the window's
graph when no animation runs. The animation's whole trace, not the step the canvas is at: the
caption says so and names the step. Only while the dock is shown: hidden, it computes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QComboBox, QDockWidget, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ...core import chain, engine
from ...core.errors import UserError
from ...core.graph_events import Reset
from ...core.naming import display_labels
from ...core.output_choice import output_in_use
from ..evaluator import Evaluator
from ..key_text import key_text
from .chain_text import report_text
from .controller import BACKWARD, AnimationController
from .formula_view import monospace_font

JACOBIAN_OUTPUT_LIMIT = 64  # a vector output up to this size is shown as a full Jacobian


# what an empty Chain rule tab says: what it shows and how to fill it
EMPTY_NOTE = (
    "The Chain rule tab writes a variable's gradient as the product of the local Jacobians on the "
    "path from the output back to it, with their shapes: (1×N)·(N×D) = (1×D).\n\n"
    "Build a graph with a variable (or open File → Examples), then choose the variable above."
)


class ChainDock(QDockWidget):
    def __init__(self, controller: AnimationController, evaluator: Evaluator, parent=None):
        super().__init__("Chain rule", parent)
        self.setObjectName("chainDock")
        self.controller = controller
        self.evaluator = evaluator  # the window's: its graph, and its evaluation of it
        self.graph = evaluator.graph
        self.report: chain.ChainReport | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        row = QHBoxLayout()
        row.addWidget(QLabel("Gradient with respect to"))
        self.variable_box = QComboBox()
        self.variable_box.setObjectName("chainVariable")
        self.variable_box.setMinimumContentsLength(8)
        self.variable_box.currentIndexChanged.connect(self._chosen_now)
        self.variable_box.activated.connect(self._note_choice)  # (also the one already shown)
        row.addWidget(self.variable_box, 1)
        layout.addLayout(row)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        # products of Jacobians are laid out in columns, to the dock's width (chain_text wraps
        # them, again when the dock is resized); the dock keeps the width the user gave it (the
        # canvas beside it never jumps), and only a matrix too wide even alone scrolls sideways
        self.text.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.text.setFont(monospace_font())
        self.text.viewport().installEventFilter(self)
        layout.addWidget(self.text, 1)
        self._names: dict[str, str] = {}
        self._columns = 0  # the width the report was last laid out for, in characters
        # the variable the user chose, by id: it stays chosen across a rename and its undo, and comes
        # back when an undo brings it back; by name only in another document (which reuses ids)
        self._chosen: str | None = None
        self._new_document = False
        self.graph.subscribe(self._on_model_event)
        self.setWidget(body)
        controller.started.connect(lambda _m: self.refresh_variables())
        controller.ended.connect(lambda _m: self.refresh_variables())
        controller.conventionChanged.connect(lambda _c: self.refresh())
        controller.updated.connect(self.refresh_variables)  # (an edit may add or remove variables)
        controller.stepChanged.connect(lambda _k: self._show_source())  # (the caption names the step)
        self._stale = False  # something changed while the dock was hidden
        self._showing = False  # as visibilityChanged last said (a tab behind another stays "visible")
        self.visibilityChanged.connect(self._on_visibility)

    def detach(self) -> None:
        """Stop following the graph (the window is closing; the graph may live on, in a script)."""
        self.graph.unsubscribe(self._on_model_event)

    def _on_model_event(self, event) -> None:
        if isinstance(event, Reset):  # another file, or a whole graph replaced
            self._new_document = True

    def _note_choice(self, _index: int = 0) -> None:
        self._chosen = self.variable_box.currentData()

    def _chosen_now(self, _index: int) -> None:
        self._note_choice()
        self.refresh()

    def _current_graph(self):
        return self.controller.graph if self.controller.active else self.graph

    def _on_visibility(self, visible: bool) -> None:
        self._showing = visible
        if visible and self._stale:
            self.refresh_variables()

    def _hidden(self) -> bool:
        """Hidden (closed, or behind the Inspector's tab): nothing is computed, only noted, and
        the dock catches up when it is shown (a backward pass per edit would cost as much as the edit)."""
        self._stale = not self._showing
        return self._stale

    def refresh_variables(self) -> None:
        if self._hidden():
            return
        graph = self._current_graph()
        # keep the choice by id (its name may have changed); in another document by name: another
        # file reuses the same node ids for other nodes
        keep = self.variable_box.currentText()
        by_name, self._new_document = self._new_document, False
        self.variable_box.blockSignals(True)
        self.variable_box.clear()
        if graph is not None:
            names = display_labels(graph)  # as the cards name them (variable₁), never an id
            inputs = sorted((n for n in graph.nodes() if n.is_input), key=lambda n: (n.kind != "variable", names[n.id]))
            for n in inputs:
                suffix = "" if n.kind == "variable" else "  (constant)"
                self.variable_box.addItem(names[n.id] + suffix, n.id)
            index = -1 if by_name else self.variable_box.findData(self._chosen)
            if index < 0 and keep:
                index = self.variable_box.findText(keep)
            self.variable_box.setCurrentIndex(index if index >= 0 else (0 if inputs else -1))
            if by_name or self._chosen is None:
                self._chosen = self.variable_box.currentData()
        self.variable_box.blockSignals(False)
        self.refresh()

    def select_variable(self, node_id: str) -> None:
        index = self.variable_box.findData(node_id)
        if index >= 0:
            self.variable_box.setCurrentIndex(index)
            self._chosen = node_id

    def _trace(self, graph):
        c = self.controller
        if c.active and c.problem:
            raise UserError(c.problem)
        if c.active and c.mode == BACKWARD:
            return c.trace
        out, _implied = output_in_use(graph)  # the only node that feeds nothing is the output, as for F6
        if out is None:
            raise UserError(
                "Several nodes feed nothing: choose the output (right-click a node → Set as Output) "
                "to see the chain rule."
            )
        ev = self.evaluator.evaluation  # the window's (evaluated now if an edit is pending)
        if ev.require(out).size > JACOBIAN_OUTPUT_LIMIT:
            raise UserError(
                f"The output is large: run Backward ({key_text('backward')}) with a seed to see its chain rule."
            )
        return engine.default_backward(graph, out, ev)

    def refresh(self) -> None:
        if self._hidden():
            return
        graph = self._current_graph()
        variable = self.variable_box.currentData()
        self.report = None
        if graph is None or variable is None or variable not in graph:
            self._show(EMPTY_NOTE, "")
            return
        try:
            trace = self._trace(graph)
            self.report = chain.chain_report(graph, trace, variable, self.controller.convention)
        except UserError as exc:
            self._show(str(exc), "")
            return
        self._names = display_labels(graph)
        self._columns = self.columns()
        self._show("", report_text(self.report, self._names, self._columns))
        self._show_source()

    def _show_source(self) -> None:
        """The summary, and where its numbers come from. During the animation they are the whole
        pass's, whatever step the canvas shows: said, with the step, so no one reads them as the step's."""
        c = self.controller
        if self.report is None or self._stale:
            return
        if c.active and c.mode == BACKWARD:
            at = c.groups.step_text(c.k, c.count, sep=" of ")
            source = f"the whole backward pass; the canvas is at {at}"
        else:  # the output by name, and whether it is only implied (as F6 and the status bar say it)
            out, implied = output_in_use(self._current_graph())
            source = f'a backward pass of the current graph from "{self._names[out]}"'
            source += " (the only end node)" if implied else ""
        self.status_label.setText(f"{self.report.summary}\nNumbers from {source}.")

    def _show(self, status: str, text: str) -> None:
        self.status_label.setText(status)
        self.text.setPlainText(text)

    def columns(self) -> int:
        """How many characters of the monospace font fit across the text now (at least 24)."""
        margin = 2 * self.text.document().documentMargin() + 2
        char = QFontMetricsF(self.text.font()).horizontalAdvance("0") or 7.0
        return max(24, int((self.text.viewport().width() - margin) / char))

    def eventFilter(self, watched, event) -> bool:
        # a resized dock lays the same report out again for its new width (nothing is recomputed)
        if watched is self.text.viewport() and event.type() == QEvent.Resize and self.report is not None:
            if self.columns() != self._columns:
                self._columns = self.columns()
                bar = self.text.verticalScrollBar()
                at = bar.value()
                self.text.setPlainText(report_text(self.report, self._names, self._columns))
                bar.setValue(at)
        return super().eventFilter(watched, event)
