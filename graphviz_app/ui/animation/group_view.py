"""The Inspector's view of a group: its composite local Jacobians and how each is made.

For every output and input of the group (core/composite.py): J_layer = J_tanh · J_matmul, the
shapes (3×3)·(3×(3×2)) = (3×(3×2)), the factors of the first inside path and their product as
heatmap tables, in the layout chosen. It only renders core.composite's data.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ...core import conventions as cv
from ...core.composite import CompositeJacobian, composite_jacobians, stacked_jacobian
from ...core.errors import UserError
from ...core.group_card import tag_rows
from .. import tones
from ..key_text import key_text
from .inspector_content import passed_back
from .jacobian_table import JacobianTable
from .text_labels import set_text, text_label

_OPEN, _CLOSE = "\x00", "\x01"  # around a name set as a subscript (never in a name)


def _marked(label: str) -> str:  # (a name-writer given to core.composite)
    return f"J{_OPEN}{label}{_CLOSE}"


def subscripted_label(marked: str, **style) -> QLabel:
    """A label showing marked text (J + a _marked name) with the name as a subscript, J<sub>tanh</sub>,
    as group₁'s own subscript reads; its text() writes J_tanh."""
    label = text_label(marked.replace(_OPEN, "_").replace(_CLOSE, ""), **style)
    if _OPEN not in marked:
        return label
    shown = html.escape(marked).replace(_OPEN, "<sub>").replace(_CLOSE, "</sub>").replace("  ", "&nbsp; ")
    label.set_rich_text(shown, label.text())
    return label


class CompositeBox(QGroupBox):
    """One ∂output/∂input of the group: the product, its shapes, its factors and its value. block:
    one block among several of the group's Jacobian (it is then named by its derivative)."""

    def __init__(self, jac: CompositeJacobian, convention: str, parent=None, block: bool = False, table=JacobianTable):
        """table: makes the table of a presented matrix (the view's _table, which reuses its last tables)."""
        super().__init__(
            f"{jac.derivative}  ({cv.jacobian_shape_text(jac.out_shape, jac.in_shape, convention)})", parent
        )
        self.jacobian = jac
        self.tables: list[JacobianTable] = []
        self._new_table = table
        layout = QVBoxLayout(self)
        layout.setSpacing(3)
        product = subscripted_label(jac.text_in(convention, _marked, block), bold=True, name="compositeText")
        layout.addWidget(product)
        layout.addWidget(text_label(f"shapes:  {jac.shape_equation_in(convention)}", mono=True, name="compositeShapes"))
        if not jac.connected:
            layout.addWidget(text_label("no path inside the group joins them: the Jacobian is zero", tone=tones.muted))
        elif jac.path_count > 1:
            layout.addWidget(
                text_label(f"{jac.path_count} paths inside the group: their products add up", tone=tones.muted)
            )
        factors = jac.paths[0] if jac.paths else []
        t = "ᵀ" if convention == cv.DENOMINATOR else ""
        if len(factors) > 1 or not jac.connected:
            for factor in factors if convention == cv.NUMERATOR else reversed(factors):
                shape = cv.jacobian_shape_text(factor.out_shape, factor.in_shape, convention)
                text = f"{_marked(factor.label)}{t} = ∂{factor.label}/∂{factor.input_label}   {shape}"
                layout.addWidget(subscripted_label(text, bold=True))
                structure = factor.transposed_structure if t else factor.structure  # (the heading says ᵀ)
                self._matrix(layout, factor.value, factor.out_shape, factor.in_shape, factor.label,
                             factor.input_label, convention, structure)  # fmt: skip
        shape = cv.jacobian_shape_text(jac.out_shape, jac.in_shape, convention)
        derivative = f"({jac.derivative}){t}" if t else jac.derivative
        heading = f"{derivative}   {shape}" if block else f"{_marked(jac.group_name)}{t} = {derivative}   {shape}"
        layout.addWidget(subscripted_label(heading, bold=True, name="compositeProduct"))
        self._matrix(layout, jac.value, jac.out_shape, jac.in_shape, jac.output_label, jac.input_label, convention,
                     jac.transposed_structure if t else jac.structure)  # fmt: skip
        self.product_table = self.tables[-1] if jac.value is not None else None

    def _matrix(self, layout, value, out_shape, in_shape, out_label, in_label, convention, structure) -> None:
        """structure: of the matrix shown (in the denominator layout, of the transpose the heading says)."""
        if value is None:
            layout.addWidget(text_label(f"too large to show densely; structure: {structure}", tone=tones.muted))
            return
        table = self._new_table(cv.jacobian(value, out_shape, in_shape, convention, out_label, in_label))
        self.tables.append(table)
        layout.addWidget(table)


class GroupJacobianView(QWidget):
    """A group's composite Jacobians (show_group), one box per output and input."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.boxes: list[CompositeBox] = []
        self.stacked_table: JacobianTable | None = None  # several blocks: the group's whole Jacobian
        self.passed_tables: dict[str, JacobianTable] = {}  # at a group step: input's name -> its gradient
        self._passed: list[QWidget] = []  # those tables and their headings
        # the tables of the content shown before, made again for the next (building a table costs
        # more than giving it another matrix, and a step shows a dozen)
        self._spare: list[JacobianTable] = []
        self._shelf = QWidget(self)  # where they wait, hidden (owned by the view, out of its layout)
        self._shelf.hide()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self.title_label = text_label(weight=QFont.Weight.Bold, point_size=13, name="groupTitle")
        self.subtitle_label = text_label(tone=tones.muted)
        self.warning_label = text_label(tone=tones.error, name="warningLabel")  # where a nan or inf began inside
        self._layout.addWidget(self.title_label)
        self._layout.addWidget(self.subtitle_label)
        self._layout.addWidget(self.warning_label)
        # at a group step: every gradient its card's tag lists, all of them (the tag shows a few)
        self.variables_heading = text_label(bold=True, name="groupVariablesHeading")
        self.variables_label = text_label(name="groupVariables")
        self._layout.addWidget(self.variables_heading)
        self._layout.addWidget(self.variables_label)
        self.note_label = text_label(tone=tones.muted, name="groupNote")
        self._layout.addWidget(self.note_label)
        self._layout.addStretch(1)

    def _table(self, presented) -> JacobianTable:
        """A table showing presented: a spare one given this matrix, or a new one."""
        if not self._spare:
            return JacobianTable(presented)
        table = self._spare.pop()
        table.set_presented(presented)
        return table

    def _clear(self) -> None:
        tables = [t for box in self.boxes for t in box.tables] + list(self.passed_tables.values())
        tables += [self.stacked_table] if self.stacked_table is not None else []
        for table in tables:
            table.setParent(self._shelf)  # (out of its layout; kept: deleted with its box otherwise)
        self._spare += tables
        for box in self.boxes:
            self._layout.removeWidget(box)
            box.hide()  # (gone from what texts() reads now; deleted at the next event-loop turn)
            box.deleteLater()
        self.boxes = []
        for w in self._passed:
            if isinstance(w, JacobianTable):  # (a spare one now)
                continue
            self._layout.removeWidget(w)
            w.hide()
            w.deleteLater()
        self._passed, self.passed_tables, self.stacked_table = [], {}, None
        set_text(self.note_label, "")
        set_text(self.variables_heading, "")
        set_text(self.variables_label, "")

    def _add_boxes(self, jacobians: list[CompositeJacobian], convention: str) -> None:
        """One box per block; with several blocks (outputs or inputs), first the whole Jacobian they
        make, ∂(x1, x2)/∂t, so no box claims to be the group's Jacobian alone."""
        stacked = stacked_jacobian(jacobians, convention)
        if stacked is not None and jacobians:
            t = "ᵀ" if convention == cv.DENOMINATOR else ""
            symbol = f"({stacked.symbol}){t}" if t else stacked.symbol
            text = f"{_marked(jacobians[0].group_name)}{t} = {symbol}   {stacked.shape_text}: {stacked.blocks}"
            widgets: list[QWidget] = [subscripted_label(text, bold=True, name="stackedJacobian")]
            if stacked.value is not None:
                self.stacked_table = self._table(stacked.value)
                widgets.append(self.stacked_table)
            for w in widgets:
                self._layout.insertWidget(self._layout.count() - 1, w)
                w.show()
                self._passed.append(w)  # (cleared with the step's other widgets)
        for jac in jacobians:
            box = CompositeBox(jac, convention, self, block=stacked is not None, table=self._table)
            self._layout.insertWidget(self._layout.count() - 1, box)
            box.show()  # (a layout shows a new child only at the next event-loop turn)
            self.boxes.append(box)

    def show_step(self, step, steps: str, loss: str, convention: str, warnings=(), lead=()) -> None:
        """A backward step over a whole collapsed group (core.group_trace.GroupStep); steps: the
        trace's steps it stands for, as the timeline numbers them ("steps 2, 4–5 of 6"); loss and
        lead: what is differentiated, as the canvas's badges name it (overlay_builder.loss_label,
        lead_shape); warnings: where a value or gradient became nan or inf inside it, and why.
        Every gradient is shown in the layout chosen, with its shape, as the badges show it."""
        self._clear()
        self._set_warnings(warnings)
        set_text(self.title_label, f"{step.name}  ·  one step for the group")
        lines = [f"Backward {steps}  ·  {cv.convention_name(convention)}"]
        for out in step.outputs:
            p = cv.gradient(out.grad, out.out_shape, convention, lead, loss, out.label)
            lines.append(
                f"arriving at {out.label}:  {cv.symbol(loss, out.label)} = {cv.short_presented(p, 6)}  {p.shape_text}"
            )
        set_text(self.subtitle_label, "\n".join(lines))
        self._show_variables(step, loss, convention, lead)
        at = self._layout.indexOf(self.note_label)
        for inp in step.inputs:
            for w in self._passed_back(inp, loss, convention, lead):
                self._layout.insertWidget(at, w)
                w.show()
                self._passed.append(w)
                at += 1
        set_text(
            self.note_label,
            step.note or f"Dive In ({key_text('dive_in')}) expands the group and steps through its own steps.",
        )
        self._add_boxes(step.jacobians, convention)

    def _show_variables(self, step, loss: str, convention: str, lead) -> None:
        """The gradients of the group's variables, as its card's tag lists them (in name order), all
        of them: the tag lists a few and says "… and 37 more (all in the Inspector)". Each is the
        trace's, complete when the group's step is taken."""
        inner = {s.node: s for s in step.inner if s.kind == "leaf"}
        rows = tag_rows(list(inner), lambda n: inner[n].label)
        lines = []
        for n in rows:
            s = inner[n]
            p = cv.gradient(s.grad, s.out_shape, convention, lead, loss, s.label)
            lines.append(f"{cv.symbol(loss, s.label)} = {cv.short_presented(p, 6)}  {p.shape_text}")
        if lines:
            set_text(self.variables_heading, f"gradients of its variables ({len(lines)}):")
        set_text(self.variables_label, "\n".join(lines))

    def _passed_back(self, inp, loss: str, convention: str, lead) -> list[QWidget]:
        """What the group passes back to one input: its heading with the shape and its table (and,
        when other steps add to it too, the sum so far)."""
        p, acc, acc_title = passed_back(inp, loss, lead, convention)
        shown = cv.shown_as(inp.in_shape, convention, lead)
        own_shape = "×".join(map(str, inp.in_shape))
        own = ""
        if shown:  # a matrix: say whether it is shown transposed (numerator layout) or as it is
            own = (
                f"  ({inp.source_label}'s own shape)"
                if p.shape_text == own_shape
                else f"  ({inp.source_label} is {own_shape}, {shown})"
            )
        sym = cv.symbol(loss, inp.source_label)
        head = text_label(
            f"passed back to {inp.source_label}:  {sym}  {p.shape_text}{own}", bold=True, name="passedBack"
        )
        table = self._table(p)
        self.passed_tables[inp.source_label] = table
        widgets: list[QWidget] = [head, table]
        if inp.path_count > 1:  # (other steps add to it too: the sum so far)
            text = f"{acc_title}:  {cv.short_presented(acc, 6)}  {acc.shape_text}"
            widgets.append(text_label(text, tone=tones.muted))
        return widgets

    def _set_warnings(self, warnings) -> None:
        set_text(self.warning_label, "\n".join(f"⚠ {m}" for m in warnings))

    def show_group(self, graph, group_id: str, convention: str, values=None) -> None:
        self._clear()
        self._set_warnings(())
        group = graph.groups.get(group_id)
        set_text(self.title_label, f"{group.name}  (group of {len(group.nodes)} nodes)")
        try:
            jacobians = composite_jacobians(graph, group_id, values)
        except UserError as exc:
            set_text(self.subtitle_label, exc.message)
            return
        set_text(
            self.subtitle_label,
            "Composite local Jacobian: one Jacobian for the whole block, the product of its parts  ·  "
            + cv.convention_name(convention),
        )
        self._add_boxes(jacobians, convention)

    def texts(self) -> str:
        """Every text shown, one per line (for tests and accessibility)."""
        return "\n".join(w.text() for w in self.findChildren(QLabel) if w.isVisibleTo(self) and w.text())
