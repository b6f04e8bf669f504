"""The chain rule of a backward pass as a standalone LaTeX document (amsmath and graphicx only).

For each step: the gradient arriving, and for each input the local Jacobian, the product
with the shape equation, and the input's gradient accumulated so far, every one a `bmatrix`
of numbers to 4 significant digits. Matrices are laid out by `core.conventions`, as the
Inspector shows them: Jacobians of order 3 and 4 are flattened, and their rows and columns
are listed with the Inspector's labels (W₁₂ is W_{12}). The product is written as multiplied,
(1×3)·(3×6) = (1×6) for a matrix W of 3×2, then shown as W's matrix with the Inspector's
"shown as 2×3". A display wider than the text (a 3×12 Jacobian) is shrunk to its width; a
step's heading names the groups holding its node. A collapsed group's steps are followed by its
composite local Jacobian (core.group_trace), J_layer1 = ∂h/∂x, as the window shows it at the
group's step. Qt-free.
"""

from __future__ import annotations

import numpy as np

from ..core import conventions as cv
from ..core import entry_names
from ..core.composite import CompositeJacobian, stacked_jacobian
from ..core.graph import Graph
from ..core.group_trace import GroupStep, group_trace
from ..core.naming import display_labels
from ..core.ops import get_op
from ..core.step_numbers import numbered_steps
from ..core.trace import BackwardStep, BackwardTrace, InputStep
from .latex_pieces import (
    MAX_SHOWN,
    display,
    fitted,
    label,
    labels_line,
    matrix_math,
    partial,
    presented,
    product_display,
    shape_math,
    shape_words,
    text,
)

# core.conventions' explanations, written with LaTeX's own symbols (pdflatex knows no ∂ or ·)
_LAYOUT_TEXT = {
    cv.NUMERATOR: r"Numerator layout (gradient as row): $\partial y/\partial x$ has one row per entry of $y$, "
    r"so a gradient is a row and the chain rule reads gradient $\cdot$ Jacobian.",
    cv.DENOMINATOR: r"Denominator layout (gradient as column): a gradient has the shape of its variable "
    r"(a column for a vector), so the chain rule reads $J^{\mathsf{T}} \cdot$ gradient.",
}


# a display as wide as it needs, shrunk to the text width when wider (measured by LaTeX itself:
# the width of a matrix of numbers depends on the font)
_FITWIDTH = (
    r"\newsavebox{\widebox}",
    r"\newcommand{\fitwidth}[1]{\sbox{\widebox}{$\displaystyle #1$}%"
    "\n"
    r"  \ifdim\wd\widebox>\linewidth\resizebox{\linewidth}{!}{\usebox{\widebox}}\else\usebox{\widebox}\fi}",
)


# --------------------------------------------------------------- document
class _Writer:
    def __init__(self, graph: Graph, trace: BackwardTrace, layout: str) -> None:
        self.graph = graph
        self.trace = trace
        self.layout = cv.check(layout)
        self.names = display_labels(graph)
        self.lead = tuple(trace.output_shape) if trace.mode == "jacobian" else ()
        output = self.names.get(trace.output, trace.output_label)
        self.out = output if trace.output_shape == () or trace.mode == "jacobian" else "L"
        self.output = output

    def node(self, node_id: str, fallback: str) -> str:
        return self.names.get(node_id, fallback)

    def gradient(self, grad: np.ndarray, shape, node: str) -> cv.Presented:
        return cv.gradient(grad, tuple(shape), self.layout, self.lead, self.out, node)

    def flat(self, grad: np.ndarray) -> np.ndarray:
        """A gradient as the product multiplies it: numerator a row per entry of the lead
        (one row for a scalar output), entries in C order; denominator its transpose."""
        rows = cv.size(self.lead) if self.lead else 1
        m = np.asarray(grad, dtype=float).reshape(rows, -1)
        return m if self.layout == cv.NUMERATOR else m.T

    def entries(self, node: str, shape) -> str:
        """A matrix's entries in the order a flattened row or column lists them: W_11, W_12, …"""
        first = ", ".join(f"${label(entry_names.index_label(node, (0, j)))}$" for j in range(min(2, shape[1])))
        return f"the entries of ${label(node)}$ row by row ({first}, \\ldots)"

    def flattened_note(self, name: str, shape, flat_shape) -> str:
        """How a matrix-valued gradient enters the product (the Inspector shows it as a matrix above)."""
        line = "row" if self.layout == cv.NUMERATOR else "column"
        rows, cols = flat_shape
        return f"In the product it is the ${rows}\\times {cols}$ {line} of {self.entries(name, shape)}."

    def reshaped_note(self, source: str, in_shape, contribution: cv.Presented) -> str:
        """What the reshaped result is, in the layout's terms (the Inspector's "shown as 2×3")."""
        line = "row" if self.layout == cv.NUMERATOR else "column"
        shape = shape_math(contribution.shape_text)
        if self.layout == cv.NUMERATOR:
            how = f"the transpose of ${label(source)}$'s shape, as numerator layout writes a gradient of a matrix"
        else:
            how = f"the shape of ${label(source)}$"
        return f"That {line} lists {self.entries(source, in_shape)}; it is shown as ${shape}$, {how}:"

    def groups_of(self, node_id: str) -> str:
        """The groups holding a node, as the canvas frames it: ", in layer 1" (", in inner, in outer"
        when nested); "" outside every group."""
        groups = [g for g in self.graph.groups.ordered() if node_id in g.nodes]
        return "".join(rf", in \textit{{{text(g.name)}}}" for g in reversed(groups))

    def step(self, step: BackwardStep) -> list[str]:
        name = self.node(step.node, step.label)
        kind = step.op or self.graph.node(step.node).kind
        # as the Inspector titles it: an unnamed node is called after its op already (sin₂, not sin₂ (sin))
        what = "" if name.rstrip("₀₁₂₃₄₅₆₇₈₉") == kind else f" ({text(kind)})"
        where = self.groups_of(step.node)
        parts = [rf"\section*{{Step {step.index + 1} of {len(self.trace)}: ${label(name)}${what}{where}}}"]
        grad = self.gradient(step.grad, step.out_shape, name)
        if step.kind == "seed":
            parts.append(
                f"The seed: the output differentiated with respect to itself (shape ${shape_math(grad.shape_text)}$)."
            )
        elif step.kind == "leaf":
            parts.append(f"Its gradient is complete (shape ${shape_math(grad.shape_text)}$).")
        else:
            parts.append(f"Gradient arriving from downstream (shape ${shape_math(grad.shape_text)}$):")
        parts.append(display(partial(self.out, name), presented(grad)))
        for inp in step.inputs:
            parts.extend(self.input(step, name, grad, inp))
        return parts

    def input(self, step: BackwardStep, name: str, grad: cv.Presented, inp: InputStep) -> list[str]:
        source = self.node(inp.source, inp.source_label)
        # one input: no port to tell apart (the op's inputs, not those shown: a constant has none)
        port = "" if get_op(step.op).arity == 1 else f" {text(inp.port_name)}"
        parts = [rf"\subsection*{{Input{port} $\leftarrow {label(source)}$}}"]
        jac_symbol = partial(name, source)
        # denominator layout shows the Jacobian transposed (|in| rows), as the Inspector does: say so
        shown_symbol = jac_symbol if self.layout == cv.NUMERATOR else r"\left(" + jac_symbol + r"\right)^{\mathsf{T}}"
        order = len(step.out_shape) + len(inp.in_shape)
        if inp.jacobian is None:
            parts.append(
                rf"Local Jacobian ${jac_symbol}$: too large to write out "
                rf"(${cv.size(step.out_shape)} \times {cv.size(inp.in_shape)}$ entries); its structure: {text(inp.structure)}."
            )
            jac_tex = shown_symbol
        else:
            jac = cv.jacobian(inp.jacobian, step.out_shape, inp.in_shape, self.layout, name, source)
            parts.append(f"Local Jacobian ({shape_words(jac, order)}):")
            parts.append(display(shown_symbol, presented(jac)))
            if order > 2:
                parts.append(labels_line(jac))
            jac_tex = presented(jac)
        contribution = self.gradient(inp.contribution, inp.in_shape, source)
        equation = cv.shape_equation(step.out_shape, inp.in_shape, self.layout, self.lead)
        parts.append(f"The chain rule, with shapes ${shape_math(equation)}$:")
        # the product multiplies flattened matrices: a matrix-valued gradient enters as a row
        # (numerator) or a column (denominator), and the result comes out so before it is shown
        # as the gradient's matrix, as the Inspector's "shown as" says
        arriving = self.flat(step.grad)
        if arriving.shape != grad.matrix.shape:  # a matrix-valued node: say how its gradient enters
            parts.append(self.flattened_note(name, step.out_shape, arriving.shape))
        jac_cols = 1 if inp.jacobian is None else min(cv.size(inp.in_shape), MAX_SHOWN)
        wide = min(arriving.shape[1], MAX_SHOWN) + jac_cols > 14
        if self.layout == cv.NUMERATOR:
            lhs = partial(self.out, name) + r"\," + jac_symbol
            factors = (matrix_math(arriving), jac_tex)
        else:
            lhs = shown_symbol + r"\," + partial(self.out, name)
            factors = (jac_tex, matrix_math(arriving))
        result = self.flat(inp.contribution)
        parts.append(product_display(lhs, factors, matrix_math(result), wide))
        if result.shape != contribution.matrix.shape:  # a matrix variable, shown as a matrix
            parts.append(self.reshaped_note(source, inp.in_shape, contribution))
            parts.append(fitted(presented(contribution)))
        accumulated = self.gradient(inp.accumulated, inp.in_shape, source)
        if inp.path_count == 1:
            parts.append(f"Its only contribution: ${partial(self.out, source)}$ is complete.")
        else:
            parts.append(
                f"Contribution {inp.path_index} of {inp.path_count} to ${partial(self.out, source)}$, "
                "accumulated so far (the sum rule):"
            )
            parts.append(display(partial(self.out, source), presented(accumulated)))
        return parts

    def group(self, step: GroupStep) -> list[str]:
        """A collapsed group's composite local Jacobian, written after its steps, as the Inspector
        shows it at the group's step: named by the group, J_layer1 = ∂h/∂x, with its shape; with
        several outputs or inputs, the whole Jacobian their blocks make, then each block."""
        t = "" if self.layout == cv.NUMERATOR else r"^{\mathsf{T}}"
        symbol = rf"J_{{\text{{{text(step.name)}}}}}{t}"
        parts = [
            rf"\subsection*{{Composite Jacobian of \textit{{{text(step.name)}}}}}",
            "One Jacobian for the whole group, the product of the local Jacobians inside it"
            + ("" if self.layout == cv.NUMERATOR else " (transposed, as the layout writes it)")
            + ".",
        ]
        if not step.jacobians:  # (a group of variables alone has none: nothing flows into it)
            return [*parts, text(step.note[:1].upper() + step.note[1:]) + "."] if step.note else []
        stacked = stacked_jacobian(step.jacobians, self.layout)
        if stacked is not None:  # (several blocks: none of them is the group's Jacobian alone)
            whole = rf"\left({self.whole(step.jacobians)}\right){t}" if t else self.whole(step.jacobians)
            what = f"shape ${shape_math(stacked.shape_text)}$, {stacked.blocks}"
            if stacked.value is None:
                parts.append(rf"Composite Jacobian ${symbol} = {whole}$ ({what}): a block is too large to write out.")
            else:
                parts.append(f"Composite Jacobian ({what}):")
                parts.append(display(f"{symbol} = {whole}", presented(stacked.value)))
        for jac in step.jacobians:
            parts.extend(self.composite(jac, None if stacked is not None else symbol, t))
        return parts

    def whole(self, jacobians: list[CompositeJacobian]) -> str:
        """The group's Jacobian of several blocks as its derivative, ∂(x1, x2)/∂t (as
        core.composite.stacked_jacobian names it), outputs and inputs in its order."""

        def listed(names: list[str]) -> str:
            once = list(dict.fromkeys(names))
            math = ", ".join(label(n) for n in once)
            return rf"\left({math}\right)" if len(once) > 1 else math

        outs = listed([self.node(j.output, j.output_label) for j in jacobians])
        ins = listed([self.node(j.input, j.input_label) for j in jacobians])
        return rf"\frac{{\partial {outs}}}{{\partial {ins}}}"

    def composite(self, jac: CompositeJacobian, symbol: str | None, t: str) -> list[str]:
        """One ∂output/∂input of a group (symbol: the group's Jacobian's name; None for a block
        among several, named by its derivative)."""
        out, source = self.node(jac.output, jac.output_label), self.node(jac.input, jac.input_label)
        derivative = partial(out, source)
        shown = rf"\left({derivative}\right){t}" if t else derivative
        lhs = shown if symbol is None else f"{symbol} = {shown}"
        if jac.value is None:
            size = rf"{cv.size(jac.out_shape)} \times {cv.size(jac.in_shape)}"
            return [
                rf"{'Block' if symbol is None else 'Composite Jacobian'} ${lhs}$: too large to write out "
                rf"(${size}$ entries); its structure: {text(jac.transposed_structure if t else jac.structure)}."
            ]
        matrix = cv.jacobian(jac.value, jac.out_shape, jac.in_shape, self.layout, out, source)
        order = len(jac.out_shape) + len(jac.in_shape)
        zero = "" if jac.connected else "; no path inside the group joins them, so it is zero"
        parts = [f"{'Block' if symbol is None else 'Composite Jacobian'} ({shape_words(matrix, order)}{zero}):"]
        parts.append(display(lhs, presented(matrix)))
        if order > 2:
            parts.append(labels_line(matrix))
        return parts

    def document(self, steps: list[BackwardStep], title: str, groups: dict[int, GroupStep] | None = None) -> str:
        head = [
            r"\documentclass{article}",
            r"\usepackage{amsmath}",
            r"\usepackage{graphicx}",  # \resizebox, for \fitwidth
            r"\setlength{\textwidth}{6.5in}",  # room for matrices side by side, without extra packages
            r"\setlength{\oddsidemargin}{0in}",
            r"\setlength{\evensidemargin}{0in}",
            r"\setcounter{MaxMatrixCols}{40}",
            *_FITWIDTH,
            r"\begin{document}",
            rf"\section*{{{title}}}",
            _LAYOUT_TEXT[self.layout],
        ]
        body: list[str] = []
        for step in steps:
            body.extend(self.step(step))
            if groups and step.index in groups:  # a collapsed group's last step: its composite Jacobian
                body.extend(self.group(groups[step.index]))
        return "\n\n".join(head + body + [r"\end{document}"]) + "\n"


def backward_latex(
    graph: Graph, trace: BackwardTrace, step: int | list[int] | None = None, layout: str = cv.NUMERATOR
) -> str:
    """The document: step `step` (0-based) of trace, or those steps (a collapsed group's, as the
    window steps over it), or every step in order when None."""
    writer = _Writer(graph, trace, layout)
    chosen = None if step is None else [step] if isinstance(step, int) else list(step)
    steps = trace.steps if chosen is None else [trace.steps[k] for k in chosen]
    if chosen is None:
        what = "every step"
    else:
        what = numbered_steps(sorted(chosen), len(trace), sep=" of ").replace("–", "--")  # (LaTeX's en dash)
    title = f"Backward pass of ${label(writer.output)}$: {what}"
    return writer.document(steps, title, _group_stops(graph, trace, {s.index for s in steps}))


def _group_stops(graph: Graph, trace: BackwardTrace, written: set[int]) -> dict[int, GroupStep]:
    """The collapsed groups stepped over as one (core.group_trace, as the window steps) whose steps
    are all written (a list holding only some of a group's steps writes none), by the trace step at which the
    window shows the group's step: its last."""
    if not graph.groups.visible_collapsed():
        return {}
    at = {s.node: k for k, s in enumerate(trace.steps)}
    stops = {}
    for step in group_trace(graph, trace).steps:
        inner = [at[n] for n in step.nodes] if isinstance(step, GroupStep) else []
        if inner and written.issuperset(inner):
            stops[max(inner)] = step
    return stops
