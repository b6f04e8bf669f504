"""What the Inspector shows for one node, as plain data (no widgets, no maths).

Every number is taken from a trace or an evaluation and only laid out in the
chosen convention by core.conventions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ...core import conventions as cv
from ...core import number_text
from ...core.engine import Evaluation
from ...core.errors import HINT_SEPARATOR
from ...core.graph import Graph
from ...core.naming import describe, display_label, elided, operand_names
from ...core.ops import get_op
from ...core.shape_text import shape_text
from ...core.trace import BackwardTrace, ForwardTrace
from ..key_text import key_text
from .overlay_builder import lead_shape, loss_label, tangent_symbol


@dataclass
class InputSection:
    title: str  # "input B ← θ"
    jacobian_title: str  # "Local Jacobian ∂n4/∂θ  4×2" ("(∂n4/∂θ)ᵀ  2×4" in the denominator layout)
    jacobian: cv.Windowed  # dense (cv.Presented) or computed as the table scrolls (cv.PresentedEntries)
    structure: str  # "δₖᵢ aⱼ  (I ⊗ aᵀ)"
    jacobian_note: str
    product_title: str  # "∂L/∂n4 · ∂n4/∂θ  → contribution to ∂L/∂θ"
    equation: str  # "(1×4)·(4×2) = (1×2)"
    product: cv.Presented  # the contribution passed back (or forward)
    accumulated_title: str = ""
    accumulated: cv.Presented | None = None
    formula: str = ""  # the one-line unicode form
    formula_latex: str = ""  # typeset by the formula view


@dataclass
class InspectorContent:
    title: str
    error: str = ""  # the node's own problem (a shape clash), shown first in the error tone
    fix: str = ""  # the op's suggested fix for it ("Fix: θ must be ℝ² to match Φ's 2 columns …")
    subtitle: str = ""  # which pass and step, and the layout
    value_text: str = ""
    warning: str = ""  # where a value or gradient became nan or inf here, and why (the CLI's words), a line each
    incoming_title: str = ""  # "Gradient arriving from downstream  ∂L/∂z  1×3"
    incoming: cv.Presented | None = None
    sum_rule: list[str] = field(default_factory=list)  # one line per contribution, then the total
    inputs: list[InputSection] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)  # unicode forms, when there is no trace
    formulas_latex: list[str] = field(default_factory=list)
    note: str = ""
    title_tip: str = ""  # the node's full name (the title shortens a long one)


def _name(label: str) -> str:
    return elided(label)  # (a long name shortened: the title's tooltip has it in full)


def _warning(messages: Sequence[str]) -> str:
    return "\n".join(f"⚠ {m}" for m in messages)


def _value_text(value: np.ndarray) -> str:
    # its space as the card writes it; (a no-break space: a narrow Inspector wraps before "∈ ℝ³ˣ²", never inside it)
    return f"value = {number_text.short(value, 6)}   ∈\u00a0{shape_text(value.shape)}"


def _formulas(graph: Graph, node_id: str, shapes) -> list[tuple[str, str]]:
    """(unicode, LaTeX) of each input's local derivative (the op keeps them: sympy takes milliseconds)."""
    node = graph.node(node_id)
    if node.op is None:
        return []
    try:
        names = operand_names(graph, node_id)  # the formula speaks of the inputs by their names
        return [(f.unicode, f.latex) for f in get_op(node.op).formulas(node.params, list(shapes), names)]
    except Exception as exc:  # a formula that sympy cannot write must not hide the numbers
        return [(f"(formula unavailable: {exc})", "")]


def _title(graph: Graph, node_id: str) -> str:
    node = graph.node(node_id)
    kind = node.op if node.kind == "op" else node.kind
    name = _name(display_label(graph, node_id))
    if name.rstrip("₀₁₂₃₄₅₆₇₈₉") == kind:
        return name  # an unnamed node is called after its op already ("add₂", not "add₂ · add")
    return f"{name}  ·  {kind}"


def _input_title(graph: Graph, node_id: str, port_name: str, source_label: str) -> str:
    """ "input B ← θ"; a card with one input has no port to tell apart ("input ← t": its port's
    name, u, is the op's own symbol, never shown on the card)."""
    if get_op(graph.node(node_id).op).arity == 1:
        return f"input ← {_name(source_label)}"
    return f"input {port_name} ← {_name(source_label)}"


def _jacobian(inp, out_shape, out_label: str, convention: str) -> cv.Windowed:
    """An input's local Jacobian in the layout: the dense one when the trace holds it, else its
    entries, computed a window at a time as the table asks for them."""
    if inp.jacobian is not None:
        return cv.jacobian(inp.jacobian, out_shape, inp.in_shape, convention, out_label, inp.source_label)
    return cv.jacobian_entries(inp.entries, convention, out_label, inp.source_label)


def _local_symbol(sym_j: str, out_shape, in_shape, convention: str) -> str:
    """∂out/∂in as the layout shows it: (∂out/∂in)ᵀ in the denominator layout, as the chain rule
    tab and the LaTeX export write it (from scalar to scalar there is nothing to transpose)."""
    if convention == cv.NUMERATOR or (tuple(out_shape) == () and tuple(in_shape) == ()):
        return sym_j
    return f"({sym_j})ᵀ"


def _structure(inp, symbol: str) -> str:
    """The op's structure describes ∂out/∂in: under a (…)ᵀ title, the shown matrix is its
    transpose, described as such ("1ᵀ (a row of ones)" is shown as "1 (a column of ones)")."""
    return inp.transposed_structure if inp.structure and symbol.endswith(")ᵀ") else inp.structure


def _jacobian_note(jac: cv.Windowed, on_demand: bool) -> str:
    rows, cols = jac.shape
    caption = jac.caption.removesuffix("transposed").rstrip(", ")  # the title says ᵀ already
    if not on_demand:
        return caption
    count = f"{rows * cols:,}".replace(",", "\u202f")  # grouped by narrow no-break spaces: never wrapped
    return "; ".join(t for t in (caption, f"{count} entries, computed as you scroll") if t)


# ------------------------------------------------------------------ backward
def backward_content(
    graph: Graph, trace: BackwardTrace, node_id: str, k: int, convention: str, warnings: Sequence[str] = ()
) -> InspectorContent:
    """A node's backward step: gradient arriving, each input's Jacobian, product and accumulation.
    warnings: where a value or gradient became nan or inf at this node, and why (core.domain_check)."""
    step = trace.step_of(node_id)
    content = InspectorContent(
        _title(graph, node_id), warning=_warning(warnings), title_tip=display_label(graph, node_id)
    )
    if step is None:
        name = _name(display_label(graph, node_id))
        if trace.output in graph and node_id in graph.ancestors(
            trace.output
        ):  # (a constant, or made of constants only)
            what = "a constant" if graph.node(node_id).kind == "constant" else "computed from constants only"
            content.note = f'"{name}" is {what}: no gradient flows into it, so Backward gives it no step.'
        else:
            content.note = f'"{name}" does not influence the output "{_name(trace.output_label)}".'
        return content
    out, lead = loss_label(trace), lead_shape(trace)
    content.subtitle = f"Backward step {step.index + 1} of {len(trace)}  ·  {cv.convention_name(convention)}"
    if step.index > k:
        content.note = f"This step comes later (step {step.index + 1}; the animation is at step {k + 1})."
    content.value_text = _value_text(step.value)
    grad = cv.gradient(step.grad, step.out_shape, convention, lead, out, step.label)
    arriving = "Seed" if step.kind == "seed" else "Gradient arriving from downstream"
    content.incoming_title = f"{arriving}  {cv.symbol(out, step.label)}  {grad.shape_text}"
    if trace.mode == "vjp" and trace.output_shape != () and step.kind == "seed":
        content.incoming_title += f"   (L = ⟨s, {_name(step.label)}⟩ with the chosen seed s)"
    content.incoming = grad
    content.sum_rule = _sum_rule(trace, node_id, out, lead, convention, step.label)
    sources = graph.inputs_of(node_id)  # (every port's shape: a constant's port has no input step)
    shapes = [np.shape(trace.values[sources[p]]) for p in sorted(sources)]
    formulas = _formulas(graph, node_id, shapes) if step.inputs else []
    for inp in step.inputs:
        i = inp.port
        sym_j = _local_symbol(
            f"∂{_name(step.label)}/∂{_name(inp.source_label)}", step.out_shape, inp.in_shape, convention
        )
        jac = _jacobian(inp, step.out_shape, step.label, convention)
        jshape = cv.jacobian_shape_text(step.out_shape, inp.in_shape, convention)
        contribution, acc, acc_title = passed_back(inp, out, lead, convention)
        target = cv.symbol(out, inp.source_label)
        if convention == cv.NUMERATOR:
            product = f"{cv.symbol(out, step.label)} · {sym_j}  →  contribution to {target}"
        else:
            product = f"{sym_j} · {cv.symbol(out, step.label)}  →  contribution to {target}"
        content.inputs.append(
            InputSection(
                title=_input_title(graph, node_id, inp.port_name, inp.source_label),
                jacobian_title=f"Local Jacobian {sym_j}  {jshape}",
                jacobian=jac,
                structure=_structure(inp, sym_j),
                jacobian_note=_jacobian_note(jac, inp.jacobian is None),
                product_title=product,
                equation=_equation(step.out_shape, inp.in_shape, convention, lead),
                product=contribution,
                accumulated_title=acc_title,
                accumulated=acc,
                formula=formulas[i][0] if i < len(formulas) else "",
                formula_latex=formulas[i][1] if i < len(formulas) else "",
            )
        )
    return content


def passed_back(inp, out: str, lead, convention: str) -> tuple[cv.Presented, cv.Presented, str]:
    """What a backward step passes back to one input (a trace step's input, or a collapsed group's,
    core.group_trace): its contribution, the input's gradient summed so far, and that sum's title
    ("∂L/∂x accumulated  (contribution 1 of 2)", or "∂L/∂x  (its only contribution: complete)")."""
    contribution = cv.gradient(inp.contribution, inp.in_shape, convention, lead, out, inp.source_label)
    accumulated = cv.gradient(inp.accumulated, inp.in_shape, convention, lead, out, inp.source_label)
    target = cv.symbol(out, inp.source_label)
    title = f"{target} accumulated  (contribution {inp.path_index} of {inp.path_count})"
    if inp.path_count == 1:
        title = f"{target}  (its only contribution: complete)"
    return contribution, accumulated, title


def _equation(out_shape, in_shape, convention: str, lead) -> str:
    """(1×3)·(3×6) = (1×6), and for a matrix input how its row is shown ("shown as 2×3")."""
    shown = cv.shown_as(in_shape, convention, lead)
    return cv.shape_equation(out_shape, in_shape, convention, lead) + (f"   {shown}" if shown else "")


def _sum_rule(trace: BackwardTrace, node_id: str, out: str, lead, convention: str, label: str) -> list[str]:
    """For a node with several consumers: each contribution, then their sum (the sum rule)."""
    received = trace.contributions_to(node_id)
    if len(received) < 2:
        return []
    shape = np.shape(trace.values[node_id])
    lines = []
    for _, consumer, inp in received:
        p = cv.gradient(inp.contribution, shape, convention, lead, out, label)
        lines.append(f"from {_name(trace.step_of(consumer).label)}:  {cv.short_presented(p, 6)}")
    total = cv.gradient(trace.gradients[node_id], shape, convention, lead, out, label)
    lines.append(f"sum = {cv.symbol(out, label)} = {cv.short_presented(total, 6)}  {total.shape_text}")
    return lines


# ------------------------------------------------------------------- forward
def forward_content(
    graph: Graph, ftrace: ForwardTrace, node_id: str, k: int, convention: str, warnings: Sequence[str] = ()
) -> InspectorContent:
    """A node's forward-mode step: tangents arriving, J · tangent for each input, their sum."""
    content = InspectorContent(
        _title(graph, node_id), warning=_warning(warnings), title_tip=display_label(graph, node_id)
    )
    step = next((s for s in ftrace.steps if s.node == node_id), None)
    if step is None:
        content.note = "This node is not part of the forward-mode pass."
        return content
    content.subtitle = (
        f"Forward mode step {step.index + 1} of {len(ftrace)}  ·  {cv.tangent_convention_name(convention)}"
    )
    if step.index > k:
        content.note = f"This step comes later (step {step.index + 1}; the animation is at step {k + 1})."
    content.value_text = _value_text(step.value)
    tan = cv.tangent(step.tangent, step.out_shape, convention, step.label)
    content.incoming_title = f"Tangent {tangent_symbol(step.label)}  {tan.shape_text}" + (
        "  (the chosen direction)" if step.kind == "leaf" else "  (sum of the contributions below)"
    )
    content.incoming = tan
    formulas = _formulas(graph, node_id, [inp.in_shape for inp in step.inputs]) if step.inputs else []
    for i, inp in enumerate(step.inputs):
        sym_j = _local_symbol(
            f"∂{_name(step.label)}/∂{_name(inp.source_label)}", step.out_shape, inp.in_shape, convention
        )
        jac = _jacobian(inp, step.out_shape, step.label, convention)
        t_in = tangent_symbol(inp.source_label)
        product = f"{sym_j} · {t_in}" if convention == cv.NUMERATOR else f"{t_in} · {sym_j}"
        content.inputs.append(
            InputSection(
                title=_input_title(graph, node_id, inp.port_name, inp.source_label),
                jacobian_title=f"Local Jacobian {sym_j}  {cv.jacobian_shape_text(step.out_shape, inp.in_shape, convention)}",
                jacobian=jac,
                structure=_structure(inp, sym_j),
                jacobian_note=_jacobian_note(jac, inp.jacobian is None),
                product_title=f"{product}  →  contribution to {tangent_symbol(step.label)}",
                equation=cv.tangent_equation(step.out_shape, inp.in_shape, convention),
                product=cv.tangent(inp.contribution, step.out_shape, convention, step.label),
                accumulated_title=f"tangent arriving {t_in}",
                accumulated=cv.tangent(inp.tangent_in, inp.in_shape, convention, inp.source_label),
                formula=formulas[i][0] if i < len(formulas) else "",
                formula_latex=formulas[i][1] if i < len(formulas) else "",
            )
        )
    return content


# -------------------------------------------------------------------- values
def _remedy(graph: Graph, node_id: str, evaluation: Evaluation) -> str:
    """What gives a node in error its value again: "input b is connected", "the shapes fit"."""
    missing = evaluation.unconnected.get(node_id)
    if missing:
        node = graph.node(node_id)
        if node.kind == "op" and get_op(node.op).arity == 1:
            return "its input is connected"
        return (
            f"input {missing[0]} is connected" if len(missing) == 1 else f"inputs {' and '.join(missing)} are connected"
        )
    return "the shapes fit" if node_id in evaluation.clashes else "this is fixed"


def value_content(
    graph: Graph,
    node_id: str,
    evaluation: Evaluation | None,
    live: tuple[str, np.ndarray] | None = None,
    convention: str = cv.NUMERATOR,
) -> InspectorContent:
    """A node outside any pass: its value (or why it has none), the gradient its card shows
    with Live gradients on (`live`: the loss it is of and the gradient, as computed for the
    card), and its derivative formulas."""
    content = InspectorContent(_title(graph, node_id), title_tip=display_label(graph, node_id))
    node = graph.node(node_id)
    shapes = []
    own = evaluation.errors.get(node_id) if evaluation is not None else None
    if own:  # its own problem (an input left empty, inputs that clash, …) and its fix; nothing computed
        fix = evaluation.fixes.get(node_id, "")
        problem = own.removesuffix(f"{HINT_SEPARATOR}{fix}") if fix else own
        content.error = "⚠ " + problem.removeprefix(describe(graph, node_id) + ": ")  # (the title names it)
        content.fix = f"Fix: {fix}" if fix else ""
        content.note = (
            f"Its output and what it feeds have no value, and Backward ({key_text('backward')}) cannot run, "
            f"until {_remedy(graph, node_id, evaluation)}."
        )
        return content
    if evaluation is not None:
        said = (evaluation.notes, evaluation.undefined)  # (a doubtful broadcast, then nan or inf made here)
        content.warning = _warning([told[node_id] for told in said if node_id in told])
        if node_id in evaluation.values:
            content.value_text = _value_text(evaluation.values[node_id])
        else:
            content.note = evaluation.problem(node_id) or "no value"
        shapes = [evaluation.shape(src) or () for _, src in sorted(graph.inputs_of(node_id).items())]
    if node.kind == "op" and len(shapes) == get_op(node.op).arity:
        pairs = _formulas(graph, node_id, shapes)
        content.formulas = [u for u, _ in pairs]
        content.formulas_latex = [t for _, t in pairs]
    if live is not None and node_id in (evaluation.values if evaluation is not None else {}):
        loss, grad = live
        label = _name(display_label(graph, node_id))
        shown = cv.gradient(grad, evaluation.values[node_id].shape, convention, (), loss, label)
        content.incoming_title = f"Live gradient  {cv.symbol(loss, label)}  {shown.shape_text}"
        content.incoming = shown
    if not content.note:
        content.note = (
            f"The live gradient below is the one its card shows; Backward ({key_text('backward')}) steps through "
            "the chain rule that gives it."
            if content.incoming is not None
            else f"Run Backward ({key_text('backward')}) or Forward mode to see this node's Jacobians and gradients."
        )
    return content
