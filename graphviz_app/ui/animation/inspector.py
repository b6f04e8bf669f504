"""The Inspector dock: everything the chain rule does at one node, with shapes.

It shows the active step's node while an animation runs, or the node the
user selected. The content comes from inspector_content (plain data); this
file only lays it out.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QFont
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
from .. import tones
from ..key_text import key_text
from ..selection_summary import selection_content
from . import inspector_content as ic
from .controller import BACKWARD, FORWARD, AnimationController
from .formula_view import FormulaView
from .group_view import GroupJacobianView
from .jacobian_table import JacobianTable
from .overlay_builder import lead_shape, loss_label
from .text_labels import set_text, text_label

# what an empty Inspector says: what it shows and how to fill it (a first start's user has not met it)
EMPTY_NOTE = (
    f"The Inspector shows the card you select: its value and shape. During Backward ({key_text('backward')}) it "
    "follows the chain rule one step at a time: each step's local Jacobian, the gradient arriving "
    "from the output, and their product.\n\n"
    f"Select a card, or open File → Examples and press {key_text('backward')}."
)


class InputBox(QGroupBox):
    """One input of the node: local Jacobian, product with its shape equation, accumulation, formula.

    Boxes are reused from step to step (set_section): building tables anew for
    every step would make a keyboard step visibly slow on large graphs.
    """

    def __init__(self, section: ic.InputSection, parent=None):
        super().__init__(section.title, parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(3)
        self.jacobian_label = text_label(bold=True)
        self.note_label = text_label(tone=tones.muted)
        self.table = JacobianTable()
        self.structure_label = text_label()  # subscripts (δₖᵢ) look broken in a monospace font
        self.formula_view = FormulaView()
        self.product_label = text_label(bold=True)
        self.equation_label = text_label(mono=True, name="shapeEquation")
        self.product_table = JacobianTable()
        self.accumulated_label = text_label(bold=True)
        self.accumulated_table = JacobianTable()
        for w in (  # the Jacobian's shape and structure above its entries: read first, whatever its size
            self.jacobian_label,
            self.structure_label,
            self.note_label,
            self.table,
            self.formula_view,
            self.product_label,
            self.equation_label,
            self.product_table,
            self.accumulated_label,
            self.accumulated_table,
        ):
            layout.addWidget(w)
        self.set_section(section)

    def set_section(self, section: ic.InputSection) -> None:
        self.section = section
        self.setTitle(section.title)
        set_text(self.jacobian_label, section.jacobian_title)
        set_text(self.note_label, section.jacobian_note)
        _set_table(self.table, section.jacobian)
        set_text(self.structure_label, f"structure: {section.structure}")
        self.formula_view.set_formula(section.formula, section.formula_latex, show=False)
        self.formula_view.setVisible(bool(section.formula))
        set_text(self.product_label, section.product_title)
        set_text(self.equation_label, f"shapes:  {section.equation}")
        _set_table(self.product_table, section.product)
        set_text(self.accumulated_label, section.accumulated_title)
        _set_table(self.accumulated_table, section.accumulated)


def _set_table(table: JacobianTable, presented) -> None:
    table.set_presented(presented)
    table.setVisible(presented is not None)


class InspectorPanel(QWidget):
    """The dock's content; its boxes are reused for each node shown."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.content: ic.InspectorContent | None = None
        self.boxes: list[InputBox] = []
        self.formula_views: list[FormulaView] = []
        self._box_pool: list[InputBox] = []
        self._formula_pool: list[FormulaView] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self.title_label = text_label("Nothing to inspect", weight=QFont.Weight.Bold, point_size=13)
        self.title_label.setObjectName("inspectorTitle")
        self.error_label = text_label(tone=tones.error, bold=True, name="errorLabel")  # the node's shape clash
        self.fix_label = text_label(tone=tones.error, name="fixLabel")
        self.subtitle_label = text_label(tone=tones.muted)
        self.value_label = text_label(mono=True, name="valueLabel")
        self.warning_label = text_label(tone=tones.error, name="warningLabel")  # where a nan or inf began here
        self.note_label = text_label(tone=tones.muted)
        self.incoming_label = text_label(bold=True)
        self.incoming_table = JacobianTable()
        self.incoming_table.setVisible(False)
        self.sum_label = text_label(mono=True, name="sumRule")
        for w in (
            self.title_label,
            self.error_label,
            self.fix_label,
            self.subtitle_label,
            self.value_label,
            self.warning_label,
            self.note_label,
            self.incoming_label,
            self.incoming_table,
            self.sum_label,
        ):
            self._layout.addWidget(w)
        self._layout.addStretch(1)

    def _box(self, i: int, section: ic.InputSection) -> InputBox:
        if i < len(self._box_pool):
            box = self._box_pool[i]
            box.set_section(section)
        else:
            box = InputBox(section, self)
            self._layout.insertWidget(self._layout.count() - 1, box)
            self._box_pool.append(box)
        return box

    def _formula(self, i: int, text: str, latex: str) -> FormulaView:
        if i < len(self._formula_pool):
            view = self._formula_pool[i]
            view.set_formula(text, latex, show=False)
        else:
            view = FormulaView(text, self, latex=latex)
            self._layout.insertWidget(self._layout.count() - 1, view)
            self._formula_pool.append(view)
        return view

    def show_content(self, content: ic.InspectorContent | None) -> None:
        self.content = content
        sections = content.inputs if content is not None else []
        formulas = content.formulas if content is not None else []
        self.boxes = [self._box(i, section) for i, section in enumerate(sections)]
        latex = content.formulas_latex if content is not None else []
        self.formula_views = [
            self._formula(i, text, latex[i] if i < len(latex) else "") for i, text in enumerate(formulas)
        ]
        # formulas of a node outside a pass come after the boxes of a pass: keep them last
        for view in self.formula_views:
            self._layout.removeWidget(view)
            self._layout.insertWidget(self._layout.count() - 1, view)
        for i, box in enumerate(self._box_pool):
            box.setVisible(i < len(self.boxes))
        for i, view in enumerate(self._formula_pool):
            view.setVisible(i < len(self.formula_views) and bool(view.text()))
        if content is None:
            self.title_label.setText("Nothing to inspect")
            self.title_label.setToolTip("")
            for w in (
                self.error_label,
                self.fix_label,
                self.subtitle_label,
                self.value_label,
                self.warning_label,
                self.incoming_label,
                self.incoming_table,
                self.sum_label,
            ):
                w.setVisible(False)
            set_text(self.note_label, EMPTY_NOTE)  # (not hidden first: shown again, it is measured again)
            return
        self.title_label.setText(content.title)
        self.title_label.setToolTip(content.title_tip)
        set_text(self.error_label, content.error)
        set_text(self.fix_label, content.fix)
        set_text(self.subtitle_label, content.subtitle)
        set_text(self.value_label, content.value_text)
        set_text(self.warning_label, content.warning)
        set_text(self.note_label, content.note)
        set_text(self.incoming_label, content.incoming_title)
        self.incoming_table.set_presented(content.incoming)
        self.incoming_table.setVisible(content.incoming is not None)
        set_text(
            self.sum_label,
            "Sum rule (one contribution per path):\n" + "\n".join(content.sum_rule) if content.sum_rule else "",
        )

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
        self.evaluator = None  # the scene's (an edit it will evaluate refreshes the panel then: after_edit)
        self.evaluation = None  # latest evaluation from the scene
        self.node: str | None = None
        self._stale = False  # a step was taken and the panel does not show it yet
        self._built_at = -1  # the evaluator's count of model changes when the panel was last built
        self._panel = InspectorPanel()
        self.group: str | None = None  # a selected group: its composite Jacobians instead (group_view.py)
        self.selection = None  # several cards selected (selection_summary.Selection): said instead of a card
        self.live = None  # View → Live gradients (live_gradients.LiveGradients): the gradient a card shows
        # in the scroll area instead of the panel while shown; the dock owns it meanwhile (a widget
        # owned only by Python would be destroyed by whichever thread's collection frees it)
        self.group_view = GroupJacobianView(self)
        self.group_view.hide()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(self._panel)
        # from the first start it says what it is for (its note set once it is in the scroll area:
        # put there, a panel is laid out at the scroll area's size before it is shown, 640 px)
        self._panel.show_content(None)
        self.setWidget(scroll)
        self.setMinimumWidth(264)  # (as narrow as the Chain rule tab beside it; its first width: sizeHint)
        controller.stepChanged.connect(self._on_step)
        controller.started.connect(lambda _m: self._on_step(controller.k))
        controller.conventionChanged.connect(lambda _c: self.refresh())
        # (at the end of a pass AnimationUi._on_ended refreshes it, once the window's graph is set)
        controller.updated.connect(self._on_rerun)

    WIDTH = 340  # its first width: tables and headings read without scrolling (narrower: they wrap)

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(max(hint.width(), self.WIDTH))
        return hint

    @property
    def panel(self) -> InspectorPanel:
        """The panel, showing the current step (brought up to date first if a step is pending)."""
        self.flush()
        return self._panel

    def _on_step(self, _k: int) -> None:
        # The canvas shows a step first; the panel follows one event-loop turn later (after the
        # canvas has painted), and a held arrow key refreshes it once per turn, not per step.
        self.node = self.controller.active_node()
        if not self._stale:
            self._stale = True
            QTimer.singleShot(0, self, self.flush)

    def _on_rerun(self) -> None:
        """The pass ran again after an edit (or is paused): the node shown stays, if it still exists."""
        if self.node is None or self.graph is None or self.node not in self.graph:
            self.node = self.controller.active_node()
        if not self._stale:
            self._stale = True
            QTimer.singleShot(0, self, self.flush)

    def flush(self) -> None:
        """Show the pending step now."""
        if self._stale:
            self.refresh()

    def drop_pending(self) -> None:
        """The window is closing: a step or an edit waiting to be shown is not built (none will see it)."""
        self._stale = False

    def on_selected(self, node_id) -> None:
        self.show_node(node_id)

    def live_changed(self) -> None:
        """Live gradients show other gradients on the cards: the panel follows, one event-loop turn later."""
        if not self.controller.active and not self._stale:
            self._stale = True
            QTimer.singleShot(0, self, self.flush)

    def on_evaluated(self, evaluation) -> None:
        self.evaluation = evaluation
        if not self.controller.active:
            self.refresh()

    def show_node(self, node_id: str | None) -> None:
        self.node = node_id
        if node_id is not None:
            self.group = None
        self.refresh()

    def show_group(self, group_id: str | None) -> None:
        """A group selected (None: none): its composite Jacobians, while no animation runs (during
        one the Inspector shows the step, whichever group is selected: nothing to show anew)."""
        self.group = group_id
        if not self.controller.active:
            self.refresh()

    def show_selection(self, selection) -> None:
        """Several cards selected (a selection_summary.Selection), or None: fewer than two."""
        if selection != self.selection:
            self.selection = selection
            if not self.controller.active:
                self.refresh()

    def after_edit(self, _index: int = 0) -> None:
        """An edit, an undo or a redo: what is inspected may now be hidden in a collapsed group. An
        edit that changed values is evaluated on the next event-loop turn, and that evaluation
        refreshes the panel (on_evaluated): till then it is only marked stale (read, it is brought up
        to date at once), not built twice, first with the values from before the edit. Nor is it built
        again when it already was since the edit's last change (a collapse selects its group's card
        once done, which built the group's view)."""
        if self.controller.active:
            return
        if self.evaluator is not None and self.evaluator.pending:
            self._stale = True
        elif self._stale or self.evaluator is None or self.evaluator.changes != self._built_at:
            self.refresh()

    def _hiding_group(self) -> str | None:
        """The collapsed group whose card stands for the inspected node (its own card hidden):
        the Inspector shows what the canvas shows, that group's card."""
        graph = self.graph
        if self.group is not None or self.node is None or graph is None or self.node not in graph:
            return None
        return graph.groups.shown_as().get(self.node)

    def refresh(self) -> None:
        self._stale = False
        self._built_at = self.evaluator.changes if self.evaluator is not None else -1
        graph, c = self.graph, self.controller
        hiding = None if c.active else self._hiding_group()
        group = self.group if hiding is None else hiding
        on_group = (
            group is not None
            and not c.active
            and self.selection is None
            and graph is not None
            and group in graph.groups
        )
        group_step = c.groups.group_step(c.k) if c.active and c.mode == BACKWARD else None
        shown = self.group_view if on_group or group_step is not None else self._panel
        if self.widget().widget() is not shown:
            hidden = self.widget().takeWidget()  # (kept: the scroll area would delete a widget it lets go of)
            hidden.hide()
            hidden.setParent(self)  # (owned by the dock, not by Python alone: see group_view above)
            self.widget().setWidget(shown)
        if group_step is not None:  # a collapsed group stepped over as one step (group_steps.py)
            warnings = [m for node in group_step.nodes for m in self._warnings(node)]
            steps = c.groups.step_text(c.k, c.count, sep=" of ")
            loss, lead = loss_label(c.trace), lead_shape(c.trace)  # (named as the canvas's badges name it)
            self.group_view.show_step(group_step, steps, loss, c.convention, warnings, lead)
        elif on_group:
            values = self.evaluation.values if self.evaluation is not None else None
            self.group_view.show_group(graph, group, c.convention, values)
        else:
            self._panel.show_content(self.build_content())
        # Lay the new content out now, not at the next event-loop turn: a step taken from
        # the keyboard (or a grab for export) must never show half-placed, overlapping boxes.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self._panel.layout().activate()
        # the scroll area re-fits the panel to its new height at once (as a layout request from the
        # panel would at the next turn); setWidgetResizable did too, but also laid the window out again
        QCoreApplication.sendEvent(self.widget(), QEvent(QEvent.Type.LayoutRequest))

    def _warnings(self, node: str) -> list[str]:
        """Where a value (the scene's latest evaluation) or a gradient of the backward pass shown
        became nan or inf at node, and why (core.domain_check, as the command line says it); first
        a column against a vector it broadcast to n×n (Evaluation.notes: X @ w − y)."""
        ev = self.evaluation
        said = (ev.notes, ev.undefined) if ev is not None else ()
        found = [told[node] for told in said if node in told]
        c = self.controller
        if c.active and c.mode == BACKWARD and not c.problem:
            found += c.gradient_warnings.get(node, [])
        return found

    def build_content(self) -> ic.InspectorContent | None:
        c = self.controller
        graph = c.graph if c.active else self.graph
        node = self.node
        if self.selection is not None and not c.active:
            return selection_content(self.selection)
        if graph is None or node is None or node not in graph:
            return None
        if c.active and c.mode == BACKWARD and not c.problem:
            return ic.backward_content(graph, c.trace, node, c.k, c.convention, self._warnings(node))
        if c.active and c.mode == FORWARD and not c.problem:
            return ic.forward_content(graph, c.trace, node, c.k, c.convention, self._warnings(node))
        # (a pass paused by an error: the node's value, or the error, from the latest evaluation)
        evaluation = c.evaluation if c.active and not c.problem else self.evaluation
        if evaluation is None or node not in evaluation.order:
            try:
                evaluation = engine.evaluate(graph)
            except UserError:  # a cycle: the scene already reports it
                evaluation = None
        live = self.live.of(node) if self.live is not None and not c.active else None
        content = ic.value_content(graph, node, evaluation, live, c.convention)
        if not content.error:  # (a layout says nothing about shapes that do not fit)
            content.subtitle = cv.convention_name(c.convention)
        return content
